"""The storage commands as a user runs them, on both databases, including two ingests at once."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from builders import SEED, corrected, cut, snapshot, with_header_year, without_fiscal_year
from kpi_core.storage.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kpi.db'}"
    return str(request.getfixturevalue("pg_url"))


def kpi(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpi_core", *args], capture_output=True, text=True, cwd=ROOT, check=check, timeout=300
    )


def agency_file(tmp_path: Path, code: str, data: bytes = SEED) -> Path:
    version = "fixed" if data != SEED else "v1"
    path = tmp_path / f"agency_{code}_{version}.txt"
    path.write_bytes(data.replace(b": 03000000", f": {code}".encode()))
    return path


def test_ingest_history_restore_round_trip(db: str, tmp_path: Path) -> None:
    seed = agency_file(tmp_path, "03000000")
    fixed = agency_file(tmp_path, "03000000", corrected())
    out = kpi("ingest", str(seed), "--db", db, "--by", "somchai", "--agency-name", "สำนักงาน ก.ก.")
    assert "added" in out.stdout
    assert "already loaded" in kpi("ingest", str(seed), "--db", db).stdout
    assert "new current version" in kpi("ingest", str(fixed), "--db", db, "--by", "somchai").stdout
    versions = json.loads(kpi("history", "--db", db, "--format", "json").stdout)
    assert [(v["source_name"], v["current"]) for v in versions] == [(fixed.name, True), (seed.name, False)]
    assert set(versions[0]) >= {
        "report_id",
        "agency_code",
        "fiscal_year",
        "sha256",
        "source_name",
        "uploaded_by",
        "uploaded_at",
        "current",
    }
    assert versions[0]["uploaded_by"] == "somchai" and versions[0]["fiscal_year"] == 2563
    old = versions[1]["report_id"]
    assert "is now current" in kpi("restore", str(old), "--db", db).stdout
    versions = json.loads(kpi("history", "--db", db, "--format", "json").stdout)
    assert [v["current"] for v in versions] == [False, True]


def test_a_bad_file_exits_2_with_one_line_and_stores_nothing(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("บันทึกการประชุม ไม่ใช่รายงานตัวชี้วัด", encoding="utf-8")
    out = kpi("ingest", str(bad), "--db", db, check=False)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"error: {bad.name}:")
    assert "Traceback" not in out.stderr
    assert json.loads(kpi("history", "--db", db, "--format", "json").stdout) == []
    missing = kpi("restore", "42", "--db", db, check=False)
    assert missing.returncode == 2 and "no report 42" in missing.stderr


def test_no_fiscal_year_needs_the_option(db: str, tmp_path: Path) -> None:
    path = tmp_path / "noyear.txt"
    path.write_bytes(without_fiscal_year())
    refused = kpi("ingest", str(path), "--db", db, check=False)
    assert refused.returncode == 2 and "--fiscal-year" in refused.stderr
    assert "added" in kpi("ingest", str(path), "--db", db, "--fiscal-year", "2563").stdout


def test_search_json(db: str, tmp_path: Path) -> None:
    kpi("ingest", str(agency_file(tmp_path, "03000000")), "--db", db)
    hits = json.loads(kpi("search", "โควิด", "--db", db, "--format", "json").stdout)
    assert [h["indicator_seq"] for h in hits] in ([8, 7], [7, 8])  # โควิด-19 and "(COVID 19)"
    hit = next(h for h in hits if h["indicator_seq"] == 8)
    assert {k: hit[k] for k in ("agency_code", "fiscal_year", "indicator_seq", "kpi_code", "quarter", "field")} == {
        "agency_code": "03000000",
        "fiscal_year": 2563,
        "indicator_seq": 8,
        "kpi_code": None,
        "quarter": 3,
        "field": "narrative",
    }
    assert "โควิด" in hit["snippet"] and hit["score"] > 0 and hit["indicator_name"].startswith("ร้อยละของความพึงพอใจ")


def test_export_csv_and_xlsx(db: str, tmp_path: Path) -> None:
    kpi("ingest", str(agency_file(tmp_path, "03000000")), "--db", db)
    out_csv = tmp_path / "kpi.csv"
    kpi("export", "--format", "csv", "--out", str(out_csv), "--db", db, "--pillar", "7")
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Thai
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))  # Thai headings by default
    assert [r["ลำดับ"] for r in rows] == ["2", "3", "4", "5", "6", "7", "8"]
    assert rows[-1]["สถานะ"] == "ไม่บรรลุ" and rows[-1]["รายงานไตรมาส 3"].startswith("ขอยกเลิกโครงการ")
    out_xlsx = tmp_path / "kpi.xlsx"
    kpi("export", "--format", "xlsx", "--out", str(out_xlsx), "--db", db, "--status", "met", "--lang", "en")
    book = openpyxl.load_workbook(out_xlsx)
    assert book.sheetnames == ["export", "indicators", "codes"]
    cover = {row[0]: row[1] for row in book["export"].iter_rows(values_only=True)}
    assert cover["Status"] == "Met" and cover["Data version"] == 1 and cover["Indicators"] == 7  # numbers
    assert cover["Fiscal year"] == "all" and cover["Data last updated"].endswith(" by " + str(versions_by(db)))
    assert book["indicators"].max_row == 8  # heading + 7 met


def versions_by(db: str) -> str:
    return str(json.loads(kpi("history", "--db", db, "--format", "json").stdout)[0]["uploaded_by"])


def test_two_processes_ingesting_at_once_both_succeed(db: str, tmp_path: Path) -> None:
    files = [agency_file(tmp_path, code) for code in ("11000000", "12000000")]
    # The same agency and year twice at once: both versions stored, exactly one current.
    files += [agency_file(tmp_path, "13000000"), agency_file(tmp_path, "13000000", corrected())]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kpi_core", "ingest", str(f), "--db", db],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], results
    versions = json.loads(kpi("history", "--db", db, "--format", "json").stdout)
    assert sorted(v["agency_code"] for v in versions) == ["11000000", "12000000", "13000000", "13000000"]
    assert sum(v["current"] for v in versions if v["agency_code"] == "13000000") == 1


def test_ingest_refuses_a_fiscal_year_other_than_the_reports_own(db: str, tmp_path: Path) -> None:
    """As a conflicting --agency is refused, so is a --fiscal-year the header contradicts; the
    same year as the header's is taken."""
    path = tmp_path / "agency_03000000_2563.txt"
    path.write_bytes(with_header_year(2563))
    before = snapshot(open_store(db, seed=False))
    out = kpi("ingest", str(path), "--db", db, "--fiscal-year", "2570", check=False)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == f"error: {path.name}: the report itself says fiscal year 2563, not 2570\n"
    assert snapshot(open_store(db, seed=False)) == before
    assert "fiscal year 2563: added" in kpi("ingest", str(path), "--db", db, "--fiscal-year", "2563").stdout


def test_deleting_twice_or_restoring_the_current_version_says_so_and_changes_nothing(db: str, tmp_path: Path) -> None:
    seed = agency_file(tmp_path, "03000000")
    kpi("ingest", str(seed), "--db", db)
    before = snapshot(open_store(db, seed=False))
    current = kpi("restore", "1", "--db", db, check=False)
    said = (current.returncode, current.stdout, current.stderr)
    assert said == (2, "", "error: restore: report 1 is already current\n")
    assert snapshot(open_store(db, seed=False)) == before
    assert "report 1 deleted" in kpi("delete", "1", "--db", db).stdout
    before = snapshot(open_store(db, seed=False))
    again = kpi("delete", "1", "--db", db, check=False)
    assert (again.returncode, again.stdout, again.stderr) == (2, "", "error: delete: report 1 is already deleted\n")
    assert snapshot(open_store(db, seed=False)) == before  # no second audit entry, same data version


def test_a_cut_download_prints_its_warnings_and_what_it_withdraws(db: str, tmp_path: Path) -> None:
    """The reviewer's third of the seed replaced the whole report with exit 0 and no word of the
    parser's warnings. It is still stored (the analyst decides), but says what happened."""
    kpi("ingest", str(agency_file(tmp_path, "03000000")), "--db", db)
    path = tmp_path / "agency_03000000_cut.txt"
    path.write_bytes(cut())
    out = kpi("ingest", str(path), "--db", db, "--fiscal-year", "2563")
    assert "(replaces report 1; 4 of its indicators withdrawn) (report 2, 4 indicators)" in out.stdout
    lines = out.stderr.splitlines()
    where = f"warning: {path.name}:182: "
    assert where + "the file ends inside a character (a broken download?): its last byte was left out" in lines
    assert any(line.startswith(where + "the text stops at line 182 inside indicator (4)") for line in lines)
    noisy = tmp_path / "agency_03000000_noisy.txt"
    head, rest = SEED.split(b"\n", 1)
    noisy.write_bytes(head + b"\n" + b"".join(f"junk {n}\n".encode() for n in range(25)) + rest)
    warned = kpi("ingest", str(noisy), "--db", db).stderr.splitlines()
    assert len(warned) == 21 and warned[0].startswith(f"warning: {noisy.name}:2: line not understood")
    assert warned[-1] == f"warning: {noisy.name}: and 5 more (python -m kpi_core parse FILE lists them)"


def test_a_fiscal_year_given_by_hand_is_not_asked_for_again(db: str, samples_dir: Path) -> None:
    """dp mykpi 0800-6596 (real) names no year; given by hand, the parser's "give it by hand"
    is answered: ingest names the year it used and does not ask again."""
    path = samples_dir / "real" / "dp_mykpi_pid_0800-6596__q17.txt"
    asked = kpi("ingest", str(path), "--db", db, check=False)
    assert asked.returncode == 2 and "--fiscal-year" in asked.stderr
    out = kpi("ingest", str(path), "--db", db, "--fiscal-year", "2564")
    assert f"{path}: agency 08000000, fiscal year 2564: added" in out.stdout
    assert "fiscal year" not in out.stderr, out.stderr
    again = kpi("ingest", str(path), "--db", db)  # the year these bytes were stored under
    assert "fiscal year 2564: already loaded" in again.stdout and "fiscal year" not in again.stderr


def test_upgrade_brings_the_database_up_to_date_before_the_app_starts(db: str, tmp_path: Path) -> None:
    """An operator runs `upgrade` after a deploy or a table edit, so that the first page does
    not wait for a migration: an older database is migrated, and says what it is now."""
    from sqlalchemy import text

    from kpi_core.storage import schema as s
    from kpi_core.storage.migrations import SCHEMA_VERSION

    kpi("ingest", "--db", db, str(agency_file(tmp_path, "03000000")))
    engine = open_store(db, seed=False)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_reports_agency_year"))
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value=10))
    engine.dispose()
    done = kpi("upgrade", "--db", db)
    assert done.stdout.strip() == f"database up to date: schema {SCHEMA_VERSION}, data version 1"
    engine = open_store(db, seed=False)
    with engine.connect() as conn:
        assert conn.execute(s.meta.select().where(s.meta.c.key == "schema_version")).one().value == SCHEMA_VERSION
    engine.dispose()
