"""Exports of what the user sees: CSV that Excel opens with Thai intact, and XLSX with a cover sheet.

Report text is untrusted: a narrative ``=HYPERLINK("https://…","CLICK")`` would be a live formula in
a spreadsheet. The two formats guard against it differently, because only one has cell types:

- CSV has none, so a spreadsheet guesses, and evaluates text that starts like a formula. Every text
  value goes through :func:`~kpi_core.analysis.spreadsheet.neutralise` (the OWASP CSV-injection
  rule, shared with the agency registry's CSV): a leading ``'`` makes it inert.
- XLSX says what each cell is, and a string cell is never evaluated. Every text is written exactly as
  in the report, as a string cell (:func:`_text`), so a narrative that starts with ``-`` reads
  as the agency wrote it, and no cell is a formula. XLSX cannot hold control characters at all:
  :func:`writable` takes them out of every text first.

Numbers stay numbers in both.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kpi_core.analysis.spreadsheet import neutralise
from kpi_core.analysis.status import ALL_FLAGS, STATUS_RULES
from kpi_core.outputs.clock import day, when_text
from kpi_core.outputs.plotting import indicator_name
from kpi_core.reading.thai import HIDDEN_CHARACTERS
from kpi_core.storage.agencies import shown_name, with_code
from kpi_core.storage.query import Filters, names_in

# Columns exported, in order: machine code, Thai heading, English heading. The codes stay in the
# workbook's "codes" sheet, so that a script can still find a column whatever the language.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # (column in query.indicators, code, Thai, English)
    ("agency_code", "agency_code", "รหัสหน่วยงาน", "Agency code"),
    ("agency_name", "agency_name", "หน่วยงาน", "Agency"),
    ("agency_name_en", "agency_name_en", "หน่วยงาน (อังกฤษ)", "Agency (English)"),
    ("fiscal_year", "fiscal_year", "ปีงบประมาณ", "Fiscal year"),
    ("seq", "seq", "ลำดับ", "No."),
    ("kpi_code", "kpi_code", "รหัสตัวชี้วัด", "KPI code"),
    ("name", "indicator", "ตัวชี้วัด", "Indicator"),
    ("eval_dimension", "eval_dimension", "มิติการประเมิน", "Evaluation dimension"),
    ("eval_label", "eval_label", "ประเภทการประเมิน", "Evaluation tag"),
    ("plan_pillar", "plan_pillar", "ยุทธศาสตร์ (ด้าน)", "Plan pillar"),
    ("plan_dimension_code", "plan_dimension", "มิติของแผน", "Plan dimension"),
    ("plan_goal_code", "plan_goal", "เป้าหมายของแผน", "Plan goal"),
    ("unit", "unit", "หน่วยนับ", "Unit"),
    ("target", "target", "ค่าเป้าหมาย", "Target"),
    ("result", "result", "ผลงาน", "Result"),
    ("direction", "direction", "ทิศทาง", "Direction"),
    ("status", "status", "สถานะ", "Status"),
    ("percent_of_target", "percent_of_target", "ร้อยละของเป้าหมาย", "% of target"),
    ("flags", "flags", "สัญญาณเตือน", "Flags"),
    ("q1", "q1", "ไตรมาส 1", "Q1"),
    ("q2", "q2", "ไตรมาส 2", "Q2"),
    ("q3", "q3", "ไตรมาส 3", "Q3"),
    ("q4", "q4", "ไตรมาส 4", "Q4"),
    ("q1_report", "q1_report", "รายงานไตรมาส 1", "Q1 report"),
    ("q2_report", "q2_report", "รายงานไตรมาส 2", "Q2 report"),
    ("q3_report", "q3_report", "รายงานไตรมาส 3", "Q3 report"),
    ("q4_report", "q4_report", "รายงานไตรมาส 4", "Q4 report"),
    ("summary", "summary", "สรุปผลการดำเนินงาน", "Summary"),
    ("source_name", "source_file", "ไฟล์ต้นฉบับ", "Source file"),
    ("line", "source_line", "บรรทัด", "Source line"),
)
EXPORT_COLUMNS: dict[str, str] = {column: code for column, code, _th, _en in COLUMNS}
WHOLE_NUMBERS = ("seq", "fiscal_year", "eval_dimension", "plan_pillar", "source_line")
DECIMALS = ("target", "result", "q1", "q2", "q3", "q4")
PERCENT_DECIMALS = 2  # a quotient (51.06 of 35 is 145.88571428571427): to the hundredth, as shown
DIRECTIONS = {"up": ("ยิ่งมากยิ่งดี", "Higher is better"), "down": ("ยิ่งน้อยยิ่งดี", "Lower is better")}
LANGS = ("th", "en")


def heading(code: str, lang: str = "th") -> str:
    """The column heading people read for a machine column code.

    >>> heading("target"), heading("target", "en")
    ('ค่าเป้าหมาย', 'Target')
    """
    th, en = next((th, en) for _c, c, th, en in COLUMNS if c == code)
    return en if lang == "en" else th


def status_name(code: str, lang: str = "th") -> str:
    rule = next((r for r in STATUS_RULES if r.code == code), None)
    return code if rule is None else (rule.label_en if lang == "en" else rule.label_th)


def flag_name(code: str, lang: str = "th") -> str:
    flag = next((f for f in ALL_FLAGS if f.code == code), None)
    return code if flag is None else (flag.label_en if lang == "en" else flag.label_th)


def _neutral(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text value neutralised; numeric columns untouched."""
    out = df.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


# What openpyxl refuses to write (C0 controls: IllegalCharacterError) and what thai.repair takes
# out of every new report (controls, direction overrides).
_UNWRITABLE = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|{HIDDEN_CHARACTERS.pattern}")


def writable(value: object) -> object:
    r"""Text without the characters an XLSX file cannot hold or a reader cannot see; anything
    else as is. The parser takes them out of new reports; a row stored before it did, or an agency
    name typed with one, must not make the export of a whole year fail.

    >>> writable("ข้อความจาก Wordคั่น abc‮FDP.exe"), writable(-5.0)
    ('ข้อความจาก Wordคั่น abcFDP.exe', -5.0)
    """
    return _UNWRITABLE.sub("", value) if isinstance(value, str) else value


def _writable(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`writable` text; numeric columns untouched."""
    out = df.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(writable)
    return out


def export_frame(indicators: pd.DataFrame, lang: str | None = None, *, neutral: bool = True) -> pd.DataFrame:
    """One row per indicator with its quarters, flags as text, every text value neutralised for a
    CSV (``neutral=False``: as written, for a format with cell types).

    Without ``lang`` the columns, statuses and flags keep their machine codes; with it they read
    in that language (the numbers are the same either way)."""
    df = indicators[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS).copy()
    if lang is not None and len(df):  # a passage cut before its name is not a blank row to a reader
        df["indicator"] = [
            indicator_name(n, c, lang) for n, c in zip(indicators["name"], indicators["kpi_code"], strict=True)
        ]
        # An agency nobody named is called as the pages call it in that language ("Agency 07000000");
        # its English-name column stays empty, as it has none.
        df["agency_name"] = [
            shown_name(str(c), n, lang)
            for c, n in zip(indicators["agency_code"], indicators["agency_name"], strict=True)
        ]
    if lang is None:
        df["flags"] = df["flags"].map(lambda fl: ", ".join(fl) if isinstance(fl, list) else "")
    else:
        df["flags"] = df["flags"].map(
            lambda fl: ", ".join(flag_name(f, lang) for f in fl) if isinstance(fl, list) else ""
        )
        df["status"] = df["status"].map(lambda code: status_name(str(code), lang))
        df["direction"] = df["direction"].map(lambda d: DIRECTIONS.get(str(d), (d, d))[lang == "en"])
    for column in WHOLE_NUMBERS:
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("Int64")  # 1, not 1.0; blank stays blank
    for column in DECIMALS:
        df[column] = pd.to_numeric(df[column], errors="coerce")
    df["percent_of_target"] = pd.to_numeric(df["percent_of_target"], errors="coerce").round(PERCENT_DECIMALS)
    if neutral:
        df = _neutral(df)
    if lang is not None:
        df = df.rename(columns={code: heading(code, lang) for code in df.columns})
    return df


def to_csv(indicators: pd.DataFrame, lang: str | None = "th") -> bytes:
    """Headings, statuses and flags in ``lang`` (None: machine codes, for programs); UTF-8 with a
    byte-order mark, so that Excel shows Thai instead of mojibake."""
    return export_frame(indicators, lang).to_csv(index=False).encode("utf-8-sig")


COVER_LABELS: dict[str, tuple[str, str]] = {
    "fiscal_years": ("ปีงบประมาณ", "Fiscal year"),
    "agency_codes": ("หน่วยงาน", "Agency"),
    "eval_dimensions": ("มิติการประเมิน", "Evaluation dimension"),
    "pillars": ("ยุทธศาสตร์ (ด้าน)", "Plan pillar"),
    "plan_dimensions": ("มิติของแผน", "Plan dimension"),
    "statuses": ("สถานะ", "Status"),
    "flags": ("สัญญาณเตือน", "Flags"),
    "title": ("ตัวชี้วัดผลการปฏิบัติราชการ กรุงเทพมหานคร", "BMA performance indicators"),
    "all": ("ทั้งหมด", "all"),
    "count": ("จำนวนตัวชี้วัด", "Indicators"),
    "version": ("ข้อมูลฉบับที่", "Data version"),
    "updated": ("ข้อมูลปรับปรุงล่าสุด", "Data last updated"),
    "by": ("โดย", "by"),
    "exported": ("ส่งออกเมื่อ", "Exported"),
    "bangkok": ("(เวลากรุงเทพฯ)", "(Bangkok time)"),
    "codes": ("ชื่อคอลัมน์สำหรับโปรแกรมอยู่ในแผ่นงาน «รหัส»", "Column codes for programs: sheet «codes»"),
}
SHEETS = {"th": ("ส่งออก", "ตัวชี้วัด", "รหัส"), "en": ("export", "indicators", "codes")}


def _said(key: str, lang: str) -> str:
    th, en = COVER_LABELS[key]
    return en if lang == "en" else th


def filter_lines(filters: Filters, names: dict[str, str], lang: str = "th") -> list[tuple[str, str]]:
    """Each filter in words: ``("ปีงบประมาณ", "2565")``, agencies with their names, statuses and
    flags by their labels; "all" where a filter is not set.

    >>> filter_lines(Filters(fiscal_years=(2565,), statuses=("met",)), {})[0::5]
    [('ปีงบประมาณ', '2565'), ('สถานะ', 'บรรลุ')]
    """
    shown: dict[str, list[str]] = {
        "fiscal_years": [str(y) for y in filters.fiscal_years],
        "agency_codes": [with_code(c, names.get(c), lang) if c in names else c for c in filters.agency_codes],
        "eval_dimensions": [str(n) for n in filters.eval_dimensions],
        "pillars": [str(n) for n in filters.pillars],
        "plan_dimensions": list(filters.plan_dimensions),
        "statuses": [status_name(c, lang) for c in filters.statuses],
        "flags": [flag_name(c, lang) for c in filters.flags],
    }
    return [(_said(key, lang), ", ".join(values) or _said("all", lang)) for key, values in shown.items()]


def to_xlsx(
    indicators: pd.DataFrame,
    filters: Filters,
    data_version: int,
    when: datetime,
    lang: str = "th",
    updated: tuple[datetime, str] | None = None,
) -> bytes:
    """A workbook to work in: a cover sheet stating the filters in words, the data version and
    its last change, and the time of export (Bangkok, to the minute); the indicators with
    headings in ``lang``, a frozen heading row, filters on every column, widths that fit, numbers
    as numbers; and a sheet of the machine codes behind the headings and statuses."""
    names = dict(zip(indicators["agency_code"], names_in(indicators, lang), strict=True)) if len(indicators) else {}
    rows: list[tuple[str, str | int]] = [(_said("title", lang), ""), *filter_lines(filters, names, lang)]
    # Counts as numbers: Excel flags a number stored as text, and will not add it up.
    rows += [(_said("count", lang), len(indicators)), (_said("version", lang), data_version)]
    if updated is not None:
        at, by = updated
        rows.append(
            (_said("updated", lang), f"{when_text(at, lang)} {_said('by', lang)} {by}" if by else when_text(at, lang))
        )
    rows += [(_said("exported", lang), f"{when_text(when, lang)} {_said('bangkok', lang)}"), ("", _said("codes", lang))]
    codes = [(heading(code, lang), code) for code in EXPORT_COLUMNS.values()]
    codes += [(status_name(r.code, lang), r.code) for r in STATUS_RULES]
    codes += [(flag_name(f.code, lang), f.code) for f in ALL_FLAGS]
    cover_name, data_name, codes_name = SHEETS.get(lang, SHEETS["th"])
    # Write-only: rows go straight to the file as they are appended, each cell typed as it is
    # written. The pandas writer built every cell in memory, and then three more passes went over
    # them all (types, formats, widths): 29 s for BMA's decade, 131 s at national scale.
    book = Workbook(write_only=True)
    _sheet(book, cover_name, [], [tuple(writable(v) for v in row) for row in rows])  # filter values come from a URL
    _data_sheet(book, data_name, export_frame(indicators, lang, neutral=False), lang)
    _sheet(book, codes_name, ["heading", "code"] if lang == "en" else ["ชื่อที่แสดง", "รหัส"], codes)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MAX_WIDTH = 60  # characters: a narrative column stays readable, not a screen wide
NUMBER_FORMAT = "#,##0.00"
# The heading row as pandas wrote it before (bold, boxed, centred), so that files look as they did.
_THIN = Side(style="thin")
HEADING_FONT = Font(bold=True)
HEADING_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADING_ALIGNMENT = Alignment(horizontal="center", vertical="top")


# openpyxl makes every text a string cell except one starting with "=" (a formula) or one of its
# error values ("#N/A", "#REF!" …): those, and only those, are written as explicit string cells.
GUESSED = ("=", "#")


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """A string cell, whatever the text starts with.

    openpyxl guesses a cell's type from its value: a text starting with ``=`` becomes a formula
    and ``#N/A`` an error value. Report text is neither; written as a string cell it is shown as
    it is and never evaluated, so it needs no ``'`` in front (which Excel would show)."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object, number_format: str | None = None) -> object:
    """What to append for one value: nothing for a blank, text that openpyxl would take for a
    formula or an error value as an explicit string cell, other text and numbers as they are
    (a number with ``number_format`` as a cell carrying it)."""
    if value is None:
        return None
    if isinstance(value, str):  # a cell object per text doubled the time: only where it matters
        return _text(sheet, value) if value.startswith(GUESSED) else value
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _heading(sheet: WriteOnlyWorksheet, names: list[str]) -> list[Cell]:
    cells = []
    for name in names:
        cell = _text(sheet, name)
        cell.font, cell.border, cell.alignment = HEADING_FONT, HEADING_BORDER, HEADING_ALIGNMENT
        cells.append(cell)
    return cells


def _width(longest: int) -> int:
    return min(MAX_WIDTH, max(6, longest + 2))


def _sheet(book: Workbook, title: str, names: list[str], rows: Sequence[tuple[object, ...]]) -> None:
    """A small sheet (the cover, the codes): an optional heading row, rows, fitted widths."""
    sheet = book.create_sheet(title)
    columns = max((len(r) for r in [names, *rows]), default=0)
    for n in range(columns):  # widths go before the rows in the file
        values = [str(r[n]) for r in [*([names] if names else []), *rows] if n < len(r) and r[n] is not None]
        sheet.column_dimensions[get_column_letter(n + 1)].width = _width(max(map(len, values), default=4))
    if names:
        sheet.append(_heading(sheet, names))
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def _longest(column: pd.Series) -> int:
    """The length of the longest value as written (Thai counted by code points, a number as
    Python writes it: ``145.89``)."""
    present = column.dropna()
    if present.empty:
        return 0
    return int(present.astype(str).str.len().max())


def _data_sheet(book: Workbook, title: str, frame: pd.DataFrame, lang: str) -> None:
    """The indicators: a frozen, bold heading row with a filter on every column; fitted widths;
    numbers as numbers with two decimals where they have them; every text a string cell."""
    frame = _writable(frame)
    values = frame.to_numpy(dtype=object)
    values[frame.isna().to_numpy()] = None  # a blank is no cell at all, as openpyxl skips None
    names = [str(c) for c in frame.columns]
    sheet = book.create_sheet(title)
    for n, name in enumerate(names, 1):
        sheet.column_dimensions[get_column_letter(n)].width = _width(max(len(name), _longest(frame.iloc[:, n - 1])))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(names), 1))}{len(frame) + 1}"
    sheet.append(_heading(sheet, names))
    decimals = {heading(c, lang) for c in (*DECIMALS, "percent_of_target")}
    formats = [NUMBER_FORMAT if name in decimals else None for name in names]
    for row in values.tolist():
        sheet.append([_cell(sheet, v, f) for v, f in zip(row, formats, strict=True)])


def export_name(filters: Filters, when: datetime, extension: str) -> str:
    """A file name that says what is inside: ``kpi_2565_50010000_2026-11-26.xlsx``.

    >>> export_name(Filters(fiscal_years=(2565,), agency_codes=("50010000",)), datetime(2026, 11, 26, 7), "xlsx")
    'kpi_2565_50010000_2026-11-26.xlsx'
    >>> export_name(Filters(pillars=(5,)), datetime(2026, 11, 26, 7), "csv")
    'kpi_filtered_2026-11-26.csv'
    """
    parts = ["kpi"]
    for values in (filters.fiscal_years, filters.agency_codes):
        if values:
            parts.append("-".join(map(str, values[:3])) + ("-etc" if len(values) > 3 else ""))
    others = (filters.eval_dimensions, filters.pillars, filters.plan_dimensions, filters.statuses, filters.flags)
    if any(others):
        parts.append("filtered")
    return "_".join([*parts, day(when)]) + f".{extension}"
