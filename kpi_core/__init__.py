"""KPI dashboard core: parse SED report files, store them, query them. Never imports streamlit."""

from kpi_core.errors import KpiError, ReportError
from kpi_core.model import Indicator, Issue, Quarter, Report
from kpi_core.parse import parse_report

__all__ = ["Indicator", "Issue", "KpiError", "Quarter", "Report", "ReportError", "parse_report"]
