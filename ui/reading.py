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


HIT_HERE = "hit_here"  # the container a link from a search result scrolls to
# Below Streamlit's header when scrolled to, and framed so that the eye finds it.
HIT_HERE_CSS = (
    f"<style>.st-key-{HIT_HERE} {{ scroll-margin-top: 4.5rem; }}"
    f".st-key-{HIT_HERE}[data-testid='stVerticalBlock'] {{ border: 2px solid #f9a825 !important; }}</style>"
)


def cut_line(indicator: pd.Series) -> int | None:
    """The line where the indicator's source file ends inside it, when it was cut there."""
    value = indicator.get("cut_line")
    return None if value is None or pd.isna(value) else int(value)


def cut_notice(indicator: pd.Series) -> None:
    """Near the top of an indicator's page: its source file was cut inside it, at which line and
    in which part, so that what is missing below is not read as the agency's silence."""
    line = cut_line(indicator)
    if line is None:
        return
    section = str(indicator.get("cut_in") or "")
    where = t("cut_in_q", n=section[1]) if section[:1] == "q" else t(f"cut_in_{section}")
    st.warning(plain(t("file_cut", file=indicator["source_name"], line=line, where=where)), icon="✂️")


def narrative_cards(
    quarters: pd.DataFrame, query: str, at: str | None = None, indicator: pd.Series | None = None
) -> None:
    """Each quarter's report in a card, ``query`` and risk words marked; the quarter a search hit
    found (``at``, ``q1``..``q4``) says so and is where :func:`scroll_to_hit` goes.

    With the ``indicator``'s row: reports placed by their order (no headings) carry a caveat, a
    quarter the file never reached says "not in the file" instead of "no report", and the one it
    ends inside says that it was cut."""
    reports = [str(r) for r in quarters["report"] if r] if "report" in quarters else []
    if query and not any(find_spans(r, parse_query(query), SEARCH) for r in reports):
        st.caption(t("no_match_here", q=plain(query)))  # not silence: the words are not in these notes
    if indicator is not None and bool(indicator.get("by_position")):
        st.info(t("by_position"), icon="↕️")
    line = cut_line(indicator) if indicator is not None else None
    cut_in = str(indicator.get("cut_in") or "") if indicator is not None else ""
    if at:
        st.html(HIT_HERE_CSS)
    for row in quarters.to_dict("records"):
        here = at == f"q{row['quarter']}"
        with st.container(border=True, key=HIT_HERE if here else None):
            st.markdown(f"**{t('quarter_n', n=row['quarter'])}**")
            if here:
                st.caption(t("hit_here"))
            if row["report"]:
                marked(str(row["report"]), query)
                if line is not None and cut_in == f"q{row['quarter']}":
                    st.caption(f"✂️ {t('text_cut', line=line)}")
            elif not row.get("in_file", True):
                st.markdown(f"_✂️ {t('not_in_file')}_")
            else:
                st.markdown(f"_{t('no_report')}_")


# Scrolls to the found place, again while the charts above it are still being drawn (each one
# pushes it down), and stops at the reader's first wheel, touch, key or click. Nothing from the
# URL or a file is in it: the selector is a constant. No "<" in it: Streamlit's sanitiser
# (DOMPurify) drops a script whose text has "<" before a letter or digit ("n<16"), silently.
_SCROLL = (
    "<script>(function(){var me=document.currentScript,n=0,off=false;"
    "['wheel','touchstart','keydown','mousedown'].forEach(function(e){"
    "window.addEventListener(e,function(){off=true;},{once:true,capture:true});});"
    "function go(){if(off)return;var el=document.querySelector('.st-key-" + HIT_HERE + "');"
    "if(el){el.scrollIntoView({block:'start'});}if(16>++n){setTimeout(go,250);}}"
    "go();if(me){me.remove();}})();</script>"
)


def scroll_to_hit(indicator_id: int, at: str | None) -> None:
    """Bring the place a search hit found into view, once per link followed: the reader came for
    that quarter's words, not the chart at the top. Later reruns (a keyword chip) leave the page
    where the reader has it."""
    if at is None:
        return
    done = ("scrolled_to", indicator_id, at)
    if st.session_state.get("_scrolled_to") == done:
        return
    st.session_state["_scrolled_to"] = done
    st.html(_SCROLL, unsafe_allow_javascript=True)


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
