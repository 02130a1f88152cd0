"""The site frame: log-in and log-out, password change, language switch, health check, background
job pages, the user's notifications list and the navigation context. Web glue only; it owns no
tables. It sits above `people` (it reads access, org and people selectors), below the dashboards.
"""
