"""Golden files: each ``tests/fixtures/NAME.txt`` beside ``NAME.json``, the JSON contract it must give.

The fixtures are invented documents in the style of the real SED pages; the JSON is
``parse_report(...).to_dict()`` written with ``ensure_ascii=False, indent=1``.

- ``agency_07000000_year_in_header``: year in the header, evaluation-dimension heading, plan line
  ``มิติที่ ๓.๓ - … เป้าหมายที่ ๓.๓.๑ …``, plan-dimension headings changing (7.3, 7.4), one indicator
  with summary and supporting projects, one without, a goal line cut at the fixed width.
- ``agency_09000000_header_without_year``: ``ประจำปีของหน่วยงาน :``, plan line ``๑.๖ - … ๑.๖.๑ …``,
  heading ``มิติที่ ๑.๑ - ปลอดมลพิษ`` with ``เป้าหมายที่ ๑.๑.๓ …``; its only year is ``ในปีงบประมาณ
  พ.ศ. 2565`` inside a narrative, a mention in passing: one vote with the dated events ("dates").
- ``agency_fiscal_year_from_dates``: no year but dated events (``9 ธันวาคม 2563``, ``2 เม.ย. 64``,
  ``25/01/2564``, one stray 2562 date).
- ``kpi_page_5008-2005``: a single-indicator page with SED scores and a definition.
- ``artefacts``: ``อำานาจ``, ``อํานาจ``, ``กรุุงเทพ``, zero-width and non-breaking spaces, Thai digits.
- ``truncated_in_q2`` / ``truncated_no_final_newline``: cut inside the second narrative.
- ``cut_utf8_character``: a page whose bytes stop inside the last Thai letter (a broken
  download): the partial letter is left out, with a warning on the last line.
- ``cut_in_narrative_heading`` / ``cut_in_definition_heading`` / ``cut_in_indicator_tag``: the
  file stops inside a heading (``รา``, ``นิยาม``, ``(2) name`` and ``[มิ``): what is left of it is in
  no narrative or summary, and an issue on its line says it was left out.
- ``passage_page_without_headings``: a page copied mid-way (it starts at ``ค่าเป้าหมาย``, blank
  lines, table and report headings lost): each line after ``*** สยป.`` is one quarter's report.
- ``passage_page_degenerate_table``: the quarter table kept only its ``a / b`` pairs, no quarter
  numbers: the pairs are read as quarters 1–4 in order.
- ``passage_agency_from_narrative`` / ``passage_agency_from_table``: a passage of an agency report
  that begins inside a narrative (inside the table) of an indicator whose name was cut off: that
  text ends the quarter-2 report (is the table's last rows), kept under an indicator with no name.
- ``fiscal_year_in_name``: a page whose name starts ``ปี 2564``, with more dated events of 2563:
  the name states the year ("text").
- ``fiscal_year_in_passing``: no year in the header; ``ในปีงบประมาณ พ.ศ. 2562`` (last year, in
  passing, in a narrative) against six dated events of 2563: 2563 ("dates").
- ``fiscal_year_stated``: ``ประจำปีงบประมาณ พ.ศ. 2563`` on a line under the header and ``ประจำปี
  2563`` in the name, against narratives about ``ปีงบประมาณ พ.ศ. 2562``: 2563 ("text").
- ``bad_numbers``: ``ผลงาน :ไม่มีข้อมูล``, ``ผลงาน :``, a quarter value in words, target 0.
- ``duplicate_number``: two indicators numbered ``(1)``.
- ``stacked_marks``: stacked tone marks (``ร่้อยละ``, also as the unit, which must read as the
  other indicator's ``ร้อยละ``) and doubled sara e (``เเผนงาน``, ``เเล้ว``).
- ``numbered_supporting_projects``: supporting projects listed as ``1.1 - โครงการ…`` right above
  the next plan-dimension heading.

To rewrite the JSON after an intended change of behaviour::

    KPI_UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py

then read every changed JSON by eye before keeping it: a golden file that records a wrong answer
is worse than none.

``tests/fixtures/encodings/`` holds one small report (``encoding_base.txt``) saved in other
encodings and with CRLF line ends; each must give exactly the JSON of the plain UTF-8 file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kpi_core import parse_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UPDATE = os.environ.get("KPI_UPDATE_GOLDEN") == "1"


def _golden_cases() -> list[object]:
    return [
        pytest.param(txt, id=txt.stem)
        for txt in sorted(FIXTURES.glob("*.txt"))
        if txt.with_suffix(".json").exists() or UPDATE
    ]


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _parse(txt: Path) -> dict[str, Any]:
    """The report as the CLI prints it, read back (so the comparison is JSON against JSON)."""
    data: dict[str, Any] = json.loads(_dump(parse_report(txt.read_bytes(), txt.name).to_dict()))
    return data


def _expected(txt: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("txt", _golden_cases())
def test_golden(txt: Path) -> None:
    actual = _parse(txt)
    if UPDATE:
        txt.with_suffix(".json").write_text(_dump(actual), encoding="utf-8")
        pytest.skip(f"rewrote {txt.stem}.json: read it before keeping it")
    assert actual == _expected(txt)


# -- one report, several encodings -------------------------------------------------------------

# File in fixtures/encodings/ -> (the bytes it must start with, the codec it is written in).
ENCODED: dict[str, tuple[bytes, str]] = {
    "utf8_bom.txt": (b"\xef\xbb\xbf", "utf-8-sig"),
    "utf16le_bom.txt": (b"\xff\xfe", "utf-16"),
    "utf16be_bom.txt": (b"\xfe\xff", "utf-16"),
    "cp874.txt": (b"", "cp874"),
    "crlf.txt": (b"", "utf-8"),
}


def test_encoding_fixtures_are_what_they_claim() -> None:
    """Guard the fixtures themselves: same text as the base file, in the encoding of their name."""
    base = (FIXTURES / "encoding_base.txt").read_text(encoding="utf-8")
    folder = FIXTURES / "encodings"
    assert sorted(p.name for p in folder.iterdir()) == sorted(ENCODED)
    for name, (prefix, codec) in ENCODED.items():
        data = (folder / name).read_bytes()
        assert data.startswith(prefix), name
        text = data.decode(codec)
        if name == "crlf.txt":
            assert text.count("\r\n") == text.count("\n") > 10
            text = text.replace("\r\n", "\n")
        assert text == base, name


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_every_encoding_gives_the_same_json(name: str) -> None:
    base = FIXTURES / "encoding_base.txt"
    expected = parse_report(base.read_bytes(), base.name).to_dict()
    # The plain UTF-8 version itself is pinned by its own golden file.
    assert expected == json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    data = (FIXTURES / "encodings" / name).read_bytes()
    assert parse_report(data, name).to_dict() == expected
