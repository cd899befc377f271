"""Cached access to the store. Caches are keyed by ``data_version``, so a change made by any
process (another replica, the CLI, an upload in another session) shows on the next rerun."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from kpi_core.analysis.keywords import KEYWORD_SEPARATOR, indicator_keywords
from kpi_core.outputs import charts
from kpi_core.outputs.briefing import briefing_html
from kpi_core.outputs.export import to_csv, to_xlsx
from kpi_core.storage import journal, query, store, summary
from kpi_core.storage.agencies import registry
from kpi_core.storage.query import Filters

_log = logging.getLogger(__name__)


def database_url() -> str | None:
    """``KPI_DATABASE_URL`` from the environment, else from ``.streamlit/secrets.toml``, else None
    (the default SQLite file)."""
    if os.environ.get(store.ENV_URL):
        return os.environ[store.ENV_URL]
    try:
        value = st.secrets.get(store.ENV_URL)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning nothing
        return None
    return str(value) if value else None


# Opening may migrate the database or remake what an edited table in data/ derives (seconds to
# minutes, once); the first page says so instead of staying blank (`python -m kpi_core upgrade`
# does it before the app starts).
@st.cache_resource(show_spinner="กำลังเปิดฐานข้อมูล… / Opening the database…")
def _engine(url: str | None) -> Engine:
    """One engine (and connection pool) per database URL for the whole server process."""
    return store.open_store(url)


def engine() -> Engine:
    return _engine(database_url())


def engine_for(url: str | None) -> Engine:
    """The engine of a given URL (for other caches keyed by it)."""
    return _engine(url)


def version() -> int:
    """The data version: one cheap query per rerun, and the key of every cache below."""
    return store.data_version(engine())


# Live frames, not pickles: at national scale one every-year view is 139 MB, so few are kept
# (64 could have held gigabytes) and none past an hour unread.
@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _shared_indicators(url: str | None, data_version: int, filters: Filters, texts: bool = False) -> pd.DataFrame:
    """One DataFrame per data version, view and ``texts`` for the whole server, never modified:
    the landing summaries and the figures read it as it is, pages get a copy (:func:`_indicators`).

    Not ``st.cache_data``: that pickles the frame on the way in and unpickles it on every read,
    and at national scale (108,070 indicators, each with its list of flags) that was 0.8 s and
    0.6 s, paid by every rerun that read the view and twice more by a first visit (its summaries
    and its figures read it too). A copy of the frame is 0.06 s and shares its strings."""
    return query.indicators(_engine(url), filters, texts=texts)


def _indicators(url: str | None, data_version: int, filters: Filters, texts: bool = False) -> pd.DataFrame:
    """A copy of the shared view, the caller's to change."""
    return _shared_indicators(url, data_version, filters, texts).copy()


def indicators(filters: Filters, texts: bool = False) -> pd.DataFrame:
    """Indicators of the current reports for these filters (cached per data version); the
    narratives and other long texts only with ``texts`` (see :func:`query.indicators`)."""
    return _indicators(database_url(), version(), filters, texts)


@st.cache_data(show_spinner=False, max_entries=4)
def _english_names(url: str | None, data_version: int) -> dict[str, str]:
    return {a.code: a.name_en.strip() for a in registry(_engine(url)) if a.name_en.strip()}


def english_names() -> dict[str, str]:
    """Registered English agency names by code (once per data version), for pages in English."""
    return _english_names(database_url(), version())


@st.cache_data(show_spinner=False, max_entries=4)
def _filter_options(url: str | None, data_version: int) -> pd.DataFrame:
    return query.filter_options(_engine(url))


def filter_options() -> pd.DataFrame:
    """The distinct values the sidebar offers (one grouped query per data version)."""
    return _filter_options(database_url(), version())


@st.cache_data(show_spinner=False, max_entries=64)
def _landing(
    url: str | None, data_version: int, filters: Filters
) -> tuple[dict[int, query.Scorecard], pd.DataFrame, pd.DataFrame]:
    df = _shared_indicators(url, data_version, filters)  # read, never changed
    return summary.scorecards_by_year(df), summary.exceptions(df), summary.pillar_progress(df)


def landing(filters: Filters) -> tuple[dict[int, query.Scorecard], pd.DataFrame, pd.DataFrame]:
    """Scorecards per fiscal year, exceptions worst first, per-pillar progress: computed once per
    data version and filter, not on every rerun."""
    return _landing(database_url(), version(), filters)


@dataclass(frozen=True)
class OverviewFigures:
    """The overview's summary figures for one view: pillar panels, status bars, heat map."""

    panels: dict[int, go.Figure]
    by_pillar: go.Figure
    by_eval: go.Figure
    by_dim: go.Figure
    heatmap: go.Figure | None  # one agency: none


@st.cache_resource(show_spinner=False, max_entries=32)
def _overview_figures(url: str | None, data_version: int, filters: Filters, lang: str) -> OverviewFigures:
    """Built once per data version, view and language and shared by every session, read-only:
    building the eleven figures was most of a rerun at BMA scale (0.45 of 0.8 s under cProfile),
    and a cache_data copy would be validated by Plotly again on the way out."""
    df = _shared_indicators(url, data_version, filters, False)  # read, never changed
    progress = _landing(url, data_version, filters)[2]
    several = df["agency_code"].nunique() > 1
    return OverviewFigures(
        panels=charts.pillar_panels(progress, summary.ON_TRACK_GOAL, lang),
        by_pillar=charts.status_bars(df, "plan_pillar", lang),
        by_eval=charts.status_bars(df, "eval_dimension", lang),
        by_dim=charts.status_bars(df, "plan_dimension_code", lang),
        heatmap=charts.heatmap(df, lang, charts.HEATMAP_AGENCIES) if several else None,
    )


def overview_figures(filters: Filters, lang: str) -> OverviewFigures:
    return _overview_figures(database_url(), version(), filters, lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _previous_card(url: str | None, data_version: int, filters: Filters, year: int) -> query.Scorecard | None:
    df = query.indicators(_engine(url), replace(filters, fiscal_years=(year - 1,)), texts=False)
    return None if df.empty else query.scorecard(df)


def previous_scorecard(filters: Filters, year: int) -> query.Scorecard | None:
    """The same view one fiscal year earlier, for the change shown on the metric cards."""
    return _previous_card(database_url(), version(), filters, year)


@st.cache_data(show_spinner=False, max_entries=256)
def _keywords(url: str | None, data_version: int, indicator_id: int, n: int) -> list[str]:
    """One indicator's keywords: stored at ingest; for an indicator stored before schema 7, read
    from its own texts here (a few milliseconds, no corpus)."""
    row = query.indicator(_engine(url), indicator_id)
    if row is None:
        return []
    stored = row["keywords"]
    if isinstance(stored, str):
        return stored.split(KEYWORD_SEPARATOR)[:n] if stored else []
    return indicator_keywords([str(row[f"q{q}_report"] or "") for q in query.QUARTERS] + [str(row["summary"] or "")], n)


@st.cache_resource(show_spinner=False)
def _warm_up() -> threading.Thread:
    """Load the keyword word lists and dictionaries (about 2 s, once per process) in the
    background when the server starts, so the first indicator page does not wait for them."""
    thread = threading.Thread(target=indicator_keywords, args=(["ทดสอบการโหลดพจนานุกรมคำสำคัญ"],), daemon=True)
    thread.start()
    return thread


def warm_up() -> None:
    _warm_up()


def keywords(indicator_id: int, n: int = 8) -> list[str]:
    """The indicator's keywords, best first."""
    return _keywords(database_url(), version(), indicator_id, n)


EXPORT_KINDS = ("csv", "xlsx", "html")


@dataclass(frozen=True)
class ExportView:
    """What a set of export files shows. Who changed the data is an account name: analysts see it
    on the XLSX cover, viewers see nothing about accounts."""

    data_version: int
    filters: Filters
    lang: str
    analyst: bool


@dataclass(frozen=True)
class ExportFiles:
    """The CSV, XLSX and HTML briefing of one view, made together when "prepare" was pressed.

    ``view`` says what they show (data version, filters, language, whether the reader is an
    analyst): a page whose view differs drops them. ``when`` is the moment "prepare" was pressed,
    stamped inside them and in their names. A file that could not be made is None."""

    view: ExportView
    when: datetime
    csv: bytes | None
    xlsx: bytes | None
    html: bytes | None

    def content(self, kind: str) -> bytes | None:
        return {"csv": self.csv, "xlsx": self.xlsx, "html": self.html}[kind]


def export_view(filters: Filters, lang: str) -> ExportView:
    """The view on screen, as export files made for it would show it."""
    from ui import auth  # here, not at the top: ui.auth reads the store through this module

    return ExportView(version(), filters, lang, auth.is_analyst())


def _export_files(
    url: str | None, data_version: int, filters: Filters, when: datetime, lang: str, who: bool
) -> tuple[bytes | None, bytes | None, bytes | None]:
    """The three files from one query (7.4 s at national scale; it ran once per file before).
    One that cannot be made is None and leaves the other two (logged)."""
    df = query.indicators(_engine(url), filters)  # with the narratives: the CSV and XLSX carry them

    def xlsx() -> bytes:
        change = journal.last_change(_engine(url))
        updated = (change.at, (change.by or "") if who else "") if change.at else None
        return to_xlsx(df, filters, data_version, when, lang, updated)

    makers: dict[str, Callable[[], bytes]] = {
        "csv": lambda: to_csv(df, lang),
        "xlsx": xlsx,
        "html": lambda: briefing_html(df, filters, data_version, when, lang),
    }
    made: list[bytes | None] = []
    for kind in EXPORT_KINDS:
        try:
            made.append(makers[kind]())
        except Exception:  # one file that cannot be made must not take the page, or the others, with it
            _log.exception("the %s export of %s failed", kind, filters)
            made.append(None)
    return made[0], made[1], made[2]


def export_files(filters: Filters, lang: str, when: datetime) -> ExportFiles:
    """The files of a view, made now, once: the caller keeps them (one set per session) and
    offers them until the view changes. Not cached across sessions: keyed by the minute, as
    they were, every download click in a new minute made them all again (88-110 s each at
    national scale), and eight sets were held at once."""
    view = export_view(filters, lang)
    csv, xlsx, html = _export_files(database_url(), view.data_version, filters, when, lang, view.analyst)
    return ExportFiles(view, when, csv, xlsx, html)


@st.cache_data(show_spinner=False, max_entries=4)
def _last_change(url: str | None, data_version: int) -> journal.Change:
    return journal.last_change(_engine(url))


def last_change() -> journal.Change:
    """The data version with the time and person of its last change (once per data version)."""
    return _last_change(database_url(), version())
