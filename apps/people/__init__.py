"""People: persons, categories, unit memberships over time, transfers, accounts, the roster import
and the people export. Imports `common`, `access`, `org`; tells later contexts about joins and
transfers through `people.hooks`.
"""
