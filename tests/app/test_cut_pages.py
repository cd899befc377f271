"""A file cut off mid-indicator, as an executive meets it: a warning near the top of the
indicator's page, "not in the file" instead of "no report", the flag on the overview, its filter
and its legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import run

from builders import SEED, page_cut_at_q3
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store
from ui.markdown import unplain

CUT = "ไฟล์ต้นฉบับขาดตอน"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    ingest(open_store(url, seed=False), SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return url


def _texts(at: AppTest, kind: str) -> str:
    return " ".join(unplain(str(e.value)) for e in at.get(kind))


def _cut_page(db: str) -> int:
    engine = open_store(db, seed=False)
    ingest(engine, page_cut_at_q3(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    df = indicators(engine)
    return int(df.loc[df.kpi_code == "5008-2005", "indicator_id"].item())


def test_the_indicator_page_of_a_cut_file_says_where_it_ends(db: str) -> None:
    at = run("indicator", id=str(_cut_page(db)))
    (warning,) = [w.value for w in at.warning]
    assert "mykpi_pid_5008-2005.txt" in unplain(warning) and "บรรทัด 54" in warning
    markdown = _texts(at, "markdown")
    assert markdown.count("ไม่อยู่ในไฟล์: ไฟล์ต้นฉบับจบก่อนถึงรายงานของไตรมาสนี้") == 2  # Q3 and Q4
    assert "(ไม่มีรายงาน)" not in markdown
    captions = _texts(at, "caption")
    assert CUT in captions and "มีผลงานไตรมาสแต่ไม่มีรายงานผล" not in captions  # beside the status


def test_the_overview_flags_the_cut_indicator_and_filters_by_it(db: str) -> None:
    _cut_page(db)
    at = run(fy="all")  # the seed's 2563 and the page's 2565
    (table,) = [d.value for d in at.dataframe if "flags" in d.value.columns]
    flagged = [name for name, flags in zip(table["name"], table["flags"], strict=True) if CUT in flags]
    assert len(table) == 9 and [name[:20] for name in flagged] == ["ร้อยละของคำขออนุญาตก"]
    legend = _texts(at, "markdown")
    assert CUT in legend and "ไม่ได้แปลว่าหน่วยงานไม่รายงาน" in legend
    only = run(flag="file-cut", fy="all")
    assert [len(d.value) for d in only.dataframe if "flags" in d.value.columns] == [1]


def test_a_cut_in_the_definition_and_a_report_truly_missing(db: str, samples_dir: Path) -> None:
    """``mykpi_pid_5032-0772`` is cut inside its definition (``คำ``), every heading there: its Q1
    report is empty in the file, which is the agency's, and its definition says it was cut."""
    name = "mykpi_pid_5032-0772__q14.txt"
    engine = open_store(db, seed=False)
    ingest(engine, (samples_dir / "real" / name).read_bytes(), name, uploaded_by="t", fiscal_year=2562)
    df = indicators(engine)
    at = run("indicator", id=str(int(df.loc[df.source_name == name, "indicator_id"].item())))
    assert "บรรทัด 63" in at.warning[0].value and "นิยามของตัวชี้วัด" in at.warning[0].value
    assert "(ไม่มีรายงาน)" in _texts(at, "markdown") and "ไม่อยู่ในไฟล์" not in _texts(at, "markdown")
    assert "ไฟล์ต้นฉบับจบกลางส่วนนี้ที่บรรทัด 63" in _texts(at, "caption")


def test_reports_placed_by_position_carry_a_caveat(db: str, samples_dir: Path) -> None:
    name = "dp_mykpi_pid_1900-6562__q16.txt"
    engine = open_store(db, seed=False)
    ingest(engine, (samples_dir / "real" / name).read_bytes(), name, uploaded_by="t", fiscal_year=2566)
    df = indicators(engine)
    at = run("indicator", id=str(int(df.loc[df.source_name == name, "indicator_id"].item())))
    assert any("จัดเข้าไตรมาสตามลำดับบรรทัด" in i.value for i in at.info)
