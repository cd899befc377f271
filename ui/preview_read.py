"""What an upload's preview read from a file, indicator by indicator: the numbers an analyst
checks against the source before confirming (names alone said nothing about a target read as 8
where the file says 80)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_core.outputs.export import heading
from kpi_core.outputs.plotting import indicator_name, numbered
from kpi_core.reading.model import Report
from ui.i18n import lang, t
from ui.markdown import plain
from ui.render import number

SHOWN_ROWS = 500  # a file holds tens of indicators; the store refuses thousands


def read_table(report: Report, language: str = "th") -> pd.DataFrame:
    """One row per indicator read: name, code, unit, target, result, the four quarter values,
    which quarters have a narrative, and the line it starts on. Text stays text (a data frame
    cell is never Markdown)."""
    rows = []
    for ind in report.indicators[:SHOWN_ROWS]:
        values = {q.quarter: q for q in ind.quarters}
        rows.append(
            [
                numbered(ind.seq, indicator_name(ind.name, ind.kpi_code, language)),
                ind.kpi_code or "",
                ind.unit,
                number(ind.target),
                number(ind.result),
                *(number(values[q].value) if q in values else "—" for q in (1, 2, 3, 4)),
                " ".join(str(q.quarter) for q in ind.quarters if q.report.strip()) or "—",
                ind.line,
            ]
        )
    columns = [heading(c, language) for c in ("indicator", "kpi_code", "unit", "target", "result")]
    columns += [heading(f"q{q}", language) for q in (1, 2, 3, 4)]
    columns += [t("read_narratives"), heading("source_line", language)]
    return pd.DataFrame(rows, columns=columns)


def what_was_read(report: Report, key: str) -> None:
    """The table of :func:`read_table` in an expander, open when the file is small."""
    n = len(report.indicators)
    if not n:
        return
    table = read_table(report, lang())
    # The numbers first in view: a name as wide as the page pushed the quarters off a desk's width.
    name = {table.columns[0]: st.column_config.TextColumn(width="medium")}
    with st.expander(plain(t("read_values", n=n)), expanded=n <= 10):
        st.dataframe(table, hide_index=True, key=key, column_config=name)
        if n > SHOWN_ROWS:
            st.caption(t("read_values_more", n=f"{SHOWN_ROWS:,}"))
