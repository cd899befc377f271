"""The XLSX export as an analyst opens it in Excel: headings in the chosen language with the codes
kept aside, a frozen heading row with filters, widths that fit, numbers as numbers, and a cover
sheet that says in words what was exported, from which data, when (Bangkok time)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from builders import SEED
from kpi_core.outputs.export import export_name, to_csv, to_xlsx
from kpi_core.storage.query import Filters, indicators
from kpi_core.storage.store import ingest, open_store

WHEN = datetime(2026, 11, 26, 7, 5, 42, tzinfo=UTC)  # 14:05 in Bangkok
FILTERS = Filters(fiscal_years=(2563,), agency_codes=("03000000",), statuses=("met", "not-met"))


@pytest.fixture(scope="module")
def df(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('x') / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="somchai", agency_name="สำนักงาน ก.ก.")
    frame = indicators(engine, FILTERS)
    engine.dispose()
    return frame


def book(df: pd.DataFrame, lang: str) -> openpyxl.Workbook:
    data = to_xlsx(df, FILTERS, 80, WHEN, lang, (datetime(2026, 11, 26, 6, 0, tzinfo=UTC), "somchai"))
    return openpyxl.load_workbook(io.BytesIO(data))


def test_thai_by_default_with_a_cover_in_words(df: pd.DataFrame) -> None:
    wb = book(df, "th")
    assert wb.sheetnames == ["ส่งออก", "ตัวชี้วัด", "รหัส"]
    cover = {row[0]: row[1] for row in wb["ส่งออก"].iter_rows(values_only=True)}
    assert cover["ปีงบประมาณ"] == "2563"
    assert cover["หน่วยงาน"] == "03000000 สำนักงาน ก.ก."
    assert cover["สถานะ"] == "บรรลุ, ไม่บรรลุ"
    assert cover["ยุทธศาสตร์ (ด้าน)"] == "ทั้งหมด"
    assert cover["ข้อมูลฉบับที่"] == 80
    assert cover["ข้อมูลปรับปรุงล่าสุด"] == "26 พ.ย. 2569 13:00 โดย somchai"
    assert cover["ส่งออกเมื่อ"] == "26 พ.ย. 2569 14:05 (เวลากรุงเทพฯ)"
    sheet = wb["ตัวชี้วัด"]
    head = [c.value for c in sheet[1]]
    assert head[:7] == ["รหัสหน่วยงาน", "หน่วยงาน", "หน่วยงาน (อังกฤษ)", "ปีงบประมาณ", "ลำดับ", "รหัสตัวชี้วัด", "ตัวชี้วัด"]
    statuses = {sheet.cell(row, head.index("สถานะ") + 1).value for row in range(2, sheet.max_row + 1)}
    assert statuses == {"บรรลุ", "ไม่บรรลุ"}
    codes = {row[0]: row[1] for row in wb["รหัส"].iter_rows(min_row=2, values_only=True)}
    assert codes["ค่าเป้าหมาย"] == "target" and codes["บรรลุ"] == "met" and codes["ไม่บรรลุ"] == "not-met"


def test_english_and_shaped_for_excel(df: pd.DataFrame) -> None:
    wb = book(df, "en")
    assert wb.sheetnames == ["export", "indicators", "codes"]
    cover = {row[0]: row[1] for row in wb["export"].iter_rows(values_only=True)}
    assert cover["Status"] == "Met, Not met" and cover["Exported"] == "26 Nov 2026 14:05 (Bangkok time)"
    sheet = wb["indicators"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"
    head = [c.value for c in sheet[1]]
    col = {name: openpyxl.utils.get_column_letter(n + 1) for n, name in enumerate(head)}
    assert sheet[1][0].font.bold
    widths = {name: sheet.column_dimensions[letter].width for name, letter in col.items()}
    assert widths["Indicator"] >= 40 and widths["Q1 report"] == 60 and widths["No."] < 10
    for name in ("Target", "Result", "Q1", "Q4", "% of target", "Fiscal year", "No."):
        values = [sheet[f"{col[name]}{row}"] for row in range(2, sheet.max_row + 1)]
        assert all(c.data_type == "n" for c in values if c.value is not None), name
    assert sheet[f"{col['Target']}2"].number_format == "#,##0.00"
    assert {sheet[f"{col['Status']}{r}"].value for r in range(2, sheet.max_row + 1)} == {"Met", "Not met"}


def test_percent_of_target_to_two_decimals_in_csv_and_xlsx(df: pd.DataFrame) -> None:
    """A percent is a quotient: 51.06 of 35 is 145.88571428571427, which nobody reads to 14 places."""
    frame = df.copy()
    frame["percent_of_target"] = [145.88571428571427, 20.950000000000003, *frame["percent_of_target"][2:]]
    rows = list(csv.DictReader(io.StringIO(to_csv(frame, "en").decode("utf-8-sig"))))
    assert [r["% of target"] for r in rows[:2]] == ["145.89", "20.95"]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, FILTERS, 80, WHEN, "en")))["indicators"]
    column = [c.value for c in sheet[1]].index("% of target")
    cells = [row[column] for row in sheet.iter_rows(min_row=2, max_row=3)]
    assert [c.value for c in cells] == [145.89, 20.95]
    assert {c.number_format for c in cells} == {"#,##0.00"}  # shown as the CSV writes it


def test_cover_counts_are_numbers(df: pd.DataFrame) -> None:
    for lang, count, version in (("th", "จำนวนตัวชี้วัด", "ข้อมูลฉบับที่"), ("en", "Indicators", "Data version")):
        cover = {row[0].value: row[1] for row in book(df, lang).worksheets[0].iter_rows()}
        assert (cover[count].value, cover[count].data_type) == (8, "n"), lang
        assert (cover[version].value, cover[version].data_type) == (80, "n"), lang


def test_csv_headings_in_the_chosen_language(df: pd.DataFrame) -> None:
    for lang, name, status in (("th", "ตัวชี้วัด", "สถานะ"), ("en", "Indicator", "Status")):
        raw = to_csv(df, lang)
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows and rows[0][name] and rows[0][status] in ({"บรรลุ", "ไม่บรรลุ"} | {"Met", "Not met"})


def test_file_names_carry_the_filter_and_the_bangkok_date() -> None:
    late = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # already the 27th in Bangkok
    assert export_name(Filters(fiscal_years=(2565,), agency_codes=("50010000",)), late, "xlsx") == (
        "kpi_2565_50010000_2026-11-27.xlsx"
    )
    assert export_name(Filters(), late, "csv") == "kpi_2026-11-27.csv"


def test_empty_export_still_opens(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    empty = indicators(engine)
    engine.dispose()
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(empty, Filters(), 0, WHEN)))
    assert wb["ตัวชี้วัด"].max_row == 1


def test_control_characters_stored_before_the_parser_took_them_out_do_not_break_the_workbook(
    df: pd.DataFrame,
) -> None:
    """One U+001F in one narrative made openpyxl refuse the XLSX of the whole year
    (IllegalCharacterError). New reports lose such characters at parse time; rows stored before,
    and an agency name typed with one, are written without them."""
    stored = df.copy()
    first = stored.index[0]
    stored.loc[first, "q1_report"] = "ข้อความจาก Word\x1fคั่นด้วย unit separator"
    stored.loc[first, "name"] = "abc\u202eFDP.exe\u202c \x01\x1b[31mแดง\x7f"
    stored["agency_name"] = "สำนักงาน\x0b ก.ก."  # named on the cover sheet too
    wb = book(stored, "th")
    sheet = wb["ตัวชี้วัด"]
    head = [c.value for c in sheet[1]]
    assert sheet.cell(2, head.index("รายงานไตรมาส 1") + 1).value == "ข้อความจาก Wordคั่นด้วย unit separator"
    assert sheet.cell(2, head.index("ตัวชี้วัด") + 1).value == "abcFDP.exe [31mแดง"
    cover = {row[0]: row[1] for row in wb["ส่งออก"].iter_rows(values_only=True)}
    assert cover["หน่วยงาน"] == "03000000 สำนักงาน ก.ก."
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", t)]
