"""Sidebar filters bound to the URL: a copied link reopens the same view, on any page.

The URL is read once per session (before the widget exists) and written back after every
change. Values in the URL that are not valid options are dropped with a short notice. A click on
a bar or a heat-map cell of a :func:`clickable_chart` sets the same filters.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kpi_core.analysis.status import ALL_FLAGS, STATUS_RULES
from kpi_core.analysis.validators import MAX_ID, InputError, agency_code, fiscal_year, record_id
from kpi_core.outputs.drill import drill
from kpi_core.outputs.plotting import pillar_label
from kpi_core.storage.query import Filters
from ui import data
from ui.i18n import LANGS, STRINGS, agency_label, english_lookup, lang, t
from ui.markdown import plain, shorten


@dataclass(frozen=True)
class _Spec:
    param: str  # the URL query parameter and the widget key
    label: str  # i18n key
    field: str  # Filters field
    parse: Callable[[str], Any]


SPECS = (
    _Spec("fy", "f_fy", "fiscal_years", int),
    _Spec("agency", "f_agency", "agency_codes", str),
    _Spec("eval", "f_eval", "eval_dimensions", int),
    _Spec("pillar", "f_pillar", "pillars", int),
    _Spec("dim", "f_dim", "plan_dimensions", str),
    _Spec("status", "f_status", "statuses", str),
    _Spec("flag", "f_flag", "flags", str),
)


def _options(df: pd.DataFrame) -> dict[str, list[Any]]:
    def distinct(col: str) -> list[Any]:
        return sorted({v for v in df[col].dropna().tolist()}) if not df.empty else []

    return {
        "fy": sorted(distinct("fiscal_year"), reverse=True),
        "agency": distinct("agency_code"),
        "eval": [int(v) for v in distinct("eval_dimension")],
        "pillar": [int(v) for v in distinct("plan_pillar")],
        "dim": distinct("plan_dimension_code"),
        "status": [r.code for r in STATUS_RULES],
        "flag": [f.code for f in ALL_FLAGS],
    }


def _labels(df: pd.DataFrame) -> dict[str, Callable[[Any], str]]:
    en = lang() == "en"
    names = dict(zip(df["agency_code"], df["agency_name"], strict=False)) if not df.empty else {}
    english = english_lookup()
    dims = dict(zip(df["plan_dimension_code"], df["plan_dimension_title"], strict=False)) if not df.empty else {}
    status = {r.code: r.label_en if en else r.label_th for r in STATUS_RULES}
    flags = {f.code: f.label_en if en else f.label_th for f in ALL_FLAGS}
    return {
        "fy": lambda v: str(v),
        "agency": lambda v: agency_label(v, names.get(v), english),
        "eval": lambda v: t("eval_n", n=v),
        "pillar": lambda v: pillar_label(v, lang()),
        "dim": lambda v: f"{v} {dims.get(v) or ''}".strip(),
        "status": lambda v: status.get(v, v),
        "flag": lambda v: flags.get(v, v),
    }


ALL_YEARS = "all"  # ?fy=all: every fiscal year, asked for explicitly (the default is the latest)


def _from_url(spec: _Spec, options: Sequence[Any], latest: bool = True) -> list[Any]:
    """Valid values of the parameter; invalid ones are dropped and reported.

    With no ``fy`` at all the view opens on the latest fiscal year: "what met its target this
    year" is the first question, and summing ten years into one scorecard answers none."""
    raw = st.query_params.get_all(spec.param)
    if spec.param == "fy":
        if raw == [ALL_YEARS]:
            return []
        if not raw:
            return list(options[:1]) if latest else []
    valid = _valid(spec.param, raw, options, spec.parse)
    if spec.param == "fy" and not valid:  # ?fy=abc: the default view, not every year at once
        return list(options[:1]) if latest else []
    return valid


def _valid(param: str, raw: Sequence[str], options: Sequence[Any], read: Callable[[str], Any]) -> list[Any]:
    """The values among ``options``, read by ``read`` (which raises on a value not of its kind),
    without repeats; the others are left out with a notice (:func:`link_notices` shows them)."""
    valid, invalid, absent = [], [], []
    for value in raw:
        try:
            parsed = read(value)
        except (ValueError, InputError):
            parsed = None
        if parsed is not None and parsed in options:
            valid.append(parsed)
        else:  # a real year or agency code with no current data: a deleted report, a bookmark
            (absent if _could_have_data(param, value) else invalid).append(value)
    notices = st.session_state.setdefault("_notices", [])
    for key, values in (("bad_param", invalid), ("absent_param", absent)):
        if values:
            notices.append(t(key, param=param, values=", ".join(plain(shorten(str(v))) for v in values)))
    return list(dict.fromkeys(valid))


def _could_have_data(param: str, value: str) -> bool:
    """A fiscal year or an agency code in the right form, which data may come to have (checked
    by the validators: ``int()`` of 5,000 digits raises, and a link may hold them)."""
    check: Callable[[str], object] | None = {"agency": agency_code, "fy": fiscal_year}.get(param)
    if check is None:
        return False
    try:
        check(value)
    except InputError:
        return False
    return True


def one_from_url(param: str, options: Sequence[Any], read: Callable[[str], Any]) -> Any | None:
    """The value of ``?param=`` for a pick-one filter (the History page's agency and year) when it
    is among ``options``; else None, which is every value, as ``?param=all`` asks. ``read`` is a
    validator of :mod:`kpi_core.analysis.validators`; a value it refuses, or one with nothing
    stored for it, is left out with a notice, as the sidebar's filters do. Of several values
    (a link from a page that picks many) the first valid one is taken."""
    raw = [v for v in st.query_params.get_all(param) if v != ALL_YEARS]
    valid = _valid(param, raw, options, read)
    return valid[0] if valid else None


def many_from_url(param: str, options: Sequence[Any], default: Sequence[Any]) -> list[Any]:
    """The values of ``?param=`` among ``options`` for a pick-many filter whose default is not
    "everything" (the audit log's actions leave failed sign-ins out): no value, or none valid, is
    ``default``; ``?param=all`` is nothing picked, which such a filter reads as every value.
    Invalid values are left out with a notice."""
    raw = st.query_params.get_all(param)
    if raw == [ALL_YEARS]:
        return []
    return _valid(param, raw, options, str) or list(default)


def many_to_url(param: str, values: Sequence[Any], default: Sequence[Any]) -> None:
    """Write back what :func:`many_from_url` reads: the default stays out of the URL."""
    if list(values) == list(default):
        to_url(param, [])
    else:
        to_url(param, values or [ALL_YEARS])


def link_notices() -> None:
    """Say which values of the link were left out, once, where the page's filters are."""
    for notice in st.session_state.pop("_notices", []):
        st.warning(notice, icon="⚠️")


def follow_year(year: int) -> None:
    """Open the view on an indicator's fiscal year when the years chosen (in this session, else in
    the URL, else the latest by default) leave it out: an indicator of 2563 opened from search or a
    link showed the 2567 view around it, its picker and "back" in a year it is not in."""
    key = "filter_fy"
    if key in st.session_state:
        chosen: list[int] | None = list(st.session_state[key])
    else:
        raw = st.query_params.get_all("fy")
        if raw == [ALL_YEARS]:
            return
        chosen = [fiscal_year(v) for v in raw if _could_have_data("fy", v)] or None  # None: the latest, by default
    if chosen is not None and (not chosen or year in chosen):  # [] is every year
        return
    st.session_state[key] = [year]


def sidebar(*, latest_year: bool = True) -> Filters:
    """Render the filters in the sidebar; return the chosen Filters. With no ``fy`` in the URL the
    view opens on the latest fiscal year, unless ``latest_year`` is False (search looks through
    every year unless told otherwise)."""
    df = data.filter_options()
    options, labels = _options(df), _labels(df)
    chosen: dict[str, tuple[Any, ...]] = {}
    st.sidebar.header(t("filters"))
    for spec in SPECS:
        key = f"filter_{spec.param}"
        if key not in st.session_state:
            st.session_state[key] = _from_url(spec, options[spec.param], latest_year)
        # Options can shrink (a report deleted elsewhere): keep only values still offered.
        st.session_state[key] = [v for v in st.session_state[key] if v in options[spec.param]]
        # No "Select all" (English, Streamlit's own): nothing chosen already means all, as the
        # placeholder says.
        value = st.sidebar.multiselect(
            t(spec.label),
            options[spec.param],
            key=key,
            format_func=labels[spec.param],
            placeholder=t("all"),
            select_all=False,
        )
        chosen[spec.field] = tuple(value)
        to_url(spec.param, value if value or spec.param != "fy" else [ALL_YEARS])
    link_notices()
    return Filters(**chosen)


_CLICKS = "_chart_clicks"  # clicks applied so far in this session: part of every clickable chart's key


def clickable_chart(where: DeltaGenerator, fig: go.Figure, name: str, *, toolbar: bool = True) -> None:
    """A figure whose bars and cells set the sidebar filters they stand for: a click reruns the
    page filtered, with the filter in the sidebar and the URL, where it is cleared as usual.

    The click is applied once, by the callback, before the rerun; the key then changes, so the
    filtered page draws new charts with no selection in them. ``toolbar=False`` for a small
    panel, whose title Plotly's toolbar would cover on a phone (it shows there all the time)."""
    clicks = int(st.session_state.get(_CLICKS, 0))
    key = f"{name}_{clicks}"
    where.plotly_chart(
        fig,
        key=key,
        on_select=partial(_apply_click, key, clicks),
        selection_mode="points",
        config=None if toolbar else {"displayModeBar": False},
    )


def clickable_panels(figs: Mapping[Hashable, go.Figure], name: str, per_row: int = 4) -> None:
    """Small clickable figures (keys ``name_<what it shows>``: ``pillar_5``) ``per_row`` to a row
    of columns, which Streamlit stacks one under another on a phone: each panel keeps a readable
    width there, and all of them fit a desk's screen."""
    items = list(figs.items())
    for start in range(0, len(items), per_row):
        for col, (what, fig) in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            clickable_chart(col, fig, f"{name}_{what}", toolbar=False)


def _apply_click(key: str, clicks: int) -> None:
    """Set the filters the selected points stand for; only known options pass (kpi_core.outputs.drill).

    The browser sends the selection of a chart it no longer shows again with later changes, and
    Streamlit runs that chart's callback once more: a cleared filter came back. Only a chart
    drawn since the last applied click counts."""
    if clicks != st.session_state.get(_CLICKS, 0):
        return
    st.session_state[_CLICKS] = clicks + 1
    for param, values in drill(st.session_state.get(key), _options(data.filter_options())).items():
        st.session_state[f"filter_{param}"] = list(values)


def to_url(param: str, values: Sequence[Any]) -> None:
    """Keep ``values`` in the URL as ``?param=``, repeated (none: the parameter goes)."""
    current = st.query_params.get_all(param)
    wanted = [str(v) for v in values]
    if current != wanted:
        if wanted:
            st.query_params[param] = wanted
        elif param in st.query_params:
            del st.query_params[param]


def language_switch() -> None:
    """Thai or English, kept in the URL (``?lang=en``) on every page."""
    key = "filter_lang"
    if key not in st.session_state:
        st.session_state[key] = lang()
    # The label in the chosen language: a menu link drops ?lang=en, which this switch puts back
    # only below, and the label read from the URL said "ภาษา" on an English page.
    th, en = STRINGS["language"]
    choice = st.sidebar.segmented_control(
        en if st.session_state[key] == "en" else th,
        LANGS,
        key=key,
        required=True,
        format_func=lambda v: {"th": "ไทย", "en": "English"}[v],
    )
    choice = choice or "th"
    if choice == "th" and "lang" in st.query_params:
        del st.query_params["lang"]
    elif choice == "en" and st.query_params.get("lang") != "en":
        st.query_params["lang"] = "en"


def indicator_id() -> int | None:
    """``?id=`` as an indicator id, or None; a value that is not an id (``²``, ``2147483648``) is
    reported on the page instead of reaching the database."""
    raw = st.query_params.get("id", "")
    if not raw:
        return None
    try:
        return record_id(raw)
    except InputError:
        st.warning(t("bad_id", id=plain(shorten(raw)), max=f"{MAX_ID:,}"))
        return None


HIT_PLACES = ("q1", "q2", "q3", "q4", "summary", "projects", "definition")


def hit_place() -> str | None:
    """``?at=``: where on the indicator page the search hit that opened it is (a quarter's
    report, the summary, the projects, the definition), or None. A link from a search result sets
    it; any other value is ignored, as it only says where to scroll."""
    at = st.query_params.get("at", "")
    return at if at in HIT_PLACES else None


def active_query() -> dict[str, list[str]]:
    """The current URL parameters, to carry the view into links to other pages."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def choice_in_url(param: str, options: Sequence[str], default: str) -> str:
    """A one-of-a-few choice kept in the URL (``?mode=years``) like the filters, so that a copied
    link reopens the same view; the URL's value seeds the widget once, an unknown one is ignored,
    and the default is left out of the URL. Use as the widget's key: ``url_<param>``."""
    key = f"url_{param}"
    if key not in st.session_state:
        wanted = st.query_params.get(param, default)
        st.session_state[key] = wanted if wanted in options else default
    chosen = str(st.session_state.get(key) or default)
    if chosen == default and param in st.query_params:
        del st.query_params[param]
    elif chosen != default and st.query_params.get(param) != chosen:
        st.query_params[param] = chosen
    return chosen
