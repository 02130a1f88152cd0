"""Organisation: the unit tree (treebeard materialised path), its kinds, reorganisation (move,
merge, close) with history (`UnitEvent`), path arithmetic (`paths`). Imports `common` and `access`;
`people` plugs its counts, members and merge handling in through `org.hooks`.
"""
