"""A report header below a file's first: another report appended (refused at its line), or the same
report's header again (read on). Either way the header's text belongs to no indicator.

The reviewer's file held the seed and, under a header naming agency 50010000, a second report: it
was stored whole under 03000000 with 16 indicators, and the second header ended up in indicator
(8)'s supporting projects.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import SEED, SEED_Q1, header_line, replaced, with_second_report
from kpi_core import Report, ReportError, parse_report
from kpi_core.storage.store import refusal

ROOT = Path(__file__).resolve().parents[2]
SEED_HEADER = SEED.decode("utf-8").split("\n", 1)[0]  # names 03000000 and no year (2563 from the text)
SINGLE = parse_report(SEED, "seed.txt")
HEADER_TEXT = ("ผลการปฏิบัติราชการ", "Home Home SED")


def indicator_texts(report: Report) -> str:
    """Every field of every indicator, as the JSON contract gives them."""
    return json.dumps([indicator.to_dict() for indicator in report.indicators], ensure_ascii=False)


def moved(report: Report) -> list[dict[str, object]]:
    """The indicators without their line numbers (the lines added above them shift those)."""
    return [{k: v for k, v in indicator.to_dict().items() if k != "line"} for indicator in report.indicators]


def of_code(report: Report, code: str) -> list[tuple[int, str]]:
    return [(issue.line, issue.severity) for issue in report.issues if issue.code == code]


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000", "agency 50010000, fiscal year 2563"),
        ("ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 50010000", "agency 50010000"),
        ("ผลการปฏิบัติราชการประจำปี : 2564 ของหน่วยงาน : 03000000", "agency 03000000, fiscal year 2564"),
    ],
    ids=["reviewer-other-agency", "other-agency-no-year", "same-agency-other-year"],
)
def test_a_second_report_of_another_agency_or_year_is_an_error_at_its_header(header: str, named: str) -> None:
    data = with_second_report(header)
    report = parse_report(data, "two.txt")
    at = header_line(data, header)
    assert of_code(report, "second-report") == [(at, "error")]
    assert [i.line for i in report.issues if i.severity == "error"] == [at]
    [issue] = [i for i in report.issues if i.code == "second-report"]
    assert issue.message == (
        f"a second report header, of {named}, where the file's report is of agency 03000000, fiscal year 2563:"
        " one file holds two reports; save each in a file of its own"
    )
    refused = refusal(report)
    assert refused is not None and refused.line == at
    assert refused.message.startswith(f"two.txt:{at}: a second report header")
    assert not any(text in indicator_texts(report) for text in HEADER_TEXT)
    assert report.indicators[:8] == SINGLE.indicators  # the first report reads as it does alone


@pytest.mark.parametrize(
    "header",
    [
        SEED_HEADER,
        "ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 03000000",  # the year the text gives the first
        "ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน :",  # names nothing: contradicts nothing
    ],
    ids=["identical", "same-year-stated", "naming-nothing"],
)
def test_the_same_reports_header_again_is_read_on_with_a_warning(header: str) -> None:
    """Pages saved twice into one file: the same agency and year. Not refused, and read once:
    each repeated indicator is said with its line (16 indicators on the cards were 8 twice), and
    the header is nobody's supporting project."""
    data = with_second_report(header)
    report = parse_report(data, "twice.txt")
    assert refusal(report) is None
    assert of_code(report, "repeated-header") == [(header_line(data, header), "warning")]
    assert of_code(report, "second-report") == [] and of_code(report, "duplicate-number") == []
    assert (report.agency_code, report.fiscal_year, len(report.indicators)) == ("03000000", 2563, 8)
    assert not any(text in indicator_texts(report) for text in HEADER_TEXT)
    assert report.indicators == SINGLE.indicators
    repeats = of_code(report, "repeated-indicator")
    assert len(repeats) == 8 and all(line > header_line(data, header) for line, _ in repeats)


def test_a_header_printed_again_inside_a_narrative_leaves_the_narrative_whole() -> None:
    """A page break that repeats the header in the middle of indicator (1)'s report for quarter 1:
    the text after it is still that narrative's, and the header is not."""
    q1 = next(line for line in SEED.decode("utf-8").split("\n") if line.startswith(SEED_Q1))
    data = replaced(q1, f"{q1}\n\n{SEED_HEADER}\n\nHome Home SED\n\nต่อจากหน้าก่อน", SEED)
    report = parse_report(data, "break.txt")
    assert refusal(report) is None
    assert of_code(report, "repeated-header") == [(header_line(data, SEED_HEADER), "warning")]
    assert report.indicators[0].quarters[0].report == SINGLE.indicators[0].quarters[0].report + "\nต่อจากหน้าก่อน"
    assert moved(report)[1:] == moved(SINGLE)[1:]


def test_a_report_header_below_a_passage_that_names_no_agency_is_an_error() -> None:
    """A passage cut from a report (no header in its first 40 lines), then a whole report: two
    documents, the first of an agency nobody named."""
    body = SEED.decode("utf-8").split("\n", 1)[1]
    header = "ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000"
    data = f"{body}\n{header}\n{body}".encode()
    report = parse_report(data, "passage_then_report.txt")
    assert report.agency_code is None
    assert of_code(report, "second-report") == [(header_line(data, header), "error")]
    assert refusal(report) is not None


# -- real excerpts: none has a second header; two pasted into one file --------------------------


def _real(samples_dir: Path, name: str) -> bytes:
    return (samples_dir / "real" / name).read_bytes()


def test_no_real_excerpt_has_a_second_report_header(samples_dir: Path) -> None:
    """So that no real file is refused for it: the rule is checked against every excerpt."""
    read = 0
    for path in sorted((samples_dir / "real").glob("*.txt")):
        try:
            report = parse_report(path.read_bytes(), path.name)
        except ReportError:  # the context texts are no reports
            continue
        read += 1
        assert not [i for i in report.issues if i.code in ("second-report", "repeated-header")], path.name
    assert read >= 40


def test_two_real_pages_of_one_agency_in_one_file_read_as_one_report(samples_dir: Path) -> None:
    """index101 and index11 pages of 07000000 (neither states a year), saved into one file."""
    first = _real(samples_dir, "index101_selDEP_07000000__q19.txt")
    second = _real(samples_dir, "index11_selDEP_07000000__q19a.txt")
    data = first.rstrip(b"\n") + b"\n" + second
    report = parse_report(data, "07000000_twice.txt")
    at = first.rstrip(b"\n").count(b"\n") + 2
    assert of_code(report, "repeated-header") == [(at, "warning")]
    assert refusal(report) is None and report.agency_code == "07000000"
    assert len(report.indicators) == len(parse_report(first, "a").indicators) + len(
        parse_report(second, "b").indicators
    )
    assert not any(text in indicator_texts(report) for text in HEADER_TEXT)


def test_real_pages_of_two_agencies_in_one_file_are_refused_at_the_second_header(samples_dir: Path) -> None:
    first = _real(samples_dir, "index101_selDEP_09000000__q6.txt")
    second = _real(samples_dir, "index11_selDEP_08000000_selYear_2564__q8.txt")
    data = first.rstrip(b"\n") + b"\n" + second
    report = parse_report(data, "two_agencies.txt")
    at = first.rstrip(b"\n").count(b"\n") + 2
    assert of_code(report, "second-report") == [(at, "error")]
    refused = refusal(report)
    assert refused is not None and refused.line == at
    assert "agency 08000000, fiscal year 2564" in refused.message
    assert not any(text in indicator_texts(report) for text in HEADER_TEXT)


def test_the_command_line_refuses_the_reviewers_file_in_one_line(tmp_path: Path) -> None:
    header = "ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000"
    data = with_second_report(header)
    path = tmp_path / "two_agencies.txt"
    path.write_bytes(data)
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "ingest", str(path), "--db", f"sqlite:///{tmp_path / 'kpi.db'}"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1"},
    )
    assert out.returncode == 2 and out.stdout == ""
    at = header_line(data, header)
    assert out.stderr.splitlines() == [
        f"error: two_agencies.txt:{at}: a second report header, of agency 50010000, fiscal year 2563, where the"
        " file's report is of agency 03000000, fiscal year 2563: one file holds two reports; save each in a file of"
        " its own"
    ]
