"""Citizen feedback (phản ánh, kiến nghị): public sending and tracking, routing to the inspection
committee of the unit's SUPERIOR, explanation by the unit, outcome, public answer, counting.

Owns Feedback and its attachments, explanations and follow-ups. May import common, access, org,
people, directives, rollout, plans (and inspections once it exists); provides facts of kind
"feedback" (apps.common.facts), menu entries and work items (apps.common.plugins).
"""
