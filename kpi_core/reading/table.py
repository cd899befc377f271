"""Numbers and the four-quarter table of an indicator block.

Rows are four lines as published (quarter, value, SED score or blank, ``a / b``); a fast path
reads exactly that, a careful path reads anything else (double-spaced files, missing cells)
and names what it could not read. Numbers never raise: what is not a number is an issue.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from kpi_core.reading.model import Issue, IssueCode
from kpi_core.reading.thai import fold_spaces

QUARTER_KEYS = ("", "q1", "q2", "q3", "q4")
QUARTER_NUMBER = frozenset({"1", "2", "3", "4"})
ASSESSMENT = re.compile(r"^(?P<a>[^/]*)/(?P<b>[^/]*)$")


@dataclass(slots=True)
class Section:
    """Lines of one part of an indicator block, from its heading to the next (blocks cut, this reads)."""

    kind: str  # "head", "table", "narrative", "summary", "projects", "definition"
    start: int  # index of the heading line (or of the block's first line for the head)
    lines: list[str] = field(default_factory=list)
    quarter: int = 0


NUMBER = re.compile(r"^[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$")
NUMBER_IN_TEXT = re.compile(r"(?<![\d.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.,]*\d)")

# One row of the quarter table: quarter, value, SED score, assessment pair, source line.
Row = tuple[int, float | None, float | None, tuple[float, float] | None, int]


def _plain_number(raw: str) -> float | None | Literal[False]:
    """``100.00`` → 100.0, blank → None, anything else → False (for the careful reader).

    The quarter table holds tens of thousands of these in a big file: no regex, no f-string."""
    plain = raw.replace(".", "", 1)
    if plain.isdigit() and plain.isascii():
        value = float(raw)
        return value if value != math.inf else False  # 400 digits: the careful reader says so
    return None if not raw else False


def _without(unit: str, number: float | None) -> str:
    """``unit`` without the first number in it that is ``number``.

    >>> _without("1,200 ชุมชน", 1200.0), _without("ร้อยละ 50 (จาก 371 services)", 50.0), _without("อย่างน้อย 2 ครั้ง/ปี", 3.0)
    ('ชุมชน', 'ร้อยละ (จาก 371 services)', 'อย่างน้อย 2 ครั้ง/ปี')
    """
    if number is None or not any(ch.isdigit() for ch in unit):
        return unit
    for m in NUMBER_IN_TEXT.finditer(unit):
        if float(m[0].replace(",", "")) == number:
            return fold_spaces(unit[: m.start()] + " " + unit[m.end() :])
    return unit


class TableReader:
    """Number and table reading for a block reader, which supplies ``issues``."""

    issues: list[Issue]

    def warn(self, index: int, code: IssueCode, message: str) -> None:
        self.issues.append(Issue(index + 1, "warning", code, message))

    def number(self, raw: str, index: int, what: str) -> float | None:
        """``12,000.00`` → 12000.0; blank or ``-`` → None; anything else → an issue and None."""
        plain = raw.replace(".", "", 1)
        if plain.isdigit() and plain.isascii():  # the common case, "100.00", without regexes
            return self._finite(float(raw), raw, index, what)
        value = raw.strip()
        value = value.rstrip("%").strip()
        if value in ("", "-"):
            return None
        if NUMBER.match(value):
            return self._finite(float(value.replace(",", "")), raw, index, what)
        found = NUMBER_IN_TEXT.findall(value)
        if len(found) == 1:  # "ร้อยละ 50", "100 ของการประมาณการ": one number with words around it
            number = self._finite(float(found[0].replace(",", "")), raw, index, what)
            if number is not None:
                self.warn(index, "number-with-text", f"{what} {raw.strip()[:40]!r} was read as {number:g}")
            return number
        self.warn(index, "bad-number", f"{what} is not a number: {raw.strip()[:40]!r}")
        return None

    def measure(self, unit: str, raw: str, index: int, what: str) -> tuple[str, float | None]:
        """A page's ``ค่าเป้าหมาย UNIT : VALUE`` as its unit and its number.

        The city-database pages write the target into the unit too, and words around the number
        (``ค่าเป้าหมาย 1,200 ชุมชน : 1,200 ชุมชน``, ``ค่าเป้าหมาย ร้อยละ 50 (จากบริการที่สำรวจ 371 services)
        : ร้อยละ 50``): the number comes out of the unit, and words of the value that the unit
        does not already say qualify it (``ร้อยละ : 100 ของการประมาณการ`` is ``ร้อยละ (ของการประมาณการ)``),
        so that a reader of the unit sees them. A number in the unit that is not the value
        (``อย่างน้อย 2 ครั้ง/ปี : 3``) stays: it is part of the unit.
        """
        unit, value = fold_spaces(unit), raw.strip().rstrip("%").strip()
        found = NUMBER_IN_TEXT.findall(value)
        if NUMBER.match(value) or len(found) != 1:
            number = self.number(raw, index, what)
            return _without(unit, number), number
        number = self._finite(float(found[0].replace(",", "")), raw, index, what)
        unit = _without(unit, number)
        words = fold_spaces(NUMBER_IN_TEXT.sub(" ", value, count=1))
        if words and words not in unit:
            qualifier = words if words.startswith("(") and words.endswith(")") else f"({words})"
            unit = f"{unit} {qualifier}" if unit else words
            if number is not None:
                message = f"{what} {raw.strip()[:40]!r} was read as {number:g} with the unit {unit[:60]!r}"
                self.warn(index, "number-with-text", message)
        return unit, number

    def _finite(self, number: float, raw: str, index: int, what: str) -> float | None:
        """``number``, or None and a ``bad-number`` issue when its digits overflowed a float: a
        400-digit target read as ``inf`` made every result fall short of it without a word."""
        if math.isfinite(number):
            return number
        digits = sum(ch.isdigit() for ch in raw)
        self.warn(index, "bad-number", f"{what} has {digits:,} digits, too many to be a number: {raw.strip()[:40]!r}")
        return None

    def read_table(self, section: Section) -> list[Row]:
        """Rows are four lines: quarter, value, SED score (blank in agency reports), ``a / b``."""
        return self._table_as_published(section) or self._table_any_shape(section)

    def _table_as_published(self, section: Section) -> list[Row] | None:
        """The fast path: four rows of exactly four lines each, after the header lines."""
        lines = section.lines
        try:
            k = lines.index("1")
        except ValueError:
            return None
        if (
            len(lines) < k + 16
            or lines[k + 4] != "2"
            or lines[k + 8] != "3"
            or lines[k + 12] != "4"
            or "/" not in lines[k + 3]
            or "/" not in lines[k + 7]
            or "/" not in lines[k + 11]
            or "/" not in lines[k + 15]
            or "".join(lines[k + 16 :])  # something after the table: let the careful path name it
        ):
            return None
        rows = []
        for q in (1, 2, 3, 4):
            at = k + 4 * q - 4
            index = section.start + 1 + at
            value, sed, pair = lines[at + 1], lines[at + 2], lines[at + 3]
            a, _, b = pair.partition("/")
            x, y = _plain_number(a.strip()), _plain_number(b.strip())
            v = _plain_number(value)
            rows.append(
                (
                    q,
                    v if v is not False else self.number(value, index + 1, f"the quarter {q} value"),
                    self.number(sed, index + 2, f"the quarter {q} SED score") if sed else None,
                    (x, y)
                    if x is not False and x is not None and y is not False and y is not None
                    else self._pair(a, b, index + 3, q),
                    index + 1,
                )
            )
        return rows

    def _pair(self, a: str, b: str, index: int, q: int) -> tuple[float, float] | None:
        a, b = a.strip(), b.strip()
        x, y = _plain_number(a), _plain_number(b)
        if x is False:
            x = self.number(a, index, f"the quarter {q} assessment")
        if y is False:
            y = self.number(b, index, f"the quarter {q} assessment")
        return (x, y) if x is not None and y is not None else None

    def _table_any_shape(self, section: Section) -> list[Row]:
        lines = section.lines
        found: dict[int, Row] = {}
        unnumbered = _Unnumbered()  # rows whose quarter-number line was lost
        width = 0  # cells in a numbered row: 2 (value, pair) or 3 (value, SED score, pair)
        k = 0
        while k < len(lines):
            line = lines[k]
            index = section.start + 1 + k
            if line not in QUARTER_NUMBER:
                if line and not unnumbered.take(index, line, after=max(found, default=0)) and found:
                    self.warn(index, "unrecognised-line", f"line not understood in the quarter table: {line[:80]!r}")
                k += 1
                continue
            unnumbered.flush(self, before=int(line))
            cells, k = self._row_cells(lines, k + 1)
            width = max(width, len(cells))
            row = self._row(int(line), cells, index)
            if row[0] in found:
                self.warn(index, "duplicate-quarter", f"quarter {row[0]} appears twice in the table")
            found[row[0]] = row
        unnumbered.flush(self, before=None)
        for q, cells, index in unnumbered.rows:
            # A row cut at its start (the passage begins inside it) lacks its first cells.
            cells = [""] * (width - len(cells)) + cells
            found.setdefault(q, (*self._row(q, cells, index - 1)[:4], index + 1))
        return [found[q] for q in sorted(found)]

    @staticmethod
    def _row_cells(lines: list[str], k: int) -> tuple[list[str], int]:
        """Non-blank cells up to and including the assessment pair: value, SED score if any, pair.

        Only rows that are not exactly four lines get here (double-spaced files, missing
        cells), so blank lines are spacing, not empty cells.
        """
        cells: list[str] = []
        while k < len(lines) and len(cells) < 3:
            line = lines[k]
            k += 1
            if not line:
                continue
            if line in QUARTER_NUMBER and cells:
                k -= 1
                break
            cells.append(line)
            if ASSESSMENT.match(line):
                break
        return cells, k

    def _row(self, q: int, cells: list[str], index: int) -> Row:
        pair = cells.pop() if cells and ASSESSMENT.match(cells[-1]) else None
        value = self.number(cells[0], index + 1, f"the quarter {q} value") if cells else None
        sed = self.number(cells[1], index + 2, f"the quarter {q} SED score") if len(cells) > 1 else None
        assessment: tuple[float, float] | None = None
        if pair is not None:
            a, _, b = pair.partition("/")
            assessment = self._pair(a, b, index + len(cells) + 1, q)
        return (q, value, sed, assessment, index + 1)


PAIR = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*/\s*[-+]?\d[\d,]*(?:\.\d+)?$")  # "100 / 50", not "(* 2.1 / 2.2 *)"


class _Unnumbered:
    """Table rows that lost their quarter-number line: a page copied without its table rows, or a
    passage that begins inside the table. Each ends at its assessment pair (``100 / 100``); its
    quarter follows from the numbered rows around it, else from its place (first row: Q1)."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, str]] = []  # numbers waiting for their row's pair
        self.waiting: list[tuple[int, list[str]]] = []  # whole rows waiting for their quarter
        self.after = 0  # the numbered row the waiting rows follow (0: none yet)
        self.rows: list[tuple[int, list[str], int]] = []  # (quarter, cells, index of the first cell)

    def take(self, index: int, line: str, after: int) -> bool:
        """Keep a number or a pair of an unnumbered row; False for anything else."""
        if PAIR.match(line):
            first = self.cells[0][0] if self.cells else index
            self.waiting.append((first, [cell for _, cell in self.cells[-2:]] + [line]))
            self.cells = []
            self.after = after
            return True
        if NUMBER.match(line):
            self.cells.append((index, line))
            return True
        return False

    def flush(self, reader: TableReader, before: int | None) -> None:
        """Number the waiting rows: after the last numbered row, before the next, or from Q1."""
        for index, line in self.cells:  # numbers with no pair after them: not a row
            reader.warn(index, "unrecognised-line", f"line not understood in the quarter table: {line[:80]!r}")
        self.cells = []
        if not self.waiting:
            return
        n = len(self.waiting)
        first = self.after + 1 if self.after or before is None else before - n
        quarters = range(first, first + n)
        for q, (index, cells) in zip(quarters, self.waiting, strict=True):
            if 1 <= q <= 4:
                self.rows.append((q, cells, index))
            else:
                reader.warn(index, "unrecognised-line", f"a quarter-table row with no room for it: {cells[-1]!r}")
        lo, hi = self.waiting[0][0], self.waiting[-1][0]
        taken = [q for q in quarters if 1 <= q <= 4]
        if taken:
            where = f"line {lo + 1}" if lo == hi else f"lines {lo + 1}–{hi + 1}"
            what = f"quarter {taken[0]}" if len(taken) == 1 else f"quarters {taken[0]}–{taken[-1]}, in order"
            reader.warn(
                lo, "unnumbered-rows", f"quarter-table rows without their quarter number ({where}) read as {what}"
            )
        self.waiting = []
