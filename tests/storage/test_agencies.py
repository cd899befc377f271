"""The agency registry's CSV as a spreadsheet opens it: a name never becomes a live formula."""

from __future__ import annotations

import csv
import io

import pytest

from kpi_core.storage.agencies import Agency, read_csv, to_csv

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
    assert read_csv(to_csv(agencies)) == agencies
