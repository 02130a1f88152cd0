"""The demo: Lâm Đồng after the 2025 reform, Directive 34-CT/TU rolled out, with plans, reports and
the later capabilities' data. Top of the stack: it writes through every app's services where they
exist and imports anything; no domain app imports it or keeps demo code of its own.
"""
