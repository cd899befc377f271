"""Where a file that was cut off ends, and what of its last indicator it never reached.

A file cut mid-text (DESIGN.md §2) still reads: the parser keeps what is there. What the reader
must be told is which parts are not in the file at all, so that "the file ends before this" is
never shown as "the agency reported nothing". Three traces say a file was cut:

- the last indicator lacks a part every indicator has (the quarter table, a narrative heading,
  an agency report's summary), or the file ends in a heading's first letters (``รายงานผลฯ ไต``),
  or inside a character: the parser's ``truncated-block``, ``cut-heading`` and ``cut-character``;
- the file is :data:`EXCERPT_BYTES` long. Every one of the 48 real excerpts of SED pages in
  ``../shared/samples/real/`` is 1,998–2,000 bytes of text plus a newline: they were cut at
  2,000 bytes, between characters, whatever section they were in, the last one (the definition)
  included, where nothing else shows it (``mykpi_pid_5032-0772``'s definition reads ``คำ``). The
  text itself gives no rule: a cut definition may end in a whole word (``คำ``), and a whole
  report may end without a final newline (the seed does) or with one (every cut excerpt does).
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_core.reading.model import Format, Issue, Part

# The size the sample excerpts were cut at, and how far below it a cut between characters may
# fall (a UTF-8 character is at most 4 bytes).
EXCERPT_BYTES = 2000
_CHARACTER = 4

# Section keys in the order the pages print them; a quarter is in the file when its report or
# any section printed after it is. The definition is not among them: the city database prints
# it first (``1.นิยาม …``), the indicator pages last, so it says nothing about the quarters.
_AFTER_QUARTER = {
    1: ("q1", "q2", "q3", "q4", "summary", "projects"),
    2: ("q2", "q3", "q4", "summary", "projects"),
    3: ("q3", "q4", "summary", "projects"),
    4: ("q4", "summary", "projects"),
}


def excerpt_sized(data: bytes) -> bool:
    """Whether ``data`` is as long as an excerpt cut at :data:`EXCERPT_BYTES` (one final newline
    aside), the size at which every real excerpt stops mid-text.

    >>> excerpt_sized("ก".encode() * 666 + b"\\n"), excerpt_sized(b"x" * 1990)
    (True, False)
    """
    size = len(data) - (1 if data.endswith(b"\n") else 0)
    return EXCERPT_BYTES - _CHARACTER < size <= EXCERPT_BYTES


@dataclass(frozen=True, slots=True)
class Reach:
    """How far the file got into one indicator: ``cut_line`` (1-based) is where the file ends
    inside it (None: not cut), ``cut_in`` the section it ends in (``q3``, ``definition``, or
    ``""`` when it ends in a heading's first letters), ``in_file[q - 1]`` whether quarter q's
    report was reached at all."""

    cut_line: int | None = None
    cut_in: str = ""
    in_file: tuple[bool, bool, bool, bool] = (True, True, True, True)


WHOLE = Reach()


def reach(lines: list[str], block_start: int, block_end: int, seen: set[str], starts: dict[str, int]) -> Reach:
    """Where the file ends in the last indicator of a cut file (lines ``block_start`` on).

    ``seen`` holds the sections found (``table``, ``q1`` … ``q4``, ``summary``, ``projects``,
    ``definition``), ``starts`` the 1-based line each begins at. When the last text line lies past
    the block's end, the file stopped in a heading's first letters, left out of the block: every
    section it holds is whole.

    >>> r = reach(["x", "รายงานผลฯ ไตรมาสที่ 1", "ก", "รายงานผลฯ ไตรมาสที่ 2", "ข"], 0, 5,
    ...           {"table", "q1", "q2"}, {"table": 1, "q1": 3, "q2": 5})
    >>> r.cut_line, r.cut_in, r.in_file
    (5, 'q2', (True, True, False, False))
    """
    stop = last_nonblank(lines, block_start, len(lines))
    in_file = tuple(any(k in seen for k in _AFTER_QUARTER[q]) for q in (1, 2, 3, 4))
    cut_in = ""
    if stop < block_end:
        begun = [(line, key) for key, line in starts.items() if line <= stop + 1]
        cut_in = max(begun)[1] if begun else "head"
    return Reach(stop + 1, cut_in, in_file)  # type: ignore[arg-type]


_EXPECTED: tuple[Part, ...] = ("unit", "target", "result", "table", "q1", "q2", "q3", "q4")
_COMPLETE = frozenset(_EXPECTED)
_WORDS = {"table": "quarter table", **{f"q{q}": f"narrative Q{q}" for q in (1, 2, 3, 4)}}


def check_complete(
    seen: set[str], kind: Format, label: str, lines: list[str], block_start: int, last: bool, issues: list[Issue]
) -> bool:
    """Name what an indicator lacks; in the last block of a file, that means the text was cut
    (a ``truncated-block`` issue at the line where the text stops, and True)."""
    if seen >= _COMPLETE and (not last or "summary" in seen):
        return False  # the common case, decided by one set comparison
    missing: list[Part] = [part for part in _EXPECTED if part not in seen]
    if last and not missing and kind == "agency_report" and "summary" not in seen:
        missing.append("summary")
    if not missing:
        return False
    what = ", ".join(_WORDS.get(m, m) for m in missing)
    if last:  # where the text stops: past the block's end when a cut heading was left out of it
        stop = last_nonblank(lines, block_start, len(lines))
        message = f"the text stops at line {stop + 1} inside indicator {label}; missing: {what}"
        issues.append(Issue(stop + 1, "warning", "truncated-block", message, tuple(missing)))
        return True
    message = f"indicator {label} has no {what}"
    issues.append(Issue(block_start + 1, "warning", "missing-section", message, tuple(missing)))
    return False


_SECTION_WORDS = {
    "head": "its head",
    "table": "the quarter table",
    "summary": "the summary",
    "projects": "the supporting projects",
}


def cut_warning(line: int, cut_in: str, label: str) -> Issue:
    """The ``truncated-block`` warning for an indicator that has every part but ends an
    excerpt-sized file: nothing else would tell that its last part is not whole."""
    where = _SECTION_WORDS.get(cut_in) or (
        f"the report for quarter {cut_in[1]}" if cut_in[:1] == "q" else f"the {cut_in}"
    )
    message = (
        f"the text stops at line {line} inside indicator {label}, in {where}: the file is {EXCERPT_BYTES:,}"
        " bytes long, the size at which excerpts of the SED pages are cut, so what follows is not in the file"
    )
    return Issue(line, "warning", "truncated-block", message)


def last_nonblank(lines: list[str], start: int, end: int) -> int:
    for i in range(min(end, len(lines)) - 1, start - 1, -1):
        if lines[i]:
            return i
    return start
