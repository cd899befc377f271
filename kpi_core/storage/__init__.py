"""The database (DESIGN.md §6): ``schema`` (tables), ``store`` (open, ingest, versions, audit),
``search`` (Thai full-text search), ``query`` (filters → DataFrames with status and flags).

May import: ``kpi_core.reading``, ``kpi_core.analysis``, SQLAlchemy, pandas.
"""
