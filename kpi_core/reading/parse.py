"""Read SED report files into :class:`~kpi_core.reading.model.Report` records.

The input is normalised once at the door (:func:`kpi_core.reading.thai.repair`), split into lines, and
cut into indicator blocks; each block is cut into sections at its headings, and each section has
one small reader. Messy input is data: what cannot be read becomes an :class:`Issue` with its line
number, never an exception. Only a file with nothing report-like in it raises a ``ReportError``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kpi_core.reading.blocks import Block, Headings, candidate_lines, goal_code, read_block
from kpi_core.reading.cuts import excerpt_sized
from kpi_core.reading.dates import fiscal_year_votes, usual_year
from kpi_core.reading.errors import EmptyReportError, NoIndicatorError, NotAReportError
from kpi_core.reading.limits import bad_code, too_long
from kpi_core.reading.model import Format, Indicator, Issue, IssueCode, Report, YearSource
from kpi_core.reading.passages import heading_fragment
from kpi_core.reading.thai import CONTROL_CODES, decode_cut, hidden_characters, repair_telling, show_hidden

# -- named line rules ---------------------------------------------------------------------------
AGENCY_HEADER = re.compile(
    r"^ผลการปฏิบัติราชการประจำปี\s*:?\s*(?P<year>\d{4})?\s*ของหน่วยงาน\s*:\s*(?P<agency>\d{8}(?!\d))?"
)
PAGE_HEADER = re.compile(r"^(?:รายละเอียดตัวชี้วัด\s*$|โครงการจัดทำฐานข้อมูลตัวชี้วัด)")
INDICATOR_START = re.compile(r"^\((?P<seq>\d{1,4})\)\s*(?P<name>.*)$")
EVAL_TAG_PREFIX = "[มิติที่"
EVAL_HEADING = re.compile(r"^มิติที่\s*(?P<n>\d{1,2})\s+(?P<title>[^\d\s.].*)$")
PLAN_DIMENSION = re.compile(r"^(?:มิติที่\s*)?(?P<code>\d+\.\d+)\s*[-–]\s*(?P<title>.+)$")
PAGE_TARGET = re.compile(r"^ค่าเป้าหมาย.*:")
# What a page (or a passage of one) shows besides its name and ค่าเป้าหมาย, which guidance texts
# about indicators use too (the OPDC pages on คำรับรองการปฏิบัติราชการ, templates titled
# รายละเอียดตัวชี้วัด): a page without an indicator code must show one of these.
PAGE_EVIDENCE = re.compile(
    r"^[^\S\n]*(?:ผลงานที่ทำได้[^:\n]*:|(?:ประเภทตัวชี้วัด|ลักษณะข้อมูล)\s*:|\*+\s*สยป\.|ผลงานเทียบกับเป้าหมายรายไตรมาส"
    r"|รายงานผลฯ?\s*ไตรมาสที่\s*[1-4])",
    re.MULTILINE,
)
# The report's own year where it states it: "ประจำปีงบประมาณ พ.ศ. 2563", "ปีงบประมาณ 2563",
# "ประจำปี 2563", "ปี 2564 …" at the head of an indicator's name; not a span "ปี 2563-2565".
OWN_YEAR = re.compile(r"ปี(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.)?\s*(?P<year>25\d\d)(?!\d)(?!\s*[-–]\s*25\d\d)")
BOILERPLATE = frozenset({"Home Home SED", "Home SED", "Back Home", "Home"})

# How far a header may sit from the top, in non-blank lines.
HEADER_WINDOW = 40


@dataclass
class _Document:
    """The normalised lines of one file and what has been learnt about them so far."""

    source: str
    lines: list[str]
    issues: list[Issue] = field(default_factory=list)

    def warn(self, line: int, code: IssueCode, message: str, severity: str = "warning") -> None:
        self.issues.append(Issue(line, "error" if severity == "error" else "warning", code, message))


def parse_report(data: bytes, source_name: str = "<bytes>") -> Report:
    """Parse one report file (agency annual report or single-indicator page).

    Raises a :class:`~kpi_core.reading.errors.ReportError` subclass when the bytes are not a readable
    report; everything else that goes wrong is returned in ``Report.issues``. Control and direction
    characters in ``source_name`` are written out (``evil\\u202etxt.exe``): a file name is shown on
    the pages, and a hidden direction control would make it read as another name.
    """
    source_name = show_hidden(source_name)
    if not data:
        raise EmptyReportError(source_name, "the file is empty")
    text, cut_bytes = decode_cut(data, source_name)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    repaired, had_hidden = repair_telling(text)
    hidden = hidden_characters(text) if had_hidden else {}  # by line, only when there were some
    text = repaired
    if not text or text.isspace():
        raise EmptyReportError(source_name, "the file holds only blank lines")
    doc = _Document(source_name, list(map(str.strip, text.split("\n"))))
    for index, chars in hidden.items():
        doc.warn(index + 1, "hidden-characters", _hidden_message(chars))
    if cut_bytes:
        doc.warn(
            len(doc.lines),
            "cut-character",
            "the file ends inside a character (a broken download?): "
            + ("its last byte was" if cut_bytes == 1 else f"its last {cut_bytes} bytes were")
            + " left out",
        )
    kind, header_line = _detect(doc, text)
    agency, year = _read_header(doc, header_line) if kind == "agency_report" else (None, None)
    candidates = candidate_lines(text)
    headings = Headings(doc.lines, candidates)
    others = _later_headers(doc, header_line, headings.report_headers) if kind == "agency_report" else []
    if kind == "agency_report":
        blocks = _agency_blocks(doc, header_line, candidates, headings)
    else:
        blocks = _page_block(doc, header_line)
    ended = _cut_at_the_end(doc, blocks, headings, kind)
    if ended == "":  # the text ends in the last block: was the file cut there?
        ended = "character" if cut_bytes else "size" if excerpt_sized(data) else ""
    indicators = _read_blocks(doc, blocks, headings, kind, "" if ended == "next" else ended)
    if not indicators:
        if header_line is None:
            raise NoIndicatorError(source_name, "no indicator could be read from this passage")
        raise NoIndicatorError(source_name, "a report header was found but no indicator could be read", header_line + 1)
    if kind == "kpi_page" and not indicators[0].kpi_code and not PAGE_EVIDENCE.search(text):
        raise NotAReportError(
            source_name,
            "not a BMA indicator page: it has no indicator code ('name : 5008-2005') and none of a page's lines"
            " (ผลงานที่ทำได้, ประเภทตัวชี้วัด, *** สยป., the quarter table, the quarterly reports)",
        )
    if kind == "kpi_page" and indicators[0].kpi_code and "-" in indicators[0].kpi_code:
        agency = indicators[0].kpi_code.split("-")[0].zfill(4) + "0000"
    preamble = doc.lines[: blocks[0].start] if blocks else doc.lines
    fiscal_year, source = _fiscal_year(year, preamble, indicators)
    if fiscal_year is None:
        doc.warn(1, "no-fiscal-year", "no fiscal year in the header, the text or the dated events: give it by hand")
    for later in others:
        _judge_header(doc, later, agency, fiscal_year)
    issues = tuple(sorted(doc.issues, key=lambda i: i.line))
    return Report(kind, agency, fiscal_year, source, tuple(indicators), issues, source_name)


def _hidden_message(chars: str) -> str:
    """What :func:`repair` took out of a line, said so that the analyst can find it in the file."""
    codes = sorted(set(chars))
    shown = ", ".join(f"U+{ord(c):04X}" for c in codes[:6]) + (", …" if len(codes) > 6 else "")
    controls = sum(1 for c in codes if ord(c) in CONTROL_CODES)
    what = []
    if controls:
        what.append("control characters became spaces")
    if controls < len(codes):
        what.append("direction controls, which reorder the text shown around them, were removed")
    n = len(chars)
    return f"{n:,} invisible character{'s' if n > 1 else ''} ({shown}) taken out: " + "; ".join(what)


# -- what kind of file is this -------------------------------------------------------------------


def _detect(doc: _Document, text: str) -> tuple[Format, int | None]:
    """The document kind and the index of its header line (``None`` for a headless passage)."""
    seen = 0
    for i, line in enumerate(doc.lines):
        if not line:
            continue
        if AGENCY_HEADER.match(line):
            return "agency_report", i
        if PAGE_HEADER.match(line):
            return "kpi_page", i
        seen += 1
        if seen >= HEADER_WINDOW:
            break
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            raise NotAReportError(doc.source, "this is JSON data, not a report")
    if stripped[:1] == "<":
        raise NotAReportError(
            doc.source, "this looks like HTML or XML; save the report page as plain text and upload that"
        )
    # A passage cut out of the middle of a page: no header, but recognisable lines.
    for i, line in enumerate(doc.lines):
        if INDICATOR_START.match(line) and _next_nonblank(doc.lines, i + 1).startswith(EVAL_TAG_PREFIX):
            return "agency_report", None
        if PAGE_TARGET.match(line):
            return "kpi_page", None  # parse_report checks that the rest looks like a page too
    raise NotAReportError(
        doc.source,
        "no BMA indicator report found: expected a header such as 'ผลการปฏิบัติราชการประจำปี … ของหน่วยงาน'"
        " or 'รายละเอียดตัวชี้วัด', or indicator lines such as 'ค่าเป้าหมาย … :'",
    )


def _next_nonblank(lines: list[str], start: int, limit: int = 4) -> str:
    for line in lines[start : start + limit]:
        if line:
            return line
    return ""


def _read_header(doc: _Document, header_line: int | None) -> tuple[str | None, int | None]:
    if header_line is None:
        doc.warn(1, "no-header", "no report header: agency code and fiscal year are unknown")
        return None, None
    m = AGENCY_HEADER.match(doc.lines[header_line])
    if m is None:  # cannot happen: _detect matched this very line
        return None, None
    if not m["agency"]:
        doc.warn(header_line + 1, "no-agency-code", "the header has no 8-digit agency code")
    return m["agency"], int(m["year"]) if m["year"] else None


@dataclass(frozen=True, slots=True)
class _Header:
    """A report header below the file's first (or below a passage without one)."""

    index: int
    agency: str | None
    year: int | None


def _later_headers(doc: _Document, header_line: int | None, maybe: list[int]) -> list[_Header]:
    """Report headers after the first, taken out of the text they sit in.

    A second header (a report appended to another, pages saved twice) is no indicator's text: its
    line, and the site's boilerplate under it (``Home Home SED``), become blank, so that they end
    up in no narrative, summary or project list; what they say is judged by :func:`_judge_header`.
    """
    found: list[_Header] = []
    lines = doc.lines
    for i in maybe:
        if i == header_line or (m := AGENCY_HEADER.match(lines[i])) is None:
            continue
        found.append(_Header(i, m["agency"], int(m["year"]) if m["year"] else None))
        lines[i] = ""
        for j in range(i + 1, min(len(lines), i + 6)):
            if lines[j] in BOILERPLATE:
                lines[j] = ""
            elif lines[j]:
                break
    return found


def _judge_header(doc: _Document, later: _Header, agency: str | None, year: int | None) -> None:
    """A later header naming another agency or fiscal year than the file's report starts another
    report: an error, so that the file is refused at that line rather than stored whole under the
    first agency. One naming the same (or nothing) is the same report again: a warning."""
    n = later.index + 1
    other_agency = later.agency is not None and later.agency != agency
    other_year = later.year is not None and later.year != year
    if other_agency or other_year:
        named = (f"agency {later.agency}" if later.agency else "", f"fiscal year {later.year}" if later.year else "")
        said = ", ".join(part for part in named if part)
        own = f"agency {agency or '(none named)'}, fiscal year {year or '(unknown)'}"
        message = (
            f"a second report header, of {said}, where the file's report is of {own}:"
            " one file holds two reports; save each in a file of its own"
        )
        doc.warn(n, "second-report", message, "error")
    else:
        message = "the report header again, naming no other agency or fiscal year: read on as the same report"
        doc.warn(n, "repeated-header", message)


# -- cutting the file into indicator blocks ------------------------------------------------------


def _agency_blocks(doc: _Document, header_line: int | None, candidates: list[int], headings: Headings) -> list[Block]:
    """Blocks start at ``(N) name`` followed (after a wrapped name, perhaps) by ``[มิติที่ …]``.

    Headings right above a start belong to the block below and carry over to the following
    blocks until the next one of the same kind. A plan-dimension heading is taken only when the
    indicator's own plan-goal code lies under it, so that numbered supporting-project lines of
    the block above (``1.1 - โครงการ…``) stay where they are. A passage without the report
    header that has section headings before its first indicator began inside an indicator:
    that part is a headless block of its own, so that its narratives and table are kept.
    """
    lines = doc.lines
    tags = {i: tag for i in candidates if lines[i].startswith("(") and (tag := _tag_line(lines, i)) is not None}
    starts = list(tags)
    blocks: list[Block] = []
    eval_heading: str | None = None
    plan_dim: tuple[str | None, str] = (None, "")
    preamble_end = starts[0] if starts else len(lines)
    for k, start in enumerate(starts):
        j, taken = start - 1, False
        while j >= 0:
            line = lines[j]
            p = PLAN_DIMENSION.match(line) if line else None
            if p is not None and not taken and _under(p["code"], goal_code(_next_nonblank(lines, tags[start] + 1))):
                taken = True
            elif line and not EVAL_HEADING.match(line):
                break
            j -= 1
        for h in range(j + 1, start):
            line = lines[h]
            if not line:  # most lines above a start are blank: no regex for them
                continue
            if EVAL_HEADING.match(line):
                eval_heading = line
                _check_length(doc, line, h, "the evaluation-dimension heading")
            elif (p := PLAN_DIMENSION.match(line)) is not None:
                wrong = bad_code(p["code"], h + 1, "plan dimension")
                plan_dim = (p["code"] if wrong is None else None, p["title"])
                doc.issues.extend([wrong] if wrong else [])
                _check_length(doc, p["title"], h, "the plan dimension's title")
        if k == 0:
            preamble_end = j + 1
        else:
            blocks[-1].end = j + 1
        blocks.append(Block(start, len(lines), eval_heading, plan_dim[0], plan_dim[1]))
    if header_line is None and blocks and headings.kinds_within(0, preamble_end):
        first = next(i for i in range(preamble_end) if lines[i])
        blocks.insert(0, Block(first, preamble_end, None, None, "", headless=True))
        preamble_end = first
    _check_preamble(doc, header_line, preamble_end)
    return blocks


def _check_length(doc: _Document, text: str, index: int, what: str) -> None:
    if (issue := too_long(text, index + 1, what)) is not None:
        doc.issues.append(issue)


def _cut_at_the_end(doc: _Document, blocks: list[Block], headings: Headings, kind: Format) -> str:
    """A file cut inside a heading: what is left of the heading belongs to no section.

    Either a section heading's first letters (``รา``, ``นิยาม``), or in an agency report an
    indicator's ``(N) name`` line with at most the first letters of its ``[มิติที่ …]`` tag. The
    last block is ended before them, so that they never end up in the narrative or summary
    above. A ``(N) …`` line inside a narrative is warned about but kept: it may be the
    narrative's own numbering.

    Returns how the file ends: ``"heading"`` in a heading's first letters, ``"next"`` in an
    indicator the last block is not (that block is whole), ``"name"`` in a ``(N) …`` line kept in
    the last block's narrative, ``""`` in the last block's text with no sign of a cut.
    """
    lines = doc.lines
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i]), None)
    if last is None or (blocks and blocks[-1].start == last):
        return ""
    cut = last
    if len(lines[last]) < len(EVAL_TAG_PREFIX) and EVAL_TAG_PREFIX.startswith(lines[last]):
        cut = next((i for i in range(last - 1, max(last - 4, -1), -1) if lines[i]), last)
    if kind == "agency_report" and INDICATOR_START.match(lines[cut]) and not (blocks and blocks[-1].start == cut):
        where = "right after an indicator's name" if cut == last else "inside an indicator's tag"
        doc.warn(last + 1, "truncated-block", f"the text stops at line {last + 1}, {where}")
        above = headings.kinds_within(blocks[-1].start, cut) if blocks else []
        if above and above[-1] == "narrative":
            return "name"
        ended = "next"
    elif (heading := heading_fragment(lines[last])) is not None:
        cut = last
        doc.warn(
            last + 1,
            "cut-heading",
            f"the text stops inside a heading: {lines[last][:40]!r} (the start of {heading!r}) was left out",
        )
        ended = "heading"
    else:
        return ""
    if blocks and blocks[-1].end > cut:
        blocks[-1].end = cut
    return ended


def _under(dimension: str, goal: str | None) -> bool:
    """Whether a plan-goal code lies under a plan dimension (no goal: assume it does)."""
    return goal is None or goal.startswith(dimension + ".")


# Lines that end a wrapped indicator name: something else has begun.
_NOT_A_NAME = re.compile(r"^(?:\(\d{1,4}\)|หน่วยนับ|เป้าหมาย|ผลงาน|รายงานผล|\*|โครงการ/)")


def _tag_line(lines: list[str], start: int, wrap: int = 3) -> int | None:
    """Index of the evaluation tag of the indicator starting at ``start`` (its name may wrap)."""
    if not INDICATOR_START.match(lines[start]):
        return None
    seen = 0
    for i in range(start + 1, min(len(lines), start + 2 * wrap + 2)):
        line = lines[i]
        if not line:
            continue
        if line.startswith(EVAL_TAG_PREFIX):
            return i
        seen += 1
        if seen > wrap or _NOT_A_NAME.match(line):
            return None
    return None


def _page_block(doc: _Document, header_line: int | None) -> list[Block]:
    start = 0 if header_line is None else header_line + 1
    return [Block(start, len(doc.lines), None, None, "")]


def _check_preamble(doc: _Document, header_line: int | None, end: int) -> None:
    for i in range(0, end):
        line = doc.lines[i]
        if line and i != header_line and line not in BOILERPLATE and not OWN_YEAR.search(line):
            doc.warn(i + 1, "unrecognised-line", f"line not understood before the first indicator: {line[:80]!r}")


def _read_blocks(doc: _Document, blocks: list[Block], headings: Headings, kind: Format, cut: str) -> list[Indicator]:
    """The blocks' indicators; ``cut`` says how the file was cut inside the last block, if it was."""
    indicators: list[Indicator] = []
    for n, block in enumerate(blocks):
        last = n == len(blocks) - 1
        indicator = read_block(doc.lines, block, headings, kind, doc.issues, last, cut if last else "")
        if indicator is not None:
            indicators.append(indicator)
    seqs = Counter(i.seq for i in indicators if i.seq is not None)
    if any(n > 1 for n in seqs.values()):
        indicators = _once(doc, indicators)
        seqs = Counter(i.seq for i in indicators if i.seq is not None)
    for ind in indicators:
        if ind.seq is not None and seqs[ind.seq] > 1:
            doc.warn(ind.line, "duplicate-number", f"indicator number ({ind.seq}) appears {seqs[ind.seq]} times")
    return indicators


def _once(doc: _Document, indicators: list[Indicator]) -> list[Indicator]:
    """The indicators with a word-for-word repeat of an earlier one left out, and said (a page
    pasted twice counted its indicators twice on every card); a repeat that differs stays, with
    the duplicate-number warning: which one is right is for the analyst to say."""
    kept: list[Indicator] = []
    seen: dict[Indicator, int] = {}
    for ind in indicators:
        key = replace(ind, line=0, quarters=tuple(replace(q, line=None) for q in ind.quarters))
        if ind.seq is not None and key in seen:
            doc.warn(
                ind.line,
                "repeated-indicator",
                f"indicator ({ind.seq}) repeats the one at line {seen[key]} word for word: read once",
            )
            continue
        seen.setdefault(key, ind.line)
        kept.append(ind)
    return kept


# -- fiscal year ---------------------------------------------------------------------------------


def _fiscal_year(
    header_year: int | None, preamble: list[str], indicators: list[Indicator]
) -> tuple[int | None, YearSource | None]:
    """The header's year; else the year the report states as its own; else the dated events'.

    The report states its year above the first indicator (``ประจำปีงบประมาณ พ.ศ. 2563``) or in an
    indicator's name (``ปี 2564 ร้อยละของ…``, ``… ประจำปี 2563``). A year named in a narrative is
    a mention in passing (``ดีกว่าในปีงบประมาณ พ.ศ. 2562``, last year's): it only joins the vote
    of the dated events, as one more event.
    """
    if header_year is not None:
        return header_year, "header"
    stated = Counter(int(m["year"]) for line in preamble for m in OWN_YEAR.finditer(line))
    if OWN_YEAR.search("\n".join(t for ind in indicators for t in (ind.name, ind.name_detail))):
        for ind in indicators:  # once an indicator: its name_detail often repeats its name
            stated.update({int(m["year"]) for t in (ind.name, ind.name_detail) for m in OWN_YEAR.finditer(t)})
    if stated:
        return usual_year(stated), "text"
    texts = [q.report for ind in indicators for q in ind.quarters]
    texts += [ind.summary for ind in indicators]
    year = usual_year(fiscal_year_votes(texts, named=True))
    return (year, "dates") if year is not None else (None, None)
