"""Exports as a spreadsheet opens them: report text never becomes a live formula (OWASP CSV injection),
and numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from builders import EVIL, HOSTILE_AGENCY_NAME, hostile
from kpi_core.outputs.export import neutralise, to_csv, to_xlsx
from kpi_core.storage.query import Filters, indicators
from kpi_core.storage.store import ingest, open_store

# What a spreadsheet evaluates when a cell starts with it.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_SOURCE = "=cmd|' /C calc'!A0.txt"


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


def test_xlsx_has_no_formula_cell_and_numbers_stay_numbers(df: pd.DataFrame) -> None:
    hostile_filters = Filters(agency_codes=("=1+2",), plan_dimensions=("@x",))
    data = to_xlsx(df, hostile_filters, 1, datetime(2024, 1, 1, tzinfo=UTC), "en", (datetime(2024, 1, 1), "=x"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if _live(c.value)] == []

    sheet = book["indicators"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    first = next(r for r in rows if r["No."].value == 1)
    assert first["Indicator"].value.startswith(f'\'=HYPERLINK("{EVIL}/n","CLICK")')
    assert first["Unit"].value == "'=1+2"
    assert first["Agency"].value == "'" + HOSTILE_AGENCY_NAME
    assert first["Source file"].value == "'" + HOSTILE_SOURCE
    assert first["Q1 report"].value.startswith("'@SUM(1+1)") and first["Q2 report"].value.startswith("'+1+2")
    third = next(r for r in rows if r["No."].value == 3)
    assert third["Result"].data_type == "n" and third["Result"].value == -5.0  # still a number
    assert all(r["Target"].data_type == "n" for r in rows)
    cover = {row[0].value: row[1].value for row in book["export"].iter_rows()}
    assert cover["Agency"] == "'=1+2" and cover["Plan dimension"] == "'@x"


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
