"""Synthetic report files for benchmarks and demos: ``python -m kpi_core demo-data``.

Each file is the seed report re-issued for another agency and fiscal year (year in the header),
with results and quarter values varied by a seeded random generator, so the corpus is the same
on every machine and every status occurs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "sed_agency_03000000.txt"
_HEADER = re.compile(r"^ผลการปฏิบัติราชการประจำปี[^\n]*", re.MULTILINE)
_RESULT = re.compile(r"^ผลงาน :(?P<v>[\d.,]+)$", re.MULTILINE)
_QUARTER_VALUE = re.compile(r"^(?P<q>[1-4])\n(?P<v>[\d.,]+)\n", re.MULTILINE)


def agency_code(n: int) -> str:
    """An 8-digit agency code, four digits plus ``0000`` as BMA numbers them.

    >>> agency_code(7)
    '50070000'
    """
    return f"{5000 + n:04d}0000"


def report(code: str, year: int, rng: random.Random, seed_text: str) -> bytes:
    """The seed re-issued for ``code`` and ``year`` with varied results and quarter values."""
    text = _HEADER.sub(f"ผลการปฏิบัติราชการประจำปี : {year} ของหน่วยงาน : {code}", seed_text, count=1)
    text = text.replace("ปีงบประมาณ พ.ศ. 2563", f"ปีงบประมาณ พ.ศ. {year}")

    def result(m: re.Match[str]) -> str:
        return f"ผลงาน :{float(m['v'].replace(',', '')) * rng.uniform(0.6, 1.4):.2f}"

    def quarter(m: re.Match[str]) -> str:
        return f"{m['q']}\n{float(m['v'].replace(',', '')) * rng.uniform(0.5, 1.5):.2f}\n"

    return _QUARTER_VALUE.sub(quarter, _RESULT.sub(result, text)).encode("utf-8")


def demo_reports(agencies: int, years: Sequence[int], seed: int = 2563) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for every agency and year."""
    rng = random.Random(seed)
    seed_text = SEED.read_text(encoding="utf-8")
    for n in range(1, agencies + 1):
        for year in years:
            code = agency_code(n)
            yield f"demo_{code}_{year}.txt", report(code, year, rng, seed_text)


def write_demo(out: Path, agencies: int, years: Sequence[int]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in demo_reports(agencies, years):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths
