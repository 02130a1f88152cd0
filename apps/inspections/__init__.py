"""Inspections, supervision and discipline: programmes, inspections with their team, the target's
self-report and response, evidence, conclusions with findings tied to a directive's criteria or
key tasks, recommendations followed up as plans tasks, and discipline cases with due process.

Sits above `plans` (it creates follow-up tasks through plans services) and below feedback,
evaluations, emulation, exports and dashboards; reads its own tables and those of lower apps.
Confidential: see `apps.inspections.selectors` (the "strictly above" rule).
"""
