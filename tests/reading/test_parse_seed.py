"""The seed report, field by field: what an executive will see must be exactly what SED published."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kpi_core import Report, parse_report
from kpi_core.reading.blocks import _PRINTED, _heading

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reports" / "sed_agency_03000000.txt"

# (seq, unit, target, result, quarter values, assessment pairs per quarter)
A100 = (100.0, 100.0)
A0 = (0.0, 0.0)
EXPECTED = [
    (1, "ร้อยละ", 100.0, 100.0, [0.0, 0.0, 100.0, 100.0], [A100, A100, A0, A100]),
    (2, "ร้อยละ", 30.0, 30.0, [0.0, 0.0, 30.0, 30.0], [A100, A100, A100, A100]),
    (3, "จำนวน (หลักสูตร)", 1.0, 1.0, [0.0, 0.0, 0.0, 1.0], [A100, A100, A100, A100]),
    (4, "จำนวน (ฉบับ)", 1.0, 1.0, [0.0, 0.0, 0.0, 1.0], [A100, A100, A0, A100]),
    (5, "จำนวน (กลุ่มภารกิจ)", 2.0, 3.0, [0.0, 0.0, 0.0, 3.0], [A100, A100, A0, A100]),
    (6, "จำนวน (ฉบับ)", 1.0, 1.0, [0.0, 0.0, 1.0, 1.0], [A100, A100, A100, A100]),
    (7, "ร้อยละ", 80.0, 100.0, [20.0, 0.0, 0.0, 100.0], [A100, A100, A0, A100]),
    (8, "ร้อยละ", 70.0, 0.0, [0.0, 0.0, 0.0, 0.0], [A100, A100, A0, A100]),
]


@pytest.fixture(scope="module")
def seed() -> Report:
    return parse_report(SEED.read_bytes(), SEED.name)


def test_header(seed: Report) -> None:
    assert seed.format == "agency_report"
    assert seed.agency_code == "03000000"
    # The header has no year, nor does any indicator's name; the dated events of the narratives
    # (and indicator 8's "ปีงบประมาณ พ.ศ. 2563", a mention in passing) vote for 2563.
    assert (seed.fiscal_year, seed.fiscal_year_source) == (2563, "dates")
    assert seed.issues == ()


@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: f"indicator-{r[0]}")
def test_indicator_numbers(seed: Report, row: tuple) -> None:  # type: ignore[type-arg]
    seq, unit, target, result, values, pairs = row
    ind = seed.indicators[seq - 1]
    assert (ind.seq, ind.unit, ind.target, ind.result) == (seq, unit, target, result)
    assert [q.value for q in ind.quarters] == values
    assert [q.assessment for q in ind.quarters] == pairs
    assert [q.quarter for q in ind.quarters] == [1, 2, 3, 4]
    assert all(q.sed_score is None for q in ind.quarters)  # agency reports leave it blank
    assert (ind.eval_dimension, ind.kpi_code) == (1, None)


def test_every_quarter_has_its_narrative(seed: Report) -> None:
    starts = {
        (1, 1): "ได้รับเงินประจำงวดเรียบร้อยแล้ว",
        (1, 3): "สามารถดำเนินการได้ตามตัวชี้วัด",
        (2, 4): "ได้สมรรถนะประจำผู้บริหารกรุงเทพมหานคร จำนวน 7 สมรรถนะ",
        (3, 2): "-แต่งตั้งคณะกรรมการจัดทำหลักสูตรฯ",
        (4, 3): "1. โครงการจ้างเหมาพัฒนาระบบการปฏิบัติงาน",
        (5, 1): "อยู่ระหว่างขั้นตอนการเผยแพร่ประกาศเชิญชวนและ เอกสารจ้างที่ปรึกษา",
        (7, 3): "ขอเลื่อนการดำเนินการจัดประชุมและสนทนากลุ่ม",
        (8, 3): "ขอยกเลิกโครงการฝึกงานกับกรุงเทพมหานคร",
    }
    for (seq, q), start in starts.items():
        assert seed.indicators[seq - 1].quarters[q - 1].report.startswith(start), (seq, q)
    for ind in seed.indicators:
        for q in ind.quarters:
            if (ind.seq, q.quarter) != (8, 4):
                assert q.report, (ind.seq, q.quarter)
    assert seed.indicators[7].quarters[3].report == ""  # "-" means no report
    assert "โควิด-19" in seed.indicators[7].quarters[2].report
    assert "ขยายสัญญา" in seed.indicators[4].quarters[3].report
    # กรุุงเทพ (a doubled mark in the source) is repaired.
    assert "กรุงเทพมหานครได้อนุมัติ" in seed.indicators[4].quarters[3].report


def test_a_whole_report_is_not_marked_cut(seed: Report) -> None:
    """The seed ends in the supporting-projects heading with no text and no final newline: whole."""
    assert all(i.cut_line is None and not i.by_position for i in seed.indicators)
    assert all(q.in_file for i in seed.indicators for q in i.quarters)


def test_plan_path_and_repair(seed: Report) -> None:
    first = seed.indicators[0]
    assert (first.plan_dimension_code, first.plan_dimension_title) == ("5.3", "การกระจายอำนาจสู่ประชาชน")
    assert first.plan_goal_code == "5.3.1"
    assert "ให้อำนาจในการกำหนดนโ" in first.plan_goal_title  # อำานาจ repaired
    assert "ำา" not in first.plan_goal_title
    assert first.plan_goal_truncated is True
    assert first.plan_pillar == 5
    assert [i.plan_dimension_code for i in seed.indicators] == ["5.3"] + ["7.3"] * 7
    assert [i.plan_goal_code for i in seed.indicators] == ["5.3.1", "7.3.1", "7.3.1"] + ["7.3.2"] * 5
    assert [i.eval_label for i in seed.indicators] == ["ตัวชี้วัดเจรจา"] * 5 + [""] * 3
    assert first.name_detail == "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้ สำนักงานเขตเป็นหน่วยดำเนินการ"


def test_lines_point_at_the_source(seed: Report) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for ind in seed.indicators:
        assert lines[ind.line - 1].startswith(f"({ind.seq})")
        for q in ind.quarters:
            assert q.line is not None and lines[q.line - 1] == str(q.quarter)


def test_printed_headings_read_as_their_patterns_read_them() -> None:
    # Headings printed exactly so are looked up, not matched: the look-up must agree.
    for line, (kind, quarter) in _PRINTED.items():
        assert _heading(line, 7) == (7, kind, quarter, "")


def test_optional_sections_do_not_swallow_the_next_indicator(seed: Report) -> None:
    # Indicator 2 has a summary heading but no supporting-projects heading.
    assert [i.seq for i in seed.indicators] == list(range(1, 9))
    assert all(i.summary == "" and i.supporting_projects == "" for i in seed.indicators)


def test_cli_json_is_the_contract() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "parse", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(out.stdout)
    assert list(data) == ["format", "agency_code", "fiscal_year", "fiscal_year_source", "indicators", "issues"]
    assert len(data["indicators"]) == 8
    ind = data["indicators"][4]
    assert list(ind) == [
        "seq",
        "kpi_code",
        "name",
        "name_detail",
        "eval_heading",
        "eval_dimension",
        "eval_label",
        "plan_dimension_code",
        "plan_dimension_title",
        "plan_goal_code",
        "plan_goal_title",
        "plan_goal_truncated",
        "kpi_type",
        "unit",
        "target",
        "result",
        "quarters",
        "summary",
        "supporting_projects",
        "definition",
        "line",
    ]
    assert ind["quarters"][3] == {
        "quarter": 4,
        "value": 3.0,
        "sed_score": None,
        "assessment": [100.0, 100.0],
        "report": ind["quarters"][3]["report"],
    }
    assert data == parse_report(SEED.read_bytes(), SEED.name).to_dict()
