"""Dashboards: read-only views across contexts — progress, obligations, overdue escalation,
reminders, charts, each role's home page and the directive's effect view.

Owns no business tables but the reminder log; it sits at the top and may import any domain app's
selectors (and services only to send reminders). Nothing imports it.
"""
