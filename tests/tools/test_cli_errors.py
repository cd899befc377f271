"""Every way a command can fail ends in one line ``error: …`` on stderr and exit code 2: no
traceback, nothing stored, no folder made (run as a user runs them, in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import SEED, garbled, page, without_fiscal_year
from servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def kpi(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpi_core", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def refused(out: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 2, one line on stderr that starts with ``error:`` and says what is wrong."""
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1, out.stderr
    for fragment in fragments:
        assert fragment in out.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kpi.db'}"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "agency_03000000.txt"
    path.write_bytes(SEED)
    return path


def stored(db: str) -> list[dict[str, object]]:
    out = kpi("history", "--db", db, "--format", "json")
    assert out.returncode == 0, out.stderr
    return list(json.loads(out.stdout))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["restore", "99999999999999999999"], "between 1 and 2147483647"),
        (["restore", "2147483648"], "between 1 and 2147483647"),
        (["restore", "0"], "between 1 and 2147483647"),
        (["restore", "²"], "digits 0-9"),
        (["restore", "abc"], "digits 0-9"),
        (["search", " ".join(f"คำ{n}" for n in range(1200))], "200 characters"),
        (["search", " ".join(["ก"] * 21)], "20 terms"),
        (["search", "โควิด", "--limit", "0"], "--limit"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--fiscal-year", "99999999999"], "2500 to 2700"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--pillar", "99999999999999999999"], "--pillar"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--eval-dimension", "-1"], "--eval-dimension"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--agency", "'; DROP TABLE reports"], "agency code"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--plan-dimension", "x"], "like 5.3"),
        (["export", "--format", "csv", "--out", "{tmp}/x.csv", "--flag", "bogus"], "--flag"),
        (["demo-data", "--agencies", "-3", "--out", "{tmp}/demo"], "--agencies"),
        (["demo-data", "--years", "2020", "--out", "{tmp}/demo"], "2500 to 2700"),
        ([], "command"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else None,
)
def test_a_bad_argument_is_one_line(db: str, tmp_path: Path, args: list[str], says: str) -> None:
    args = [a.format(tmp=tmp_path) for a in args]  # whatever a command writes goes to tmp_path
    refused(kpi(*args, *(["--db", db] if args and args[0] in ("restore", "search", "export") else [])), says)
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["kpi.db"])  # nothing written


@pytest.mark.parametrize("year", ["-5", "2020", "9999", "99999999999", "๒๕๖๓"])
def test_ingest_refuses_a_fiscal_year_that_is_not_one(db: str, report: Path, year: str) -> None:
    refused(kpi("ingest", str(report), "--db", db, "--fiscal-year", year), "--fiscal-year", "2500 to 2700")
    assert stored(db) == []


@pytest.mark.parametrize("year", ["2020", "9999"])
def test_ingest_refuses_a_report_whose_header_year_is_not_be(db: str, tmp_path: Path, year: str) -> None:
    path = tmp_path / "agency_03000000_gregorian.txt"
    path.write_bytes(SEED.replace("ประจำปี : ของหน่วยงาน".encode(), f"ประจำปี : {year} ของหน่วยงาน".encode()))
    refused(kpi("ingest", str(path), "--db", db), path.name, year, "--fiscal-year")
    assert stored(db) == []
    assert kpi("ingest", str(path), "--db", db, "--fiscal-year", "2563").returncode == 0  # the way out


def test_export_into_a_missing_folder_or_onto_a_folder(db: str, tmp_path: Path) -> None:
    refused(kpi("export", "--format", "csv", "--out", str(tmp_path / "missing" / "x.csv"), "--db", db), "missing")
    refused(kpi("export", "--format", "xlsx", "--out", str(tmp_path), "--db", db), "folder")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("bogus://x", "database URL"),
        ("not a url", "database URL"),
        ("postgresql://u@127.0.0.1/x", "postgresql+psycopg"),
        ("mysql://u@127.0.0.1/x", "database URL"),
    ],
)
def test_a_database_url_that_is_not_one(url: str, says: str) -> None:
    refused(kpi("history", "--db", url), says)


def test_a_database_in_a_missing_folder_is_an_error_and_no_folder_is_made(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir"
    refused(kpi("history", "--db", f"sqlite:///{missing / 'x.db'}"), "folder", str(missing))
    refused(kpi("history", env={"KPI_DATABASE_URL": f"sqlite:///{missing / 'x.db'}"}), "folder")
    refused(kpi("history", "--db", f"sqlite:///{tmp_path}"), "folder")
    assert not (tmp_path / "missing").exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"these are meeting notes, not a database " * 100)
    refused(kpi("history", "--db", f"sqlite:///{notes}"), "cannot open the database", "not a database")
    assert notes.read_bytes().startswith(b"these are meeting notes")


def test_an_unreachable_postgresql() -> None:
    url = f"postgresql+psycopg://kpi:SECRET@127.0.0.1:{free_port()}/kpi"
    out = kpi("history", "--db", url)
    refused(out, "cannot open the database")
    assert "SECRET" not in out.stderr  # the password never reaches a terminal or a log


def test_errors_on_postgresql(pg_url: str, report: Path) -> None:
    refused(kpi("restore", "2147483648", "--db", pg_url), "between 1 and 2147483647")
    refused(kpi("ingest", str(report), "--db", pg_url, "--fiscal-year", "99999999999"), "2500 to 2700")
    refused(kpi("restore", "42", "--db", pg_url), "no report 42")
    assert stored(pg_url) == []


def test_agencies_import_refuses_a_huge_value_with_its_line_and_keeps_what_a_file_leaves_out(
    db: str, tmp_path: Path
) -> None:
    """A value over the CSV reader's 131,072 characters ended in "unexpected Error" and exit 1;
    a file of only code,name wiped the English names. The command shares the page's reading."""
    huge = tmp_path / "huge.csv"
    huge.write_text("code,name\n50020000,x\n50010000," + "ก" * 140_000 + "\n", encoding="utf-8")
    refused(kpi("agencies", "import", str(huge), "--db", db), "huge.csv:3", "131,072 characters")
    partial = tmp_path / "partial.csv"
    partial.write_text("code,name\n50010000,เขตพระนคร\n50020000,สำนักงานเขตดุสิต\n", encoding="utf-8")
    out = kpi("agencies", "import", str(partial), "--db", db)
    assert out.returncode == 0 and out.stdout.endswith(": 1 agency added or changed\n"), out  # Dusit as it was
    export = kpi("agencies", "export", "-", "--db", db).stdout
    assert "50010000,เขตพระนคร,Phra Nakhon District Office,district," in export


def test_ingest_reads_no_more_than_the_upload_limit(db: str, tmp_path: Path) -> None:
    """`ingest /dev/zero` read until memory ran out (exit 1); a file over KPI_MAX_UPLOAD_MB is
    refused as the upload page refuses it, having read one byte past the limit."""
    small = {"KPI_MAX_UPLOAD_MB": "0.01"}  # 10,000 bytes: the seed is larger
    endless = kpi("ingest", "/dev/zero", "--db", db, env=small)
    refused(endless, "/dev/zero: the file is larger than that; the limit is 0.01 MB (set KPI_MAX_UPLOAD_MB")
    big = tmp_path / "agency_03000000.txt"
    big.write_bytes(SEED)
    says = f"the file is {len(SEED) / 1e6:.1f} MB; the limit is 0.01 MB"
    refused(kpi("ingest", str(big), "--db", db, env=small), says)
    assert stored(db) == []
    assert kpi("ingest", str(big), "--db", db).returncode == 0  # the default 20 MB takes it


def test_a_garbled_file_is_one_line_with_the_line_it_starts_on_and_the_fix(db: str, tmp_path: Path) -> None:
    """Thai UTF-8 read as Windows-1252 and saved again: ``parse`` and ``ingest`` say where the
    garbled text starts and how to put it right, as ``FILE:LINE: reason``."""
    path = tmp_path / "mykpi_pid_5008-2005__mojibake.txt"
    path.write_bytes(b"Back Home\r\n\r\n" + garbled(page()))
    for command in (["parse", str(path)], ["ingest", str(path), "--db", db]):
        refused(kpi(*command), f"{path.name}:3: the Thai text was garbled", "save the page again as UTF-8")
    assert stored(db) == []


def test_ingest_asks_for_the_agency_and_the_year_at_once_when_both_are_missing(db: str, tmp_path: Path) -> None:
    """A passage that names neither: one refusal naming both options, not one and then the other."""
    path = tmp_path / "passage.txt"
    path.write_bytes(without_fiscal_year(page("0300-0042", year=2563).replace(b": 0300-0042", b"")))
    refused(kpi("ingest", str(path), "--db", db), "--agency", "--fiscal-year")
    refused(kpi("ingest", str(path), "--db", db, "--fiscal-year", "2563"), "--agency")
    assert stored(db) == []
    done = kpi("ingest", str(path), "--db", db, "--agency", "03000000", "--fiscal-year", "2563")
    assert done.returncode == 0 and "added" in done.stdout, done.stderr
