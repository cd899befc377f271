"""The quarterly-progress lines (kpi_core.outputs.progress) and the other charts of quarters, on
what the reviewer met at BMA scale: a quarter nobody reported drawn as 0 %, empty charts for
indicators without numbers,"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from sqlalchemy import Engine

from builders import SEED, page, page_without_q4
from kpi_core.outputs.charts import indicator_chart
from kpi_core.outputs.progress import LeftOut, progress_left_out, quarterly_progress
from kpi_core.storage import summary
from kpi_core.storage.query import indicators, quarters
from kpi_core.storage.store import ingest, open_store

REAL_07 = "index11_selDEP_07000000__q19a.txt"  # (1) met, 99.75 of 90; its file stops in Q2's report
CITY_PAGES = (  # the city-indicator database: targets, definitions, no quarter values
    "mykpi2563_pid_106__q10.txt",
    "mykpi2563_pid_132__q18.txt",
    "mykpi2563_pid_15__q24.txt",
    "mykpi2563_pid_235__q17.txt",
    "mykpi2563_pid_88__q1.txt",
    "mykpi2563_pid_91__q10.txt",
    "dp2_mykpi2563_pid_206__q21.txt",
)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)


def not_reported_bands(fig: object) -> list[tuple[float, float]]:
    return [(s.x0, s.x1) for s in fig.layout.shapes if s.type == "rect"]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- a quarter nobody reported


def test_the_real_met_indicator_does_not_fall_to_zero_in_a_quarter_nobody_reported(
    engine: Engine, samples_dir: Path
) -> None:
    """The reviewer's view (07000000, 2565): Q4 reads 0.00, the file stops before it; the pillar
    panel says "ยังไม่รายงาน" and the line fell to 0 % beside it."""
    ingest(engine, (samples_dir / "real" / REAL_07).read_bytes(), REAL_07, uploaded_by="t", fiscal_year=2565)
    df = indicators(engine)
    assert df["q4"].tolist() == [0.0] and df["status"].tolist() == ["met"]
    fig = quarterly_progress(df)
    assert fig is not None
    (line,) = fig.data
    assert [None if v is None else round(v, 2) for v in line.y] == [0.0, 92.47, 110.83, None]  # Q1: a reported 0
    # The same rule as the pillar panels: a point exactly where they count the quarter as reported.
    assert [v is not None for v in line.y] == summary.reported(df).iloc[0].tolist()
    panel = summary.pillar_progress(df)
    assert panel["percent_on_track"].isna().tolist() == [False, False, False, True]
    # Nobody of its row reported Q4: a pale band saying so, as in the panel, and no line there.
    assert not_reported_bands(fig) == [(2.6, 3.4)]
    assert "ยังไม่รายงาน" in [a.text for a in fig.layout.annotations]
    assert not fig.layout.title.subtitle.text  # the band says it; no second explanation


def test_a_break_no_band_explains_is_explained_under_the_title(engine: Engine) -> None:
    """The seed's indicator 8 reads 0.00 at Q4 with no report, as the SED shows a quarter nobody
    reported, while the others of dimension 7.3 reported Q4: its line stops at Q3, and since no
    band can say why, the title's second line does."""
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    df = indicators(engine)
    fig = quarterly_progress(df)
    assert fig is not None
    eighth = next(t for t in fig.data if t.name.startswith("(8) "))
    assert list(eighth.y) == [0.0, 0.0, 0.0, None]  # Q1–Q3 are reported zeros (narratives): they stay
    seventh = next(t for t in fig.data if t.name.startswith("(7) "))
    assert list(seventh.y) == [25.0, 0.0, 0.0, 125.0]
    assert not_reported_bands(fig) == []
    assert fig.layout.title.subtitle.text == "เส้นขาดช่วง: ไตรมาสที่ยังไม่รายงาน"
    assert quarterly_progress(df, "en").layout.title.subtitle.text == "A break in a line: a quarter not reported"
    reported = quarterly_progress(df.assign(q4_has_report=True))
    assert not reported.layout.title.subtitle.text and list(reported.data[-1].y) == [0.0] * 4  # no break, no note


# --------------------------------------------------------------------------- nothing to draw


def test_indicators_without_quarter_values_get_no_chart_and_are_named(engine: Engine, samples_dir: Path) -> None:
    """02000000, 2563: seven city indicators with targets and no quarter values drew six empty
    charts (an axis of 99–101 around the target line); now none, and the seven are named."""
    for name in CITY_PAGES:
        data = (samples_dir / "real" / name).read_bytes()
        ingest(engine, data, name, uploaded_by="t", fiscal_year=2563, agency_code="02000000")
    df = indicators(engine)
    assert len(df) == 7 and df[["q1", "q2", "q3", "q4"]].isna().all().all()
    assert quarterly_progress(df) is None and quarterly_progress(df, "en") is None
    left_out = progress_left_out(df)
    assert left_out.no_target == () and len(left_out.no_values) == 7
    assert any("ระบบบริการอิเล็กทรอนิกส์" in name for name in left_out.no_values)  # whole names, for reading


def test_only_the_indicators_with_points_make_rows_and_the_others_are_named(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, page(year=2563), "mykpi_pid_5008-2005.txt", uploaded_by="t")  # no plan dimension
    df = indicators(engine)
    is_page = df["kpi_code"] == "5008-2005"
    df.loc[is_page, "target"] = 0.0  # nothing is a percent of 0
    in_53 = df["plan_dimension_code"] == "5.3"
    for n in (1, 2, 3, 4):
        df.loc[in_53, f"q{n}"], df.loc[in_53, f"q{n}_has_report"] = 0.0, False  # nobody reported
    fig = quarterly_progress(df)
    assert fig is not None
    assert [a.text for a in fig.layout.annotations] == [
        "7.3 การบริหารทรัพยากรบุคคล"
    ]  # one row: 5.3 and ไม่ระบุ drew nothing
    assert {t.yaxis for t in fig.data} == {"y"} and len(fig.data) == (~in_53 & ~is_page).sum()
    left_out = progress_left_out(df)
    assert len(left_out.no_target) == 1 and left_out.no_target[0].startswith("50080000 2563 ร้อยละของคำขออนุญาต")
    assert len(left_out.no_values) == in_53.sum() and all("03000000 2563 (" in n for n in left_out.no_values)
    assert left_out and not LeftOut()
    assert progress_left_out(indicators(engine)) == LeftOut(no_target=(), no_values=())  # every line drawn


# --------------------------------------------------------------------------- the indicator page's quarters


def test_the_indicator_chart_says_not_reported_instead_of_a_bar_of_zero(engine: Engine) -> None:
    ingest(engine, page_without_q4(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    row = indicators(engine).iloc[0]
    fig = indicator_chart(row, quarters(engine, [int(row["indicator_id"])]))
    assert fig is not None
    values, gap = fig.data
    assert values.x == ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3") and list(values.y) == [12.5, 30.0, 41.2]
    assert gap.x == ("ไตรมาส 4",) and gap.text == ("ยังไม่รายงาน",) and "0.00" not in str(gap.hovertemplate)
    assert gap.y[0] >= 80.0  # as tall as the target line: a pale band, not a value
    assert list(fig.layout.xaxis.categoryarray) == ["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"]
    assert fig.layout.showlegend is False  # no legend of one blue "ค่าที่รายงาน"


def test_the_indicator_chart_says_a_cut_file_never_reached_the_quarter(engine: Engine, samples_dir: Path) -> None:
    ingest(engine, (samples_dir / "real" / REAL_07).read_bytes(), REAL_07, uploaded_by="t", fiscal_year=2565)
    row = indicators(engine).iloc[0]
    fig = indicator_chart(row, quarters(engine, [int(row["indicator_id"])]), "en")
    assert fig is not None
    values, gap = fig.data
    assert values.x == ("Q1", "Q2", "Q3") and list(values.y) == [0.0, 83.22, 99.75]  # Q3: a value, no narrative
    assert gap.x == ("Q4",) and gap.text == ("Not in the file",)


def test_an_indicator_chart_of_only_unreported_quarters_is_none(engine: Engine) -> None:
    ingest(engine, page_without_q4(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    row = indicators(engine).iloc[0]
    qs = quarters(engine, [int(row["indicator_id"])])
    assert indicator_chart(row, qs.assign(value=0.0, report="")) is None
    assert indicator_chart(row, qs.assign(value=math.nan)) is None
