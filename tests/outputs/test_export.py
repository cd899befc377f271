"""Exports as a spreadsheet opens them: report text never becomes a live formula (OWASP CSV injection),
and numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from builders import EVIL, HOSTILE_AGENCY_NAME, SEED, for_agency, hostile
from kpi_core.outputs.export import neutralise, to_csv, to_xlsx
from kpi_core.storage.query import Filters, indicators
from kpi_core.storage.store import ingest, open_store

# What a spreadsheet evaluates when a cell starts with it.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_SOURCE = "=cmd|' /C calc'!A0.txt"
WHEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def df(tmp_path: Path) -> pd.DataFrame:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, hostile(), HOSTILE_SOURCE, uploaded_by="t", agency_name=HOSTILE_AGENCY_NAME)
    frame = indicators(engine)
    engine.dispose()
    return frame


def _live(value: object) -> bool:
    """A text value a spreadsheet would evaluate (a negative number written as a number is fine)."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://x","CLICK")', '\'=HYPERLINK("https://x","CLICK")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("  =1+2", "'  =1+2"),  # a spreadsheet that trims spaces on import would evaluate it
        ("ร้อยละ", "ร้อยละ"),
        ("a=b", "a=b"),
        ("", ""),
        (-5.0, -5.0),
        (3, 3),
        (None, None),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def _sheet_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")}


def test_xlsx_writes_report_text_as_written_in_string_cells(df: pd.DataFrame) -> None:
    """XLSX has cell types: a string cell is never evaluated, so hostile text needs no ``'`` (which
    Excel would show) and is written exactly as in the report; no cell is a formula."""
    hostile_filters = Filters(agency_codes=("=1+2",), plan_dimensions=("@x",))
    data = to_xlsx(df, hostile_filters, 1, datetime(2024, 1, 1, tzinfo=UTC), "en", (datetime(2024, 1, 1), "=x"))
    assert [name for name, xml in _sheet_xml(data).items() if "<f>" in xml or "<f " in xml] == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.coordinate for c in cells if isinstance(c.value, str) and c.data_type != "s"] == []

    sheet = book["indicators"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    first = next(r for r in rows if r["No."].value == 1)
    assert first["Indicator"].value.startswith(f'=HYPERLINK("{EVIL}/n","CLICK")')
    assert first["Unit"].value == "=1+2"
    assert first["Agency"].value == HOSTILE_AGENCY_NAME
    assert first["Source file"].value == HOSTILE_SOURCE
    assert first["Q1 report"].value.startswith("@SUM(1+1)") and first["Q2 report"].value.startswith("+1+2")
    third = next(r for r in rows if r["No."].value == 3)
    assert third["Result"].data_type == "n" and third["Result"].value == -5.0  # still a number
    assert all(r["Target"].data_type == "n" for r in rows)
    cover = {row[0].value: row[1].value for row in book["export"].iter_rows()}
    assert cover["Agency"] == "=1+2" and cover["Plan dimension"] == "@x"
    assert cover["Data last updated"].endswith(" by =x")


# Texts a spreadsheet would act on if they were typed into a cell, and ordinary report text that
# starts the same way: in an XLSX every one of them is a string cell holding exactly these characters.
XLSX_TEXTS = (
    '=HYPERLINK("https://evil.example","CLICK")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+2",
    "\r=1+2",
    "  =1+2",
    "=",
    "#N/A",  # openpyxl would make this an error value
    "-แต่งตั้งคณะกรรมการดำเนินงาน",
    "- ดำเนินการจัดทำหลักสูตร",
    "+ เพิ่มจุดบริการ 3 แห่ง",
    "ร้อยละ",
)


def test_xlsx_text_is_byte_identical_and_never_a_formula(df: pd.DataFrame) -> None:
    frame = pd.concat([df.iloc[[0]]] * len(XLSX_TEXTS), ignore_index=True)
    for column in ("name", "unit", "summary", "q1_report", "agency_name", "source_name"):
        frame[column] = list(XLSX_TEXTS)
    data = to_xlsx(frame, Filters(), 1, datetime(2024, 1, 1, tzinfo=UTC), "en")
    assert not any("<f>" in xml or "<f " in xml for xml in _sheet_xml(data).values())
    sheet = openpyxl.load_workbook(io.BytesIO(data))["indicators"]
    head = [c.value for c in sheet[1]]
    for heading in ("Indicator", "Unit", "Summary", "Q1 report", "Agency", "Source file"):
        cells = [row[head.index(heading)] for row in sheet.iter_rows(min_row=2)]
        assert [c.data_type for c in cells] == ["s"] * len(XLSX_TEXTS), heading
        # An XML parser reads a bare carriage return as a line feed: the one change.
        assert [c.value.encode() for c in cells] == [t.replace("\r", "\n").encode() for t in XLSX_TEXTS], heading


def test_csv_read_back_has_no_live_value_and_numbers_stay_numbers(df: pd.DataFrame) -> None:
    raw = to_csv(df, "en")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["No."], k, v) for r in rows for k, v in r.items() if _live(v)] == []
    first = next(r for r in rows if r["No."] == "1")
    assert first["Indicator"].startswith(f'\'=HYPERLINK("{EVIL}/n","CLICK")')
    assert first["Unit"] == "'=1+2" and first["Q1 report"].startswith("'@SUM(1+1)")
    assert first["Agency"] == "'" + HOSTILE_AGENCY_NAME and first["Source file"] == "'" + HOSTILE_SOURCE
    assert next(r for r in rows if r["No."] == "3")["Result"] == "-5.0"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["Result"].dtype == "float64" and back["Target"].dtype == "float64"
    assert back.loc[back["No."] == 3, "Result"].item() == -5.0


def test_the_english_name_column_holds_only_a_registered_english_name(tmp_path: Path) -> None:
    """The Thai export's "หน่วยงาน (อังกฤษ)" said "Agency 07000000" for an agency with no English
    name: a name nobody gave. It is empty there; a registered English name stays, and the name
    column calls an unnamed agency as the page does in the export's language."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, for_agency("07000000"), "ag07.txt", uploaded_by="t")  # no registered name at all
    ingest(engine, SEED, "seed.txt", uploaded_by="t")  # 03000000: registered in Thai and English
    frame = indicators(engine)
    english_name = "Office of the Bangkok Metropolitan Civil Service Commission"  # data/agencies.csv
    for lang, code, name, english in (
        ("th", "รหัสหน่วยงาน", "หน่วยงาน", "หน่วยงาน (อังกฤษ)"),
        ("en", "Agency code", "Agency", "Agency (English)"),
    ):
        rows = list(csv.DictReader(io.StringIO(to_csv(frame, lang).decode("utf-8-sig"))))
        names = {(r[code], r[name], r[english]) for r in rows}
        unnamed = "Agency 07000000" if lang == "en" else "หน่วยงาน 07000000"
        assert names == {("07000000", unnamed, ""), ("03000000", "สำนักงาน ก.ก.", english_name)}, names
        sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, Filters(), 1, WHEN, lang))).worksheets[1]
        table = list(sheet.iter_rows(values_only=True))
        at = table[0].index(english)
        assert {row[at] for row in table[1:]} == {None, english_name}
    machine = list(csv.DictReader(io.StringIO(to_csv(frame, None).decode("utf-8-sig"))))
    assert {r["agency_name_en"] for r in machine} == {"", english_name}
