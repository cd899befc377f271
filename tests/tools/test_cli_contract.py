"""What the command line promises in its --help: where the database comes from, what every option
means, which values are allowed, and what the exit codes say (run as a user runs it)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import SEED
from kpi_core.tools import cli, commands

ROOT = Path(__file__).resolve().parents[2]


def kpi(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "KPI_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "kpi_core", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        input=stdin if stdin is not None else "",
        env={**base, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def refused(out: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stderr.count("\n") == 1, out.stderr
    for fragment in fragments:
        assert fragment in out.stderr, out.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    report = tmp_path / "agency_03000000.txt"
    report.write_bytes(SEED)
    assert kpi("ingest", str(report), "--db", url).returncode == 0
    return url


def test_help_states_the_database_order_and_the_exit_codes() -> None:
    out = kpi("--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    order = "--db, else the environment variable KPI_DATABASE_URL, else KPI_DATABASE_URL in .streamlit/secrets.toml"
    assert order in text
    assert "0 done" in text and "2 bad input" in text and "nothing matched" in text and "1 unexpected" in text
    export = " ".join(kpi("export", "--help").stdout.split())
    assert "one of: met, near, not-met, no-target, no-data" in export
    assert "one of: cancelled, delayed, covid" in export and "- for standard output" in export
    assert "--stdin" in kpi("hash-password", "--help").stdout


def test_every_option_and_argument_says_what_it_is() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    undocumented = [
        f"{name} {action.dest}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert undocumented == []


def test_database_from_the_secrets_file_the_app_reads(tmp_path: Path) -> None:
    """No --db, no environment: KPI_DATABASE_URL of ./.streamlit/secrets.toml, as st.secrets has it."""
    home, work = tmp_path / "home", tmp_path / "work"
    (work / ".streamlit").mkdir(parents=True)
    home.mkdir()
    from_secrets = tmp_path / "from_secrets.db"
    (work / ".streamlit" / "secrets.toml").write_text(f'KPI_DATABASE_URL = "sqlite:///{from_secrets}"\n')
    report = tmp_path / "agency_03000000.txt"
    report.write_bytes(SEED)
    env = {"HOME": str(home)}
    assert kpi("ingest", str(report), cwd=work, env=env).returncode == 0
    assert from_secrets.is_file()
    listed = json.loads(kpi("history", "--format", "json", "--db", f"sqlite:///{from_secrets}").stdout)
    assert [v["source_name"] for v in listed] == [report.name]
    # The environment wins over the file, and --db over both.
    from_env = tmp_path / "from_env.db"
    out = kpi("history", "--format", "json", cwd=work, env={**env, "KPI_DATABASE_URL": f"sqlite:///{from_env}"})
    assert json.loads(out.stdout) == [] and from_env.is_file()
    other = tmp_path / "from_flag.db"
    out = kpi("history", "--format", "json", "--db", f"sqlite:///{other}", cwd=work, env=env)
    assert json.loads(out.stdout) == [] and other.is_file()


def test_a_broken_secrets_file_is_an_error_not_another_database(tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("KPI_DATABASE_URL = [unclosed\n")
    refused(kpi("history", cwd=tmp_path, env={"HOME": str(tmp_path)}), "secrets.toml", "cannot read")


@pytest.mark.parametrize(("option", "value"), [("--status", "done"), ("--flag", "late"), ("--format", "pdf")], ids=str)
def test_an_unknown_value_is_one_line_naming_the_allowed_ones(tmp_path: Path, option: str, value: str) -> None:
    args = ["export", "--format", "csv", "--out", str(tmp_path / "x.csv"), option, value]
    if option == "--format":
        args = ["export", "--out", str(tmp_path / "x.csv"), "--format", value]
    refused(kpi(*args), option, "invalid choice", value)
    assert not (tmp_path / "x.csv").exists()


def test_export_of_an_unknown_agency_says_there_is_none(db: str, tmp_path: Path) -> None:
    out = kpi("export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--db", db, "--agency", "12345678")
    refused(out, "no such agency", "12345678")
    assert not (tmp_path / "x.csv").exists()


def test_export_to_standard_output(db: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "export", "--format", "csv", "--out", "-", "--db", db],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    assert out.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(out.stdout.decode("utf-8-sig"))))
    assert len(rows) == 9  # a heading and the seed's eight indicators
    assert b"8 indicators" in out.stderr


def test_nothing_matched_exits_2_with_one_line(db: str, tmp_path: Path) -> None:
    found = kpi("search", "โควิด", "--db", db)
    assert found.returncode == 0 and found.stdout.splitlines()[0].split() == [
        "score",
        "agency",
        "year",
        "indicator",
        "where",
        "text",
    ]
    none = kpi("search", "ไม่มีคำนี้ในรายงานแน่นอน", "--db", db)
    refused(none, "nothing found")
    assert none.stdout == ""
    assert kpi("search", "ไม่มีคำนี้", "--db", db, "--format", "json").stdout.strip() == "[]"
    refused(kpi("export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--db", db, "--fiscal-year", "2600"))
    assert not (tmp_path / "x.csv").exists()


def test_history_table_has_a_heading(db: str) -> None:
    lines = kpi("history", "--db", db).stdout.splitlines()
    assert lines[0].split()[:5] == ["id", "agency", "year", "uploaded", "(Bangkok)"]
    assert lines[1].startswith("*") and "03000000" in lines[1]


def test_hash_password_without_a_terminal_points_to_stdin() -> None:
    refused(kpi("hash-password"), "no terminal", "--stdin")
    out = kpi("hash-password", "--stdin", stdin="correct horse battery\n")
    assert out.returncode == 0 and out.stdout.startswith("$argon2id$")


def test_parse_table_shows_units_whole(tmp_path: Path) -> None:
    unit = "ร้อยละของโครงการที่ดำเนินการแล้วเสร็จตามแผน"
    path = tmp_path / "agency_03000000.txt"
    path.write_bytes(SEED.replace("หน่วยนับ :ร้อยละ".encode(), f"หน่วยนับ :{unit}".encode(), 1))
    out = kpi("parse", str(path), "--format", "table")
    assert out.returncode == 0 and unit in out.stdout


def test_an_unexpected_fault_exits_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(_args: argparse.Namespace) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "cmd_history", broken)
    assert cli.main(["history"]) == 1
    assert capsys.readouterr().err.startswith("error: unexpected RuntimeError: a bug")


def test_demo_data_default_folder_is_git_ignored() -> None:
    out = subprocess.run(
        ["git", "check-ignore", "-q", f"{cli.DEMO_OUT}/agency.txt"], cwd=ROOT, capture_output=True, check=False
    )
    assert out.returncode == 0
