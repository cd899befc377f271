"""The column-wise grouping of the summary charts against the row-by-row code it replaced: same
groups, same counts, same order, same figures, on messy columns (missing and empty groups, a
pillar column of floats with gaps, one row, no rows)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import SEED, corrected, for_agency
from kpi_core.outputs import charts
from kpi_core.outputs import plotting as pt
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store

STATUSES = ["met", "near", "not-met", "no-data", "no-target"]


# The row-by-row code as it was before it went column-wise: the reference.
def ref_group_keys(series: pd.Series) -> list[Hashable]:
    return [pt.group_key(v) for v in series.tolist()]


def ref_tally(df: pd.DataFrame, *by: str) -> dict[tuple[Hashable, ...], Counter[str]]:
    found: dict[tuple[Hashable, ...], Counter[str]] = {}
    if not df.empty:
        for *keys, status in zip(*(ref_group_keys(df[b]) for b in by), df["status"].tolist(), strict=True):
            found.setdefault(tuple(keys), Counter())[str(status)] += 1
    return found


def ref_first_text(df: pd.DataFrame, key_col: str, text_col: str) -> dict[Hashable, str]:
    found: dict[Hashable, str] = {}
    if key_col in df and text_col in df:
        for k, t in zip(ref_group_keys(df[key_col]), df[text_col].tolist(), strict=True):
            if k not in found and not pt.is_missing(t):
                found[k] = str(t)
    return found


def typed(keys: list[Hashable]) -> list[tuple[str, Hashable]]:
    """Keys with their types: 7 and 7.0 are equal, but one reads "ด้านที่ 7" and one "ด้านที่ 7.0"."""
    return [(type(k).__name__, k) for k in keys]


def same_tally(got: dict[tuple[Hashable, ...], Counter[str]], want: dict[tuple[Hashable, ...], Counter[str]]) -> None:
    assert [typed(list(k)) for k in got] == [typed(list(k)) for k in want]  # groups in the same order
    assert [list(c.items()) for c in got.values()] == [list(c.items()) for c in want.values()]


PILLARS = st.sampled_from([1.0, 2.0, 7.0, math.nan])  # what a pillar column with gaps is: floats
CODES = st.sampled_from(["5.3", "10.1", "1.2", "", None, "ก.1"])
AGENCIES = st.sampled_from(["10000000", "03000000", "50010000"])
TITLES = st.sampled_from(["", None, "มหานครปลอดภัย", " ", "<b>&"])
MIXED = st.sampled_from([7, 7.0, "7", None, math.nan, "", 5, 2.5])  # an object column of anything


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 40))
    rows = {
        "plan_pillar": draw(st.lists(PILLARS, min_size=n, max_size=n)),
        "plan_dimension_code": draw(st.lists(CODES, min_size=n, max_size=n)),
        "plan_dimension_title": draw(st.lists(TITLES, min_size=n, max_size=n)),
        "agency_code": draw(st.lists(AGENCIES, min_size=n, max_size=n)),
        "mixed": draw(st.lists(MIXED, min_size=n, max_size=n)),
        "status": draw(st.lists(st.sampled_from(STATUSES), min_size=n, max_size=n)),
    }
    df = pd.DataFrame(rows)
    df["plan_pillar"] = df["plan_pillar"].astype(float)
    df["mixed"] = df["mixed"].astype(object)
    return df


@settings(max_examples=300, deadline=None)
@given(frames())
def test_tally_first_text_and_keys_match_the_row_by_row_reference(df: pd.DataFrame) -> None:
    for by in (("plan_pillar",), ("plan_dimension_code",), ("mixed",), ("agency_code", "plan_pillar")):
        same_tally(pt.tally(df, *by), ref_tally(df, *by))
    for col in ("plan_pillar", "plan_dimension_code", "mixed", "agency_code"):
        assert typed(pt.group_keys(df[col])) == typed(ref_group_keys(df[col]))
        got, want = pt.first_text(df, col, "plan_dimension_title"), ref_first_text(df, col, "plan_dimension_title")
        assert list(got.items()) == list(want.items())
        assert typed(list(got)) == typed(list(want))


def test_no_rows_one_row_and_every_group_missing() -> None:
    empty = pd.DataFrame({"plan_pillar": pd.Series(dtype=float), "status": pd.Series(dtype=object)})
    assert pt.tally(empty, "plan_pillar") == {} and pt.group_keys(empty["plan_pillar"]) == []
    one = pd.DataFrame({"plan_pillar": [7.0], "status": ["met"], "title": ["ก"]})
    same_tally(pt.tally(one, "plan_pillar"), {(7,): Counter({"met": 1})})
    assert pt.first_text(one, "plan_pillar", "title") == {7: "ก"}
    gaps = pd.DataFrame(
        {"plan_pillar": [None, "", math.nan], "status": ["met", "near", "met"], "title": ["", None, "x"]}
    )
    same_tally(pt.tally(gaps, "plan_pillar"), {(pt.NO_GROUP,): Counter({"met": 2, "near": 1})})
    assert pt.first_text(gaps, "plan_pillar", "title") == {pt.NO_GROUP: "x"}
    nullable = pd.DataFrame({"plan_pillar": pd.array([3, None, 3], dtype="Int64"), "status": ["met"] * 3})
    same_tally(pt.tally(nullable, "plan_pillar"), ref_tally(nullable, "plan_pillar"))
    assert typed(pt.group_keys(nullable["plan_pillar"])) == [("int", 3), ("str", "—"), ("int", 3)]


@pytest.fixture(scope="module")
def store_view(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The seed as two agencies, one of them with a corrected report: real columns from the store."""
    engine = open_store(f"sqlite:///{Path(tmp_path_factory.mktemp('db')) / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    return indicators(engine, texts=False)


def summary_figures(df: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    figs = [charts.status_bars(df, by, lang) for by in ("plan_pillar", "eval_dimension", "plan_dimension_code")]
    figs += [charts.heatmap(df, lang), charts.heatmap(df, lang, limit=1)]
    return [f.to_plotly_json() for f in figs]


def shuffled_with_gaps(df: pd.DataFrame) -> pd.DataFrame:
    """The view in another order, some indicators without a pillar, a dimension or its title."""
    out = df.sample(frac=1.0, random_state=3).reset_index(drop=True)
    out.loc[::3, "plan_pillar"] = np.nan
    out.loc[::4, "plan_dimension_code"] = None
    out.loc[::5, "plan_dimension_title"] = ""
    return out


@pytest.mark.parametrize("lang", ["th", "en"])
def test_summary_figures_are_the_same_as_with_the_row_by_row_grouping(
    store_view: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    views = [store_view, shuffled_with_gaps(store_view), store_view.head(1)]
    got = [summary_figures(v, lang) for v in views]
    assert [charts.status_counts(v, "plan_pillar")["total"].sum() for v in views] == [len(v) for v in views]
    monkeypatch.setattr(pt, "tally", ref_tally)
    monkeypatch.setattr(pt, "first_text", ref_first_text)
    monkeypatch.setattr(pt, "group_keys", ref_group_keys)
    assert got == [summary_figures(v, lang) for v in views]


def test_the_landing_summaries_and_figures_leave_the_shared_view_as_it_was(store_view: pd.DataFrame) -> None:
    """ui.data hands one frame per view to every session's summaries and figures, uncopied."""
    from kpi_core.storage import summary

    for view in (store_view, shuffled_with_gaps(store_view)):
        before = view.copy(deep=True)
        progress = summary.pillar_progress(view)
        summary.scorecards_by_year(view), summary.exceptions(view)
        charts.pillar_panels(progress, summary.ON_TRACK_GOAL, "th")
        summary_figures(view, "en")
        pd.testing.assert_frame_equal(view, before)
