"""Read one indicator block: cut it into sections at its headings, then read each section.

A block is a run of normalised lines (see :mod:`kpi_core.reading.parse`). Its head holds the name, tags,
plan line and target fields; then come the quarter table, four narratives, and the optional
summary, supporting projects and definition. Each reader appends issues instead of raising.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from kpi_core.reading.cuts import WHOLE, Reach, check_complete, cut_warning, reach
from kpi_core.reading.limits import EVAL_DIMENSION, HEAD_TEXTS, MAX_FIELD_CHARS, PLAN_CODE, bad_code, check_lengths
from kpi_core.reading.model import Format, Indicator, Issue, Quarter
from kpi_core.reading.passages import place_loose
from kpi_core.reading.table import QUARTER_KEYS, Row, Section, TableReader
from kpi_core.reading.thai import fold_spaces

# -- section headings ----------------------------------------------------------------------------
TABLE = re.compile(r"^ผลงานเทียบกับเป้าหมายรายไตรมาส")
NARRATIVE = re.compile(r"^รายงานผลฯ?\s*ไตรมาสที่\s*(?P<q>[1-4])\b\s*:?\s*(?P<rest>.*)$")
SUMMARY = re.compile(r"^\*+\s*สรุปผลการดำเนินงาน\s*\*+\s*(?P<rest>.*)$")
PROJECTS = re.compile(r"^โครงการ\s*/\s*กิจกรรมที่สนับสนุนตัวชี้วัด\s*:?\s*(?P<rest>.*)$")
DEFINITION = re.compile(r"^(?:\d+\.\s*)?นิยาม\s*หรือความหมายของตัวชี้วัด\s*:?\s*(?P<rest>.*)$")

# -- agency-report head --------------------------------------------------------------------------
INDICATOR_START = re.compile(r"^\((?P<seq>\d{1,4})\)\s*(?P<name>.*)$")
# Possessive (``*+``, ``?+``): each part takes what it can and never gives it back, which is
# how every tag line that matches at all is matched anyway. With backtracking, a line that
# fails late ("[มิติที่", 250 spaces, "]x") was tried every way its run of spaces splits between
# the optional spaces and the label: 5 minutes for that one line. The label runs to the closing
# bracket, spaces before it included (they are folded away).
EVAL_TAG = re.compile(r"^\[มิติที่\s*+(?P<n>\d+)?+\s*+:?+\s*+(?P<label>[^\]]*+)\]?$")
GOAL_WITH_DIMENSION = re.compile(
    r"^(?:มิติที่\s*)?(?P<dim>\d+\.\d+)\s*[-–]\s*(?P<dim_title>.*?)\s*(?:เป้าหมายที่\s*)?(?P<goal>\d+\.\d+\.\d+)\s*(?P<title>.*)$"
)
GOAL = re.compile(r"^(?:เป้าหมายที่\s*)?(?P<goal>\d+\.\d+\.\d+)\s*(?P<title>.*)$")
UNIT = re.compile(r"^หน่วยนับ\s*:\s*(?P<v>.*)$")
TARGET = re.compile(r"^เป้าหมาย\s*:\s*(?P<v>.*)$")
RESULT = re.compile(r"^ผลงาน\s*:\s*(?P<v>.*)$")

_FIELD_BY_LETTER = {"ห": ("unit", UNIT), "เ": ("target", TARGET), "ผ": ("result", RESULT)}

# -- single-indicator page head ------------------------------------------------------------------
PAGE_NAME = re.compile(r"^(?P<name>.+?)\s*:\s*(?P<code>\d{1,4}(?:-\d{1,4})?)$")
PAGE_TARGET = re.compile(r"^ค่าเป้าหมาย\s*(?P<unit>[^:]*?)\s*:\s*(?P<v>.*)$")
PAGE_RESULT = re.compile(r"^ผลงานที่ทำได้\s*(?P<unit>[^:]*?)\s*:\s*(?P<v>.*)$")
PAGE_TYPE = re.compile(r"^(?:ประเภทตัวชี้วัด|ลักษณะข้อมูล)\s*:\s*(?P<v>.*)$")
PAGE_SED = re.compile(r"^\*+\s*สยป\.")
PAGE_PILLAR = re.compile(r"^:\s*ด้านที่\s*\d+\s*[-–]")
PAGE_DIMENSION = re.compile(r"^:\s*มิติที่\s*(?P<code>\d+\.\d+)\s*[-–]\s*(?P<title>.*)$")
PAGE_GOAL = re.compile(r"^:\s*เป้าหมายที่\s*(?P<goal>\d+\.\d+\.\d+)\s*(?P<title>.*)$")
NAME_EVAL_PREFIX = re.compile(r"^มิติที่\s*(?P<n>\d{1,2})\s*\(")
PAGE_BOILERPLATE = frozenset({"Back Home", "0", "รายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล", "สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ"})

# The system cuts plan-goal lines at a fixed width (82 characters in the seed, up to ~94 seen);
# complete goal titles in the samples are all shorter than this.
GOAL_CUT_WIDTH = 75


_WHITE_RUN = re.compile(r"\s{2,}")


def _goal_match(line: str) -> re.Match[str] | None:
    # Runs of white space folded first, of any kind (U+2028, no-break spaces, tabs, not only
    # spaces): the patterns' optional spaces would otherwise backtrack polynomially on a long run
    # (a few KB of spaces took minutes; 300 line separators 0.4 s, growing with the cube).
    folded = fold_spaces(_WHITE_RUN.sub(" ", line[:2000]))
    return GOAL.match(folded) or GOAL_WITH_DIMENSION.match(folded)  # the plain shape is the common one


def goal_code(line: str) -> str | None:
    """The plan-goal code of a plan line, or None when the line is not one.

    >>> goal_code("มิติที่ 3.3 - การศึกษาสำหรับทุกคน เป้าหมายที่ 3.3.1 การกระจายโอกาส")
    '3.3.1'
    """
    m = _goal_match(line) if line else None
    return m["goal"] if m else None


@dataclass(slots=True)
class Block:
    """Line range ``[start, end)`` of one indicator plus the headings in force above it.

    A headless block is the start of a passage cut out of an agency report: the end of an
    indicator whose name and head were cut off.
    """

    start: int
    end: int
    eval_heading: str | None
    plan_dimension_code: str | None
    plan_dimension_title: str
    headless: bool = False


# Lines that may start a section or an indicator, or be a report header further down the file
# (a second report appended, pages saved twice), found by one regex over the whole text: far
# cheaper than testing each of a big file's lines in Python.
# (The look-ahead lets most lines fail on their first letter before the seven branches are tried.)
REPORT_HEADER_START = "ผลการปฏิบัติราชการ"
_CANDIDATE = re.compile(
    r"\n[^\S\n]*(?=[ผร*โน\d(])(?:ผลงานเทียบ|รายงานผล|\*+\s*สรุป|โครงการ\s*/|(?:\d+\.\s*)?นิยาม|\(\d{1,4}\)|"
    + REPORT_HEADER_START
    + ")"
)


def candidate_lines(text: str) -> list[int]:
    """0-based indices of the lines of ``text`` that may be headings or indicator starts."""
    found = [0]  # the first line has no newline before it; always look at it
    line, pos = 0, 0
    for m in _CANDIDATE.finditer(text):
        line += text.count("\n", pos, m.start() + 1)
        pos = m.start() + 1
        found.append(line)
    return found


# A section heading: its line, the section it opens ("table", "narrative", …), the quarter of a
# narrative (0 for the others) and the text after the heading on its line ("" when none). A
# tuple, not a Section: a big file has tens of thousands, kept to the end of the parse, and a
# tuple of numbers and strings is quick to make and left alone by the garbage collector, which
# otherwise walked them (and a list each) again and again.
Heading = tuple[int, str, int, str]


class Headings:
    """Every section heading of a file, in order; and the lines that may be report headers
    (``ผลการปฏิบัติราชการ…``, the parser decides), found on the way at no extra pass."""

    def __init__(self, lines: list[str], candidates: list[int]):
        self.found: list[Heading] = []
        self.report_headers: list[int] = []
        for i in candidates:
            line = lines[i]
            if not line or line[0] == "(":
                continue
            printed = _PRINTED.get(line)  # nearly every heading of a file: no call, no regex
            heading = (i, *printed, "") if printed is not None else _heading(line, i)
            if heading is not None:
                self.found.append(heading)
            elif line.startswith(REPORT_HEADER_START):
                self.report_headers.append(i)
        self.starts = [h[0] for h in self.found]

    def kinds_within(self, start: int, end: int) -> list[str]:
        """The sections opened by headings on lines ``start`` to ``end`` (not included)."""
        lo = bisect_left(self.starts, start)
        return [h[1] for h in self.found[lo : bisect_left(self.starts, end, lo=lo)]]


# A part of a block, as split_sections cuts it: a Section's fields (its kind, the index of its
# heading line, its lines, the quarter of a narrative) in a tuple. Only the head and the quarter
# table are read as a Section: in Python 3.11 a class instance takes some 3,500 instructions to
# make, a tuple about a hundred, and a Section for each of a block's eight parts was an eighth
# of the time reading the block took.
Part = tuple[str, int, list[str], int]


def split_sections(lines: list[str], block: Block, headings: Headings) -> list[Part]:
    """Cut a block at its headings; text after a heading on the same line is kept as the
    section's first line. The first part is the head, the lines before the first heading."""
    lo = bisect_left(headings.starts, block.start)
    hi = bisect_left(headings.starts, block.end, lo=lo)
    bounds = headings.starts[lo:hi]
    bounds.append(block.end)
    parts: list[Part] = [("head", block.start, lines[block.start : bounds[0]], 0)]
    for (start, kind, quarter, rest), end in zip(headings.found[lo:hi], bounds[1:], strict=True):
        body = lines[start + 1 : end]
        parts.append((kind, start, [rest, *body] if rest else body, quarter))
    return parts


# Headings as the pages print them, nearly all of a file's: read without a regex.
_PRINTED: dict[str, tuple[str, int]] = {
    "ผลงานเทียบกับเป้าหมายรายไตรมาส": ("table", 0),
    **{f"รายงานผลฯ ไตรมาสที่ {q}": ("narrative", q) for q in (1, 2, 3, 4)},
    "** สรุปผลการดำเนินงาน **": ("summary", 0),
    "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด": ("projects", 0),
    "นิยาม หรือความหมายของตัวชี้วัด": ("definition", 0),
    "1.นิยาม หรือความหมายของตัวชี้วัด": ("definition", 0),
}


def _heading(line: str, i: int) -> Heading | None:
    """The heading a line not printed as in :data:`_PRINTED` is, or None. Dispatch on the first
    letter: one regex each."""
    first = line[:1]
    if first == "ผ":
        return (i, "table", 0, "") if TABLE.match(line) else None
    if first == "ร":
        m = NARRATIVE.match(line)
        return (i, "narrative", int(m["q"]), m["rest"]) if m else None
    rule = {"*": ("summary", SUMMARY), "โ": ("projects", PROJECTS)}.get(first, ("definition", DEFINITION))
    m = rule[1].match(line)
    return (i, rule[0], 0, m["rest"]) if m else None


_BLANK_LINES = re.compile(r"\n\s*\n")


def join_text(lines: list[str]) -> str:
    """Non-blank lines of a section, spaces folded, one per line; ``-`` alone means empty."""
    if not lines:
        return ""
    text = "\n".join(lines).strip()
    if "\n\n" in text:
        text = _BLANK_LINES.sub("\n", text)
    return fold_spaces(text)


class _Reader(TableReader):
    """Reads the sections of one block into an :class:`Indicator`."""

    def __init__(self, lines: list[str], block: Block, kind: Format, issues: list[Issue]):
        self.lines = lines
        self.block = block
        self.kind = kind
        self.issues = issues
        self.fields: dict[str, object] = {}
        self.seen: set[str] = set()
        self.first_line = block.start  # the line the indicator is known by (its name line)
        self.by_position = False  # narratives placed by their order, no heading said which

    def label(self) -> str:
        """How a warning names the indicator: ``(3)``, its name, or "without a name"."""
        name = str(self.fields.get("name", ""))[:40]
        return f"({self.fields['seq']})" if "seq" in self.fields else repr(name) if name else "without a name"

    # -- agency-report head ----------------------------------------------------------------------
    def read_agency_head(self, section: Section) -> None:
        start = section.start
        rows = [(start + k, ln) for k, ln in enumerate(section.lines) if ln]
        m = INDICATOR_START.match(rows[0][1]) if rows else None
        if m is None:
            return
        self.fields["seq"] = int(m["seq"])
        name = [m["name"]]
        k = 1
        while k < len(rows) and not rows[k][1].startswith("[มิติที่"):
            name.append(rows[k][1])
            k += 1
        self.fields["name"] = fold_spaces(" ".join(name))
        if k < len(rows) and (tag := EVAL_TAG.match(rows[k][1])):
            n = self.code(tag["n"], rows[k][0], "evaluation dimension", EVAL_DIMENSION) if tag["n"] else None
            self.fields["eval_dimension"] = int(n) if n else None
            self.fields["eval_label"] = fold_spaces(tag["label"])
            k += 1
        if k < len(rows) and self.read_goal_line(rows[k][1], rows[k][0]):
            k += 1
        self.read_agency_fields(rows[k:])

    def read_agency_fields(self, rows: list[tuple[int, str]]) -> None:
        """Unit, target and result; lines before the unit continue the name (``name_detail``)."""
        detail: list[str] = []
        for index, line in rows:
            rule = _FIELD_BY_LETTER.get(line[:1])  # each field's word has its own first letter
            f = rule[1].match(line) if rule is not None else None
            if f is not None and rule is not None:
                key = rule[0]
                self.fields[key] = fold_spaces(f["v"]) if key == "unit" else self.number(f["v"], index, f"the {key}")
                self.seen.add(key)
            elif "unit" not in self.seen:
                detail.append(line)
            else:
                self.warn(index, "unrecognised-line", f"line not understood: {line[:80]!r}")
        self.fields["name_detail"] = fold_spaces(" ".join(detail))

    def read_goal_line(self, line: str, index: int) -> bool:
        """The plan line after the tag, in any of its three shapes."""
        m = _goal_match(line)
        if m is None:
            return False
        if "dim" in m.groupdict():
            self.fields["plan_dimension_code"] = self.code(m["dim"], index, "plan dimension")
            self.fields["plan_dimension_title"] = fold_spaces(m["dim_title"])
        self.set_goal(m["goal"], m["title"], index)
        return True

    def code(self, code: str, index: int, what: str, rule: re.Pattern[str] = PLAN_CODE) -> str | None:
        """``code`` if it is one, else None and a warning (see :func:`bad_code`)."""
        issue = bad_code(code, index + 1, what, rule)
        if issue is None:
            return code
        self.issues.append(issue)
        return None

    def set_goal(self, code: str, title: str, index: int) -> None:
        title = fold_spaces(title)
        cut = title.endswith("%")  # the city database marks the end of its fixed-width field
        title = title.rstrip("%").rstrip()
        self.fields["plan_goal_code"] = self.code(code, index, "plan goal")
        self.fields["plan_goal_title"] = title
        self.fields["plan_goal_truncated"] = len(title) >= GOAL_CUT_WIDTH - (1 if cut else 0)

    # -- single-indicator page head --------------------------------------------------------------
    def read_page_head(self, section: Section) -> Loose | None:
        """The head's fields; lines after its last one (``*** สยป. …``) come back as loose text."""
        pending_type = False
        for k, line in enumerate(section.lines):
            index = section.start + k
            if not line:
                continue
            if PAGE_SED.match(line):
                return Loose(index, section.lines[k + 1 :])
            if pending_type and line.startswith("("):
                kpi_type = str(self.fields.get("kpi_type") or "")
                self.fields["kpi_type"] = fold_spaces(f"{kpi_type} {line}")
                pending_type = False
                continue
            pending_type = False
            if line in PAGE_BOILERPLATE or PAGE_PILLAR.match(line):
                continue
            if m := PAGE_TARGET.match(line):
                self.fields["unit"], self.fields["target"] = self.measure(m["unit"], m["v"], index, "the target")
                self.seen.update(("unit", "target"))
            elif m := PAGE_RESULT.match(line):
                self.fields["unit"] = self.fields.get("unit") or fold_spaces(m["unit"])
                self.fields["result"] = self.number(m["v"], index, "the result")
                self.seen.add("result")
            elif m := PAGE_TYPE.match(line):
                self.fields["kpi_type"] = fold_spaces(m["v"]) or None
                pending_type = True
            elif m := PAGE_DIMENSION.match(line):
                self.fields["plan_dimension_code"] = self.code(m["code"], index, "plan dimension")
                self.fields["plan_dimension_title"] = fold_spaces(m["title"])
            elif m := PAGE_GOAL.match(line):
                self.set_goal(m["goal"], m["title"], index)
            elif "name" not in self.fields and "target" not in self.seen:
                self.read_page_name(line, index)
            else:
                self.warn(index, "unrecognised-line", f"line not understood: {line[:80]!r}")
        return None

    def read_page_name(self, line: str, index: int) -> None:
        self.first_line = index
        m = PAGE_NAME.match(line)
        name = m["name"] if m else line
        self.fields["name"] = fold_spaces(name)
        self.fields["kpi_code"] = m["code"] if m else None
        if e := NAME_EVAL_PREFIX.match(name):
            self.fields["eval_dimension"] = int(e["n"])

    # -- quarter table ---------------------------------------------------------------------------


def read_block(
    lines: list[str], block: Block, headings: Headings, kind: Format, issues: list[Issue], last: bool, cut: str = ""
) -> Indicator | None:
    """One :class:`Indicator` from a block, or ``None`` when it holds nothing recognisable.

    ``cut``: how the file was cut inside this block, if it was (``heading``, ``character``,
    ``size``, ``name``: see :mod:`kpi_core.reading.cuts`); the indicator then says where the file
    ends in it and which quarters it never reached.
    """
    reader = _Reader(lines, block, kind, issues)
    parts = split_sections(lines, block, headings)
    _, head_start, head_lines, _ = parts[0]
    loose: Loose | None = None
    if block.headless:
        loose = Loose(head_start - 1, head_lines)
        reader.warn(
            block.start,
            "passage-start",
            "the passage begins inside an indicator whose name was cut off: its sections are kept, without a name",
        )
    elif kind == "agency_report":
        reader.read_agency_head(Section("head", head_start, head_lines))
    else:
        loose = reader.read_page_head(Section("head", head_start, head_lines))
    if "name" not in reader.fields and not reader.seen and not block.headless:
        return None
    rows: dict[int, Row] = {}  # from the table, without their narratives yet
    reports: dict[int, str] = {}
    texts: dict[str, list[str]] = {}
    starts: dict[str, int] = {}  # the line (1-based) each text begins at: "q1", …, "summary", …
    if loose is not None and any(loose.lines):
        following = (parts[1][0], parts[1][3]) if len(parts) > 1 else None
        _place_loose(reader, loose, following, (rows, reports, texts, starts))
    for part, start, body, quarter in parts[1:]:
        if part == "table":
            rows.update((row[0], row) for row in reader.read_table(Section("table", start, body)))
            reader.seen.add("table")
            starts.setdefault("table", start + 1)
        elif part == "narrative":
            text = join_text(body)
            if quarter in reports:  # a heading repeated: keep both texts, and say so
                reader.warn(start, "duplicate-narrative", f"a second report for quarter {quarter}")
                text = "\n".join(t for t in (reports[quarter], text) if t)
            reports[quarter] = text
            reader.seen.add(QUARTER_KEYS[quarter])
            starts.setdefault(QUARTER_KEYS[quarter], start + 1)
        else:
            texts[part] = texts.get(part, []) + body
            reader.seen.add(part)
            starts.setdefault(part, start + 1)
    ended = WHOLE
    if not block.headless:  # a headless block is incomplete by nature, and said so when placed
        label = reader.label()
        said = check_complete(reader.seen, kind, label, lines, block.start, last, issues)
        if said or cut:
            ended = reach(lines, block.start, block.end, reader.seen, starts)
            if not said and cut == "size":  # every part is there, and no other issue tells of the cut
                issues.append(cut_warning(ended.cut_line or 0, ended.cut_in, label))
    elif cut:
        ended = reach(lines, block.start, block.end, reader.seen, starts)
    f = reader.fields
    # The head's own texts; headings above the block are checked where they are read (parse).
    # A block shorter than a field may be cannot hold a field too long: every real block.
    span = lines[block.start : block.end]
    long_block = sum(map(len, span)) + len(span) > MAX_FIELD_CHARS
    own_texts = (
        [(f[key], what) for key, what in HEAD_TEXTS.items() if isinstance(f.get(key), str)] if long_block else []
    )
    # Headings above the block apply unless the block's own plan line named its dimension.
    f.setdefault("plan_dimension_code", block.plan_dimension_code)
    f.setdefault("plan_dimension_title", block.plan_dimension_title)
    name = str(f.pop("name", ""))
    indicator = Indicator(
        name=name,
        line=reader.first_line + 1,
        quarters=_quarters(rows, reports, ended),
        summary=join_text(texts.get("summary", [])),
        supporting_projects=join_text(texts.get("projects", [])),
        definition=join_text(texts.get("definition", [])),
        eval_heading=block.eval_heading,
        cut_line=ended.cut_line,
        cut_in=ended.cut_in,
        by_position=reader.by_position,
        **f,  # type: ignore[arg-type]
    )
    if long_block:
        reader.issues.extend(check_lengths(indicator, own_texts, starts))
    return indicator


@dataclass(frozen=True, slots=True)
class Loose:
    """Lines that no heading claims; ``lines[k]`` is line ``start + 1 + k`` (0-based) of the file."""

    start: int
    lines: list[str]


_WHAT = {"table": "the quarter table", "summary": "the summary"}


_Read = tuple[dict[int, Row], dict[int, str], dict[str, list[str]], dict[str, int]]


def _place_loose(reader: _Reader, loose: Loose, following: tuple[str, int] | None, read: _Read) -> None:
    """Read loose text as the sections it belongs to (see :func:`passages.place_loose`) into
    ``read``: table rows, narratives, other texts and the line where each text begins.
    ``following``: the kind and quarter of the section after the loose text, if there is one."""
    rows, reports, texts, starts = read
    used = [loose.start + 1 + k for k, line in enumerate(loose.lines) if line]
    pieces = place_loose(loose.start, loose.lines, following)
    if not pieces:
        if reader.block.headless and reader.kind == "agency_report":  # the passage begins in the head
            reader.read_agency_fields([(index, reader.lines[index]) for index in used])
            return
        for index in used:
            reader.warn(index, "unrecognised-line", f"line not understood: {reader.lines[index][:80]!r}")
        return
    for piece in pieces:
        if piece.kind == "table":
            rows.update((row[0], row) for row in reader.read_table(Section("table", piece.start, piece.lines)))
            reader.seen.add("table")
            starts["table"] = piece.start + 2
        elif piece.kind == "narrative":
            reports[piece.quarter] = join_text(piece.lines)
            reader.seen.add(QUARTER_KEYS[piece.quarter])
            starts[QUARTER_KEYS[piece.quarter]] = piece.start + 2
        else:
            texts[piece.kind] = piece.lines
            reader.seen.add(piece.kind)
            starts[piece.kind] = piece.start + 2
    where = f"line {used[0] + 1}" if len(used) == 1 else f"lines {used[0] + 1}–{used[-1] + 1}"
    if following is not None:
        piece = pieces[0]
        what = _WHAT.get(piece.kind, f"the report for quarter {piece.quarter}")
        message = f"text before the first heading ({where}) read as the end of {what}, printed before it"
        reader.warn(used[0], "text-before-heading", message)
    else:
        quarters = [p.quarter for p in pieces if p.kind == "narrative"]
        parts = ["quarter-table rows"] if pieces[0].kind == "table" else []
        if quarters:
            n = len(quarters)
            parts.append(f"the reports of quarters 1–{n}, one line each" if n > 1 else "the report of quarter 1")
        what = ", then ".join(parts)
        reader.by_position = bool(quarters)
        reader.warn(used[0], "no-headings", f"no section headings: {where} read as {what}, as the pages order them")


def _quarters(rows: dict[int, Row], reports: dict[int, str], ended: Reach) -> tuple[Quarter, ...]:
    """The four quarters: table rows joined with their narratives, and whether the file got to each."""
    out = []
    for q in (1, 2, 3, 4):
        row, there = rows.get(q), ended.in_file[q - 1]
        if row is None:
            out.append(Quarter(q, report=reports.get(q, ""), in_file=there))
        else:
            out.append(Quarter(q, row[1], row[2], row[3], reports.get(q, ""), row[4], in_file=there))
    return tuple(out)
