"""Rollout: rollouts, participants and their maintained counters, deadlines, sessions with
connection points, attendance, member study (reading, quiz, commitment). Imports the apps below
it (common, access, org, people, directives); never plans or dashboards.
"""
