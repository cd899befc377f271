"""Drill-down: every bar and cell of the summary figures says which filter it stands for, and a
selection event from the browser (input like any other) sets only filters among the known options."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from builders import HOSTILE_AGENCY_NAME, SEED, corrected, for_agency, hostile
from kpi_core.analysis.status import STATUS_ORDER
from kpi_core.outputs.charts import heatmap, pillar_panels, status_bars
from kpi_core.outputs.drill import MAX_POINTS, drill
from kpi_core.storage import summary
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store

OPTIONS = {"pillar": [5, 7], "eval": [1, 2], "dim": ["5.3", "7.3"], "agency": ["03000000", "05000000"]}


@pytest.fixture
def two_agencies(tmp_path: Path) -> pd.DataFrame:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    df = indicators(engine)
    engine.dispose()
    return df


def click(*refs: object) -> dict[str, object]:
    """The selection event Streamlit hands back for clicked points (customdata as the figure had it)."""
    points = [{"curve_number": 0, "point_number": 0, "customdata": [r, 1.0]} for r in refs]
    return {"selection": {"points": points, "point_indices": [0], "box": [], "lasso": []}}


def refs(trace: object) -> list[str]:
    return [row[0] for row in trace.customdata]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- what the figures carry


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("plan_pillar", ["pillar=5", "pillar=7"]),
        ("eval_dimension", ["eval=1"]),
        ("plan_dimension_code", ["dim=5.3", "dim=7.3"]),
    ],
)
def test_every_status_bar_stands_for_its_group(two_agencies: pd.DataFrame, by: str, expected: list[str]) -> None:
    fig = status_bars(two_agencies, by)
    assert len(fig.data) == len(STATUS_ORDER)
    for trace in fig.data:  # every status segment of a bar: a click on any of them sets the group
        assert refs(trace) == expected
    assert drill(click(refs(fig.data[0])[-1]), OPTIONS) == {
        {"plan_pillar": "pillar", "eval_dimension": "eval", "plan_dimension_code": "dim"}[by]: (
            {"pillar=7": 7, "eval=1": 1, "dim=7.3": "7.3"}[expected[-1]],
        )
    }


def test_the_bar_of_indicators_without_a_group_sets_nothing(two_agencies: pd.DataFrame) -> None:
    df = two_agencies.copy()
    df.loc[df["seq"] == 1, "plan_pillar"] = None
    fig = status_bars(df, "plan_pillar")
    assert fig.data[0].y[-1] == "ไม่ระบุ" and refs(fig.data[0])[-1] == ""
    assert drill(click(""), OPTIONS) == {}


def test_every_heat_map_cell_with_data_stands_for_its_agency_and_pillar(two_agencies: pd.DataFrame) -> None:
    df = two_agencies[~((two_agencies["agency_code"] == "05000000") & (two_agencies["plan_pillar"] == 5))]
    fig = heatmap(df)
    cells, marks = fig.data
    assert marks.type == "scatter" and cells.hoverinfo == "skip"  # the marks take the click and the hover
    assert refs(marks) == ["agency=03000000&pillar=5", "agency=03000000&pillar=7", "agency=05000000&pillar=7"]
    assert list(marks.y) == [cells.y[0], cells.y[0], cells.y[1]] and list(marks.x) == [*cells.x, cells.x[1]]
    assert [row[2] for row in marks.customdata] == ["1/1", "6/7", "7/7"]  # shown on hover, like the cell
    assert drill(click(refs(marks)[2]), OPTIONS) == {"agency": ("05000000",), "pillar": (7,)}


def test_every_small_multiple_stands_for_its_pillar(two_agencies: pd.DataFrame) -> None:
    panels = pillar_panels(summary.pillar_progress(two_agencies), summary.ON_TRACK_GOAL)
    assert {p: {r for trace in fig.data for r in refs(trace)} for p, fig in panels.items()} == {
        5: {"pillar=5"},
        7: {"pillar=7"},
    }
    assert "customdata[3]" in panels[5].data[0].hovertemplate  # the counts moved one place on, hover too
    assert drill(click(refs(panels[7].data[0])[0]), OPTIONS) == {"pillar": (7,)}


def test_hostile_agency_names_stay_out_of_the_references(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000", hostile()), "h.txt", uploaded_by="t", agency_name=HOSTILE_AGENCY_NAME)
    df = indicators(engine)
    engine.dispose()
    marks = heatmap(df).data[1]
    assert all(r.startswith("agency=0") and "<" not in r for r in refs(marks))
    text = repr(marks.to_plotly_json())
    assert "<img" not in text and "&quot;" not in text and '"สำนัก"' in text  # names escaped once, as text


# --------------------------------------------------------------------------- events to filters


def test_a_click_sets_the_known_option_itself_not_the_text_sent() -> None:
    changed = drill(click("pillar=7"), OPTIONS)
    assert changed == {"pillar": (7,)} and isinstance(changed["pillar"][0], int)
    assert drill(click("dim=5.3"), OPTIONS) == {"dim": ("5.3",)}


def test_shift_click_on_several_bars_sets_them_all_once() -> None:
    assert drill(click("pillar=7", "pillar=5", "pillar=7"), OPTIONS) == {"pillar": (7, 5)}
    assert drill(click("agency=05000000&pillar=5", "agency=03000000&pillar=5"), OPTIONS) == {
        "agency": ("05000000", "03000000"),
        "pillar": (5,),
    }


@pytest.mark.parametrize(
    "event",
    [
        None,
        "pillar=5",
        {},
        {"selection": None},
        {"selection": {"points": "pillar=5"}},
        {"selection": {"points": [None, 5, "x"]}},
        {"selection": {"points": [{"x": 3}]}},  # a point without customdata
        {"selection": {"points": [{"customdata": []}]}},
        {"selection": {"points": [{"customdata": [5]}]}},
        {"selection": {"points": [{"customdata": [["pillar=5"]]}]}},
        {"selection": {"points": [{"customdata": {"0": "pillar=5"}}]}},
        click("pillar=3"),  # a pillar nobody reported on
        click("pillar=5.0"),
        click("pillar= 5"),
        click("pillar=5&pillar=<script>"),
        click("pillar=5<b>"),
        click("agency=03000000%00"),
        click("agency=%3Cimg%20src%3Dx%3E&pillar=5"),  # an unknown agency: the pillar is not set alone
        click("status=met"),  # a filter no chart sets
        click("fy=2563"),
        click("pillar"),
        click("=5"),
        click("&&&"),
        click("pillar=5&" * 50),
        click("agency=" + "0" * 500),
    ],
)
def test_a_forged_or_malformed_event_changes_nothing(event: object) -> None:
    assert drill(event, OPTIONS) == {}


def test_only_the_first_points_of_a_long_list_are_read() -> None:
    many = click(*(["pillar=5"] * MAX_POINTS + ["pillar=7"]))
    assert drill(many, OPTIONS) == {"pillar": (5,)}


def test_with_no_options_nothing_is_set() -> None:
    assert drill(click("pillar=5"), {}) == {}
