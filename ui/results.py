"""Search results on the page: how many match, per agency, and the result cards (near-identical
texts as one card, where each is in full, the words marked, a page of cards at a time)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from kpi_core.storage import narratives
from kpi_core.storage.narratives import HitPage
from ui import nav
from ui.filters import HIT_PLACES
from ui.i18n import agency_name, english_lookup, t
from ui.markdown import plain
from ui.render import WRAP_LINKS_CSS, agency_names, carry, flag_labels, indicator_title


def hit_count(page: HitPage) -> None:
    """How many texts match, and which are listed: all, the best, or the best of the newest."""
    n = f"{page.total:,}" + ("+" if page.total_capped else "")
    shown = len(page.hits)
    if page.newest_only:
        st.caption(t("hits_newest", n=n, shown=shown, among=f"{page.ranked:,}"))
    elif page.total > shown:
        st.caption(t("hits_shown", n=n, shown=shown))
    else:
        st.caption(t("hits", n=n))


def agency_counts(counts: pd.DataFrame) -> None:
    view = counts.assign(agency_name=agency_names(counts)).rename(
        columns={"agency_code": t("col_agency"), "agency_name": "", "hits": t("hits", n="")}
    )
    st.dataframe(view, hide_index=True)


HIT_CARDS = 25  # result cards drawn at once; a button draws the next ones


def hit_list(hits: pd.DataFrame, text: str) -> None:
    """Search results (or risk narratives), near-identical texts as one card: where each is in
    full (agency, fiscal year, quarter) on a line of its own that wraps on a phone, a link to it,
    the text marked, whether the match is only inside a longer word."""
    params = carry()
    st.session_state.pop("_scrolled_to", None)  # a hit followed again scrolls again
    found = {"q": text} if text else {}  # the indicator page opens with the same words marked
    groups = narratives.grouped_hits(hits)
    # A page of cards at a time: a hundred cards took a new tab 3-4 s to draw at BMA scale.
    more_key = f"hit_cards_{text}"
    shown = int(st.session_state.get(more_key, HIT_CARDS))
    english = english_lookup()
    st.html(WRAP_LINKS_CSS)  # an indicator's name wraps on a phone, not cut at the card's edge
    with st.container(key="hits"):
        for group in groups[:shown]:
            _hit_card(group, text, params, found, english)
    if len(groups) > shown:
        rest = len(groups) - shown
        st.button(
            t("more_hits", n=min(rest, HIT_CARDS), rest=rest),
            key=f"more_{more_key}",
            on_click=lambda: st.session_state.__setitem__(more_key, shown + HIT_CARDS),
        )


def _place(row: Mapping[Hashable, Any]) -> dict[str, str]:
    """The link's indicator and where on its page the hit is (``?at=``), for the page to scroll
    to: a quarter's report, or the summary, projects or definition section."""
    quarter, field = row.get("quarter"), str(row.get("field"))
    place = f"q{int(quarter)}" if pd.notna(quarter) else field
    return {"id": str(row["indicator_id"]), **({"at": place} if place in HIT_PLACES else {})}


def _hit_card(
    group: pd.DataFrame, text: str, params: dict[str, list[str]], found: dict[str, str], english: Mapping[str, str]
) -> None:
    """One card: where the text is, a link to its indicator, the risk words, the text marked,
    and the agencies whose text is near-identical."""
    from ui.reading import marked

    row = group.iloc[0].to_dict()
    with st.container(border=True):
        where = t("quarter_n", n=int(row["quarter"])) if pd.notna(row["quarter"]) else t(f"field_{row['field']}")
        agency = agency_name(row["agency_code"], row["agency_name"], english)
        st.caption(plain(f"{agency} · {t('fy_n', n=row['fiscal_year'])} · {where}"))
        title = indicator_title(pd.Series(row))
        st.page_link(nav.INDICATOR, label=plain(title), query_params={**params, **found, **_place(row)})
        notes = flag_labels(list(row["risks"])) if row["risks"] else []
        if bool(row.get("partial")):
            notes.append(t("partial_hit"))
        if notes:
            st.caption(plain(" · ".join(notes)))
        marked(str(row.get("snippet") or row["report"]), text)
        if len(group) > 1:
            others = group.iloc[1:]
            names = list(dict.fromkeys(agency_names(others)))
            with st.expander(
                plain(t("same_text", n=len(others), agencies=", ".join(names[:8]) + ("…" if len(names) > 8 else "")))
            ):
                for other in others.to_dict("records"):
                    year = t("fy_n", n=other["fiscal_year"])
                    agency = agency_name(other["agency_code"], other["agency_name"], english)
                    label = f"{agency} · {year} · {indicator_title(pd.Series(other))}"
                    st.page_link(
                        nav.INDICATOR,
                        label=plain(label),
                        query_params={**params, **found, **_place(other)},
                    )
