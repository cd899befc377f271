"""Every error and issue the upload and agencies pages can show has a sentence in Thai and in
English, and none names a command-line option.

The walk is by what an analyst does (a file that is no report, a code mistyped, a CSV row that is
wrong), so a new error code the pages can meet fails here until it has its sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import get_args

import pytest
from sqlalchemy import Engine

import ui.errors
from builders import (
    SEED,
    for_agency,
    garbled,
    long_narrative,
    page,
    repeated,
    with_header_year,
    with_second_report,
    without_fiscal_year,
)
from kpi_core.access.upload import preview
from kpi_core.analysis.validators import fiscal_year
from kpi_core.reading.errors import ErrorCode, KpiError
from kpi_core.reading.model import IssueCode, Part
from kpi_core.reading.parse import parse_report
from kpi_core.storage.agencies import read_csv
from kpi_core.storage.store import delete, ingest, ingest_report, open_store, restore
from ui.errors import ERRORS, ISSUES, PARTS, error_sentence, error_where, issue_sentence
from ui.i18n import STRINGS

THAI = re.compile(r"[\u0e00-\u0e7f]")
FLAG = re.compile(r"(?<![\w-])--[a-z]")  # --agency, --fiscal-year; not an em dash, not "a--b"
NO_YEAR = without_fiscal_year(for_agency("05000000"))
DATED_PASSAGE = page("0300-0042", year=2563).replace(b": 0300-0042", b"")  # its dates give the year
PASSAGE = without_fiscal_year(DATED_PASSAGE)  # nor agency nor year


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return open_store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'kpi.db'}", seed=False)


def _preview_error(data: bytes, name: str = "upload.txt", **kwargs: object) -> Callable[[Engine], KpiError]:
    def run(engine: Engine) -> KpiError:
        result = preview(engine, data, name, **kwargs)
        assert result.error is not None, result.state
        return result.error

    return run


def _raised(call: Callable[[Engine], object]) -> Callable[[Engine], KpiError]:
    def run(engine: Engine) -> KpiError:
        with pytest.raises(KpiError) as caught:
            call(engine)
        return caught.value

    return run


def _stored(engine: Engine, agency: str) -> int:
    """The seed stored (again) as ``agency``'s report, current: its id."""
    return ingest(engine, for_agency(agency), f"{agency}.txt", uploaded_by="a").report_id


# What an analyst can do on /upload and /agencies, and the error each brings.
ACTIONS: dict[str, Callable[[Engine], KpiError]] = {
    "upload an empty file": _preview_error(b""),
    "upload a photo": _preview_error(b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    "upload JSON": _preview_error(b'{"agency": "03000000", "kpis": []}'),
    "upload a header alone": _preview_error("ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 03000000\n".encode()),
    "upload a file over the limit": _preview_error(SEED, max_mb=0.001),
    "upload thousands of indicators": _preview_error(repeated(700), max_mb=100),
    "upload a passage whose agency nobody knows": _preview_error(DATED_PASSAGE, "passage.txt"),
    "upload a passage whose agency and year nobody knows": _preview_error(PASSAGE, "passage.txt"),
    "upload a report garbled by a wrong conversion": _preview_error(garbled(SEED), "mojibake.txt"),
    "upload a report with a field longer than any real one": _preview_error(long_narrative(20_001), "long.txt"),
    "upload one file holding two agencies' reports": _preview_error(
        with_second_report("ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000"), "two.txt"
    ),
    "type a short agency code": _preview_error(PASSAGE, "passage.txt", agency_code="5001"),
    "type another agency's code for a report": _preview_error(SEED, "seed.txt", agency_code="05000000"),
    "type another year than the one the report states": _preview_error(
        with_header_year(2563), "stated.txt", fiscal_year=2570
    ),
    "delete a version another analyst deleted meanwhile": _raised(
        lambda engine: [delete(engine, report, by="a") for report in [_stored(engine, "09000000")] * 2]
    ),
    "make current the version that is current": _raised(
        lambda engine: restore(engine, _stored(engine, "08000000"), by="a")
    ),
    "save a report without a year": _raised(
        lambda engine: ingest_report(engine, parse_report(NO_YEAR, "noyear.txt"), NO_YEAR, uploaded_by="a")
    ),
    "type 2020 as the fiscal year": _raised(lambda _: fiscal_year("2020")),
    "type letters as the fiscal year": _raised(lambda _: fiscal_year("256x")),
    "import a row with a short code": _raised(lambda _: read_csv(b"code,name\n123,x\n", "bad_agencies.csv")),
    "import a row of an unknown kind": _raised(lambda _: read_csv(b"code,name,kind\n50010000,x,shop\n", "a.csv")),
    "import a CSV without its heading": _raised(lambda _: read_csv(b"50010000,x\n", "a.csv")),
    "import a CSV with a misspelt column": _raised(lambda _: read_csv(b"code,name_eng\n50010000,x\n", "a.csv")),
    "import a CSV far larger than any agency list": _raised(
        lambda _: read_csv(b"code,name\n" + b"50010000,x\n" * 200_000, "huge.csv")
    ),
    "import a row with more values than columns": _raised(lambda _: read_csv(b"code,name\n50010000,x,y\n", "a.csv")),
    "import the same agency twice": _raised(lambda _: read_csv(b"code,name\n50010000,x\n50010000,y\n", "a.csv")),
    "import a name longer than any agency's": _raised(
        lambda _: read_csv(b"code,name\n50010000," + "ก".encode() * 201 + b"\n", "a.csv")
    ),
    "import a CSV with a quote left open": _raised(
        lambda _: read_csv(b'code,name\n50010000,"x\n' + b"50020000,y\n" * 12_000, "a.csv")
    ),
    "type an agency name longer than any agency's": _raised(
        lambda engine: ingest_report(engine, parse_report(SEED, "s.txt"), SEED, uploaded_by="a", agency_name="ก" * 201)
    ),
    "import a CSV saved as Thai Windows text": _raised(
        lambda _: read_csv("code,name\n50010000,สำนักงานเขตพระนคร\n".encode("cp874"), "a.csv")
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_what_an_analyst_meets_is_said_in_thai_and_english(
    engine: Engine, action: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    exc = ACTIONS[action](engine)
    assert exc.code in ERRORS, f"{action}: code {exc.code!r} has no sentence ({exc.message})"
    thai = error_where(exc)
    assert THAI.search(error_sentence(exc)) and not FLAG.search(thai), thai
    assert exc.reason not in thai, thai  # the core's English stays out of the Thai page
    monkeypatch.setattr(ui.errors, "lang", lambda: "en")
    english = error_where(exc)
    assert not THAI.search(error_sentence(exc).replace("«CSV UTF-8»", "")) and not FLAG.search(english), english


def test_every_code_the_pages_can_meet_is_walked(engine: Engine) -> None:
    met = {ACTIONS[action](engine).code for action in ACTIONS}
    assert met == set(get_args(ErrorCode)) - {"error", "unreadable"}  # unreadable: the parse errors' base


def test_every_error_issue_and_part_has_both_sentences() -> None:
    assert set(ERRORS) == set(get_args(ErrorCode)) - {"error"}  # "error": the core's reason, as it is
    assert set(ISSUES) == set(get_args(IssueCode))
    assert set(PARTS) == set(get_args(Part))
    for table in (ERRORS, ISSUES, PARTS):
        for code, (thai, english) in table.items():
            assert THAI.search(thai) and english and not THAI.search(english.replace("«CSV UTF-8»", "")), code


def test_no_sentence_of_the_app_names_a_command_line_option() -> None:
    for table in (STRINGS, ERRORS, ISSUES):
        for key, pair in table.items():
            assert not any(FLAG.search(text) for text in pair), key


def test_places_are_said_in_the_language_too(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KpiError) as caught:
        read_csv(b"code,name\n123,x\n", "bad_agencies.csv")
    assert error_where(caught.value) == "bad_agencies.csv บรรทัด 2: “123” ไม่ใช่รหัสหน่วยงาน (ตัวเลข 8 หลัก เช่น 50010000)"
    assert error_where(caught.value, row=True).startswith("แถวที่ 1: “123”")
    monkeypatch.setattr(ui.errors, "lang", lambda: "en")
    monkeypatch.setattr("ui.i18n.lang", lambda: "en")
    assert error_where(caught.value).startswith("bad_agencies.csv, line 2: “123” is not an agency code")


def test_a_cut_off_indicator_says_what_it_lacks_in_thai() -> None:
    text = for_agency("05000000").decode("utf-8")
    cut = text[: text.index("รายงานผลฯ ไตรมาสที่ 3", text.index("(8)"))]
    (issue,) = [i for i in parse_report(cut.encode()).issues if i.code == "truncated-block"]
    assert issue.missing == ("q3", "q4") and "missing: narrative Q3, narrative Q4" in issue.message
    assert issue_sentence(issue) == "ข้อความจบกลางตัวชี้วัด (ไฟล์ถูกตัด) ขาด: รายงานผลไตรมาสที่ 3, รายงานผลไตรมาสที่ 4"
