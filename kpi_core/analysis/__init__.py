"""Judging what was read: the status rules and flags (DESIGN.md §5), the risk lexicon analysts
extend in ``data/risk_terms.csv``, keywords, search-term parsing and safe highlighting.

May import: ``kpi_core.reading``. Pure functions over records and text; no database.
"""
