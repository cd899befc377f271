"""The indicator page's timeline: dated events of the narratives, spans shown with both ends, dates
written together in one row."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from kpi_core import parse_report
from kpi_core.analysis.excerpt import SPACE_REACH
from kpi_core.reading.dates import find_dates
from kpi_core.reading.errors import KpiError
from kpi_core.storage.narratives import LONGEST_PASSAGE, timeline


def test_timeline_shows_spans_and_sorts_them_by_their_first_day() -> None:
    quarters = pd.DataFrame(
        {
            "quarter": [1, 2],
            "report": ["รวบรวมข้อมูลช่วง ต.ค. - ธ.ค. 62 แล้วเสร็จ", "ประชุมเมื่อวันที่ 9 ธันวาคม 2562"],
        }
    )
    out = timeline(quarters)
    assert out["when"].tolist() == ["1 ต.ค. – 31 ธ.ค. 2562", "9 ธ.ค. 2562"]
    assert out["quarter"].tolist() == [1, 2]


def _quarters(samples_dir: Path, name: str) -> pd.DataFrame:
    """The quarters' narratives of a real excerpt's one indicator, as the indicator page reads them."""
    (indicator,) = parse_report((samples_dir / "real" / name).read_bytes(), name).indicators
    return pd.DataFrame(
        {"quarter": [q.quarter for q in indicator.quarters], "report": [q.report for q in indicator.quarters]}
    )


def test_a_sentence_with_a_month_and_a_span_is_one_row_with_both(samples_dir: Path) -> None:
    """pid 5010-0957, Q2: "รายงานประจำเดือน มีนาคม 2564 … ตั้งแต่ 1 ตุลาคม 2563 - 31 มีนาคม 2564":
    the month of the report and the span it covers, two dates of one sentence. The page listed
    the sentence twice, once a date; a reader reads one row with its dates."""
    out = timeline(_quarters(samples_dir, "dp1_mykpi_pid_5010-0957__q18.txt"))
    q2 = out[out["quarter"] == 2]
    assert q2["when"].tolist() == ["มี.ค. 2564 · 1 ต.ค. 2563 – 31 มี.ค. 2564"]
    (shown,) = q2["excerpt"]
    assert "รายงานประจำเดือน มีนาคม 2564" in shown and "1 ตุลาคม 2563 - 31 มีนาคม 2564" in shown
    assert out["when"].tolist() == ["1 ต.ค. – 31 ธ.ค. 2563", "มี.ค. 2564 · 1 ต.ค. 2563 – 31 มี.ค. 2564"]  # by first day


def test_two_days_of_one_clause_are_one_row(samples_dir: Path) -> None:
    """pid 5001-0763: "กิจกรรมจิตอาสาปรับภูมิทัศน์ในวันที่ 19 พ.ย. 62 และ 4 ธ.ค. 62"."""
    out = timeline(_quarters(samples_dir, "mykpi_pid_5001-0763__q1.txt"))
    assert out["when"].tolist() == ["19 พ.ย. 2562 · 4 ธ.ค. 2562"]


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        # A log of dated entries (US-style, 10/26/2020 …): each entry its own row.
        ("dp1_mykpi_pid_5026-2001__q29.txt", ["26 ต.ค. 2563", "30 พ.ย. 2563", "30 ธ.ค. 2563"]),
        # Numbered items, each with its meeting date: two rows.
        ("dp_mykpi_pid_1500-2091__q9.txt", ["11 ต.ค. 2565", "6 ธ.ค. 2565"]),
    ],
)
def test_dates_written_apart_stay_rows_of_their_own(samples_dir: Path, name: str, rows: list[str]) -> None:
    out = timeline(_quarters(samples_dir, name))
    assert out["when"].tolist() == rows
    assert out["excerpt"].is_unique


def test_dates_never_overlap_in_real_narratives(samples_dir: Path) -> None:
    """A span is one event: no date is read again inside another (``มีนาคม 2564`` inside
    ``1 ตุลาคม 2563 - 31 มีนาคม 2564``)."""
    for path in sorted((samples_dir / "real").glob("*.txt")):
        try:
            report = parse_report(path.read_bytes(), path.name)
        except KpiError:
            continue  # not a report (a context page): nothing to read dates from
        for indicator in report.indicators:
            for quarter in indicator.quarters:
                events = find_dates(quarter.report)
                assert all(a.end <= b.start for a, b in itertools.pairwise(events)), (path.name, quarter.quarter)


def test_a_long_run_of_dates_is_cut_into_passages_of_bounded_length() -> None:
    text = " ".join(["1 ม.ค. 63"] * 2000)
    out = timeline(pd.DataFrame({"quarter": [1], "report": [text]}))
    assert 1 < len(out) < 2000 and out["excerpt"].str.len().max() <= LONGEST_PASSAGE + 2 * (50 + SPACE_REACH + 1)
