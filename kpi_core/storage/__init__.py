"""The database (DESIGN.md §6): ``schema`` (tables), ``migrations`` (older schemas brought up to
date), ``store`` (open, ingest, audit), ``rows`` (an ingest's rows, prepared), ``audit`` (what
an audit entry says, in parts), ``versions``
(which file's indicators are current), ``agencies`` (the registry), ``search`` (Thai full-text
search), ``query`` (filters → DataFrames with status and flags), ``summary`` (the landing view's
figures), ``narratives`` (narratives, search results and timelines as DataFrames).

May import: ``kpi_core.reading``, ``kpi_core.analysis``, SQLAlchemy, pandas.
"""
