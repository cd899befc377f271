"""One indicator: quarters against the target, SED scores, narratives, other fiscal years."""

import streamlit as st

from kpi_core import charts, query
from ui import data, filters, render
from ui.i18n import lang, t

filters.sidebar()
raw_id = st.query_params.get("id", "")
row = query.indicator(data.engine(), int(raw_id)) if raw_id.isdigit() else None
st.page_link("pages/overview.py", label=t("back"), query_params=render.carry())
if row is None:
    st.info(t("no_indicator", id=raw_id) if raw_id else t("pick_indicator"))
    st.stop()

st.title(f"({row['seq']}) {row['name']}" if row["seq"] == row["seq"] else row["name"])
render.indicator_header(row)
quarters = query.quarters(data.engine(), [int(row["indicator_id"])])
st.plotly_chart(charts.indicator_chart(row, quarters, lang()), key="quarters_chart")
st.subheader(t("quarter_table"))
render.quarter_table(quarters)
st.subheader(t("narratives"))
render.narratives(quarters)
render.extra_sections(row)

st.subheader(t("years"))
years = query.same_indicator_by_year(data.engine(), str(row["ident"]))
if len(years) > 1:
    st.plotly_chart(charts.year_over_year(years, lang()), key="years_chart")
else:
    st.caption(t("only_year"))
