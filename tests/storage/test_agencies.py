"""The agency registry's CSV: a name never becomes a live formula in a spreadsheet, export then
import gives back the same registry, and an import adds and corrects but never erases (both
databases where the store is involved)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import Engine

from builders import snapshot
from kpi_core.storage.agencies import MAX_NAME, Agency, AgencyError, Change, changes, read_csv, registry, to_csv
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.store import open_store, save_agencies

EVIL = '=HYPERLINK("https://evil.example/a","CLICK")'


@pytest.mark.parametrize(
    "name",
    [EVIL, f" {EVIL}", f"\u00a0{EVIL}", f"\t{EVIL}", "  +1+2", "-2+3", "@SUM(A1)"],
    ids=["formula", "after-a-space", "after-a-nbsp", "after-a-tab", "plus-after-spaces", "minus", "at"],
)
def test_a_name_a_spreadsheet_would_evaluate_is_written_as_text(name: str) -> None:
    """Only the first character was looked at: ``" =HYPERLINK(…)"`` went out live to a
    spreadsheet that trims leading spaces on import. Every column is guarded, the English name too."""
    data = to_csv([Agency("50010000", name, name, "district", name)])
    [row] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    for column in ("name", "name_en", "district_group"):
        assert row[column] == "'" + name


def test_ordinary_names_are_written_as_they_are() -> None:
    agencies = [Agency("50010000", "สำนักงานเขตพระนคร", "Phra Nakhon District Office", "district", "กลุ่มกรุงเทพกลาง")]
    assert [change.applied(None) for change in read_csv(to_csv(agencies))] == agencies


PHRA_NAKHON = Agency("50010000", "สำนักงานเขตพระนคร", "Phra Nakhon District Office", "district", "กลุ่มกรุงเทพกลาง")


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A new database with the shipped registry, Phra Nakhon given a district group too."""
    engine = open_store(db_url, seed=False)
    save_agencies(engine, [PHRA_NAKHON], by="setup")
    return engine


def imported(engine: Engine, text: str) -> int:
    return save_agencies(engine, read_csv(text.encode(), "import.csv"), by="analyst")


def stored(engine: Engine, code: str = "50010000") -> Agency:
    return next(a for a in registry(engine) if a.code == code)


def test_a_file_with_fewer_columns_changes_only_what_it_gives(engine: Engine) -> None:
    """``code,name`` wiped the English name, kind and district group of every agency in it."""
    assert imported(engine, "code,name\n50010000,สำนักงานเขตพระนคร (ใหม่)\n") == 1
    assert stored(engine) == Agency(
        "50010000", "สำนักงานเขตพระนคร (ใหม่)", PHRA_NAKHON.name_en, "district", PHRA_NAKHON.district_group
    )
    assert imported(engine, "code,kind\n50010000,department\n") == 1
    assert stored(engine).kind == "department" and stored(engine).name_en == PHRA_NAKHON.name_en


@pytest.mark.parametrize(
    "text",
    [
        "code\n50010000\n",  # only the code column
        "code,name,name_en,kind,district_group\n50010000\n",  # a row with only a code
        "code,name,name_en,kind,district_group\n50010000,,,,\n",  # every cell empty
        "code,name,name_en,kind,district_group\n50010000, , ,  ,\n",  # spaces are empty too
        "code,name_en\n๕๐๐๑๐๐๐๐,Phra Nakhon District Office\n",  # what is stored already
    ],
    ids=["code-column-only", "short-row", "empty-cells", "blank-cells", "same-value"],
)
def test_an_empty_or_missing_value_never_erases(engine: Engine, text: str) -> None:
    before = snapshot(engine)
    assert imported(engine, text) == 0
    assert stored(engine) == PHRA_NAKHON
    assert snapshot(engine) == before  # no write, no audit entry, no new data version


def test_a_new_agency_gets_the_defaults_for_what_its_row_does_not_give(engine: Engine) -> None:
    assert imported(engine, "code,name_en\n99000001,New Office\n99000002,\n") == 2
    assert stored(engine, "99000001") == Agency("99000001", "", "New Office", "other", "")
    assert stored(engine, "99000002") == Agency("99000002")


def test_the_preview_counts_only_real_changes(engine: Engine) -> None:
    export = to_csv(registry(engine))
    with engine.connect() as conn:
        assert changes(conn, read_csv(export)) == []  # the export as it is: nothing to change
        text = export.decode("utf-8-sig").replace(PHRA_NAKHON.name_en, "Phra Nakhon")
        assert changes(conn, read_csv(text)) == [Agency(*{**vars(PHRA_NAKHON), "name_en": "Phra Nakhon"}.values())]
    assert save_agencies(engine, read_csv(export), by="analyst") == 0
    assert [e for e in audit_entries(engine) if e["actor"] == "analyst"] == []


def test_the_page_table_clears_a_name_an_analyst_emptied(engine: Engine) -> None:
    """The editable table is written as a CSV of every column: there an empty cell is a name the
    analyst deleted, not a value left out."""
    text = "code,name,name_en,kind,district_group\n50010000,สำนักงานเขตพระนคร,,district,\n"
    assert save_agencies(engine, read_csv(text, "table", table=True), by="analyst") == 1
    assert stored(engine) == Agency("50010000", PHRA_NAKHON.name, "", "district", "")


def refusal(text: str | bytes) -> AgencyError:
    with pytest.raises(AgencyError) as caught:
        read_csv(text.encode() if isinstance(text, str) else text, "bad.csv")
    return caught.value


def test_a_value_over_the_csv_readers_limit_is_refused_with_its_line() -> None:
    """A value over 131,072 characters ended the command line in "unexpected Error" (exit 1) and
    would have crashed the page, which catches only the project's errors."""
    error = refusal("code,name\n50020000,x\n50010000," + "ก" * 140_000 + "\n")
    assert (error.code, error.line, error.params) == ("value-too-long", 3, {"limit": 131_072})
    unclosed = refusal('code,name\n50010000,x\n50020000,"unclosed\n' + "50030000,y\n" * 12_000)
    assert (unclosed.code, unclosed.line) == ("value-too-long", 3)  # where the quote opens


@pytest.mark.parametrize("column", ["name", "name_en", "district_group"])
def test_a_name_over_the_limit_is_refused_with_its_line(column: str) -> None:
    ok = read_csv(f"code,{column}\n50010000,{'ก' * MAX_NAME}\n".encode())
    assert len(getattr(ok[0], column)) == MAX_NAME
    error = refusal(f"code,{column}\n50010000,x\n50020000,{'ก' * 100_000}\n")
    assert (error.code, error.line, error.params) == ("name-too-long", 3, {"n": 100_000, "limit": MAX_NAME})


def test_a_row_with_more_values_than_the_heading_is_refused_with_its_line() -> None:
    error = refusal("code,name\n50010000,x\n50020000,a,b,c,d\n")
    assert (error.code, error.line, error.params) == ("too-many-values", 3, {"n": 5, "columns": 2})
    assert read_csv(b"code,name\n50010000,x,,\n") == [Change("50010000", "x")]  # empty cells Excel leaves


def test_the_same_code_twice_is_refused_at_the_second() -> None:
    error = refusal("code,name\n50010000,ชื่อแรก\n50020000,x\n\n๕๐๐๑๐๐๐๐,ชื่อที่สอง\n")
    assert (error.code, error.line, error.params) == ("duplicate-agency", 5, {"code": "50010000", "first": 2})


def test_a_refused_file_changes_nothing(engine: Engine) -> None:
    before = snapshot(engine)
    with pytest.raises(AgencyError):
        imported(engine, "code,name\n50010000,ชื่อใหม่\n50010000,ชื่อที่สอง\n")
    assert snapshot(engine) == before


ROUND_TRIP = ["=1+1", "+Phra Nakhon", "-สำนักงานเขตพระนคร", "@SUM(A1)", "'Ladprao", "'=quoted", "''-two", "'"]


def test_export_then_import_gives_back_the_same_names(engine: Engine) -> None:
    """The export puts ``'`` before a name a spreadsheet would evaluate; import stored it, so every
    round trip added an apostrophe. A name that starts with an apostrophe keeps it."""
    rows = [Agency(f"9900000{i}", name, name, "other", name) for i, name in enumerate(ROUND_TRIP)]
    save_agencies(engine, rows, by="analyst")
    export = to_csv(registry(engine))
    assert "'=1+1" in export.decode("utf-8-sig")  # still inert in a spreadsheet
    assert save_agencies(engine, read_csv(export), by="analyst") == 0
    assert [stored(engine, a.code) for a in rows] == rows
    assert to_csv(registry(engine)) == export


def test_an_apostrophe_before_a_letter_is_part_of_the_name(engine: Engine) -> None:
    imported(engine, "code,name,name_en\n99000001,'ลาดพร้าว,'Ladprao\n99000002,'-x,' =y\n")
    assert (stored(engine, "99000001").name, stored(engine, "99000001").name_en) == ("'ลาดพร้าว", "'Ladprao")
    assert (stored(engine, "99000002").name, stored(engine, "99000002").name_en) == ("-x", "=y")


def test_a_misspelt_column_is_refused_not_silently_ignored() -> None:
    """A column the file does not have keeps the stored values, so "name_eng" for "name_en" would
    change nothing and say nothing: the file is refused at its heading, naming the columns."""
    with pytest.raises(AgencyError) as refused:
        read_csv(b"code,name_eng\n50010000,Phra Nakhon\n", "typo.csv")
    assert refused.value.line == 1 and refused.value.code == "unknown-column"
    assert 'unknown column "name_eng"' in refused.value.message and "name_en" in refused.value.message
