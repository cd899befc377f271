"""Search the quarterly narratives; with no query, the latest narratives that carry risk words."""

import streamlit as st

from kpi_core.storage import narratives
from ui import data, filters, nav, reading, render, results
from ui.i18n import t
from ui.markdown import plain, shorten

nav.ensure_entry_point()

chosen = filters.sidebar(latest_year=False)  # a reader searches every year unless they narrow it
st.title(t("search_title"))
text = reading.query_box("search")
if text is None:  # not a search that can be run; query_box said why
    st.stop()
left, right = st.columns(2)
quarters = left.multiselect(
    t("f_quarter"),
    [1, 2, 3, 4],
    key="search_quarters",
    format_func=lambda q: t("quarter_n", n=q),
    placeholder=t("all"),
    select_all=False,
)
risks = right.multiselect(
    t("f_risk"),
    render.risk_codes(),
    key="search_risks",
    format_func=render.risk_label,
    placeholder=t("all"),
    select_all=False,
)
reading.risk_legend()

if text:
    found = narratives.search_page(data.engine(), text, chosen, quarters, risks)
    hits = found.hits
    if hits.empty:
        st.info(t("no_hits", q=plain(shorten(text))))
        st.stop()
    results.hit_count(found)
    with st.expander(t("per_agency")):
        if found.total_capped:
            st.caption(t("per_agency_capped", n=f"{found.total:,}"))
        results.agency_counts(found.by_agency)
else:
    st.subheader(t("recent_risks"))
    hits = narratives.narratives(data.indicators(chosen, texts=True), risks or render.risk_codes()).head(30)
results.hit_list(hits, text)
