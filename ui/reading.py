"""Reading the narratives: search box bound to the URL, highlighted cards, timeline, keywords.

All report text goes through :func:`kpi_core.analysis.highlight.highlight`, which escapes it before
adding marks; ``st.html`` sanitises once more on the way to the page.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from kpi_core.analysis.highlight import SEARCH, css, find_spans, highlight
from kpi_core.analysis.query_terms import parse_query
from kpi_core.analysis.status import RISK_FLAGS
from kpi_core.analysis.validators import InputError, search_query
from ui.i18n import lang, t
from ui.markdown import plain

# The legend's words wrap between them on a phone (each stays whole): run together with no space
# between, "Risk words: Cancelled Delayed …" was one 474 px line that scrolled a 390 px page sideways.
CARD_CSS = """
.kpi-card { line-height: 1.7; font-size: 1rem; }
.kpi-legend { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 1em; row-gap: 0.25em; }
.kpi-legend span { white-space: nowrap; }
"""


def query_box(page: str, label_key: str = "search_box") -> str | None:
    """A text box whose value lives in ``?q=`` so that a link carries the search.

    Each page has its own box (``page``): Streamlit ties a widget's state to its page, so a box
    shared by key came up empty on the indicator page a search hit opened, and emptied ``?q=``.

    Returns the search, or None (with a warning saying why) when it is not one that can be run:
    a control character, too long, too many terms (:func:`~kpi_core.analysis.validators.search_query`).
    """
    key, seen = f"q_{page}", f"_q_{page}_in_url"  # seen: what this box last put in ?q=
    in_url = st.query_params.get("q", "")
    if key not in st.session_state or in_url != st.session_state.get(seen, in_url):
        st.session_state[key] = in_url  # a link or the back button changed ?q=: the URL wins
    value = str(st.text_input(t(label_key), key=key, placeholder=t("search_placeholder"))).strip()
    if value:
        if st.query_params.get("q") != value:
            st.query_params["q"] = value
    elif "q" in st.query_params:
        del st.query_params["q"]
    st.session_state[seen] = value
    try:
        return search_query(value)
    except InputError as exc:
        st.warning(t(f"query_{exc.rule}", n=exc.limit))
        return None


def risk_legend() -> None:
    en = lang() == "en"
    spans = "".join(
        f'<span><mark class="risk risk-{html.escape(f.code)}">{html.escape(f.label_en if en else f.label_th)}</mark>'
        "</span>"
        for f in RISK_FLAGS
    )
    title = f"<span>{html.escape(t('risk_legend'))}:</span>"
    st.html(f"<style>{css()}{CARD_CSS}</style><div class='kpi-legend'>{title}{spans}</div>")


def marked(text: str, query: str) -> None:
    """One piece of report text with search terms and risk words marked."""
    st.html(f"<style>{css()}{CARD_CSS}</style><div class='kpi-card'>{highlight(text, query)}</div>")


def narrative_cards(quarters: pd.DataFrame, query: str) -> None:
    reports = [str(r) for r in quarters["report"] if r] if "report" in quarters else []
    if query and not any(find_spans(r, parse_query(query), SEARCH) for r in reports):
        st.caption(t("no_match_here", q=plain(query)))  # not silence: the words are not in these notes
    for row in quarters.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{t('quarter_n', n=row['quarter'])}**")
            if row["report"]:
                marked(str(row["report"]), query)
            else:
                st.markdown(f"_{t('no_report')}_")


def timeline(events: pd.DataFrame) -> None:
    if events.empty:
        st.caption(t("no_dates"))
        return
    view = pd.DataFrame(
        {
            t("date"): events["when"],
            t("quarter"): events["quarter"].map(lambda q: t("quarter_n", n=q)),
            t("excerpt"): events["excerpt"],
        }
    )
    st.dataframe(view, hide_index=True)


def keyword_chips(words: list[str]) -> str | None:
    """Keywords as chips; the chosen one is returned for highlighting."""
    if not words:
        return None
    choice = st.pills(t("keywords"), words, key="keyword", format_func=plain)  # pills render Markdown
    return str(choice) if choice else None
