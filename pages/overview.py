"""Overview: the scorecard of the filtered indicators, at a glance."""

import streamlit as st

from kpi_core.outputs import charts
from kpi_core.storage import query
from ui import data, filters, nav, render
from ui.i18n import lang, t

nav.ensure_entry_point()

chosen = filters.sidebar()
df = data.indicators(chosen)
st.title(t("app_title"))
if df.empty:
    render.empty_state(chosen)
    st.stop()

render.scorecard(query.scorecard(df))
left, right = st.columns(2)
left.subheader(t("by_pillar"))
left.plotly_chart(charts.status_bars(df, "plan_pillar", lang()), key="by_pillar")
right.subheader(t("by_eval"))
right.plotly_chart(charts.status_bars(df, "eval_dimension", lang()), key="by_eval")
left, right = st.columns(2)
left.subheader(t("by_dimension"))
left.plotly_chart(charts.status_bars(df, "plan_dimension_code", lang()), key="by_dim")
if df["agency_code"].nunique() > 1:
    right.subheader(t("heatmap"))
    right.plotly_chart(charts.heatmap(df, lang()), key="heatmap")

st.subheader(t("table"))
render.indicator_table(df)
st.subheader(t("progress"))
st.plotly_chart(charts.quarterly_progress(df, lang()), key="progress")
render.legend()
render.exports(df, chosen, key="overview")
