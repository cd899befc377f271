"""One indicator: quarters against the target, SED scores, narratives, other fiscal years."""

import streamlit as st

from kpi_core.outputs import charts
from kpi_core.storage import query
from ui import auth, data, filters, nav, reading, render
from ui.i18n import lang, t

nav.ensure_entry_point()

filters.sidebar()
raw_id = st.query_params.get("id", "")
row = query.indicator(data.engine(), int(raw_id)) if raw_id.isdigit() else None
st.page_link(nav.OVERVIEW, label=t("back"), query_params=render.carry())
if row is None:
    st.info(t("no_indicator", id=raw_id) if raw_id else t("pick_indicator"))
    st.stop()

indicator_id = int(row["indicator_id"])
st.title(render.indicator_title(row))
render.indicator_header(row)
quarters = query.quarters(data.engine(), [indicator_id])
st.plotly_chart(charts.indicator_chart(row, quarters, lang()), key="quarters_chart")
st.subheader(t("quarter_table"))
render.quarter_table(quarters)

st.subheader(t("narratives"))
typed = reading.query_box()
chosen = reading.keyword_chips(data.keywords(indicator_id, int(row["fiscal_year"])))
reading.risk_legend()
reading.narrative_cards(quarters, " ".join(x for x in (typed, chosen) if x))
st.subheader(t("timeline"))
reading.timeline(query.timeline(quarters))
render.extra_sections(row)
if auth.is_analyst():
    render.direction_setting(row, by=auth.user()[0])  # type: ignore[index]

st.subheader(t("years"))
years = query.same_indicator_by_year(data.engine(), str(row["ident"]))
if len(years) > 1:
    st.plotly_chart(charts.year_over_year(years, lang()), key="years_chart")
else:
    st.caption(t("only_year"))
