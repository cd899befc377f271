"""The commands that read or change the database (ingest, history, restore, delete, agencies,
search, export, direction), and the file and terminal helpers the command line shares. Parsing
the arguments and turning failures into one line is :mod:`kpi_core.tools.cli`'s.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_core.analysis import validators
from kpi_core.reading.errors import KpiError
from kpi_core.reading.model import Issue
from kpi_core.reading.parse import parse_report
from kpi_core.storage.audit import counted
from kpi_core.tools import arguments as a

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_USAGE = a.EXIT_USAGE


def open_engine(args: argparse.Namespace) -> Engine:
    from sqlalchemy.exc import SQLAlchemyError

    from kpi_core.storage.store import database_url, open_store

    chosen, _source = a.database_choice(args.db)  # --db, environment, secrets file, default
    url = a.check_database_url(database_url(chosen), explicit=chosen is not None)
    try:
        return open_store(chosen)
    except SQLAlchemyError as exc:
        raise KpiError(a.hidden_url(url), f"cannot open the database ({a.first_line(exc)})") from exc


SHOWN_WARNINGS = 20  # a file's warnings printed by ingest; the rest are counted


def cmd_ingest(args: argparse.Namespace) -> int:
    from kpi_core.storage.store import ingest_report

    engine = open_engine(args)
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            data = read(path)
            validators.text(path.name, str(path), 255)  # stored as the source name: no NUL, no stray bytes
            report = parse_report(data, path.name)
            result = ingest_report(
                engine,
                report,
                data,
                uploaded_by=args.by,
                fiscal_year=args.fiscal_year,
                agency_name=args.agency_name,
                agency_code=args.agency,
            )
        except KpiError as exc:  # one bad file does not stop the others, but the exit code says so
            print(f"error: {exc.message}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        print(f"{path}: {result.message}")
        # What a stored file lacks (a cut download), by line. Stored, it had a fiscal year (given
        # by hand, or the one these bytes were stored under), named in the line above: the
        # parser's "no fiscal year … give it by hand" is answered, and repeating it misleads.
        print_warnings([i for i in report.issues if i.code != "no-fiscal-year"], path.name)
    return status


def print_warnings(issues: Sequence[Issue], source: str) -> None:
    """The parser's warnings on stderr, one line each with its line number, at most
    :data:`SHOWN_WARNINGS` and then how many more (``parse`` lists them all)."""
    warnings = [i for i in issues if i.severity == "warning"]
    for issue in warnings[:SHOWN_WARNINGS]:
        print(f"warning: {source}:{issue.line}: {issue.message}", file=sys.stderr)
    if len(warnings) > SHOWN_WARNINGS:
        more = len(warnings) - SHOWN_WARNINGS
        print(f"warning: {source}: and {more:,} more (python -m kpi_core parse FILE lists them)", file=sys.stderr)


def read(path: Path) -> bytes:
    """A report file, refused (exit 2) when it is over the upload limit (``KPI_MAX_UPLOAD_MB``):
    at most one byte more than the limit is read, so /dev/zero or a runaway log ends in a sentence."""
    from kpi_core.access.upload import MAX_MB_ENV, max_upload_mb

    limit_mb = max_upload_mb()
    limit = int(limit_mb * 1_000_000)
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > limit:
        size = path.stat().st_size if path.is_file() else 0
        said = f"is {size / 1e6:.1f} MB" if size > limit else "is larger than that"
        raise KpiError(
            str(path),
            f"the file {said}; the limit is {limit_mb:g} MB (set {MAX_MB_ENV} to change it)",
            code="too-large",
            params={"size": f"{size / 1e6:.1f}" if size > limit else f">{limit_mb:g}", "limit": f"{limit_mb:g}"},
        )
    return data


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Opening the store migrates it and remakes what an edited table derives; say what it is now."""
    from kpi_core.storage.migrations import SCHEMA_VERSION
    from kpi_core.storage.store import data_version

    engine = open_engine(args)
    print(f"database up to date: schema {SCHEMA_VERSION}, data version {data_version(engine)}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from kpi_core.outputs.clock import stamp
    from kpi_core.storage.versions import history

    versions = history(open_engine(args))
    if args.format == "json":
        print_json([v.to_dict() for v in versions])
        return 0
    if not versions:
        print("no report stored yet (python -m kpi_core ingest FILE adds one)")
        return 0
    print(f"  {'id':>5}  {'agency':<8}  {'year':<4}  {'uploaded (Bangkok)':<18}  {'by':<12} {'sha256':<12}  file")
    for v in versions:
        mark = "*" if v.current else ("x" if v.deleted else " ")
        print(
            f"{mark} {v.report_id:>5}  {v.agency_code:<8}  {v.fiscal_year:<4}  {stamp(v.uploaded_at):<18}  "
            f"{v.uploaded_by:<12} {v.sha256[:12]}  {v.source_name}"
        )
    print("(* current, x deleted)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kpi_core.storage.store import restore

    v = restore(open_engine(args), args.report_id, by=args.by)
    print(f"report {v.report_id} ({v.source_name}) is now current for {v.agency_code} {v.fiscal_year}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from kpi_core.storage.store import delete

    successor = delete(open_engine(args), args.report_id, by=args.by)
    again = f"; report {successor} is current again" if successor else ""
    print(f"report {args.report_id} deleted (restore brings it back){again}")
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    from kpi_core.storage import agencies
    from kpi_core.storage.store import save_agencies

    engine = open_engine(args)
    if args.action == "export":
        data = agencies.to_csv(agencies.registry(engine))
        if args.file in (None, "-"):
            sys.stdout.write(data.decode("utf-8-sig"))
        else:
            Path(args.file).write_bytes(data)
        return 0
    if not args.file:
        raise KpiError("agencies import", "give the CSV file to import")
    path = Path(args.file)
    changed = save_agencies(engine, agencies.read_csv(read(path), path.name), by=args.by)
    print(f"{path}: {counted(changed, 'agency', 'agencies')} added or changed")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from kpi_core.storage.search import search

    hits = search(open_engine(args), args.query, limit=args.limit)
    if args.format == "json":
        print_json([h.to_dict() for h in hits])  # [] stays valid JSON; the exit code says "nothing"
    elif hits:
        print(f"{'score':>6}  {'agency':<8} {'year':<4} {'indicator':<10} {'where':<9}  text")
        for h in hits:
            where = f"Q{h.quarter}" if h.quarter else h.field
            label = f"({h.indicator_seq or h.kpi_code})"
            print(f"{h.score:6.2f}  {h.agency_code:<8} {h.fiscal_year:<4} {label:<10} {where:<9}  {h.snippet}")
    if not hits:
        print(f"nothing found for {args.query!r} in the current reports", file=sys.stderr)
        return EXIT_USAGE
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kpi_core.outputs.export import to_csv, to_xlsx
    from kpi_core.storage import agencies
    from kpi_core.storage.journal import last_change
    from kpi_core.storage.query import Filters, indicators

    out = None if args.out == "-" else a.output_path(args.out)  # "-": standard output
    engine = open_engine(args)
    known = {agency.code for agency in agencies.registry(engine)}
    unknown = [code for code in args.agency or () if code not in known]
    if unknown:
        raise KpiError(
            "--agency", f"no such agency: {', '.join(unknown)} (python -m kpi_core agencies export lists them)"
        )
    filters = Filters(
        fiscal_years=tuple(args.fiscal_year or ()),
        agency_codes=tuple(args.agency or ()),
        eval_dimensions=tuple(args.eval_dimension or ()),
        pillars=tuple(args.pillar or ()),
        plan_dimensions=tuple(args.plan_dimension or ()),
        statuses=tuple(args.status or ()),
        flags=tuple(args.flag or ()),
    )
    df = indicators(engine, filters)
    if df.empty:  # an empty file would look like an answer; the exit code says there was none
        print("no indicator matches these filters; nothing written", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "csv":
        data = to_csv(df, None if args.codes else args.lang)
    else:
        change = last_change(engine)
        updated = (change.at, change.by or "") if change.at else None
        data = to_xlsx(df, filters, change.version, datetime.now(UTC), args.lang, updated)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        print(counted(len(df), "indicator", "indicators"), file=sys.stderr)  # stdout carries the file alone
        return 0
    write(out, data)
    print(f"{args.out}: {counted(len(df), 'indicator', 'indicators')}")
    return 0


def write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise KpiError(str(path), f"cannot write the file ({exc.strerror or exc})") from exc


def cmd_direction(args: argparse.Namespace) -> int:
    from kpi_core.storage.store import set_direction

    set_direction(open_engine(args), args.ident, args.direction, by=args.by)
    print(f"{args.ident}: {args.direction}")
    return 0


def thai_ok(stream: object) -> bool:
    """Can this stream write Thai? (An ASCII terminal or PYTHONIOENCODING=ascii cannot.)"""
    try:
        "ก".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def print_json(data: object) -> None:
    # JSON stays valid JSON where Thai cannot be written: \u escapes instead of the letters.
    json.dump(data, sys.stdout, ensure_ascii=not thai_ok(sys.stdout), indent=1)
    sys.stdout.write("\n")
