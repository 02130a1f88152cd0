"""Writes of plans, tasks and reports; see each module."""
