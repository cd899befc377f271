"""Dated events in Thai narratives: ``9 ธันวาคม 2562``, ``2 เม.ย. 63``, ``25/01/2565``, ``ธ.ค. 63``.

One small handler per written form, tried in order, each returning ``None`` when it does not
apply (the feedparser way). Text is expected to be normalised (Arabic digits).
:func:`fiscal_year_votes` counts the same events by fiscal year, fast enough for every narrative
of a big report.
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


def usual_year(votes: Counter[int]) -> int | None:
    """The year with the most votes, the later one on a tie; None without votes."""
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else None


# -- the fiscal-year vote ------------------------------------------------------------------------
# find_dates tries its month alternation at every position of a text (about 5 MB/s), too slow to
# run over every narrative of a big report. Every month name holds a literal that a regex finds
# fast: the "." of an abbreviation, าคม / ายน / พันธ์ at the end of a full name, the "/" of a
# numeric date. A fixed-width look-behind then reads the letters before it, which name the
# month. The day does not change the fiscal year and is not read: an impossible day
# (31 เม.ย. 63) still votes, where find_dates drops it.

_YEAR_AFTER = r"\s*(?:พ\.\s?ศ\.\s*)?(\d{4}|\d{2})(?!\d)"
_ABBR_AT_DOT = {abbr.rstrip("."): month for month, abbr in enumerate(ABBR_MONTHS, start=1)}  # "มี.ค" -> 3
# At the first dot of an abbreviation: the two letters before it, the letter after, the year.
_ABBR_VOTE = re.compile(r"\.(?<=(..)\.)([คพย])\.?" + _YEAR_AFTER)
# Full names end in า + คม, ยน or พันธ์: one scan, its literal the า. The three letters before
# the า differ for every month and name it; the whole name is then checked. Look-behinds of 6
# down to 3 letters: 3 to 6 letters stand before the า.
_FULL_SUFFIXES = ("คม", "ยน", "พันธ์")
_FULL_HEADS = {
    name[-len(suffix) - 4 : -len(suffix) - 1]: (name, month)
    for month, name in enumerate(FULL_MONTHS, start=1)
    for suffix in _FULL_SUFFIXES
    if name.endswith("า" + suffix)
}
_FULL_VOTE = re.compile(
    "า(?=คม|ยน|พันธ์)(?:" + "|".join(f"(?<=({'.' * n})า)" for n in (6, 5, 4, 3)) + ")(คม|ยน|พันธ์)" + _YEAR_AFTER
)
_NAMED_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*(25\d\d)(?!\d)")
_SLASH = re.compile(r"/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])")  # the rest of a numeric date, from its first "/"


def fiscal_year_votes(texts: Iterable[str], named: bool = False) -> Counter[int]:
    """How many dated events of each fiscal year the texts hold (what find_dates would find).

    With ``named``, a fiscal year named in passing (``ในปีงบประมาณ พ.ศ. 2562``) is one more event.

    >>> sorted(fiscal_year_votes(["ลว. 2 เม.ย. 63 และวันที่ 9 ธันวาคม 2562", "25/10/2563"]).items())
    [(2563, 2), (2564, 1)]
    >>> sorted(fiscal_year_votes(["ผลงานดีกว่าปีงบประมาณ พ.ศ. 2562 เมื่อ 9 ธ.ค. 62"], named=True).items())
    [(2562, 1), (2563, 1)]
    """
    # Joined by a character that is not whitespace, so that no date spans two texts; two in front,
    # so that the look-behind of an abbreviation at the very start has its letters.
    text = "\x00\x00" + "\x00".join(t for t in texts if t)
    found: Counter[tuple[int, str]] = Counter()  # (month, year as written)
    abbreviations = Counter(_ABBR_VOTE.findall(text))  # few distinct values: look each up once
    for (before, after, year), n in abbreviations.items():
        month = _ABBR_AT_DOT.get(f"{before}.{after}") or _ABBR_AT_DOT.get(f"{before[1]}.{after}")
        if month:
            found[month, year] += n
    for (six, five, four, three, suffix, year), n in Counter(_FULL_VOTE.findall(text)).items():
        before = six or five or four or three
        name, month = _FULL_HEADS.get(before[-3:], ("", 0))
        if month and f"{before}า{suffix}".endswith(name):
            found[month, year] += n
    for m in _SLASH.finditer(text):
        for start in (m.start() - 2, m.start() - 1):
            d = _NUMERIC_DATE.match(text, start) if start >= 0 else None
            if d is not None and d.end() == m.end():
                found[int(d["month"]), d["year"]] += 1
                break
    votes: Counter[int] = Counter(int(year) for year in _NAMED_YEAR.findall(text)) if named else Counter()
    for (month, raw), n in found.items():
        if (year := _fiscal_year_of(month, raw)) is not None:
            votes[year] += n
    return votes


def _fiscal_year_of(month: int, raw_year: str) -> int | None:
    ad = year_to_ad(raw_year)
    return None if ad is None or not 1 <= month <= 12 else ad + BE_OFFSET + (1 if month >= 10 else 0)


def thai_date(day: date, precision: Precision = "day") -> str:
    """A date the way Thai reports write it, B.E. year.

    >>> thai_date(date(2019, 12, 9)), thai_date(date(2020, 4, 1), "month")
    ('9 ธ.ค. 2562', 'เม.ย. 2563')
    """
    month_year = f"{ABBR_MONTHS[day.month - 1]} {day.year + BE_OFFSET}"
    return f"{day.day} {month_year}" if precision == "day" else month_year
