"""Dated events in Thai narratives: ``9 ธันวาคม 2562``, ``2 เม.ย. 63``, ``25/01/2565``, ``ธ.ค. 63``.

One small handler per written form, tried in order, each returning ``None`` when it does not
apply (the feedparser way). Text is expected to be normalised (Arabic digits).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kpi_core.reading.thai import BE_OFFSET, fiscal_year

Precision = Literal["day", "month"]

FULL_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
ABBR_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _month_alternatives() -> tuple[str, dict[str, int]]:
    names: dict[str, int] = {}
    for i, (full, abbr) in enumerate(zip(FULL_MONTHS, ABBR_MONTHS, strict=True), start=1):
        names[full] = i
        names[abbr] = i
        names[abbr.rstrip(".")] = i  # "ม.ค 63": the last dot is often dropped
    # Longest first so that "มี.ค." wins over "ม.ค" and "มิถุนายน" is never cut short.
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return alternation, names


_MONTH_ALT, _MONTH_NUMBER = _month_alternatives()
_THAI_DATE = re.compile(
    # A day range ("16 - 17", "10 , 16 - 17") takes the first day; the repeat is bounded, because
    # an unbounded one made long runs of "1 - 1 - 1 …" quadratic.
    rf"(?:(?<!\d)(?P<day>\d{{1,2}})(?:\s?[-–,]\s?\d{{1,2}}){{0,4}}\s*)?(?P<month>{_MONTH_ALT})\s*"
    rf"(?:พ\.\s?ศ\.\s*)?(?P<year>\d{{4}}|\d{{2}})(?!\d)"
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])")


@dataclass(frozen=True)
class DatedEvent:
    """A date found in a text, with where it was and how precise it is."""

    day: date
    precision: Precision
    start: int
    end: int
    text: str

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.day)


def year_to_ad(raw: str) -> int | None:
    """A written year as A.D.: 4-digit B.E. or A.D., 2-digit B.E. (``63`` → 2020).

    >>> year_to_ad("2563"), year_to_ad("63"), year_to_ad("2020"), year_to_ad("1234")
    (2020, 2020, 2020, None)
    """
    year = int(raw)
    if len(raw) == 2:
        year += 2500
    if 2400 <= year <= 2700:
        return year - BE_OFFSET
    if 1900 <= year <= 2157:
        return year
    return None


def _make(day: int | None, month: int, year: str, m: re.Match[str]) -> DatedEvent | None:
    ad = year_to_ad(year)
    if ad is None or not 1 <= month <= 12:
        return None
    try:
        when = date(ad, month, day or 1)
    except ValueError:
        return None
    return DatedEvent(when, "day" if day else "month", m.start(), m.end(), m.group())


def _thai_date(m: re.Match[str]) -> DatedEvent | None:
    day = int(m["day"]) if m["day"] else None
    return _make(day, _MONTH_NUMBER[m["month"]], m["year"], m)


def _numeric_date(m: re.Match[str]) -> DatedEvent | None:
    return _make(int(m["day"]), int(m["month"]), m["year"], m)


_HANDLERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DatedEvent | None]], ...] = (
    (_THAI_DATE, _thai_date),
    (_NUMERIC_DATE, _numeric_date),
)


def find_dates(text: str) -> list[DatedEvent]:
    """Every date in ``text``, in order of appearance.

    >>> [e.day.isoformat() for e in find_dates("ลว. 2 เม.ย. 63 และวันที่ 9 ธันวาคม 2562")]
    ['2020-04-02', '2019-12-09']
    """
    found: list[DatedEvent] = []
    for pattern, handler in _HANDLERS:
        for m in pattern.finditer(text):
            event = handler(m)
            if event is not None:
                found.append(event)
    found.sort(key=lambda e: e.start)
    return found


def most_common_fiscal_year(texts: Iterable[str]) -> int | None:
    """The fiscal year most dated events fall in (ties: the later year), or ``None``."""
    counts = Counter(e.fiscal_year for t in texts if t for e in find_dates(t))
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def thai_date(day: date, precision: Precision = "day") -> str:
    """A date the way Thai reports write it, B.E. year.

    >>> thai_date(date(2019, 12, 9)), thai_date(date(2020, 4, 1), "month")
    ('9 ธ.ค. 2562', 'เม.ย. 2563')
    """
    month_year = f"{ABBR_MONTHS[day.month - 1]} {day.year + BE_OFFSET}"
    return f"{day.day} {month_year}" if precision == "day" else month_year
