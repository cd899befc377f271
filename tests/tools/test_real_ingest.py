"""Issue 10's "done when", as a user would do it: every A, B and C excerpt in ../shared/samples/real
ingested with the CLI (``--fiscal-year`` typed only where a file has no year), none refused for
want of an agency its name carries, and the export holds one row per distinct indicator that went
in: none hidden by another file.

Two agency reports of one agency and year replace each other (DESIGN.md §6), so the year typed
for the yearless reports follows the page they come from: index101 pages are taken as 2563 and
index11 pages as 2564 (07000000 has an excerpt of each), as an analyst who knows would type.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kpi_core import parse_report
from kpi_core.reading.names import agency_from_name, kpi_code_from_name
from kpi_core.tools.cli import main

KINDS = ("A_", "B_", "C_")


def _files(samples: Path) -> list[Path]:
    rows = (samples / "real" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    names = [r.split("\t")[0] for r in rows if r.split("\t")[1].startswith(KINDS)]
    return [samples / "real" / n for n in names]


def test_every_real_page_and_report_goes_in_and_stays_in_view(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'kpi.db'}"
    went_in: set[tuple[str, int, str]] = set()
    for path in _files(samples_dir):
        report = parse_report(path.read_bytes(), path.name)
        year = report.fiscal_year or (2563 if path.name.startswith("index101") else 2564)
        argv = ["ingest", "--db", db, "--by", "test", str(path)]
        if report.fiscal_year is None:
            argv += ["--fiscal-year", str(year)]
        assert main(argv) == 0, f"{path.name}: {capsys.readouterr().err}"
        agency = report.agency_code or agency_from_name(path.name)
        assert agency, path.name
        page_code = kpi_code_from_name(path.name) if report.format == "kpi_page" else None
        for ind in report.indicators:
            went_in.add((agency, year, ind.kpi_code or page_code or f"({ind.seq}) {ind.name}"))
    capsys.readouterr()
    out = tmp_path / "all.csv"
    assert main(["export", "--db", db, "--format", "csv", "--codes", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    exported = {
        (r["agency_code"], int(r["fiscal_year"]), r["kpi_code"] or f"({r['seq']}) {r['indicator']}") for r in rows
    }
    assert len(rows) == len(went_in)
    assert exported == went_in
    assert all(r["agency_name"] and not r["agency_name"].isdigit() for r in rows)
