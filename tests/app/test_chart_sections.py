"""The overview's and the indicator page's charts as a reader meets them: no quarter nobody
reported drawn as 0, no heading over no chart, no empty chart, a legend true to its colours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_app import run

from builders import SEED, corrected, page, page_without_q4
from kpi_core.analysis.status import STATUS_COLORS
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store
from ui.markdown import unplain


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    open_store(url, seed=False).dispose()
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return url


def specs(at: AppTest) -> list[dict[str, Any]]:
    """The page's Plotly figures, as the browser gets them."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """The page's Plotly figures by title (the last of a title)."""
    return {str(s["layout"].get("title", {}).get("text", "")): s for s in specs(at)}


def captions(at: AppTest) -> list[str]:
    return [unplain(c.value) for c in at.caption]


PROGRESS = "ความก้าวหน้ารายไตรมาสเทียบกับค่าเป้าหมาย"


def test_the_overview_draws_no_zero_for_a_quarter_nobody_reported(db: str) -> None:
    """A page whose Q4 reads 0.00 with no report: the line stops at Q3 instead of falling to 0 %."""
    ingest(open_store(db, seed=False), page_without_q4(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    at = run(fy="2565")
    (line,) = figures(at)[PROGRESS]["data"]
    assert [round(v, 2) if v is not None else None for v in line["y"]] == [15.62, 37.5, 51.5, None]


def test_without_a_pillar_the_pillar_section_says_so_instead_of_a_heading_over_nothing(db: str) -> None:
    """A single-indicator page names no pillar: the section had its heading and its caption about
    bars, and no chart. In English too."""
    ingest(open_store(db, seed=False), page(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    at = run(fy="2565")
    assert "ความก้าวหน้ารายไตรมาส จำแนกตามด้าน" in [s.value for s in at.subheader]
    said = captions(at)
    assert "ตัวชี้วัดในมุมมองนี้ไม่ระบุยุทธศาสตร์ (ด้าน) จึงไม่มีความก้าวหน้าจำแนกตามด้าน" in said
    assert not any(c.startswith("แท่ง:") for c in said)  # the caption about bars that were not there
    english = captions(run(fy="2565", lang="en"))
    assert "No indicator in this view names a plan pillar, so there is no progress by pillar" in english


def test_the_pillar_section_of_a_view_with_pillars_is_unchanged(db: str) -> None:
    ingest(open_store(db, seed=False), SEED, "seed.txt", uploaded_by="t")
    at = run()
    assert any(c.startswith("แท่ง:") for c in captions(at))
    assert not any("ไม่ระบุยุทธศาสตร์" in c for c in captions(at))
    assert {"ด้านที่ 5 ประชาธิปไตย", "ด้านที่ 7 การบริหารจัดการ"} <= set(figures(at))


def test_indicators_with_nothing_to_draw_get_a_sentence_not_an_empty_chart(db: str) -> None:
    """A view of indicators without a usable target drew an empty chart (its axis 99–101): now
    no chart, and a sentence naming them and saying why."""
    engine = open_store(db, seed=False)
    ingest(engine, page_without_q4(target="0"), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    at = run(fy="2565")
    assert "ความก้าวหน้ารายไตรมาสเทียบค่าเป้าหมาย" in [s.value for s in at.subheader]
    assert PROGRESS not in figures(at)
    (said,) = [c for c in captions(at) if c.startswith("ไม่มีเส้น")]
    assert said.startswith("ไม่มีเส้นสำหรับ 1 ตัวชี้วัดที่ไม่มีค่าเป้าหมาย (เทียบเป้าหมายไม่ได้):")
    assert "• ร้อยละของคำขออนุญาตก่อสร้างอาคารที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กำหนด" in said
    english = [c for c in captions(run(fy="2565", lang="en")) if c.startswith("No line")]
    assert english and english[0].startswith("No line for 1 indicator without a target")


def test_count_axes_of_a_one_indicator_view_count_in_whole_numbers(db: str) -> None:
    ingest(open_store(db, seed=False), page(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    status = [f for f in specs(run(fy="2565")) if f["layout"]["title"]["text"] == "สถานะตัวชี้วัด"]
    assert len(status) == 3  # per pillar, evaluation dimension, plan dimension
    for fig in status:
        axis = fig["layout"]["xaxis"]
        assert (axis["tickmode"], axis["tick0"], axis["dtick"], axis["tickformat"]) == ("linear", 0, 1, ",d")


def test_the_indicator_page_says_not_reported_where_its_chart_had_a_zero(db: str) -> None:
    engine = open_store(db, seed=False)
    ingest(engine, page_without_q4(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    at = run("indicator", id=str(int(indicators(engine)["indicator_id"].item())))
    values, gap = figures(at)["ค่ารายไตรมาสเทียบกับค่าเป้าหมาย"]["data"]
    assert values["x"] == ["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3"]
    assert gap["x"] == ["ไตรมาส 4"] and gap["text"] == ["ยังไม่รายงาน"]


def test_the_same_indicator_in_other_years_has_a_legend_entry_per_colour(db: str) -> None:
    """Indicator 8 was not met in 2563 (0.00) and met in 2564 (75.00): the legend showed one red
    "ผลงาน" over a red and a green bar."""
    engine = open_store(db, seed=False)
    ingest(engine, SEED, "2563.txt", uploaded_by="t")
    ingest(engine, corrected(), "2564.txt", uploaded_by="t", fiscal_year=2564)
    df = indicators(engine)
    eighth = int(df.loc[(df["seq"] == 8) & (df["fiscal_year"] == 2564), "indicator_id"].item())
    at = run("indicator", id=str(eighth))
    years = figures(at)["ผลงานแต่ละปีงบประมาณเทียบกับค่าเป้าหมาย"]["data"]
    bars = [(t["name"], t["marker"]["color"], t["x"]) for t in years if t["type"] == "bar"]
    assert bars == [("บรรลุ", STATUS_COLORS["met"], ["2564"]), ("ไม่บรรลุ", STATUS_COLORS["not-met"], ["2563"])]
