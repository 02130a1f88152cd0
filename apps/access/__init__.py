"""Access: roles, grants on unit subtrees (`Assignment`), the scoping rules and view decorators.

Owns `Assignment` and the `Role` vocabulary. Sits just above `org` (it needs `Unit` paths) and below
everything else; it imports only `common` and `org` (Person is referenced by a lazy model string).
"""
