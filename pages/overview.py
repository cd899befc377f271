"""Overview: what met its target this fiscal year, what did not, and how each pillar is going."""

import streamlit as st

from kpi_core.outputs import charts
from kpi_core.storage import summary
from ui import data, filters, nav, render
from ui.i18n import lang, t

nav.ensure_entry_point()

chosen = filters.sidebar()
df = data.indicators(chosen)
st.title(t("app_title"))
if df.empty:
    render.empty_state(chosen)
    st.stop()

cards, worst, progress = data.landing(chosen)
if chosen.statuses:  # the cards count the filtered view: 0 % met under "not met" is no verdict
    st.info(t("cards_status_filtered", statuses=", ".join(render.status_label(c) for c in chosen.statuses)))
if len(cards) == 1:
    year, card = next(iter(cards.items()))
    st.caption(t("fy_n", n=year))
    render.scorecard(card, data.previous_scorecard(chosen, year))
else:
    st.subheader(t("by_year"))
    render.year_scorecards(cards)

st.subheader(t("exceptions"))
render.exceptions(worst)
render.follow_up_state(worst, cards)

figures = data.overview_figures(chosen, lang())
st.subheader(t("pillar_progress"))
if figures.panels:
    st.caption(f"{t('pillar_note', goal=summary.ON_TRACK_GOAL)} · {t('click_to_filter')}")
    filters.clickable_panels(figures.panels, "pillar")
else:  # no indicator of the view names a pillar: a sentence, not a heading over nothing
    st.caption(t("no_pillar"))
left, right = st.columns(2)
left.subheader(t("by_pillar"))
filters.clickable_chart(left, figures.by_pillar, "by_pillar")
right.subheader(t("by_eval"))
filters.clickable_chart(right, figures.by_eval, "by_eval")
st.subheader(t("by_dimension"))
filters.clickable_chart(st.container(), figures.by_dim, "by_dim")
if figures.heatmap is not None:
    # Full width, and at BMA scale only the agencies with most to follow up: 120 rows were three screens.
    agencies = df["agency_code"].nunique()
    st.subheader(t("heatmap"))
    if agencies > charts.HEATMAP_AGENCIES:
        st.caption(t("heatmap_top", n=charts.HEATMAP_AGENCIES, total=agencies))
    filters.clickable_chart(st.container(), figures.heatmap, "heatmap", toolbar=False)

st.subheader(t("table"))
render.indicator_table(df)
if len(df) <= charts.PROGRESS_INDICATORS:  # one line per indicator reads only when there are a handful
    st.subheader(t("progress"))
    render.progress_chart(df)
render.legend()
render.exports(chosen, key="overview")
