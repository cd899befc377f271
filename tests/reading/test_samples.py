"""Conformance over the real excerpts in ``../shared/samples/real/`` (skipped when absent).

``MANIFEST.tsv`` names each excerpt's variant. What an excerpt should give is read here from its
raw text with small regexes of our own, not with the parser's: the header's agency code, the
``หน่วยนับ / เป้าหมาย / ผลงาน`` lines of an agency report, the ``NAME : 5008-2005`` line and the
``ค่าเป้าหมาย / ผลงานที่ทำได้`` lines of a single-indicator page.

An excerpt is *cut off* when a part every indicator has is missing from its text: the quarter
table or one of the four narrative headings, or, for an agency report, the summary heading.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from builders import page, unmarked
from kpi_core import Report, ReportError, parse_report
from kpi_core.reading.thai import normalise

# Where conftest's ``samples_dir`` fixture looks; read here too because parametrising needs the
# manifest at collection time. Each test still takes the fixture, which skips when it is absent.
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
REAL = "real"

A = "A_index_agency_report"
B = "B_kpi_detail_full"
C = "C_kpi_detail_midpage_passage"
CONTEXT = "CONTEXT"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Excerpt:
    file: str
    variant: str


def _manifest() -> list[Excerpt]:
    path = SAMPLES / REAL / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [Excerpt(row["file"], row["variant"]) for row in csv.DictReader(f, delimiter="\t")]


MANIFEST = _manifest()


def _params(*variants: str, exclude: bool = False) -> list[Excerpt]:
    return [e for e in MANIFEST if (e.variant in variants) != exclude]


def _raw(samples_dir: Path, excerpt: Excerpt) -> str:
    return (samples_dir / REAL / excerpt.file).read_text(encoding="utf-8")


def _parse(samples_dir: Path, excerpt: Excerpt) -> Report:
    return parse_report((samples_dir / REAL / excerpt.file).read_bytes(), excerpt.file)


# -- our own readings of the raw text ------------------------------------------------------------


def _number(raw: str) -> float | None:
    """``12,000.00`` → 12000.0, blank → None (the excerpts hold no other shapes)."""
    raw = raw.strip()
    return float(raw.replace(",", "")) if raw else None


def _first(pattern: str, text: str) -> re.Match[str]:
    m = re.search(pattern, text, re.MULTILINE)
    assert m is not None, f"the excerpt has no line matching {pattern!r}"
    return m


def _cut_off(text: str, variant: str) -> bool:
    lines = {ln.strip() for ln in text.splitlines()}
    needed = ["ผลงานเทียบกับเป้าหมายรายไตรมาส", *(f"รายงานผลฯ ไตรมาสที่ {q}" for q in range(1, 5))]
    if variant == A:
        needed.append("** สรุปผลการดำเนินงาน **")
    return any(heading not in lines for heading in needed)


SECTION_HEADINGS = (
    "ผลงานเทียบกับเป้าหมายรายไตรมาส",
    "รายงานผลฯ ไตรมาสที่",
    "** สรุปผลการดำเนินงาน **",
    "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด",
    "นิยาม หรือความหมายของตัวชี้วัด",
)


def _cut_heading(line: str) -> bool:
    """The first letters of a section heading, and no more (``รายงานผลฯ ไต``)."""
    line = line.strip()
    return bool(line) and any(h.startswith(line) and h != line for h in SECTION_HEADINGS)


def _line_count(text: str) -> int:
    return len(text.replace("\r\n", "\n").split("\n"))


def _last_text_line(text: str) -> int:
    lines = text.replace("\r\n", "\n").split("\n")
    return max(i for i, ln in enumerate(lines, start=1) if ln.strip())


# -- A: agency annual reports --------------------------------------------------------------------


@pytest.mark.parametrize("excerpt", _params(A), ids=lambda e: e.file)
def test_agency_report_excerpt(samples_dir: Path, excerpt: Excerpt) -> None:
    text = _raw(samples_dir, excerpt)
    report = _parse(samples_dir, excerpt)
    assert report.format == "agency_report"
    assert report.indicators and all(i.name for i in report.indicators)
    assert report.agency_code == _first(r"^ผลการปฏิบัติราชการประจำปี.*ของหน่วยงาน\s*:\s*(\d{8})\s*$", text)[1]
    header_year = _first(r"^ผลการปฏิบัติราชการประจำปี\s*:?\s*(\d{4})?", text)[1]
    if header_year:
        assert (report.fiscal_year, report.fiscal_year_source) == (int(header_year), "header")

    first = report.indicators[0]
    start = _first(r"^\((\d+)\)\s*(.+)$", text)
    assert (first.seq, first.name) == (int(start[1]), normalise(start[2]))
    assert first.unit == _first(r"^หน่วยนับ\s*:(.*)$", text)[1].strip()
    assert first.target == _number(_first(r"^เป้าหมาย\s*:(.*)$", text)[1])
    assert first.result == _number(_first(r"^ผลงาน\s*:(.*)$", text)[1])


# -- B: single-indicator pages -------------------------------------------------------------------


@pytest.mark.parametrize("excerpt", _params(B), ids=lambda e: e.file)
def test_kpi_page_excerpt(samples_dir: Path, excerpt: Excerpt) -> None:
    text = _raw(samples_dir, excerpt)
    report = _parse(samples_dir, excerpt)
    assert report.format == "kpi_page"
    assert len(report.indicators) == 1
    page = report.indicators[0]
    assert page.name

    code = _first(r"^.+?\s*:\s*(\d{4})-(\d{1,4})\s*$", text)
    assert page.kpi_code == f"{code[1]}-{code[2]}"
    assert report.agency_code == code[1] + "0000"
    target = _first(r"^ค่าเป้าหมาย\s*(.*?)\s*:(.*)$", text)
    assert (page.unit, page.target) == (target[1], _number(target[2]))
    assert page.result == _number(_first(r"^ผลงานที่ทำได้\s*.*?\s*:(.*)$", text)[1])


@pytest.mark.parametrize("excerpt", _params(B), ids=lambda e: e.file)
def test_kpi_page_year_comes_from_its_name_not_from_a_mention(samples_dir: Path, excerpt: Excerpt) -> None:
    """A year in the indicator's name (``ปี 2564 …``, ``… ประจำปีงบประมาณ พ.ศ. 2562``) is the page's
    own; one named inside a narrative (``ในปีงบประมาณ พ.ศ.2564``) is not read as a statement."""
    text = _raw(samples_dir, excerpt)
    name = _first(r"^(.+?)\s*:\s*\d{4}-\d{1,4}\s*$", text)[1]
    stated = re.search(r"ปี(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.)?\s*(25\d\d)", normalise(name))
    report = _parse(samples_dir, excerpt)
    if stated:
        assert (report.fiscal_year, report.fiscal_year_source) == (int(stated[1]), "text")
    else:
        assert report.fiscal_year_source in (None, "dates")


# -- C: mid-page passages ------------------------------------------------------------------------


@pytest.mark.parametrize("excerpt", _params(C), ids=lambda e: e.file)
def test_midpage_passage_keeps_its_narratives(samples_dir: Path, excerpt: Excerpt) -> None:
    """Copied mid-way, a page loses its blank lines, table rows and report headings: each line
    after ``*** สยป. …`` is one quarter's report, in order (as full pages print them, one line each)."""
    text = _raw(samples_dir, excerpt)
    lines = [ln.strip() for ln in text.splitlines()]
    sed = next(i for i, ln in enumerate(lines) if ln.startswith("*** สยป."))
    reports = [normalise(ln) for ln in lines[sed + 1 :] if ln]
    assert 1 <= len(reports) <= 4, "an excerpt of this variant holds up to four report lines"
    report = _parse(samples_dir, excerpt)
    assert report.format == "kpi_page"
    (page,) = report.indicators
    assert [q.report for q in page.quarters] == reports + [""] * (4 - len(reports))
    target = _first(r"^ค่าเป้าหมาย\s*(.*?)\s*:(.*)$", text)
    assert (page.unit, page.target) == (target[1], _number(target[2]))
    assert page.result == _number(_first(r"^ผลงานที่ทำได้\s*.*?\s*:(.*)$", text)[1])
    assert [i for i in report.issues if i.code == "unrecognised-line"] == []


# -- every parsed excerpt ------------------------------------------------------------------------


@pytest.mark.parametrize("excerpt", _params(A, B), ids=lambda e: e.file)
def test_cut_off_excerpts_say_where_they_stop(samples_dir: Path, excerpt: Excerpt) -> None:
    text = _raw(samples_dir, excerpt)
    if not _cut_off(text, excerpt.variant):
        pytest.skip("every section heading is there: nothing says this excerpt was cut")
    report = _parse(samples_dir, excerpt)
    truncated = [i for i in report.issues if i.code == "truncated-block"]
    assert [i.line for i in truncated] == [_last_text_line(text)]


@pytest.mark.parametrize("excerpt", _params(A, B, C), ids=lambda e: e.file)
def test_a_cut_heading_ends_no_text(samples_dir: Path, excerpt: Excerpt) -> None:
    """``รายงานผลฯ ไต`` at the end of an excerpt is left out of the narrative above it, and said so."""
    text = _raw(samples_dir, excerpt)
    report = _parse(samples_dir, excerpt)
    for ind in report.indicators:
        for field in (*(q.report for q in ind.quarters), ind.summary, ind.supporting_projects, ind.definition):
            assert not _cut_heading(field.split("\n")[-1]), field[-60:]
    last = _last_text_line(text)
    cut = [i.line for i in report.issues if i.code == "cut-heading"]
    assert cut == ([last] if _cut_heading(text.replace("\r\n", "\n").split("\n")[last - 1]) else [])


@pytest.mark.parametrize("excerpt", _params(A, B, C), ids=lambda e: e.file)
def test_excerpt_cut_inside_its_last_character_still_reads(samples_dir: Path, excerpt: Excerpt) -> None:
    """A broken download: the bytes stop inside a Thai letter. What is left reads as before."""
    data = (samples_dir / REAL / excerpt.file).read_bytes().rstrip()
    last = data.decode("utf-8")[-1]
    if len(last.encode("utf-8")) == 1:
        pytest.skip("the excerpt ends in a one-byte character")
    whole = parse_report(data[: -len(last.encode("utf-8"))], excerpt.file)
    cut = parse_report(data[:-1], excerpt.file)
    assert unmarked(cut.indicators) == unmarked(whole.indicators)
    assert cut.indicators[-1].cut_line == _line_count(data.decode("utf-8"))
    warnings = [i.line for i in cut.issues if i.code == "cut-character"]
    assert warnings == [_line_count(data.decode("utf-8"))]


@pytest.mark.parametrize("excerpt", _params(CONTEXT, exclude=True), ids=lambda e: e.file)
def test_every_indicator_excerpt_is_accepted(samples_dir: Path, excerpt: Excerpt) -> None:
    assert _parse(samples_dir, excerpt).indicators


@pytest.mark.parametrize("excerpt", _params(CONTEXT), ids=lambda e: e.file)
def test_context_texts_are_refused_in_one_line(samples_dir: Path, excerpt: Excerpt) -> None:
    """Texts about indicators (the OPDC framework, a news item) are no indicator page: exit 2."""
    path = samples_dir / REAL / excerpt.file
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "parse", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.startswith(f"error: {path}: ") and out.stderr.count("\n") == 1, out.stderr


@pytest.mark.parametrize("excerpt", _params(A, B, exclude=True), ids=lambda e: f"{e.variant[:1]}-{e.file}")
def test_other_excerpts_give_a_report_or_a_report_error(samples_dir: Path, excerpt: Excerpt) -> None:
    """Mid-page passages (C), the city-indicator database (D) and the context texts."""
    try:
        report = _parse(samples_dir, excerpt)
    except ReportError as error:
        assert error.message.startswith(f"{excerpt.file}")
        return
    assert report.indicators


@pytest.mark.parametrize("excerpt", MANIFEST, ids=lambda e: e.file)
def test_line_numbers_point_inside_the_excerpt(samples_dir: Path, excerpt: Excerpt) -> None:
    try:
        report = _parse(samples_dir, excerpt)
    except ReportError:
        return
    last = _line_count(_raw(samples_dir, excerpt))
    assert all(1 <= i.line <= last for i in report.issues)
    assert all(1 <= ind.line <= last for ind in report.indicators)
    assert all(q.line is None or 1 <= q.line <= last for ind in report.indicators for q in ind.quarters)


def test_the_manifest_lists_every_variant(samples_dir: Path) -> None:
    files = {p.name for p in (samples_dir / REAL).glob("*.txt")}
    assert {e.file for e in MANIFEST} == files
    assert {A, B, C} <= {e.variant for e in MANIFEST}


# -- defects found on particular excerpts ----------------------------------------------------------


def _excerpt(name: str) -> Excerpt:
    return next(e for e in MANIFEST if e.file == name)


def test_us_style_dates_give_the_fiscal_year(samples_dir: Path) -> None:
    """10/26/2020, 11/30/2020, 12/30/2020 (line 47) are October-December 2020: fiscal year 2564."""
    report = _parse(samples_dir, _excerpt("dp1_mykpi_pid_5026-2001__q29.txt"))
    assert (report.fiscal_year, report.fiscal_year_source) == (2564, "dates")


@pytest.mark.parametrize(
    ("name", "unit", "target"),
    [
        # ค่าเป้าหมาย 1,200 ชุมชน : 1,200 ชุมชน — the target is no part of the unit.
        ("mykpi2563_pid_235__q17.txt", "ชุมชน", 1200.0),
        # ค่าเป้าหมาย ร้อยละ 50 (จากบริการที่สำรวจ 371 services) : ร้อยละ 50 — the base stays.
        ("mykpi2563_pid_15__q24.txt", "ร้อยละ (จากบริการที่สำรวจ 371 services)", 50.0),
        # ค่าเป้าหมาย ร้อยละ : 100 ของการประมาณการ — a percent of the estimate, not of anything.
        ("mykpi2563_pid_132__q18.txt", "ร้อยละ (ของการประมาณการ)", 100.0),
        # ค่าเป้าหมาย อย่างน้อย 2 ครั้ง/ปี : 3 — a number in the unit that is not the target stays.
        ("mykpi_pid_5012-0927__q16.txt", "อย่างน้อย 2 ครั้ง/ปี", 3.0),
    ],
)
def test_a_city_page_unit_is_the_unit(samples_dir: Path, name: str, unit: str, target: float) -> None:
    page = _parse(samples_dir, _excerpt(name)).indicators[0]
    assert (page.unit, page.target) == (unit, target)


@pytest.mark.parametrize(
    ("line", "unit", "target", "said"),
    [
        ("ค่าเป้าหมาย 1,200 ชุมชน : 1,200 ชุมชน", "ชุมชน", 1200.0, False),
        (
            "ค่าเป้าหมาย ร้อยละ 50 (จากบริการที่สำรวจ 371 services) : ร้อยละ 50",
            "ร้อยละ (จากบริการที่สำรวจ 371 services)",
            50.0,
            False,
        ),
        ("ค่าเป้าหมาย ร้อยละ : 100 ของการประมาณการ", "ร้อยละ (ของการประมาณการ)", 100.0, True),
        ("ค่าเป้าหมาย อย่างน้อย 2 ครั้ง/ปี : 3", "อย่างน้อย 2 ครั้ง/ปี", 3.0, False),
        ("ค่าเป้าหมาย ร้อยละ : 80", "ร้อยละ", 80.0, False),
    ],
)
def test_the_target_line_gives_the_unit_and_keeps_the_number(line: str, unit: str, target: float, said: bool) -> None:
    """The lines of the city pages above, in a page of our own (runs without the samples)."""
    data = page().decode("utf-8").replace("ค่าเป้าหมาย ร้อยละ : 80", line).encode("utf-8")
    report = parse_report(data, "page.txt")
    assert (report.indicators[0].unit, report.indicators[0].target) == (unit, target)
    # Words kept in the unit are said at the line; the unit written again says nothing new.
    assert [i.line for i in report.issues if i.code == "number-with-text"] == ([7] if said else [])


SED_CHECK = re.compile(r"^\*+\s*สยป\.[^\n:]*:[ \t]*ไตรมาสที่[ \t]*([1-4])[ \t]*:[ \t]*([\d.,]+)[ \t]*$", re.MULTILINE)


@pytest.mark.parametrize("excerpt", _params(B, C), ids=lambda e: e.file)
def test_the_sed_check_line_says_what_the_table_says(samples_dir: Path, excerpt: Excerpt) -> None:
    """``*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 3: 0`` is left out of the page's fields: on every
    real page the quarter table carries the same SED score for that quarter, so nothing is lost."""
    check = SED_CHECK.search(_raw(samples_dir, excerpt))
    if check is None:
        pytest.skip("no SED score on the check line (a passage copied without it, or left blank)")
    (page,) = _parse(samples_dir, excerpt).indicators
    assert page.quarters[int(check[1]) - 1].sed_score == _number(check[2])


# -- where a cut excerpt ends, and what it never reached ---------------------------------------

INDICATOR_EXCERPTS = [e for e in MANIFEST if e.variant != CONTEXT]


@pytest.mark.parametrize("excerpt", INDICATOR_EXCERPTS, ids=lambda e: e.file)
def test_every_excerpt_is_cut_at_2000_bytes(samples_dir: Path, excerpt: Excerpt) -> None:
    """The premise of the size rule (kpi_core.reading.cuts): each excerpt is 1,997-2,000 bytes of
    text and a final newline, however its text ends. Should new excerpts come in other sizes, the
    rule must be looked at again."""
    data = (samples_dir / REAL / excerpt.file).read_bytes()
    assert data.endswith(b"\n") and 1997 <= len(data) - 1 <= 2000


@pytest.mark.parametrize("excerpt", INDICATOR_EXCERPTS, ids=lambda e: e.file)
def test_the_last_indicator_of_an_excerpt_says_where_the_file_ends(samples_dir: Path, excerpt: Excerpt) -> None:
    text = _raw(samples_dir, excerpt)
    report = _parse(samples_dir, excerpt)
    *whole, last = report.indicators
    assert last.cut_line == _last_text_line(text)
    assert all(i.cut_line is None and all(q.in_file for q in i.quarters) for i in whole)
    assert _last_text_line(text) in [i.line for i in report.issues if i.code in ("truncated-block", "cut-heading")]


def _reached(text: str) -> list[bool]:
    """Our own reading: quarter q's report is in the file when its heading, a later quarter's or
    the summary's is."""
    lines = {ln.strip() for ln in text.splitlines()}
    later = [f"รายงานผลฯ ไตรมาสที่ {q}" in lines for q in (1, 2, 3, 4)] + ["** สรุปผลการดำเนินงาน **" in lines]
    return [any(later[q:]) for q in range(4)]


@pytest.mark.parametrize("excerpt", _params(A, B), ids=lambda e: e.file)
def test_quarters_past_the_cut_are_not_in_the_file(samples_dir: Path, excerpt: Excerpt) -> None:
    text = _raw(samples_dir, excerpt)
    last = _parse(samples_dir, excerpt).indicators[-1]
    assert [q.in_file for q in last.quarters] == _reached(text)
    assert all(not q.report for q in last.quarters if not q.in_file)


def _one(samples_dir: Path, name: str) -> Report:
    return parse_report((samples_dir / REAL / name).read_bytes(), name)


def test_a_file_cut_in_a_heading_reached_two_quarters(samples_dir: Path) -> None:
    """``dp1_…5010-0957`` stops at line 53 in ``รายงานผลฯ ไต``: Q1 and Q2 are whole, Q3 and Q4
    are not in the file (not "no report")."""
    (page,) = _one(samples_dir, "dp1_mykpi_pid_5010-0957__q18.txt").indicators
    assert (page.cut_line, page.cut_in) == (53, "")
    assert [q.in_file for q in page.quarters] == [True, True, False, False]


def test_a_narrative_cut_mid_word_is_the_one_the_file_ends_in(samples_dir: Path) -> None:
    (page,) = _one(samples_dir, "dp2_mykpi_pid_1400-2016__q18.txt").indicators
    assert (page.cut_line, page.cut_in, page.quarters[2].report) == (55, "q3", "-ตั้")
    assert [q.in_file for q in page.quarters] == [True, True, True, False]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("mykpi_pid_5032-0772__q14.txt", 63),
        ("mykpi_pid_1700-0830__q23.txt", 65),
        ("mykpi_pid_2100-1037__q5b.txt", 57),
        ("dp_mykpi_pid_0200-921__q5.txt", 57),
    ],
)
def test_a_cut_in_the_definition_is_said(samples_dir: Path, name: str, line: int) -> None:
    """Every heading is there and the definition is cut (``คำ``): only the file's size tells,
    and the warning says so; all four quarters were reached."""
    report = _one(samples_dir, name)
    (page,) = report.indicators
    assert (page.cut_line, page.cut_in) == (line, "definition")
    assert all(q.in_file for q in page.quarters)
    (warning,) = [i for i in report.issues if i.code == "truncated-block"]
    assert warning.line == line and "2,000 bytes" in warning.message


def test_narratives_placed_by_position_say_so(samples_dir: Path) -> None:
    """A passage without report headings: its one report line is given to Q1 by its place, which
    may be wrong (``dp_…1900-6562`` reports on 9 มีนาคม 2566, a Q2 date)."""
    (page,) = _one(samples_dir, "dp_mykpi_pid_1900-6562__q16.txt").indicators
    assert page.by_position
    assert [q.in_file for q in page.quarters] == [True, False, False, False]
    assert not _one(samples_dir, "dp1_mykpi_pid_5010-0957__q18.txt").indicators[0].by_position
