"""Emulation movements (phong trào thi đua), rankings, commendation proposals and praise.

Owns: Movement, Criterion, EmulationGroup, Registration, Score, RankingSnapshot,
CommendationKind (reference data), Proposal, Praise. Imports only apps below it (common, access,
org, people, directives, rollout, plans); reads findings, discipline, feedback and ratings
through `apps.common.facts`, and provides the "commendation" and "praise" kinds.
"""
