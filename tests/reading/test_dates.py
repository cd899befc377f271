"""Dated events as report narratives write them: single dates, spans of time, numeric dates both
ways round, and how the timeline shows each."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kpi_core import parse_report
from kpi_core.reading.dates import find_dates, fiscal_year_votes, thai_when
from kpi_core.reading.thai import fiscal_quarter


def _one(text: str) -> tuple[date, date | None, bool, str]:
    (event,) = find_dates(text)
    return event.day, event.end_day, event.ambiguous, thai_when(event)


@pytest.mark.parametrize(
    ("text", "first", "last", "shown"),
    [
        # Month spans keep both ends: a first-quarter report is October to December, not December.
        ("ผลการดำเนินงาน ต.ค. - ธ.ค. 63 ดังนี้", date(2020, 10, 1), date(2020, 12, 31), "1 ต.ค. – 31 ธ.ค. 2563"),
        ("เดือนต.ค. -เดือนธ.ค. 63 - ดำเนินการเบิกจ่าย", date(2020, 10, 1), date(2020, 12, 31), "1 ต.ค. – 31 ธ.ค. 2563"),
        ("ในเดือน มี.ค.- เม.ย. 63", date(2020, 3, 1), date(2020, 4, 30), "1 มี.ค. – 30 เม.ย. 2563"),
        ("ตั้งแต่เดือน ตุลาคม - ธันวาคม 2562 - ลงทะเบียน", date(2019, 10, 1), date(2019, 12, 31), "1 ต.ค. – 31 ธ.ค. 2562"),
        # Each end with its own year.
        ("ช่วงตุลาคม 2562 - มีนาคม 2563", date(2019, 10, 1), date(2020, 3, 31), "1 ต.ค. 2562 – 31 มี.ค. 2563"),
        ("1 ต.ค. 2563 – 30 ก.ย. 2564", date(2020, 10, 1), date(2021, 9, 30), "1 ต.ค. 2563 – 30 ก.ย. 2564"),
        # The year written once, on the later month of the next calendar year.
        ("พ.ย. - ม.ค. 64", date(2020, 11, 1), date(2021, 1, 31), "1 พ.ย. 2563 – 31 ม.ค. 2564"),
        # Days in different months, joined by ถึง.
        ("ระหว่างวันที่ 1 ต.ค. ถึง 31 ธ.ค. 64 พบ", date(2021, 10, 1), date(2021, 12, 31), "1 ต.ค. – 31 ธ.ค. 2564"),
        ("ตั้งแต่วันที่ 1 ตุลาคม - 17 ธันวาคม 2562", date(2019, 10, 1), date(2019, 12, 17), "1 ต.ค. – 17 ธ.ค. 2562"),
        # Days in one month: first to last.
        ("จัดอบรมวันที่ 1-15 มกราคม 2563", date(2020, 1, 1), date(2020, 1, 15), "1 – 15 ม.ค. 2563"),
        ("ในวันที่ 17 -21 สิงหาคม 2563 ณ ศาลาว่าการ", date(2020, 8, 17), date(2020, 8, 21), "17 – 21 ส.ค. 2563"),
        ("ในวัน 10 , 16 - 17 มิถุนายน 2563", date(2020, 6, 10), date(2020, 6, 17), "10 – 17 มิ.ย. 2563"),
        # Single dates stay single.
        ("ประชุมเมื่อวันที่ 9 ธันวาคม 2562", date(2019, 12, 9), None, "9 ธ.ค. 2562"),
        ("ลว. 2 เม.ย. 63", date(2020, 4, 2), None, "2 เม.ย. 2563"),
        ("ข้อมูล ณ ธ.ค. 63", date(2020, 12, 1), None, "ธ.ค. 2563"),
    ],
)
def test_spans_keep_both_ends(text: str, first: date, last: date | None, shown: str) -> None:
    assert _one(text) == (first, last, False, shown)


@pytest.mark.parametrize(
    ("text", "day", "ambiguous", "shown"),
    [
        ("ตามหนังสือ ลว. 25/01/2565", date(2022, 1, 25), False, "25 ม.ค. 2565"),  # day first, as Thai writes
        ("10/26/2020 : อยู่ระหว่างขั้นตอน", date(2020, 10, 26), False, "26 ต.ค. 2563"),  # only reads US-style
        ("05/06/2020 : อยู่ระหว่างขั้นตอน", date(2020, 6, 5), True, "5 มิ.ย. 2563 (หรือ 6 พ.ค. 2563)"),
        ("05/05/2020", date(2020, 5, 5), False, "5 พ.ค. 2563"),  # the same both ways
        ("ลว. 05/06/2563", date(2020, 6, 5), False, "5 มิ.ย. 2563"),  # a B.E. year: a Thai writer, day first
        ("13/13/2020", None, False, ""),  # no reading at all
    ],
)
def test_numeric_dates_either_way_round(text: str, day: date | None, ambiguous: bool, shown: str) -> None:
    events = find_dates(text)
    if day is None:
        assert events == []
        return
    assert _one(text) == (day, None, ambiguous, shown)


def test_a_text_with_us_dates_reads_its_ambiguous_ones_us_style() -> None:
    text = "10/26/2020 : เบิกจ่ายร้อยละ 4.06 11/30/2020 : ได้รับงบประมาณ 12/05/2020 : ตรวจรับงวดที่ 1"
    days = [(e.day, e.ambiguous) for e in find_dates(text)]
    assert days == [(date(2020, 10, 26), False), (date(2020, 11, 30), False), (date(2020, 12, 5), True)]
    mixed = "25/01/2020 และ 10/26/2020 และ 05/06/2020"  # both orders seen: no way to tell, day first
    assert find_dates(mixed)[-1].day == date(2020, 6, 5)


# The first-quarter report of dp1 mykpi 5026-2001 (real): US-style dates of October-December 2020,
# fiscal year 2564. The vote read their second number as the month (26, 30: no month) and found
# no year; with 12/01 for 12/30 it read 12 January and voted 2563.
US_STYLE = (
    "10/26/2020 : อยู่ระหว่างขั้นตอน...ติดตามงบประมาณ 2564 ได้รับงบประมาณหลังปรับโอน คิดเป็นร้อยละ 4.06 "
    "11/30/2020 : อยู่ระหว่างขั้นตอน...เบิกจ่ายแล้ว เป็นเงิน 25,345,417.33 บาท คิดเป็นร้อยละ 5.01 "
    "12/30/2020 : อยู่ระหว่างขั้นตอน"
)


@pytest.mark.parametrize(
    ("texts", "votes"),
    [
        ([US_STYLE], {2564: 3}),
        ([US_STYLE.replace("12/30/2020", "12/01/2020")], {2564: 3}),  # ambiguous: month first, as the others
        # The order one text shows holds for the file: the other narrative's 12/01 is 1 December.
        (["10/26/2020 : อยู่ระหว่างขั้นตอน", "12/01/2020 : ตรวจรับงวดที่ 1"], {2564: 2}),
        # Day first shown (25/01/2020): 01/10/2020 is 1 October.
        (["25/01/2020 ส่งหนังสือ", "01/10/2020 ตรวจรับ"], {2563: 1, 2564: 1}),
        # Nothing shows the order: 01/10/2020 is 1 October or 10 January, 2564 or 2563: no vote;
        # 05/06/2020 is June or May, 2563 either way: a vote.
        (["01/10/2020 ตรวจรับ", "05/06/2020 ส่งมอบ"], {2563: 1}),
        # Both orders shown: no way to tell either.
        (["25/01/2020 และ 10/26/2020 และ 01/10/2020"], {2563: 1, 2564: 1}),
    ],
)
def test_fiscal_year_votes_read_numeric_dates_as_the_timeline_does(texts: list[str], votes: dict[int, int]) -> None:
    assert fiscal_year_votes(texts) == Counter(votes)


def test_a_us_style_page_gets_its_fiscal_year_from_its_dates() -> None:
    page = (
        "รายละเอียดตัวชี้วัด\n\n5.1 ควาสำเร็จของการเบิกจ่ายงบประมาณในภาพรวม : 5026-2001\n\n"
        "ค่าเป้าหมาย ร้อยละ : 100\n\nผลงานที่ทำได้ ร้อยละ : 94.73\n\nรายงานผลฯ ไตรมาสที่ 1\n\n"
    )
    for text in (US_STYLE, US_STYLE.replace("12/30/2020", "12/01/2020")):
        report = parse_report((page + text + "\n").encode(), "5026-2001.txt")
        assert (report.fiscal_year, report.fiscal_year_source) == (2564, "dates")
        assert "no-fiscal-year" not in [i.code for i in report.issues]


@pytest.mark.parametrize(
    "text",
    [
        "ธ.ค. 63 - ต.ค. 63",  # backwards: two dates, not a span
        "ต.ค. 2555 - ธ.ค. 2565",  # ten years: two dates next to each other
    ],
)
def test_what_is_not_a_span_is_read_as_two_dates(text: str) -> None:
    events = find_dates(text)
    assert len(events) == 2 and all(e.end_day is None for e in events)


def test_no_year_no_date() -> None:
    assert find_dates("เดือนมกราคม-เดือนมีนาคม ดำเนินการ") == []


def test_a_first_quarter_span_counts_in_its_own_quarter_and_year() -> None:
    (event,) = find_dates("ไตรมาสที่ 1 (ต.ค. - ธ.ค. 62)")
    assert fiscal_quarter(event.day) == 1 and event.fiscal_year == 2563
    # A span is one event (the parser's fiscal-year vote, fiscal_year_votes, still counts each
    # end of a span: a known difference, see the issue note).
    assert len(find_dates("ตุลาคม 2562 - มีนาคม 2563")) == 1
