"""What a passage cut out of a page leaves: a heading's first letters at its end, loose text at its start.

Excerpts of the SED pages are often cut mid-text (DESIGN.md §2). Two traces need rules of their
own, kept here apart from the section readers of :mod:`kpi_core.reading.blocks`:

- a file cut inside a heading ends in that heading's first letters (``รา`` of ``รายงานผลฯ
  ไตรมาสที่ 3``, ``นิยาม`` of ``นิยาม หรือความหมายของตัวชี้วัด``); they belong to no section, least
  of all the one before them;
- a passage that starts mid-page has text before its first heading, or no headings at all (a
  page copied mid-way loses its blank lines and table rows, and with them the report headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Section headings as they are written; a line is their fragment when it is a *proper* prefix
# (without spaces). The narrative heading is whole only with its quarter's number, and the
# summary heading with its closing stars, so those two are fragments even when all the words are
# there.
_HEADINGS: tuple[str, ...] = (
    "รายงานผลฯ ไตรมาสที่ N",
    "รายงานผล ไตรมาสที่ N",
    "** สรุปผลการดำเนินงาน **",
    "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด",
    "นิยาม หรือความหมายของตัวชี้วัด",
    "ผลงานเทียบกับเป้าหมายรายไตรมาส",
)
_BARE: tuple[tuple[str, str], ...] = tuple((h.replace(" ", ""), h) for h in _HEADINGS)
_NUMBERED = re.compile(r"^\d+\.(?=\S)")  # "1.นิยาม …" on the city-database pages


def heading_fragment(line: str) -> str | None:
    """The heading whose first letters ``line`` is, or None (``line`` stripped).

    A whole heading is no fragment, nor is anything else.

    >>> heading_fragment("รา")
    'รายงานผลฯ ไตรมาสที่ N'
    >>> heading_fragment("** สรุปผล"), heading_fragment("** สรุปผลการดำเนินงาน **")
    ('** สรุปผลการดำเนินงาน **', None)
    >>> heading_fragment("1.นิยาม"), heading_fragment("1."), heading_fragment("รายได้")
    ('นิยาม หรือความหมายของตัวชี้วัด', None, None)
    """
    bare = _NUMBERED.sub("", line.replace(" ", ""), count=1)
    if not bare:
        return None
    if bare[0] == "*":  # any number of stars opens the summary heading
        return _HEADINGS[2] if "สรุปผลการดำเนินงาน".startswith(bare.lstrip("*")) else None
    for text, heading in _BARE:
        if text.startswith(bare) and bare != text:
            return heading
    return None


# -- text before the first heading, or with no heading at all -------------------------------------

# The sections of an indicator in the order the pages print them (the summary comes before the
# projects of an agency report and before the definition of a page).
ORDER: tuple[tuple[str, int], ...] = (
    ("table", 0),
    ("narrative", 1),
    ("narrative", 2),
    ("narrative", 3),
    ("narrative", 4),
    ("summary", 0),
)
_PAIR = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*/\s*[-+]?\d[\d,]*(?:\.\d+)?$")
# What a quarter table holds besides its pairs: numbers and its header lines.
_TABLE_CELL = re.compile(r"^(?:[-+]?[\d,]*\.?\d+|ไตรมาสที่|\*[^*]+\*|\(.*\))$")


@dataclass(frozen=True, slots=True)
class Piece:
    """Loose lines given to one section; ``lines[k]`` is line ``start + 1 + k`` (0-based) of the file."""

    kind: str  # "table", "narrative" or "summary"
    quarter: int  # 1-4 for a narrative, else 0
    start: int
    lines: list[str]


def before_heading(kind: str, quarter: int) -> tuple[str, int] | None:
    """The section printed right before a heading; None when that is the indicator's head.

    >>> before_heading("narrative", 3), before_heading("narrative", 1), before_heading("definition", 0)
    (('narrative', 2), ('table', 0), ('summary', 0))
    """
    if kind in ("projects", "definition"):
        return ("summary", 0)
    if kind not in ("table", "narrative", "summary"):
        return None
    at = ORDER.index((kind, quarter if kind == "narrative" else 0))
    return ORDER[at - 1] if at else None


def table_cells(lines: list[str]) -> int:
    """How many of ``lines``, from the first, are quarter-table cells (0 without one ``a / b`` pair).

    >>> table_cells(["(1 - 4)", "25.00", "100 / 100", "", "ดำเนินการแล้ว", "100 / 100"])
    4
    """
    k = next((k for k, line in enumerate(lines) if line and not (_PAIR.match(line) or _TABLE_CELL.match(line))), None)
    k = len(lines) if k is None else k
    return k if any(_PAIR.match(line) for line in lines[:k]) else 0


def place_loose(start: int, lines: list[str], next_heading: tuple[str, int] | None) -> list[Piece]:
    """Give loose lines to the sections they belong to; [] when that cannot be told.

    Before a heading they are the end of the section printed before it: the passage began
    inside that section. With no heading after them the headings were lost with the blank lines
    (a page copied mid-way): table cells, if any, come first, then one line per quarterly report
    in order, as the pages print each report on one line; lines past the fourth join the fourth.

    >>> [(p.kind, p.quarter, p.lines) for p in place_loose(9, ["ก", "ข"], ("narrative", 3))]
    [('narrative', 2, ['ก', 'ข'])]
    >>> [(p.kind, p.quarter, p.start, p.lines) for p in place_loose(9, ["0 / 0", "ก", "ข"], None)]
    [('table', 0, 9, ['0 / 0']), ('narrative', 1, 10, ['ก']), ('narrative', 2, 11, ['ข'])]
    """
    if next_heading is not None:
        before = before_heading(*next_heading)
        return [Piece(before[0], before[1], start, lines)] if before is not None else []
    pieces = []
    k = table_cells(lines)
    if k:
        pieces.append(Piece("table", 0, start, lines[:k]))
    texts = [i for i in range(k, len(lines)) if lines[i]]
    for q, i in enumerate(texts[:4], start=1):
        end = texts[q] if q < min(4, len(texts)) else len(lines)
        pieces.append(Piece("narrative", q, start + i, lines[i:end]))
    return pieces
