"""Access: roles, grants on unit subtrees (`Assignment`), the scoping rules and view decorators.

Owns `Assignment` and the `Role` vocabulary. Bottom of the stack with `common`: it imports only
`common` (Unit and Person are referenced by model label; type-only imports aside).
"""
