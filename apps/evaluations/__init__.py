"""Evaluation and quality rating (đánh giá, xếp loại chất lượng) of people and party organisations.

Owns rule sets (reference data, versioned), evaluation periods, self-assessments, the review
chain and decisions. May import common, access, org, people, directives, rollout, plans (below
it); reads inspections, feedback and emulation facts only through `apps.common.facts`, and
provides the "rating" kind there.
"""
