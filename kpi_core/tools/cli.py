"""``python -m kpi_core``: the command line. Errors become one line on stderr; exit codes are
0 done, 2 bad input or nothing matched, 1 unexpected (see :data:`EPILOG`).

Every argument is checked as argparse reads it (:mod:`kpi_core.tools.arguments`), the
database URL before anything is opened or created, and whatever
still goes wrong (a database that does not answer, a disk that is full) is turned into the
same one line by :func:`main`: a person sees a sentence, never a traceback. The commands that
use the database are in :mod:`kpi_core.tools.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpi_core.analysis.status import ALL_FLAGS, STATUS_ORDER
from kpi_core.reading.errors import KpiError
from kpi_core.reading.model import Report
from kpi_core.reading.parse import parse_report
from kpi_core.tools import arguments as a
from kpi_core.tools import commands as c

EXIT_USAGE = a.EXIT_USAGE
EXIT_UNEXPECTED = a.EXIT_UNEXPECTED
DEMO_OUT = "demo-reports"  # kpi_core.tools.synth.DEFAULT_OUT; kept here so --help needs no import
DB_HELP = (
    "database URL, sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME; without it: "
    "$KPI_DATABASE_URL, else KPI_DATABASE_URL in .streamlit/secrets.toml (the file the app reads), "
    "else the SQLite file data/kpi.db"
)
EPILOG = """\
database: --db, else the environment variable KPI_DATABASE_URL, else KPI_DATABASE_URL in
  .streamlit/secrets.toml (the app's secrets: ~/.streamlit/, then ./.streamlit/ which wins),
  else the SQLite file data/kpi.db (created and filled from data/reports/ on first use).

exit codes:
  0  done
  2  bad input (an argument, a file, a database address) or nothing matched
     (a search with no results, an export with no indicator); one line on stderr
  1  unexpected (a fault worth reporting; KPI_DEBUG=1 shows the traceback)
"""


def _cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.file)
    report = parse_report(c.read(path), str(path))
    if args.format == "json":
        c.print_json(report.to_dict())
    else:
        sys.stdout.write(format_table(report))
    return 0


def format_table(report: Report) -> str:
    """A plain-text summary a person can read in a terminal."""
    # Units are shown whole ("จำนวน (ฉบับ)", "ร้อยละของโครงการ"): the column is as wide as the longest.
    unit_width = max([4, *(len(ind.unit) for ind in report.indicators)])
    out = [
        f"format: {report.format}  agency: {report.agency_code or '-'}  "
        f"fiscal year: {report.fiscal_year or '-'} ({report.fiscal_year_source or 'unknown'})",
        f"{'#':>4}  {'unit':<{unit_width}} {'target':>12} {'result':>12}  "
        f"{'Q1':>9} {'Q2':>9} {'Q3':>9} {'Q4':>9}  name",
    ]

    def num(v: float | None) -> str:
        return "-" if v is None else f"{v:,.2f}"

    for ind in report.indicators:
        qs = " ".join(f"{num(q.value):>9}" for q in ind.quarters)
        label = ind.seq if ind.seq is not None else (ind.kpi_code or "")
        out.append(
            f"{label!s:>4}  {ind.unit:<{unit_width}} {num(ind.target):>12} {num(ind.result):>12}  {qs}  {ind.name[:60]}"
        )
    for issue in report.issues:
        out.append(f"line {issue.line}: {issue.severity}: {issue.message}")
    return "\n".join(out) + "\n"


def _cmd_demo_data(args: argparse.Namespace) -> int:
    from kpi_core.tools.synth import write_demo

    paths = write_demo(Path(args.out), args.agencies, args.years)
    print(
        f"{len(paths)} report files in {args.out}/ — load them with:\n"
        f"  python -m kpi_core agencies import {args.out}/agencies.csv --db URL\n"
        f"  python -m kpi_core ingest {args.out}/*.txt --db URL"
    )
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    out = a.output_path(args.out) if args.out else None  # refused before minutes of work
    if args.scale:
        from kpi_core.tools.scale import run_scale, table

        doc = table(args.scale, run_scale(args.scale, pages=not args.no_pages))
    else:
        from kpi_core.tools.bench import run_bench

        doc = run_bench(size_mb=args.size_mb, repeat=args.repeat)
    print(doc)
    if out is not None:  # BENCHMARKS.md is tracked: only an explicit --out writes it
        out.write_text(doc, encoding="utf-8")
    return 0


def _cmd_hash_password(args: argparse.Namespace) -> int:
    """Print an argon2id hash for an analyst account; the password is read, never echoed."""
    import getpass

    from kpi_core.access.auth import hash_password

    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():  # getpass would fall back to echoing, or wait on a pipe
        raise KpiError(
            "hash-password",
            "no terminal to type the password in; pipe it instead: python -m kpi_core hash-password --stdin < FILE",
        )
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise KpiError("hash-password", "the two passwords differ")
    print(hash_password(password))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = a.Parser(
        prog="python -m kpi_core",
        description="BMA KPI report tools",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    db = a.Parser(add_help=False)
    db.add_argument("--db", metavar="URL", help=DB_HELP)
    who = a.Parser(add_help=False)
    who.add_argument(
        "--by",
        type=a.text(100),
        default=os.environ.get("USER", "cli"),
        help="who makes the change, for the audit log (default: $USER)",
    )
    formats = ("json", "table")

    p = sub.add_parser("parse", help="parse one report file and print what was read")
    p.add_argument("file", help="the report file (.txt as saved from the SED pages)")
    p.add_argument("--format", choices=formats, default="json", help="json (the contract, default) or table")
    p.set_defaults(run=_cmd_parse)

    p = sub.add_parser("ingest", parents=[db, who], help="store report files (one transaction each)")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files; each is stored or refused on its own")
    p.add_argument(
        "--fiscal-year", metavar="YEAR", type=a.fiscal_year, help="B.E. fiscal year, for reports that do not say"
    )
    p.add_argument(
        "--agency",
        metavar="CODE",
        type=a.agency_code,
        help="8-digit agency code, for files that do not name theirs (the file name is tried first: pid_5001-808)",
    )
    p.add_argument("--agency-name", metavar="NAME", type=a.text(200), help="Thai name to record for the agency")
    p.set_defaults(run=c.cmd_ingest)

    p = sub.add_parser(
        "upgrade",
        parents=[db],
        help="bring the database up to date now (its schema, what an edited table in data/ derives)",
    )
    p.set_defaults(run=c.cmd_upgrade)

    p = sub.add_parser("history", parents=[db], help="list stored report versions")
    p.add_argument("--format", choices=formats, default="table", help="table (default) or json")
    p.set_defaults(run=c.cmd_history)

    p = sub.add_parser("restore", parents=[db, who], help="make a stored version current")
    p.add_argument("report_id", type=a.report_id, help="the report id, as history lists it")
    p.set_defaults(run=c.cmd_restore)

    p = sub.add_parser("delete", parents=[db, who], help="soft-delete a stored version (restore undoes it)")
    p.add_argument(
        "report_id",
        type=a.report_id,
        help="the report id, as history lists it; deleting the current one makes the newest remaining current",
    )
    p.set_defaults(run=c.cmd_delete)

    p = sub.add_parser("agencies", parents=[db, who], help="export or import the agency registry as CSV")
    p.add_argument("action", choices=("export", "import"), help="export (to FILE or standard output) or import")
    p.add_argument("file", nargs="?", help="CSV file (export: default standard output)")
    p.set_defaults(run=c.cmd_agencies)

    p = sub.add_parser(
        "search",
        parents=[db],
        help="Thai full-text search of narratives, summaries and names (exit 2 when nothing is found)",
    )
    p.add_argument("query", type=a.search_query, help='words to find, all of them; "quotes" make a phrase')
    p.add_argument("--format", choices=formats, default="table", help="table (default) or json")
    p.add_argument("--limit", type=a.between(1, 1000), default=50, help="at most this many results (default 50)")
    p.set_defaults(run=c.cmd_search)

    statuses = ", ".join(STATUS_ORDER)
    flags = ", ".join(f.code for f in ALL_FLAGS)
    p = sub.add_parser(
        "export",
        parents=[db],
        help="export indicators of the current reports (exit 2 when none matches)",
        description="Every filter may be given more than once (either value); different filters must all hold.",
    )
    p.add_argument("--format", choices=("csv", "xlsx"), required=True, help="csv (UTF-8 with BOM) or xlsx")
    p.add_argument("--out", metavar="FILE", required=True, help="the file to write; - for standard output")
    p.add_argument(
        "--lang",
        choices=("th", "en"),
        default="th",
        help="language of the headings, statuses and flags: th (default) or en; the XLSX keeps the codes in a sheet",
    )
    p.add_argument(
        "--codes",
        action="store_true",
        help="csv for programs: machine column names, status and flag codes instead of words",
    )
    p.add_argument("--fiscal-year", metavar="YEAR", type=a.fiscal_year, action="append", help="B.E. fiscal year")
    p.add_argument(
        "--agency", metavar="CODE", type=a.agency_code, action="append", help="8-digit code of a registered agency"
    )
    p.add_argument("--eval-dimension", metavar="N", type=a.between(1, 99), action="append", help="evaluation dimension")
    p.add_argument("--pillar", metavar="N", type=a.between(1, 99), action="append", help="plan pillar (ด้าน 1-7)")
    p.add_argument(
        "--plan-dimension", metavar="X.Y", type=a.plan_dimension, action="append", help="plan dimension, like 5.3"
    )
    p.add_argument("--status", metavar="STATUS", action="append", choices=STATUS_ORDER, help=f"one of: {statuses}")
    p.add_argument(
        "--flag", metavar="FLAG", action="append", choices=[f.code for f in ALL_FLAGS], help=f"one of: {flags}"
    )
    p.set_defaults(run=c.cmd_export)

    p = sub.add_parser("direction", parents=[db, who], help="set whether higher (up) or lower (down) is better")
    p.add_argument("ident", type=a.text(500), help="indicator identity, as in the export (agency|code or agency|name)")
    p.add_argument("direction", choices=("up", "down"), help="up: higher is better; down: lower is better")
    p.set_defaults(run=c.cmd_direction)

    p = sub.add_parser("hash-password", help="print an argon2id hash for an account (see README: accounts)")
    p.add_argument(
        "--stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts; without it, "
        "the password is typed twice at a terminal, not echoed)",
    )
    p.set_defaults(run=_cmd_hash_password)

    p = sub.add_parser("demo-data", help="write synthetic BMA-like report files and their agency names, for demos")
    p.add_argument("--out", metavar="DIR", default=DEMO_OUT, help=f"folder (default {DEMO_OUT}/, git-ignored)")
    p.add_argument("--agencies", metavar="N", type=a.between(1, 2000), default=10, help="how many (default 10)")
    p.add_argument(
        "--years",
        metavar="YEAR",
        type=a.fiscal_year,
        nargs="+",
        default=[2563, 2564, 2565],
        help="B.E. fiscal years (default 2563 2564 2565)",
    )
    p.set_defaults(run=_cmd_demo_data)

    p = sub.add_parser("bench", help="speed as ratios against decode+split (parse, or the app at a --scale)")
    p.add_argument("--out", help="also write the report to this file (e.g. BENCHMARKS.md); default: print only")
    p.add_argument("--scale", choices=("small", "bma", "national"), help="demo corpus size: ingest, queries, pages")
    p.add_argument("--no-pages", action="store_true", help="with --scale: skip the page timings (no streamlit)")
    p.add_argument("--size-mb", type=a.size_mb, default=10.0, help="text to parse, in MB (default 10)")
    p.add_argument("--repeat", type=a.between(1, 100), default=5, help="runs of each timing (default 5)")
    p.set_defaults(run=_cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if not c.thai_ok(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # never a UnicodeEncodeError traceback
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get(a.DEBUG_ENV) == "1":
            raise
        print(f"error: {a.one_line(exc)}", file=sys.stderr)
        # Our own refusals and the disk's are bad input; anything else is a fault to report.
        return EXIT_USAGE if isinstance(exc, (KpiError, OSError)) else EXIT_UNEXPECTED
