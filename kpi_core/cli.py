"""``python -m kpi_core``: the command line. Errors become one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpi_core.errors import KpiError
from kpi_core.model import Report
from kpi_core.parse import parse_report

EXIT_USAGE = 2


def _cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    report = parse_report(data, str(path))
    if args.format == "json":
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_table(report))
    return 0


def format_table(report: Report) -> str:
    """A plain-text summary a person can read in a terminal."""
    out = [
        f"format: {report.format}  agency: {report.agency_code or '-'}  "
        f"fiscal year: {report.fiscal_year or '-'} ({report.fiscal_year_source or 'unknown'})",
        f"{'#':>4}  {'unit':<18} {'target':>12} {'result':>12}  {'Q1':>9} {'Q2':>9} {'Q3':>9} {'Q4':>9}  name",
    ]

    def num(v: float | None) -> str:
        return "-" if v is None else f"{v:,.2f}"

    for ind in report.indicators:
        qs = " ".join(f"{num(q.value):>9}" for q in ind.quarters)
        label = ind.seq if ind.seq is not None else (ind.kpi_code or "")
        out.append(
            f"{label!s:>4}  {ind.unit[:18]:<18} {num(ind.target):>12} {num(ind.result):>12}  {qs}  {ind.name[:60]}"
        )
    for issue in report.issues:
        out.append(f"line {issue.line}: {issue.severity}: {issue.message}")
    return "\n".join(out) + "\n"


def _cmd_bench(args: argparse.Namespace) -> int:
    from kpi_core.bench import run_bench

    print(run_bench(Path(args.out), size_mb=args.size_mb, repeat=args.repeat))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kpi_core", description="BMA KPI report tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse one report file and print what was read")
    p.add_argument("file")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(run=_cmd_parse)
    b = sub.add_parser("bench", help="measure parse speed against decode+split; writes BENCHMARKS.md")
    b.add_argument("--out", default="BENCHMARKS.md")
    b.add_argument("--size-mb", type=float, default=10.0)
    b.add_argument("--repeat", type=int, default=5)
    b.set_defaults(run=_cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KpiError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
