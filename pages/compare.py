"""Compare: one agency across fiscal years, or several agencies in one fiscal year."""

from dataclasses import replace

import streamlit as st

from kpi_core.outputs import charts, comparison
from ui import data, filters, nav, render
from ui.i18n import lang, t

nav.ensure_entry_point()

chosen = filters.sidebar()
st.title(t("nav_compare"))
MODES = ["years", "agencies"]
filters.choice_in_url("mode", MODES, "agencies")  # ?mode=years: a copied link keeps the comparison
st.segmented_control(
    t("compare_mode"),
    MODES,
    key="url_mode",
    required=True,
    format_func=lambda m: t("mode_years") if m == "years" else t("mode_agencies"),
)
mode = filters.choice_in_url("mode", MODES, "agencies")
if mode == "years" and len(chosen.fiscal_years) == 1:
    # Across years with one year chosen (the sidebar opens on the latest) would be one bar.
    chosen = replace(chosen, fiscal_years=())
    st.caption(t("years_all"))
df = data.indicators(chosen)
if df.empty:
    render.empty_state(chosen)
    st.stop()
by = "fiscal_year" if mode == "years" else "agency_code"
counts = charts.status_counts(df, by)
if len(counts) < 2:
    st.info(t("need_more"))
labels = render.group_labels(df, by)
counts.insert(0, "label", counts[by].map(labels))
if mode == "years":
    st.plotly_chart(comparison.compare_bars(counts, "label", lang()), key="compare_chart")
else:  # ranked across, a row per agency: a hundred upright bars left no room for their names
    top, bottom = comparison.shown_agencies(len(counts))
    if bottom:
        st.caption(t("ranking_top", top=top, bottom=bottom, total=len(counts), hidden=len(counts) - top - bottom))
    st.plotly_chart(comparison.agency_ranking(df, lang()), key="compare_chart")
render.counts_table(counts)
