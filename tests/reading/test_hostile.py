"""Hostile inputs in one table: what a user may upload by mistake, and what the parser must answer.

Every row is either a readable report (a ``Report`` with at least one indicator) or one exact
``ReportError`` subclass whose ``.message`` is one line starting with the file name. Nothing else
may come out: no ``ValueError``, no ``IndexError``, no traceback on the command line.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from builders import overflowing_codes, unmarked
from kpi_core import ReportError, parse_report
from kpi_core.analysis.status import status
from kpi_core.reading.errors import EmptyReportError, NoIndicatorError, NotAReportError, NotTextError
from kpi_core.reading.limits import MAX_FIELD_CHARS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPORT = (FIXTURES / "encoding_base.txt").read_bytes()  # a small, complete agency report
AGENCY_HEADER = "ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 03000000\n"
HEADER_WITH_YEAR = "ผลการปฏิบัติราชการประจำปี : 2564 ของหน่วยงาน : 03000000"

THAI_NEWS = (
    "กรุงเทพมหานครเตรียมเปิดสวนสาธารณะแห่งใหม่ในพื้นที่ฝั่งธนบุรี เพื่อเพิ่มพื้นที่สีเขียวให้ประชาชน"
    "ได้ใช้ออกกำลังกายและพักผ่อน คาดว่าจะเปิดให้บริการได้ภายในปลายปีนี้\n\n"
    "ผู้ว่าราชการกรุงเทพมหานครกล่าวว่า โครงการนี้เป็นส่วนหนึ่งของแผนเพิ่มต้นไม้ล้านต้น "
    "และจะรับฟังความคิดเห็นจากชุมชนโดยรอบก่อนเริ่มก่อสร้าง เมื่อวันที่ 9 ธันวาคม 2563\n"
)
# Invented in the shape of the OPDC (ก.พ.ร.) guidance pages: prose about indicators, a "- …" list,
# even a "ค่าเป้าหมาย :" line, but none of an SED page's other lines.
OPDC_GUIDANCE = (
    "คำรับรองการปฏิบัติราชการ\n\n"
    "สำนักงาน ก.พ.ร. กำหนดให้ส่วนราชการจัดทำคำรับรองการปฏิบัติราชการทุกปี โดยมีสาระสำคัญดังนี้\n"
    "- ตัวชี้วัดต้องสอดคล้องกับยุทธศาสตร์และภารกิจหลักของส่วนราชการ\n"
    "- น้ำหนักของตัวชี้วัดรวมกันได้ร้อยละ 100\n"
    "- เกณฑ์การให้คะแนนแบ่งเป็น 5 ระดับ\n"
    "ค่าเป้าหมาย : กำหนดไว้ที่ระดับคะแนน 3 ซึ่งเป็นค่ามาตรฐาน\n"
    "ผู้รับผิดชอบตัวชี้วัดรายงานผลทุกรอบ 6 เดือน\n"
)
ENGLISH = (
    "The Bangkok Metropolitan Administration publishes yearly performance indicators for each of\n"
    "its agencies. This paragraph merely talks about them; it is not a report.\n"
)
HTML = (
    '<!DOCTYPE html>\n<html lang="th">\n<head><meta charset="utf-8"><title>ผลการปฏิบัติราชการ</title></head>\n'
    "<body>\n<h1>ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 03000000</h1>\n<p>(1) ร้อยละของ…</p>\n</body>\n</html>\n"
)


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    expected: type[ReportError] | None  # None: a Report with at least one indicator


def _random_binary() -> bytes:
    noise = random.Random(20240101).randbytes(4096)
    return b"\x00\x01\x02\x03" + noise[:2000] + b"\x00" * 16 + noise[2000:]


CASES = [
    Hostile("empty", b"", EmptyReportError),
    Hostile("whitespace", b" \t \n\n   \r\n\t\n", EmptyReportError),
    Hostile("100k-blank-lines", b"\n" * 100_000, EmptyReportError),
    Hostile("zero-width-and-bom-only", "\ufeff\u200b\n\u200b \n".encode(), EmptyReportError),
    Hostile("nbsp-only", "\u00a0\u00a0\n\u00a0\n".encode(), EmptyReportError),
    Hostile("binary-with-nul", _random_binary(), NotTextError),
    Hostile("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), NotTextError),
    Hostile("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)), NotTextError),
    Hostile("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", NotTextError),
    Hostile("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(64)), NotTextError),
    Hostile("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(64)), NotTextError),
    # UTF-16 without a byte-order mark is recognised by decoding to clean text: a header alone.
    Hostile("utf16-without-bom", AGENCY_HEADER.encode("utf-16-le"), NoIndicatorError),
    Hostile("utf16-bom-odd-length", b"\xff\xfe" + AGENCY_HEADER.encode("utf-16-le") + b"\x41", NotTextError),
    Hostile("invalid-utf8-and-cp874", b"\xdb\xdc\xfc\xfd" * 64, NotTextError),
    Hostile("json-object", json.dumps({"format": "agency_report", "indicators": []}).encode(), NotAReportError),
    Hostile("json-array", json.dumps([{"seq": 1, "name": "ร้อยละ"}, 2, 3]).encode(), NotAReportError),
    Hostile("thai-news-prose", THAI_NEWS.encode(), NotAReportError),
    Hostile("english-prose", ENGLISH.encode(), NotAReportError),
    Hostile("html-page", HTML.encode(), NotAReportError),
    Hostile("latin1-prose", "café crème brûlée à la française\n".encode("latin-1"), NotAReportError),
    Hostile("one-megabyte-line", "ก".encode() * 350_000, NotAReportError),
    Hostile("agency-header-only", AGENCY_HEADER.encode(), NoIndicatorError),
    Hostile("agency-header-with-year-only", HEADER_WITH_YEAR.encode(), NoIndicatorError),
    Hostile("agency-header-then-prose", (AGENCY_HEADER + "\n" + THAI_NEWS).encode(), NoIndicatorError),
    Hostile("kpi-page-header-only", "รายละเอียดตัวชี้วัด\n\nBack Home\n".encode(), NoIndicatorError),
    Hostile("opdc-guidance-page", OPDC_GUIDANCE.encode(), NotAReportError),
    Hostile("kpi-page-header-then-guidance", ("รายละเอียดตัวชี้วัด\n\n" + OPDC_GUIDANCE).encode(), NotAReportError),
    Hostile("report", REPORT, None),
    Hostile("utf8-bom-report", b"\xef\xbb\xbf" + REPORT, None),
    Hostile("cr-only-report", REPORT.replace(b"\n", b"\r"), None),
    Hostile("report-without-final-newline", REPORT.rstrip(b"\n"), None),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input(case: Hostile) -> None:
    source = f"upload/{case.name}.txt"
    if case.expected is None:
        report = parse_report(case.data, source)
        assert report.indicators and all(i.name for i in report.indicators)
        # Same report, same answer, whatever the wrapping.
        assert report.to_dict() == parse_report(REPORT, "base.txt").to_dict()
        return
    with pytest.raises(ReportError) as info:
        parse_report(case.data, source)
    error = info.value
    assert type(error) is case.expected, error.message
    assert error.message.startswith(f"{source}:")
    assert "Traceback" not in error.message and "\n" not in error.message
    assert error.reason  # a sentence for the user, not an empty string


def test_header_only_error_points_at_the_header_line() -> None:
    with pytest.raises(NoIndicatorError) as info:
        parse_report(("\n\n" + AGENCY_HEADER).encode(), "r.txt")
    assert info.value.line == 3
    assert info.value.message.startswith("r.txt:3: ")


def test_superscript_digit_is_a_bad_number_not_a_crash() -> None:
    text = AGENCY_HEADER + "\n(1) ร้อยละของ\n[มิติที่ 1 : ]\n\nหน่วยนับ :ร้อยละ\n\nเป้าหมาย :80.00\n\nผลงาน :²\n"
    report = parse_report(text.encode(), "sup.txt")
    assert report.indicators[0].result is None
    assert [(i.line, i.code) for i in report.issues if i.code == "bad-number"] == [(10, "bad-number")]


HUGE = "1" + "0" * 400  # a float overflows to inf past about 309 digits


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("เป้าหมาย :95.00", f"เป้าหมาย :{HUGE}", "target"),
        ("ผลงาน :97.30", f"ผลงาน :{HUGE}.00", "result"),
        ("ผลงาน :97.30", "ผลงาน :1" + ",000" * 120, "result"),
        ("ผลงาน :97.30", f"ผลงาน :ร้อยละ {HUGE}", "result"),
        ("96.00", HUGE, "q1"),
        ("100 / 100", f"{HUGE} / 100", "assessment"),
    ],
    ids=["target", "result-decimal", "result-thousands", "result-with-words", "quarter-value", "assessment"],
)
def test_a_number_too_long_for_a_float_is_a_bad_number_not_infinity(old: str, new: str, field: str) -> None:
    """A 400-digit target was read as inf: every result fell short of it, without a word."""
    text = REPORT.decode().replace(old, new, 1)
    at = text.split("\n").index(new) + 1
    report = parse_report(text.encode(), "r.txt")
    ind = report.indicators[0]
    values = {"target": ind.target, "result": ind.result, "q1": ind.quarters[0].value}
    values["assessment"] = ind.quarters[0].assessment
    assert values[field] is None
    assert json.dumps(report.to_dict(), allow_nan=False)  # no inf or nan anywhere
    bad = [i for i in report.issues if i.code == "bad-number"]
    assert [i.line for i in bad] == [at] and "too many to be a number" in bad[0].message
    if field == "target":
        assert status(ind.target, ind.result) == "no-target"  # was "not-met": 97.3 short of inf


# -- time: a few kilobytes must never take minutes -----------------------------------------------

PLAN_LINE_OF_SPACES = AGENCY_HEADER + "\n(1) ร้อยละของ\n[มิติที่ 1 : ]\n\n1.1 -" + " " * 2500 + "x\n\nหน่วยนับ :ร้อยละ\n"


def _parses_within(data: bytes, seconds: float, tmp_path: Path) -> bool:
    path = tmp_path / "slow.txt"
    path.write_bytes(data)
    try:
        subprocess.run(
            [sys.executable, "-m", "kpi_core", "parse", str(path)],
            capture_output=True,
            cwd=ROOT,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return True


def test_a_plan_line_with_a_long_run_of_spaces_parses_quickly(tmp_path: Path) -> None:
    assert _parses_within(PLAN_LINE_OF_SPACES.encode(), 5.0, tmp_path)


@pytest.mark.parametrize("space", ["\u2028", "\u2028 ", "\xa0", "\t"], ids=["separators", "mixed", "no-break", "tabs"])
def test_a_plan_goal_line_with_a_long_run_of_other_white_space_parses_quickly(space: str, tmp_path: Path) -> None:
    # Only runs of ASCII spaces were folded before the plan-goal patterns: 300 line separators
    # took 1.1 s and the time grew with the cube of the run (1,500: 23 s).
    # (Read as parse_report reads an upload: the command line's reading never reached the line.)
    line = "มิติที่ 1.1 -" + space * (1500 // len(space)) + "x]x"  # longer lines are read otherwise
    text = AGENCY_HEADER + "\n(1) ร้อยละของ\n[มิติที่ 1 : ]\n" + line + "\n\nหน่วยนับ :ร้อยละ\n"
    read = "import sys; from kpi_core import parse_report; parse_report(sys.stdin.buffer.read(), 'up.txt')"
    try:
        subprocess.run([sys.executable, "-c", read], input=text.encode(), cwd=ROOT, timeout=5.0, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("a few kilobytes of white space took more than 5 s to read")


@pytest.mark.parametrize("space", [" ", "\u2028"], ids=["spaces", "line-separators"])
def test_a_tag_line_with_a_long_run_of_spaces_parses_quickly(space: str, tmp_path: Path) -> None:
    # A tag that fails at its very end: with backtracking, 250 spaces took five minutes.
    text = AGENCY_HEADER + "\n(1) ร้อยละของ\n[มิติที่" + space * 2500 + "]x\n\nหน่วยนับ :ร้อยละ\n"
    assert _parses_within(text.encode(), 5.0, tmp_path)


# -- the command line ----------------------------------------------------------------------------


def _cli(
    *args: str, env: dict[str, str] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpi_core", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


CLI_FAILURES = {
    "empty": b"",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "json-object": b'{"indicators": []}',
    "thai-news-prose": THAI_NEWS.encode(),
    "agency-header-only": AGENCY_HEADER.encode(),
    "opdc-guidance-page": OPDC_GUIDANCE.encode(),
}


def _assert_one_line_error(out: subprocess.CompletedProcess[str], path: str) -> None:
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and out.stderr.endswith("\n"), out.stderr
    assert lines[0].startswith(f"error: {path}")


@pytest.mark.parametrize("name", sorted(CLI_FAILURES))
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_cli_rejects_hostile_files_in_one_line(name: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(CLI_FAILURES[name])
    _assert_one_line_error(_cli("parse", str(path), "--format", fmt), str(path))


def test_cli_odd_number_is_an_issue_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "superscript.txt"
    path.write_text(AGENCY_HEADER + "(1) ก\n[มิติที่ 1 : ]\nหน่วยนับ :ร้อยละ\nผลงาน :²\n", encoding="utf-8")
    out = _cli("parse", str(path))
    assert "Traceback" not in out.stderr
    assert out.returncode == 0
    assert json.loads(out.stdout)["indicators"][0]["result"] is None


def test_cli_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.txt"
    _assert_one_line_error(_cli("parse", str(missing)), str(missing))
    _assert_one_line_error(_cli("parse", str(tmp_path)), str(tmp_path))


def test_cli_table_happy_path() -> None:
    fixture = FIXTURES / "agency_07000000_year_in_header.txt"
    out = _cli("parse", str(fixture), "--format", "table")
    assert (out.returncode, out.stderr) == (0, "")
    lines = out.stdout.splitlines()
    assert " ".join(lines[0].split()) == "format: agency_report agency: 07000000 fiscal year: 2564 (header)"
    assert lines[1].split()[:4] == ["#", "unit", "target", "result"]
    rows = [ln.split() for ln in lines[2:]]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[0][1:8] == ["ร้อยละ", "85.00", "92.40", "10.00", "45.50", "70.25", "92.40"]
    assert rows[1][1:4] == ["จำนวน", "(ฉบับ)", "3.00"]
    assert rows[2][-1] == "ร้อยละของผู้รับบริการที่นัดหมายผ่านระบบออนไลน์"


def test_cli_json_happy_path_is_the_library_answer() -> None:
    fixture = FIXTURES / "artefacts.txt"
    out = _cli("parse", str(fixture))
    assert (out.returncode, out.stderr) == (0, "")
    assert json.loads(out.stdout) == parse_report(fixture.read_bytes(), str(fixture)).to_dict()


def test_cli_never_shows_a_traceback_even_on_an_ascii_terminal() -> None:
    out = _cli("parse", str(FIXTURES / "encoding_base.txt"), env={"PYTHONIOENCODING": "ascii"})
    assert "Traceback" not in out.stderr
    assert out.returncode in (0, 2)


# -- tricky but legitimate reports: nothing may be lost without an issue saying so ----------------

SEED = ROOT / "data" / "reports" / "sed_agency_03000000.txt"


def _quarter_numbers(data: bytes) -> list[tuple[object, ...]]:
    report = parse_report(data, "r.txt")
    return [(q.value, q.sed_score, q.assessment) for ind in report.indicators for q in ind.quarters]


@pytest.mark.parametrize("line_end", [b"\n\n", b"\r\r\n"], ids=["double-spaced", "cr-cr-lf"])
def test_double_spaced_quarter_table_keeps_its_numbers(line_end: bytes) -> None:
    seed = SEED.read_bytes()
    assert _quarter_numbers(seed.replace(b"\n", line_end)) == _quarter_numbers(seed)


def test_a_repeated_narrative_heading_does_not_silently_drop_text() -> None:
    text = REPORT.decode().replace("ตอบกลับสะสม 727 เรื่อง", "รายงานผลฯ ไตรมาสที่ 2 (แก้ไข) ตอบกลับสะสม 480 เรื่อง")
    repeated_at = text.split("\n").index("รายงานผลฯ ไตรมาสที่ 2 (แก้ไข) ตอบกลับสะสม 480 เรื่อง") + 1
    report = parse_report(text.encode(), "r.txt")
    kept = "ตอบกลับสะสม 482 เรื่อง" in report.indicators[0].quarters[1].report
    assert kept or any(issue.line == repeated_at for issue in report.issues)


def test_a_wrapped_indicator_name_is_not_swallowed() -> None:
    header, body = REPORT.decode().split("\n", 1)
    second = body.replace(
        "(1) ร้อยละของเรื่องร้องเรียนที่ตอบกลับภายใน 3 วันทำการ", "(2) ร้อยละของเรื่องร้องเรียนที่ตอบกลับ\nภายใน 3 วันทำการ"
    )
    text = f"{header}\n{body}\n{second}"
    second_at = text.split("\n").index("(2) ร้อยละของเรื่องร้องเรียนที่ตอบกลับ") + 1
    report = parse_report(text.encode(), "r.txt")
    assert len(report.indicators) == 2 or any(issue.line == second_at for issue in report.issues)


@pytest.mark.parametrize("invisible", ["\u2028", "\x85", "\x1e"], ids=["u2028", "nel", "x1e"])
def test_an_invisible_separator_before_an_indicator_does_not_hide_it(invisible: str) -> None:
    text = (FIXTURES / "duplicate_number.txt").read_text(encoding="utf-8")
    text = text.replace("\n(1) จำนวนจุดเสี่ยง", f"\n{invisible}(1) จำนวนจุดเสี่ยง")
    assert len(parse_report(text.encode(), "r.txt").indicators) == 2


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
@pytest.mark.parametrize("missing", [1, 2])
def test_utf8_cut_inside_its_last_character_is_read_with_a_warning(bom: bytes, missing: int) -> None:
    """A broken download stops inside a three-byte Thai letter: read up to it, and say so."""
    whole = REPORT.rstrip()
    last_line = len(whole.split(b"\n"))
    report = parse_report(bom + whole[:-missing], "broken.txt")
    assert unmarked(report.indicators) == parse_report(whole[:-3], "r.txt").indicators
    assert [(i.line, i.code) for i in report.issues if i.code == "cut-character"] == [(last_line, "cut-character")]
    assert report.indicators[-1].cut_line == last_line  # the last indicator's last part is not whole


def test_utf8_broken_before_its_end_is_still_refused() -> None:
    with pytest.raises(NotTextError):
        parse_report(REPORT[:40] + b"\xe0\xb8" + REPORT[40:], "broken.txt")


# -- characters nobody sees: taken out at the door, and said so with their line -------------------

# Every code point normalisation must take out: control characters (C0 but tab, LF and CR; DEL;
# C1) and direction controls (embeddings, overrides, isolates, marks).
UNSEEN = (
    [chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))]
    + ["\u061c", "\u200e", "\u200f"]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)
NAME = "ร้อยละของเรื่องร้องเรียนที่ตอบกลับภายใน 3 วันทำการ"
NARRATIVE = "ตอบกลับ 240 เรื่อง จาก 250 เรื่อง"


@dataclass(frozen=True)
class Unseen:
    name: str
    inserted: str  # put in front of the first indicator's name and its Q1 narrative
    shown: str  # what the name then starts with


UNSEEN_CASES = [
    # "abc\u202eFDP.exe\u202c" displays as "abcexe.PDF": the override must go, not be kept.
    Unseen("right-to-left-override", "abc\u202eFDP.exe\u202c ", "abcFDP.exe "),
    Unseen("isolates-embeddings-and-marks", "\u2066a\u2069\u202ab\u202c\u200ec\u200f\u061c ", "abc "),
    # Word's unit separator between two words; one in a narrative broke the XLSX export.
    Unseen("unit-separator", "ก\x1fข ", "ก ข "),
    Unseen("terminal-colour-code", "\x1b[31mแดง\x1b[0m ", "[31mแดง [0m "),
    Unseen("bell-backspace-delete", "a\x07\x08b\x7f ", "a b "),
    Unseen("c1-controls", "a\x85\x9bb ", "a b "),
    Unseen("every-one-of-them", "".join(UNSEEN) + "x ", "x "),
]


@pytest.mark.parametrize("case", UNSEEN_CASES, ids=lambda c: c.name)
def test_control_and_direction_characters_are_taken_out_and_reported(case: Unseen) -> None:
    text = REPORT.decode().replace(f"(1) {NAME}", f"(1) {case.inserted}{NAME}", 1)
    text = text.replace(NARRATIVE, case.inserted + NARRATIVE, 1)
    lines = text.split("\n")
    at = [lines.index(f"(1) {case.inserted}{NAME}") + 1, lines.index(case.inserted + NARRATIVE) + 1]
    report = parse_report(text.encode("utf-16" if "\x00" in text else "utf-8"), "r.txt")  # NUL: UTF-16 only
    first = report.indicators[0]
    assert first.name == f"{case.shown}{NAME}"
    assert first.quarters[0].report == f"{case.shown}{NARRATIVE}"
    everything = json.dumps(report.to_dict(), ensure_ascii=False)
    assert not [c for c in UNSEEN if c in everything]
    hidden = [i for i in report.issues if i.code == "hidden-characters"]
    assert [i.line for i in hidden] == at
    assert all(i.severity == "warning" and "U+" in i.message for i in hidden)
    # The rest of the report reads as without them.
    clean = parse_report(REPORT, "r.txt")
    assert report.indicators[1:] == clean.indicators[1:]
    assert [i for i in report.issues if i.code != "hidden-characters"] == list(clean.issues)


# -- a field longer than any real one: an error at its line, so that nothing stores the file ------

LONG = "ก" * MAX_FIELD_CHARS  # the most a field may hold: one more letter is refused


@dataclass(frozen=True)
class LongField:
    name: str
    old: str  # a line of the report (its first occurrence) ...
    new: str  # ... becomes this, with LONG in it
    at: str  # the line the error points at
    what: str  # how the message names the text


LONG_FIELDS = [
    LongField("narrative", NARRATIVE, LONG, "รายงานผลฯ ไตรมาสที่ 1", "the report for quarter 1"),
    LongField("name", f"(1) {NAME}", f"(1) {LONG}", f"(1) {LONG}", "the indicator's name"),
    LongField("unit", "หน่วยนับ :ร้อยละ", f"หน่วยนับ :{LONG}", f"(1) {NAME}", "the unit"),
    LongField("summary", "บรรลุค่าเป้าหมาย", LONG, "** สรุปผลการดำเนินงาน **", "the summary"),
    LongField("plan-heading", "๕.๒ - เมืองธรรมาภิบาล", f"๕.๒ - {LONG}", f"5.2 - {LONG}", "the plan dimension's title"),
]


@pytest.mark.parametrize("case", LONG_FIELDS, ids=lambda c: c.name)
@pytest.mark.parametrize("extra", [0, 1], ids=["at-the-limit", "one-over"])
def test_a_field_longer_than_any_real_one_is_an_error_at_its_line(case: LongField, extra: int) -> None:
    text = REPORT.decode().replace(case.old, case.new.replace(LONG, LONG + "ข" * extra), 1)
    report = parse_report(text.encode(), "long.txt")
    assert len(report.indicators) == 1  # read, and kept whole: the preview shows what was there
    errors = [i for i in report.issues if i.severity == "error"]
    if not extra:
        assert errors == []
        return
    at = text.replace("๕.๒", "5.2").split("\n").index(case.at.replace(LONG, LONG + "ข")) + 1
    assert [(i.line, i.code) for i in errors] == [(at, "field-too-long")]
    assert errors[0].message.startswith(f"{case.what} is {MAX_FIELD_CHARS + 1:,} characters long")


def test_a_sixteen_megabyte_narrative_is_refused_before_it_is_tokenised(tmp_path: Path) -> None:
    """The reviewer's file: one narrative of six million characters. Ingest tokenised it for more
    than five minutes; the parser now calls it an error, and ingest stops before tokenising (the
    timeout is far above the second or two this takes, only there to fail instead of hanging)."""
    data = REPORT.decode().replace(NARRATIVE, "โควิด ล่าช้า ยกเลิก " * 300_000, 1).encode()
    path = tmp_path / "huge.txt"
    path.write_bytes(data)
    db = f"sqlite:///{tmp_path / 'kpi.db'}"
    out = _cli("ingest", str(path), "--db", db, timeout=120)
    at = REPORT.decode().split("\n").index("รายงานผลฯ ไตรมาสที่ 1") + 1
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        f"error: {path.name}:{at}: the report for quarter 1 is 5,999,999 characters long; a field holds at most 20,000"
        " (a long real one, a few thousand): shorten it to save the file"
    ]


# -- numbers too long to be codes: reported at their line, left out, the rest kept ----------------


def test_plan_and_evaluation_codes_longer_than_any_real_one_are_reported_and_left_out() -> None:
    report = parse_report(overflowing_codes(), "overflow.txt")
    bad = [(i.line, i.code) for i in report.issues if i.code == "bad-code"]
    assert bad == [(5, "bad-code"), (8, "bad-code"), (10, "bad-code"), (69, "bad-code")]
    first, second = report.indicators[:2]
    assert (first.plan_dimension_code, first.eval_dimension, first.plan_goal_code, first.plan_pillar) == (None,) * 4
    assert first.plan_dimension_title == "การกระจายอำนาจสู่ประชาชน" and first.eval_label == "ตัวชี้วัดเจรจา"
    assert first.plan_goal_title.startswith("ลดบทบาทส่วนกลาง")  # the goal line is still the goal line
    assert first.name_detail == "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้ สำนักงานเขตเป็นหน่วยดำเนินการ"
    assert (second.plan_dimension_code, second.plan_goal_code, second.plan_pillar) == ("7.3", None, 7)
    assert second.plan_goal_title.startswith("บุคลากรกรุงเทพมหานคร")
    assert report.indicators[2:] == parse_report(SEED.read_bytes(), "overflow.txt").indicators[2:]


PAGE_PLAN = ":ด้านที่ ๕ - มหานครประชาธิปไตย\n:มิติที่ {dimension} - การกระจายอำนาจสู่ประชาชน\n:เป้าหมายที่ {goal} ลดบทบาทส่วนกลาง\n"


@pytest.mark.parametrize(
    ("dimension", "goal", "codes", "bad"),
    [
        ("๕.๓", "๕.๓.๑", ("5.3", "5.3.1"), []),
        ("99999999999999999999.3", "5.3.1", (None, "5.3.1"), ["plan dimension"]),
        ("5.3", "5.3.123456789012345678901234567", ("5.3", None), ["plan goal"]),
    ],
    ids=["real", "long-dimension", "long-goal"],
)
def test_a_page_with_codes_longer_than_any_real_one_reports_them(
    dimension: str, goal: str, codes: tuple[str | None, str | None], bad: list[str]
) -> None:
    text = (FIXTURES / "kpi_page_5008-2005.txt").read_text(encoding="utf-8")
    head, sep, tail = text.partition("ค่าเป้าหมาย")
    text = head + PAGE_PLAN.format(dimension=dimension, goal=goal) + sep + tail
    report = parse_report(text.encode(), "page.txt")
    ind = report.indicators[0]
    assert (ind.plan_dimension_code, ind.plan_goal_code) == codes
    assert ind.plan_dimension_title == "การกระจายอำนาจสู่ประชาชน" and ind.plan_goal_title == "ลดบทบาทส่วนกลาง"
    lines = text.split("\n")
    found = [(i.line, i.message.split(" code ")[0].removeprefix("the ")) for i in report.issues if i.code == "bad-code"]
    where = {"plan dimension": lines.index(f":มิติที่ {dimension} - การกระจายอำนาจสู่ประชาชน") + 1}
    where["plan goal"] = lines.index(f":เป้าหมายที่ {goal} ลดบทบาทส่วนกลาง") + 1
    assert found == [(where[what], what) for what in bad]


def test_an_agency_code_of_more_than_eight_digits_is_not_cut_to_eight() -> None:
    """``ของหน่วยงาน : 030000001`` was read as agency 03000000: someone else's report."""
    text = REPORT.decode().replace(": 12000000", ": 120000001", 1)
    report = parse_report(text.encode(), "r.txt")
    assert report.agency_code is None
    assert [(i.line, i.code) for i in report.issues if i.code == "no-agency-code"] == [(1, "no-agency-code")]


def test_an_indicator_pasted_twice_word_for_word_is_read_once_and_a_differing_one_stays() -> None:
    """A page pasted twice counted its indicators twice on every card: a word-for-word repeat is
    read once and said at its line; a repeat that differs in anything (here its result) stays,
    with the duplicate-number warning, for the analyst to judge."""
    from builders import SEED

    text = SEED.decode("utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("(2) "))
    end = next(i for i, line in enumerate(lines) if line.startswith("(3) "))
    block = lines[start:end]
    twice = "\n".join(lines[:end] + block + lines[end:])
    report = parse_report(twice.encode(), "twice.txt")
    assert [i.seq for i in report.indicators] == [1, 2, 3, 4, 5, 6, 7, 8]
    repeats = [i for i in report.issues if i.code == "repeated-indicator"]
    assert [i.line for i in repeats] == [end + 1] and not [i for i in report.issues if i.code == "duplicate-number"]
    result = next(line for line in block if line.startswith("ผลงาน :"))
    changed = [line.replace(":30.00", ":31.00") if line == result else line for line in block]
    differing = parse_report("\n".join(lines[:end] + changed + lines[end:]).encode(), "differing.txt")
    assert [i.seq for i in differing.indicators] == [1, 2, 2, 3, 4, 5, 6, 7, 8]
    assert len([i for i in differing.issues if i.code == "duplicate-number"]) == 2
