"""Streamlit entry point. Until the dashboard lands, it shows what the parser reads from data/reports/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from kpi_core import ReportError, parse_report

REPORTS = Path(__file__).resolve().parent / "data" / "reports"

st.set_page_config(page_title="ตัวชี้วัด กทม. | BMA KPI", layout="wide")
st.title("ผลการปฏิบัติราชการ กรุงเทพมหานคร")
st.caption("BMA performance indicators — what the parser read from data/reports/")

for path in sorted(REPORTS.glob("*.txt")):
    try:
        report = parse_report(path.read_bytes(), path.name)
    except ReportError as exc:
        st.error(exc.message)
        continue
    st.subheader(f"{path.name} — หน่วยงาน {report.agency_code} ปีงบประมาณ {report.fiscal_year}")
    rows = [
        {
            "ลำดับ": ind.seq,
            "ตัวชี้วัด": ind.name,
            "หน่วยนับ": ind.unit,
            "เป้าหมาย": ind.target,
            "ผลงาน": ind.result,
            **{f"ไตรมาส {q.quarter}": q.value for q in ind.quarters},
        }
        for ind in report.indicators
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    for issue in report.issues:
        st.warning(f"บรรทัด {issue.line}: {issue.message}")
