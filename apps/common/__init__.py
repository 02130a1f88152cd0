"""Common: base pieces every context uses — ApplicationError, audit helpers, background jobs,
notifications (`notify`), Vietnamese text (search and sort keys), and the registries that higher
apps fill (`facts`, `plugins`). Bottom of the stack: imports no other app.
"""
