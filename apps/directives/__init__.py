"""Directives: directives, their conduct criteria, key tasks, deadlines, quiz and attachments, and
creating one from its text (`ingest`, plain Python). Imports `common`, `access`, `org`, `people`;
rollout plugs visibility and edit guards in through `directives.hooks`.
"""
