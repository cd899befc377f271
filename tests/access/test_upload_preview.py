"""The upload preview on its own (no Streamlit): linear in the file, capped, never writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

import kpi_core.access.upload as upload
import kpi_core.reading.parse as parse
from builders import (
    SEED,
    for_agency,
    header_line,
    long_narrative,
    overflowing_codes,
    repeated,
    snapshot,
    with_header_year,
    with_second_report,
    without_fiscal_year,
)
from kpi_core.access.upload import preview
from kpi_core.storage.store import MAX_INDICATORS, StoreError, ingest, open_store
from kpi_core.storage.versions import history


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)


def test_preview_decodes_the_file_once_whatever_the_number_of_issues(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    for module, name in ((upload, "decode"), (parse, "decode_cut")):
        real = getattr(module, name)

        def counted(data: bytes, *args: object, _real=real, **kwargs: object) -> object:  # type: ignore[no-untyped-def]
            calls.append(len(data))
            return _real(data, *args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    result = preview(engine, repeated(50), "big.txt")
    assert len(result.issues) >= 300  # 392 repeated numbers, each an issue with its line's text
    assert all(line.text for line in result.issues)
    assert len(calls) == 2  # once to parse, once to show the lines: not once per issue


def test_a_file_with_more_indicators_than_any_agency_has_is_refused_with_a_sentence(engine: Engine) -> None:
    data = repeated(MAX_INDICATORS // 8 + 1)
    before = snapshot(engine)
    result = preview(engine, data, "huge.txt")
    assert result.state == "error" and result.error is not None
    assert f"at most {MAX_INDICATORS:,}" in result.error.message
    with pytest.raises(StoreError, match="at most"):
        ingest(engine, data, "huge.txt", uploaded_by="a")
    assert snapshot(engine) == before


@pytest.mark.parametrize("encoding", ["cp874", "utf-16"])
def test_the_same_report_in_another_encoding_changes_nothing(engine: Engine, encoding: str) -> None:
    """A reviewer saw the seed saved as CP874 previewed as a new version replacing all eight."""
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    found = preview(engine, SEED.decode("utf-8").encode(encoding), f"seed-{encoding}.txt")
    assert found.state == "new-version" and found.changes == ()


def test_a_rewritten_narrative_or_name_is_a_change(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    text = SEED.decode("utf-8")
    rewritten = text.replace("ได้รับเงินประจำงวดเรียบร้อยแล้ว", "ได้รับเงินประจำงวดครบแล้ว", 1)
    assert rewritten != text
    found = preview(engine, rewritten.encode("utf-8"), "fixed.txt")
    assert [(c.label[:3], c.detail) for c in found.changes] == [("(1)", "r1 changed")]


def test_a_line_with_a_direction_override_is_quoted_with_the_override_written_out(engine: Engine) -> None:
    """The preview quotes each issue's line as the file has it; an override left in the quote
    would reverse it on the page ("abc\u202eFDP.exe" shows as "abcexe.PDF")."""
    data = SEED.decode("utf-8").replace("(1) ร้อยละของ", "(1) abc\u202eFDP.exe\u202c ร้อยละของ", 1).encode("utf-8")
    result = preview(engine, data, "bidi.txt")
    assert result.can_save and result.report is not None
    assert result.report.indicators[0].name.startswith("abcFDP.exe ร้อยละของ")
    [quoted] = [line for line in result.issues if line.issue.code == "hidden-characters"]
    assert quoted.text.startswith("(1) abc\\u202eFDP.exe\\u202c ร้อยละของ")
    assert "\u202e" not in quoted.text and "\u202c" not in quoted.text


def test_a_file_name_with_a_direction_override_is_shown_and_stored_written_out(engine: Engine) -> None:
    """A browser sends the file's name as its computer has it; "seed\u202etxt.exe" would show as
    "seedexe.txt" in the preview, the message after saving, History and the audit log."""
    name = "seed\u202etxt.exe\x07"
    found = preview(engine, SEED, name)
    assert found.source_name == "seed\\u202etxt.exe\\x07" and found.report is not None
    assert found.report.source_name == found.source_name
    ingest(engine, SEED, name, uploaded_by="t")
    stored = history(engine)[0].source_name
    assert stored == "seed\\u202etxt.exe\\x07"


def test_a_field_longer_than_any_real_one_is_shown_and_refused_with_its_line(engine: Engine) -> None:
    """The preview said "new report" and saving then tokenised a 6-million-character narrative for
    minutes: now the preview shows what was read, the error with its line, and offers no saving."""
    result = preview(engine, long_narrative(20_001), "long.txt")
    assert result.state == "refused" and not result.can_save
    assert result.report is not None and len(result.report.indicators) == 8
    assert result.error is not None and result.error.line == 44
    [error] = [line for line in result.issues if line.issue.severity == "error"]
    assert (error.issue.line, error.issue.code, error.text) == (44, "field-too-long", "รายงานผลฯ ไตรมาสที่ 1")
    assert preview(engine, long_narrative(20_000), "limit.txt").state == "new"


def test_a_second_agencys_report_in_the_file_is_shown_and_refused_at_its_header(engine: Engine) -> None:
    header = "ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000"
    data = with_second_report(header)
    result = preview(engine, data, "two_agencies.txt")
    assert result.state == "refused" and not result.can_save
    at = header_line(data, header)
    assert result.error is not None and result.error.line == at
    [error] = [line for line in result.issues if line.issue.severity == "error"]
    assert (error.issue.line, error.issue.code, error.text) == (at, "second-report", header)


def test_codes_longer_than_any_real_one_are_shown_with_their_lines_and_the_file_saves(engine: Engine) -> None:
    result = preview(engine, overflowing_codes(), "overflow.txt")
    assert result.can_save
    shown = [(line.issue.line, line.text) for line in result.issues if line.issue.code == "bad-code"]
    assert [line for line, _text in shown] == [5, 8, 10, 69]
    assert shown[0][1] == "99999999999999999999.3 - การกระจายอำนาจสู่ประชาชน"
    assert ingest(engine, overflowing_codes(), "overflow.txt", uploaded_by="a").outcome == "added"


def test_a_typed_year_cannot_replace_the_year_the_file_states(engine: Engine) -> None:
    """The page's year box is filled with the file's year and can be edited: another year there
    waits, saying why, as a conflicting agency code does; the file's own year, or a year for a
    file that has none, previews as savable."""
    stated = with_header_year(2563, for_agency("05000000"))
    other = preview(engine, stated, "stated.txt", fiscal_year=2570)
    assert (other.state, other.can_save, other.fiscal_year) == ("needs-year", False, 2563)
    assert other.error is not None and other.error.code == "year-mismatch"
    assert dict(other.error.params) == {"named": 2563, "typed": 2570}
    assert preview(engine, stated, "stated.txt", fiscal_year=2563).state == "new"
    none = preview(engine, without_fiscal_year(for_agency("05000000")), "noyear.txt", fiscal_year=2564)
    assert (none.state, none.fiscal_year) == ("new", 2564)
    ce = preview(engine, with_header_year(2020, for_agency("05000000")), "ce.txt")  # a header saying 2020
    assert ce.state == "needs-year" and ce.error is not None and ce.error.code == "not-a-fiscal-year"
    assert preview(engine, with_header_year(2020, for_agency("05000000")), "ce.txt", fiscal_year=2563).state == "new"
