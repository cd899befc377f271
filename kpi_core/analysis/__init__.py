"""Judging what was read: the status rules and flags (DESIGN.md §5), the risk lexicon analysts
extend in ``data/risk_terms.csv`` and ``data/risk_exceptions.csv`` and the matcher that applies
it (``risk``), keywords over the word lists in ``data/`` (``vocabulary``), search-term parsing,
the folded form search compares (``fold``) and safe highlighting, the checks on values
people give in URLs and on the command line (``validators``), and the rule that keeps text from
becoming a formula in a spreadsheet (``spreadsheet``).

May import: ``kpi_core.reading``. Pure functions over records and text; no database.
"""
