"""Demo data: deterministic, parseable, other agencies and years, and the CLI writes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kpi_core import parse_report
from kpi_core.analysis.status import status
from kpi_core.tools.synth import demo_reports

ROOT = Path(__file__).resolve().parents[2]


def test_demo_reports_parse_as_other_agencies_and_years() -> None:
    files = list(demo_reports(3, (2563, 2564)))
    assert files == list(demo_reports(3, (2563, 2564)))  # the same corpus on every run
    reports = [parse_report(data, name) for name, data in files]
    assert [(r.agency_code, r.fiscal_year, r.fiscal_year_source) for r in reports] == [
        (code, year, "header") for code in ("50010000", "50020000", "50030000") for year in (2563, 2564)
    ]
    assert all(len(r.indicators) == 8 and not r.issues for r in reports)
    statuses = {status(i.target, i.result) for r in reports for i in r.indicators}
    assert {"met", "near", "not-met"} <= statuses  # varied enough to exercise the dashboard


def test_demo_data_command(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "demo-data", "--out", str(tmp_path), "--agencies", "2", "--years", "2565"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "2 report files" in out.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo_50010000_2565.txt", "demo_50020000_2565.txt"]
