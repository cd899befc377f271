"""KPI dashboard core: read SED report files, store them, query and present them.

Pure Python: nothing here imports streamlit or ``ui/``. The subpackages depend one way, each
only on those listed before it (``tests/test_layout.py`` checks this):

=============  ===============================================================================
``reading``    bytes → :class:`Report`: decoding and Thai repair, dates, the parser, the records
``analysis``   judging what was read: status rules and flags, risk lexicon, keywords, highlights
``storage``    the database: schema, ingest and versions, search, queries returning DataFrames
``outputs``    what people take away: Plotly figures, CSV/XLSX exports, the HTML briefing
``access``     who may do what: accounts and sign-in, the upload preview
``tools``      the command line (``python -m kpi_core``), benchmarks, demo data
=============  ===============================================================================

The public entry point stays here: ``from kpi_core import parse_report``.
"""

from kpi_core.reading.errors import KpiError, ReportError
from kpi_core.reading.model import Indicator, Issue, Quarter, Report
from kpi_core.reading.parse import parse_report

__all__ = ["Indicator", "Issue", "KpiError", "Quarter", "Report", "ReportError", "parse_report"]
