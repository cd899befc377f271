"""Judging what was read: the status rules and flags (DESIGN.md §5), the risk lexicon analysts
extend in ``data/risk_terms.csv``, keywords, search-term parsing and safe highlighting, and the
checks on values people give in URLs and on the command line (``validators``).

May import: ``kpi_core.reading``. Pure functions over records and text; no database.
"""
