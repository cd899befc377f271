"""Dated events in Thai narratives: ``9 ธันวาคม 2562``, ``2 เม.ย. 63``, ``25/01/2565``, ``ธ.ค. 63``,
and spans of time: ``ต.ค. - ธ.ค. 63``, ``1-15 มกราคม 2563``, ``1 ต.ค. ถึง 31 ธ.ค. 64``.

One small handler per written form, tried in order, each returning ``None`` when it does not
apply (the feedparser way); a later handler does not read text an earlier one has taken, so a
span is one event, not two. Text is expected to be normalised (Arabic digits).
:func:`fiscal_year_votes` counts the same events by fiscal year, fast enough for every narrative
of a big report.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
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
# An English page names the months in English and keeps the reports' B.E. years (``19 Nov 2562``).
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_SPAN_DAYS = 3 * 366  # longer "ranges" are two unrelated dates next to each other


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
# A date starts with a digit or a month's first letter; saying so first lets the regex skip every
# other position without trying all the month names there (twice as fast on a narrative).
_STARTS = "(?=[\\d" + "".join(sorted({name[0] for name in _MONTH_NUMBER})) + "])"


def _year(name: str) -> str:
    return rf"(?:พ\.\s?ศ\.\s*)?(?P<{name}>\d{{4}}|\d{{2}})(?!\d)"


_THAI_DATE = re.compile(
    _STARTS
    # A day list or range ("16 - 17", "10 , 16 - 17") spans its first to its last day; the repeat
    # is bounded, because an unbounded one made long runs of "1 - 1 - 1 …" quadratic.
    + rf"(?:(?<!\d)(?P<day>\d{{1,2}}(?:\s?[-–,]\s?\d{{1,2}}){{0,4}})\s*)?(?P<month>{_MONTH_ALT})\s*"
    + _year("year")
)
# Two months, with or without days, joined by a dash or ถึง, the year written once or twice:
# "ต.ค. - ธ.ค. 63", "ตุลาคม 2562 - มีนาคม 2563", "1 ต.ค. ถึง 31 ธ.ค. 64", "เดือนต.ค. -เดือนธ.ค. 63".
_THAI_RANGE = re.compile(
    _STARTS + rf"(?:(?<!\d)(?P<day1>\d{{1,2}})\s*)?(?P<month1>{_MONTH_ALT})\s*(?:{_year('year1')}\s*)?"
    r"(?:-|–|—|จนถึง|ถึง)\s*(?:เดือน|วันที่)?\s*"
    rf"(?:(?P<day2>\d{{1,2}})\s*)?(?P<month2>{_MONTH_ALT})\s*" + _year("year2")
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])")


@dataclass(frozen=True)
class DatedEvent:
    """A date found in a text, with where it was and how precise it is.

    ``start`` and ``end`` are character offsets in the text searched. A span of time also has its
    last day, ``end_day`` (a month span ends on that month's last day). ``ambiguous`` marks a
    numeric date that reads two ways (``05/06/2020``: 5 June, or 6 May US-style); ``day`` is then
    the day-first reading, unless the same text writes its other dates US-style.
    """

    day: date
    precision: Precision
    start: int
    end: int
    text: str
    end_day: date | None = None
    ambiguous: bool = False

    @property
    def fiscal_year(self) -> int:
        """The fiscal year of the (first) day: a span counts once, where it starts."""
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
    """``9 ธันวาคม 2562``, ``ธ.ค. 63``; ``1-15 มกราคม 2563`` runs from the 1st to the 15th."""
    days = [int(d) for d in re.findall(r"\d+", m["day"])] if m["day"] else []
    event = _make(days[0] if days else None, _MONTH_NUMBER[m["month"]], m["year"], m)
    if event is None or len(days) < 2 or days[-1] <= days[0]:
        return event
    try:
        return replace(event, end_day=event.day.replace(day=days[-1]))
    except ValueError:  # "30-31 กุมภาพันธ์": keep the first day alone
        return event


def _thai_range(m: re.Match[str]) -> DatedEvent | None:
    """``ต.ค. - ธ.ค. 63`` is 1 October to 31 December 2563. A first month written without a year
    takes the second's, or the year before when it comes later in the calendar (``พ.ย. - ม.ค. 64``)."""
    first_month, last_month = _MONTH_NUMBER[m["month1"]], _MONTH_NUMBER[m["month2"]]
    last_year = year_to_ad(m["year2"])
    first_year = year_to_ad(m["year1"]) if m["year1"] else last_year
    if first_year is None or last_year is None:
        return None
    if not m["year1"] and first_month > last_month:
        first_year -= 1
    try:
        first = date(first_year, first_month, int(m["day1"] or 1))
        last_day = int(m["day2"]) if m["day2"] else calendar.monthrange(last_year, last_month)[1]
        last = date(last_year, last_month, last_day)
    except ValueError:
        return None
    if not first < last or (last - first).days > MAX_SPAN_DAYS:
        return None  # not a span: the single-date handler reads each end on its own
    precision: Precision = "day" if m["day1"] else "month"
    return DatedEvent(first, precision, m.start(), m.end(), m.group(), end_day=last)


def _numeric_date(m: re.Match[str]) -> DatedEvent | None:
    """``25/01/2565`` is day first, as Thai writes it; ``10/26/2020`` month first, the only way
    it reads. With both numbers 12 or less and an A.D. year (``05/06/2020``) it reads both ways:
    day first, marked ambiguous. A B.E. year means a Thai writer, hence day first."""
    first, second = int(m["day"]), int(m["month"])
    if second > 12 >= first:
        return _make(second, first, m["year"], m)
    event = _make(first, second, m["year"], m)
    written_ad = len(m["year"]) == 4 and year_to_ad(m["year"]) == int(m["year"])
    if event is not None and written_ad and first != second and first <= 12:
        return replace(event, ambiguous=True)
    return event


_HANDLERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DatedEvent | None]], ...] = (
    (_THAI_RANGE, _thai_range),
    (_THAI_DATE, _thai_date),
    (_NUMERIC_DATE, _numeric_date),
)


def _swap_day_month(event: DatedEvent) -> DatedEvent:
    return replace(event, day=event.day.replace(month=event.day.day, day=event.day.month))


def _written_order(events: Iterable[DatedEvent]) -> Literal["day", "month"] | None:
    """Which way round a text writes its numeric dates, as those that read one way only show:
    ``month`` when one is month first (10/26/2020) and none day first (25/01/2020), ``day`` the
    other way round, None when there are neither or both."""
    pairs = [[int(n) for n in e.text.split("/")[:2]] for e in events if _NUMERIC_DATE.fullmatch(e.text)]
    month_first, day_first = any(b > 12 for _, b in pairs), any(a > 12 for a, _ in pairs)
    if month_first != day_first:
        return "month" if month_first else "day"
    return None


def _numeric_order(events: list[DatedEvent]) -> list[DatedEvent]:
    """A text that writes one date US-style (10/26/2020) and none day-first (25/01/2020) writes
    its ambiguous ones US-style too: 05/06/2020 there is 6 May. They stay marked ambiguous."""
    month_first = _written_order(events) == "month"
    return [_swap_day_month(e) if month_first and e.ambiguous else e for e in events]


def find_dates(text: str) -> list[DatedEvent]:
    """Every date in ``text``, in order of appearance; a span of time is one event.

    >>> [e.day.isoformat() for e in find_dates("ลว. 2 เม.ย. 63 และวันที่ 9 ธันวาคม 2562")]
    ['2020-04-02', '2019-12-09']
    >>> [(e.day.isoformat(), str(e.end_day)) for e in find_dates("ช่วง ต.ค. - ธ.ค. 63")]
    [('2020-10-01', '2020-12-31')]
    """
    found: list[DatedEvent] = []
    for pattern, handler in _HANDLERS:
        # What earlier handlers took, as sorted non-overlapping spans: a match inside one of them is
        # part of a span already read. (Bisect, not a scan: a hostile text may hold 100,000 dates.)
        starts, ends = [e.start for e in found], [e.end for e in found]
        new = []
        for m in pattern.finditer(text):
            k = bisect_left(starts, m.end())
            if k and ends[k - 1] > m.start():
                continue
            event = handler(m)
            if event is not None:
                new.append(event)
        found = sorted([*found, *new], key=lambda e: e.start)
    return _numeric_order(found)


def usual_year(votes: Counter[int]) -> int | None:
    """The year with the most votes, the later one on a tie; None without votes."""
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else None


# -- the fiscal-year vote ------------------------------------------------------------------------
# find_dates tries its month alternation at every position of a text (about 5 MB/s), too slow to
# run over every narrative of a big report. Every month name holds a literal that a regex finds
# fast: the "." of an abbreviation, าคม / ายน / พันธ์ at the end of a full name, the "/" of a
# numeric date. A fixed-width look-behind then reads the letters before it, which name the
# month. The day of a named month does not change the fiscal year and is not read: an impossible
# day (31 เม.ย. 63) still votes, where find_dates drops it. A numeric date is read whole, by
# find_dates' own handler: which of its numbers is the month depends on the day.

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
    Numeric dates that read both ways are taken the way round the texts' other numeric dates
    show, and left out where those do not tell (see :func:`_numeric_votes`).

    >>> sorted(fiscal_year_votes(["ลว. 2 เม.ย. 63 และวันที่ 9 ธันวาคม 2562", "25/10/2563"]).items())
    [(2563, 2), (2564, 1)]
    >>> sorted(fiscal_year_votes(["10/26/2020 : อยู่ระหว่างขั้นตอน", "12/01/2020 : ได้รับงบประมาณ"]).items())
    [(2564, 2)]
    >>> sorted(fiscal_year_votes(["ผลงานดีกว่าปีงบประมาณ พ.ศ. 2562 เมื่อ 9 ธ.ค. 62"], named=True).items())
    [(2562, 1), (2563, 1)]
    """
    # Joined by a character that is not whitespace, so that no date spans two texts; two in front,
    # so that the look-behind of an abbreviation at the very start has its letters.
    text = "\x00\x00" + "\x00".join(filter(None, texts))  # empty texts left out, without a Python loop
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
    numeric: list[DatedEvent] = []
    for m in _SLASH.finditer(text):
        for start in (m.start() - 2, m.start() - 1):
            d = _NUMERIC_DATE.match(text, start) if start >= 0 else None
            if d is not None and d.end() == m.end():
                event = _numeric_date(d)
                numeric += [event] if event is not None else []
                break
    votes: Counter[int] = Counter(int(year) for year in _NAMED_YEAR.findall(text)) if named else Counter()
    for (month, raw), n in found.items():
        if (year := _fiscal_year_of(month, raw)) is not None:
            votes[year] += n
    votes.update(_numeric_votes(numeric))
    return votes


def _numeric_votes(events: list[DatedEvent]) -> Counter[int]:
    """The fiscal years of numeric dates, read as the timeline reads them (:func:`_numeric_date`).

    A date that reads both ways (``12/01/2020``: 12 January, or 1 December US-style) follows the
    order the texts' one-way dates establish (``10/26/2020`` and none like ``25/01/2020``: month
    first). Where they establish none, it votes only when both readings fall in one fiscal year
    (``05/06/2020``): else it cannot be told, and taking it day first made a US-style report of
    October-December 2563 vote for 2563.
    """
    order = _written_order(events)
    votes: Counter[int] = Counter()
    for event in events:
        if not event.ambiguous or order == "day":
            votes[event.fiscal_year] += 1
            continue
        other = _swap_day_month(event).fiscal_year
        if order == "month" or other == event.fiscal_year:
            votes[other] += 1
    return votes


def _fiscal_year_of(month: int, raw_year: str) -> int | None:
    ad = year_to_ad(raw_year)
    return None if ad is None or not 1 <= month <= 12 else ad + BE_OFFSET + (1 if month >= 10 else 0)


def thai_date(day: date, precision: Precision = "day", lang: str = "th") -> str:
    """A date the way Thai reports write it, B.E. year; in English the month's English name.

    >>> thai_date(date(2019, 12, 9)), thai_date(date(2020, 4, 1), "month"), thai_date(date(2019, 11, 19), lang="en")
    ('9 ธ.ค. 2562', 'เม.ย. 2563', '19 Nov 2562')
    """
    month_year = f"{_month(day.month, lang)} {day.year + BE_OFFSET}"
    return f"{day.day} {month_year}" if precision == "day" else month_year


def _month(month: int, lang: str) -> str:
    return (ENGLISH_MONTHS if lang == "en" else ABBR_MONTHS)[month - 1]


def thai_when(event: DatedEvent, lang: str = "th") -> str:
    """An event as the timeline shows it: a span with both ends, an ambiguous date both ways;
    the year stays B.E. as the reports count it, the month is named in ``lang``.

    >>> [thai_when(e) for e in find_dates("ต.ค. - ธ.ค. 63, ตุลาคม 2562 - มีนาคม 2563, 1-15 ม.ค. 64")]
    ['1 ต.ค. – 31 ธ.ค. 2563', '1 ต.ค. 2562 – 31 มี.ค. 2563', '1 – 15 ม.ค. 2564']
    >>> [thai_when(e) for e in find_dates("9 ธันวาคม 2562, 05/06/2020")]
    ['9 ธ.ค. 2562', '5 มิ.ย. 2563 (หรือ 6 พ.ค. 2563)']
    >>> [thai_when(e, "en") for e in find_dates("ต.ค. - ธ.ค. 63, 05/06/2020")]
    ['1 Oct – 31 Dec 2563', '5 Jun 2563 (or 6 May 2563)']
    """
    first, last = event.day, event.end_day
    if last is None:
        when = thai_date(first, event.precision, lang)
        other = "or" if lang == "en" else "หรือ"
        return f"{when} ({other} {thai_date(_swap_day_month(event).day, lang=lang)})" if event.ambiguous else when
    if first.year != last.year:
        return f"{thai_date(first, lang=lang)} – {thai_date(last, lang=lang)}"
    if first.month != last.month:
        return f"{first.day} {_month(first.month, lang)} – {thai_date(last, lang=lang)}"
    return f"{first.day} – {thai_date(last, lang=lang)}"
