"""Who may do what (DESIGN.md §7): ``auth`` (accounts, password hashes, throttled sign-in),
``session`` (the signed, expiring token that keeps an analyst signed in, ended by logging out) and
``upload`` (an upload's preview: what a file adds, replaces and leaves alone, before saving).

May import: ``kpi_core.reading``, ``kpi_core.analysis``, ``kpi_core.storage``.
"""
