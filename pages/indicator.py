"""One indicator: quarters against the target, SED scores, narratives, other fiscal years."""

import streamlit as st

from kpi_core.outputs import charts
from kpi_core.storage import narratives, query
from ui import auth, data, filters, nav, reading, render
from ui.i18n import lang, t
from ui.markdown import plain

nav.ensure_entry_point()

wanted = filters.indicator_id()
row = query.indicator(data.engine(), wanted) if wanted else None
if row is not None and bool(row["deleted"]) and not auth.is_analyst():
    row = None  # a deleted version is gone for viewers; analysts still open it, marked as such
if row is not None:
    filters.follow_year(int(row["fiscal_year"]))
chosen_filters = filters.sidebar()
st.page_link(nav.OVERVIEW, label=t("back"), query_params=render.carry())
render.indicator_navigator(chosen_filters, int(row["indicator_id"]) if row is not None else None)
if row is None:
    st.info(t("no_indicator", id=wanted) if wanted else t("pick_indicator"))
    st.stop()

indicator_id = int(row["indicator_id"])
st.title(plain(render.indicator_title(row)))
render.indicator_header(row)
reading.cut_notice(row)
quarters = query.quarters(data.engine(), [indicator_id])
chart = charts.indicator_chart(row, quarters, lang())
if chart is None:
    st.info(t("no_quarter_values"))
else:
    st.plotly_chart(chart, key="quarters_chart")
st.subheader(t("quarter_table"))
render.quarter_table(quarters)

st.subheader(t("narratives"))
typed = reading.query_box("indicator")
chosen = reading.keyword_chips(data.keywords(indicator_id))
reading.risk_legend()
at = filters.hit_place()
reading.narrative_cards(quarters, " ".join(x for x in (typed, chosen) if x), at, row)
st.subheader(t("timeline"))
reading.timeline(narratives.timeline(quarters, lang=lang()))
render.extra_sections(row, at)
reading.scroll_to_hit(indicator_id, at)
if auth.is_analyst():
    render.direction_setting(row, by=auth.user()[0])  # type: ignore[index]

st.subheader(t("years"))
years = query.same_indicator_by_year(data.engine(), str(row["ident"]))
if len(years) > 1:
    st.plotly_chart(charts.year_over_year(years, lang()), key="years_chart")
else:
    st.caption(t("only_year"))
