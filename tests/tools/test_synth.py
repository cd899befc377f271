"""Demo data: deterministic, parseable, BMA-like (every status, pillars, dated events, risk words)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kpi_core import parse_report
from kpi_core.analysis.status import risk_flags, status
from kpi_core.reading.dates import find_dates
from kpi_core.storage.agencies import read_csv, shipped
from kpi_core.tools.synth import DEFAULT_OUT, agencies_csv, demo_reports

ROOT = Path(__file__).resolve().parents[2]


def test_demo_reports_parse_as_sample_agencies_and_years() -> None:
    files = list(demo_reports(3, (2563, 2564)))
    assert files == list(demo_reports(3, (2563, 2564)))  # the same corpus on every run
    reports = [parse_report(data, name) for name, data in files]
    assert [(r.agency_code, r.fiscal_year, r.fiscal_year_source) for r in reports] == [
        (code, year, "header") for code in ("90010000", "90020000", "90030000") for year in (2563, 2564)
    ]
    assert all(8 <= len(r.indicators) <= 10 and not r.issues for r in reports)


def test_demo_data_looks_like_bma() -> None:
    reports = [parse_report(data, name) for name, data in demo_reports(60, (2566,))]
    indicators = [i for r in reports for i in r.indicators]
    statuses = {status(i.target, i.result) for i in indicators}
    assert statuses == {"met", "near", "not-met", "no-data", "no-target"}
    assert {i.plan_pillar for i in indicators} == set(range(1, 8))
    assert all(i.plan_dimension_title for i in indicators)  # dimension titles on the plan lines
    assert len({i.unit for i in indicators}) >= 6
    narratives = [q.report for i in indicators for q in i.quarters if q.report]
    assert sum(bool(find_dates(n)) for n in narratives) > len(narratives) / 2
    assert {f for n in narratives for f in risk_flags([n])} >= {"delayed", "cancelled", "contract-extended"}


def test_sample_agencies_never_borrow_a_real_name() -> None:
    demo = read_csv(agencies_csv(60))
    assert {a.kind for a in demo} == {"district", "department"}
    assert demo[0].name == "สำนักงานเขตตัวอย่าง 01" and "ตัวอย่าง" in demo[-1].name
    assert not {a.code for a in demo} & {a.code for a in shipped()}


def test_demo_data_command(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "demo-data", "--out", str(tmp_path), "--agencies", "2", "--years", "2565"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "2 report files" in out.stdout and "agencies import" in out.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "agencies.csv",
        "demo_90010000_2565.txt",
        "demo_90020000_2565.txt",
    ]
    assert DEFAULT_OUT + "/" in (ROOT / ".gitignore").read_text()
