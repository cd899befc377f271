"""The write-only XLSX writer holds what the pandas writer it replaced held: the same sheets, the
same value and type in every cell, the same number formats, heading row, widths, frozen row and
filter. The pandas writer is kept here, as it was, as the reference: it took 29 s for BMA's decade
and 131 s at national scale, the write-only one a fraction of that (BENCHMARKS.md)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from builders import SEED, for_agency, hostile
from kpi_core.analysis.status import ALL_FLAGS, STATUS_RULES
from kpi_core.outputs.clock import when_text
from kpi_core.outputs.export import (
    DECIMALS,
    EXPORT_COLUMNS,
    MAX_WIDTH,
    SHEETS,
    _said,
    _writable,
    export_frame,
    filter_lines,
    flag_name,
    heading,
    status_name,
    to_xlsx,
)
from kpi_core.storage.query import Filters, indicators, names_in
from kpi_core.storage.store import ingest, open_store

WHEN = datetime(2026, 11, 26, 7, 5, 42, tzinfo=UTC)
UPDATED = (datetime(2026, 11, 26, 6, 0, tzinfo=UTC), "somchai")


def pandas_xlsx(df: pd.DataFrame, filters: Filters, version: int, lang: str) -> bytes:
    """The XLSX as ``to_xlsx`` wrote it before write-only mode (pandas' writer, then passes over
    every cell for types, formats and widths)."""
    names = dict(zip(df["agency_code"], names_in(df, lang), strict=True)) if len(df) else {}
    rows: list[tuple[str, str | int]] = [(_said("title", lang), ""), *filter_lines(filters, names, lang)]
    rows += [(_said("count", lang), len(df)), (_said("version", lang), version)]
    at, by = UPDATED
    rows.append((_said("updated", lang), f"{when_text(at, lang)} {_said('by', lang)} {by}"))
    rows += [(_said("exported", lang), f"{when_text(WHEN, lang)} {_said('bangkok', lang)}"), ("", _said("codes", lang))]
    cover = pd.DataFrame(rows, columns=["", " "])
    codes = pd.DataFrame(
        [(heading(code, lang), code) for code in EXPORT_COLUMNS.values()]
        + [(status_name(r.code, lang), r.code) for r in STATUS_RULES]
        + [(flag_name(f.code, lang), f.code) for f in ALL_FLAGS],
        columns=["heading", "code"] if lang == "en" else ["ชื่อที่แสดง", "รหัส"],
    )
    cover_name, data_name, codes_name = SHEETS[lang]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _writable(cover).to_excel(writer, sheet_name=cover_name, index=False, header=False)
        _writable(export_frame(df, lang, neutral=False)).to_excel(writer, sheet_name=data_name, index=False)
        codes.to_excel(writer, sheet_name=codes_name, index=False)
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.data_type != "s":
                        cell.data_type = "s"
        data = writer.sheets[data_name]
        for sheet in writer.sheets.values():
            fit(sheet)
        data.freeze_panes = "A2"
        data.auto_filter.ref = data.dimensions
        for cell in data[1]:
            cell.font = Font(bold=True)
        formats = {heading(c, lang): "#,##0.00" for c in (*DECIMALS, "percent_of_target")}
        for cell in data[1]:
            if formats.get(str(cell.value)):
                for (c,) in data.iter_rows(min_row=2, min_col=cell.column, max_col=cell.column):
                    c.number_format = "#,##0.00"
    return buffer.getvalue()


def fit(sheet: Worksheet) -> None:
    for column in sheet.iter_cols():
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=4)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = min(MAX_WIDTH, max(6, longest + 2))


def varied(df: pd.DataFrame) -> pd.DataFrame:
    """The seed's rows with what a spreadsheet or a writer could get wrong: text that looks like a
    formula, an error value or a number, control characters, blanks, long text, odd numbers."""
    out = df.copy()
    texts = ["=1+1", '=HYPERLINK("https://x","CLICK")', "+66 2 123", "-แต่งตั้งคณะกรรมการ", "@SUM(A1)", "#N/A"]
    texts += ["#REF!", "0123", "", " =1", "ข้อความ\x1fคั่น", "ก" * 300, "\tแท็บ"]
    for n, column in enumerate(("name", "unit", "q1_report", "q2_report", "summary", "agency_name")):
        out[column] = [texts[(n + i) % len(texts)] for i in range(len(out))]
    out.loc[out.index[0], "agency_code"] = "00012345"  # a code is text: its zeros stay
    out["target"] = [None, -5.0, 1e15, 0.0, 12.5, np.nan, 3.0, 1 / 3][: len(out)] * (len(out) // 8) + [1.0] * (
        len(out) % 8
    )
    out["percent_of_target"] = [145.88571428571427, None, -20.950000000000003, 0.0, 1e6, 2.0, np.nan, 99.999][
        : len(out)
    ] * (len(out) // 8) + [1.0] * (len(out) % 8)
    out.loc[out.index[1], "q3"] = None
    out.loc[out.index[2], "seq"] = None  # a single-indicator page has no number
    return out


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('x') / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    ingest(engine, hostile(for_agency("05000000")), "hostile.txt", uploaded_by="t")
    frame = indicators(engine)
    engine.dispose()
    return frame


def cells(sheet: Worksheet) -> dict[str, tuple[object, ...]]:
    """Every cell with a value: value, type, number format, heading style."""
    out = {}
    for row in sheet.iter_rows():
        for c in row:
            if c.value is None:
                continue
            style = (c.font.b, c.border.left.style, c.alignment.horizontal) if c.row == 1 else None
            out[c.coordinate] = (c.value, c.data_type, c.number_format, style)
    return out


def same(new: bytes, old: bytes) -> None:
    a, b = openpyxl.load_workbook(io.BytesIO(new)), openpyxl.load_workbook(io.BytesIO(old))
    assert a.sheetnames == b.sheetnames
    for x, y in zip(a.worksheets, b.worksheets, strict=True):
        assert cells(x) == cells(y), x.title
        assert (x.freeze_panes, x.auto_filter.ref) == (y.freeze_panes, y.auto_filter.ref), x.title
        widths = {k: d.width for k, d in x.column_dimensions.items()}
        assert widths == {k: d.width for k, d in y.column_dimensions.items()}, x.title


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("kind", ["seed", "varied", "empty"])
def test_write_only_xlsx_holds_what_the_pandas_writer_held(seed: pd.DataFrame, kind: str, lang: str) -> None:
    df = {"seed": seed, "varied": varied(seed), "empty": seed.iloc[:0]}[kind]
    filters = Filters(fiscal_years=(2563,), statuses=("=cmd|' /C calc'!A0",))  # a filter value from a URL
    same(to_xlsx(df, filters, 80, WHEN, lang, UPDATED), pandas_xlsx(df, filters, 80, lang))


def test_text_that_looks_like_a_formula_is_a_string_cell(seed: pd.DataFrame) -> None:
    """The guard itself, not only its sameness: no cell of the file is a formula or an error."""
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(varied(seed), Filters(), 1, WHEN, "en")))
    kinds = {c.data_type for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}
    assert kinds == {"s", "n"}
    sheet = book["indicators"]
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"=1+1", "#N/A", "-แต่งตั้งคณะกรรมการ", "00012345", "0123"} <= texts
