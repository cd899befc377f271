"""Exports of what the user sees: CSV that Excel opens with Thai intact, and XLSX with a cover sheet."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from kpi_core.storage.query import Filters

# Columns exported, in order, with the heading shown in the file.
EXPORT_COLUMNS: dict[str, str] = {
    "agency_code": "agency_code",
    "agency_name": "agency_name",
    "agency_name_en": "agency_name_en",
    "fiscal_year": "fiscal_year",
    "seq": "seq",
    "kpi_code": "kpi_code",
    "name": "indicator",
    "eval_dimension": "eval_dimension",
    "eval_label": "eval_label",
    "plan_pillar": "plan_pillar",
    "plan_dimension_code": "plan_dimension",
    "plan_goal_code": "plan_goal",
    "unit": "unit",
    "target": "target",
    "result": "result",
    "direction": "direction",
    "status": "status",
    "percent_of_target": "percent_of_target",
    "flags": "flags",
    "q1": "q1",
    "q2": "q2",
    "q3": "q3",
    "q4": "q4",
    "q1_report": "q1_report",
    "q2_report": "q2_report",
    "q3_report": "q3_report",
    "q4_report": "q4_report",
    "summary": "summary",
    "source_name": "source_file",
    "line": "source_line",
}


def export_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator with its quarters, flags as text."""
    df = indicators[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS).copy()
    df["flags"] = df["flags"].map(lambda fl: ", ".join(fl) if isinstance(fl, list) else "")
    for column in ("seq", "fiscal_year", "eval_dimension", "plan_pillar", "source_line"):
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("Int64")  # 1, not 1.0; blank stays blank
    return df


def to_csv(indicators: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Thai instead of mojibake."""
    return export_frame(indicators).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(indicators: pd.DataFrame, filters: Filters, data_version: int, when: datetime) -> bytes:
    """A workbook whose first sheet states the filters, the data version and the time of export."""
    cover = pd.DataFrame(
        [
            ("exported_at", when.isoformat(timespec="seconds")),
            ("data_version", str(data_version)),
            ("indicators", str(len(indicators))),
            *((f"filter: {k}", v) for k, v in filters.describe().items()),
        ],
        columns=["item", "value"],
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cover.to_excel(writer, sheet_name="export", index=False)
        export_frame(indicators).to_excel(writer, sheet_name="indicators", index=False)
    return buffer.getvalue()
