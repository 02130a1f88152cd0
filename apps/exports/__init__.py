"""Official documents: the layout model (`documents`) and its renderers to .docx (Party layout,
Hướng dẫn 36-HD/VPTW; State layout, Nghị định 30/2020/NĐ-CP) and PDF. Pure rendering: it takes
the document to write and never queries. Low in the stack (imports only `common`), so every
context can produce its official papers; the consolidated report's wiring is in
`apps.dashboards.reports`.
"""
