"""Storage: open a database, ingest report versions, restore, delete, audit. SQLAlchemy 2 Core.

SQLite file ``data/kpi.db`` by default (created and filled from ``data/reports/`` on first use);
``KPI_DATABASE_URL`` or an explicit URL selects another database, PostgreSQL through psycopg 3.
Every change is one transaction, is written to the audit log and raises ``data_version``, the
number the UI keys its caches on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Row, create_engine, event, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kpi_core.analysis.validators import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from kpi_core.reading.errors import ErrorCode, KpiError
from kpi_core.reading.model import Report
from kpi_core.reading.names import agency_from_name, kpi_code_from_name
from kpi_core.reading.parse import parse_report
from kpi_core.storage import agencies as registry
from kpi_core.storage import audit, derived, migrations, rows, versions
from kpi_core.storage import schema as s
from kpi_core.storage.migrations import SCHEMA_VERSION
from kpi_core.storage.rows import Progress
from kpi_core.storage.versions import Version, history

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "kpi.db"
DEFAULT_REPORTS = ROOT / "data" / "reports"
ENV_URL = "KPI_DATABASE_URL"
SYSTEM = "system"
# An agency has tens of indicators a year; the largest real report seen has under 100. A file
# with thousands is generated or broken, and storing it would hold the write lock for minutes.
MAX_INDICATORS = 5_000

Outcome = Literal["added", "new-version", "already-loaded", "restored"]
AgencySource = Literal["header", "text", "file-name", "analyst"]


_log = logging.getLogger(__name__)


class StoreError(KpiError):
    """A change the store refuses (no fiscal year, unknown report, …)."""


class RefusedReportError(StoreError):
    """A report read with an error-severity issue (a field far longer than any real one): the
    parser shows what it read, and the store keeps nothing of it."""

    code: ErrorCode = "refused"


def stored_as(engine: Engine, sha: str) -> tuple[str, int] | None:
    """The agency and fiscal year these exact bytes were stored under (the newest such version),
    so that a deleted file uploaded again is restored without asking for what it lacks."""
    r = s.reports
    with engine.connect() as conn:
        row = conn.execute(
            select(r.c.agency_code, r.c.fiscal_year).where(r.c.sha256 == sha).order_by(r.c.id.desc()).limit(1)
        ).first()
    return (str(row.agency_code), int(row.fiscal_year)) if row else None


def known_agency(report: Report, typed: str | None, known: tuple[str, int] | None) -> str | None:
    """The stored agency of these bytes, only where neither the analyst nor the file names one."""
    if typed or known is None:
        return typed
    try:
        resolve_agency(report, None)
    except KpiError:
        return known[0]
    return None


def refusal(report: Report) -> RefusedReportError | None:
    """Why ``report`` may not be stored, at the line of its first error; None when it may."""
    errors = [issue for issue in report.issues if issue.severity == "error"]
    if not errors:
        return None
    more = f" (and {len(errors) - 1:,} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return RefusedReportError(report.source_name or "<upload>", errors[0].message + more, errors[0].line)


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    report_id: int
    agency_code: str
    fiscal_year: int
    indicators: int
    replaced_id: int | None = None
    agency_code_source: str = "header"
    withdrawn: int = 0  # indicators the replaced version showed that the new one does not bring

    @property
    def message(self) -> str:
        gone = f"; {self.withdrawn} of its indicators withdrawn" if self.withdrawn else ""
        what = {
            "added": "added",
            "new-version": f"added as the new current version (replaces report {self.replaced_id}{gone})",
            "already-loaded": "already loaded",
            "restored": "was deleted; restored as current",
        }
        return (
            f"agency {self.agency_code}, fiscal year {self.fiscal_year}: {what[self.outcome]} "
            f"(report {self.report_id}, {audit.counted(self.indicators, 'indicator', 'indicators')})"
        )


def resolve_agency(report: Report, typed: str | None = None, *, year_given: bool = True) -> tuple[str, AgencySource]:
    """Whose report this is and where that came from: the analyst's entry, the report's own
    text (the header of an agency report, the indicator code of a page), or the file name.

    Nobody saying whose it is, and no fiscal year either (``year_given`` false: none typed, none
    in the report), asks for both in one error, so that both are given at once."""
    source = report.source_name or "<upload>"
    if typed:
        code = registry.check_code(typed, source)
        if report.agency_code and report.agency_code != code:
            raise StoreError(
                source,
                f"the report itself names agency {report.agency_code}, not {code}",
                code="agency-mismatch",
                params={"named": report.agency_code, "typed": code},
            )
        return code, "analyst"
    if report.agency_code:
        return report.agency_code, "header" if report.format == "agency_report" else "text"
    from_name = agency_from_name(source)
    if from_name:
        return from_name, "file-name"
    if not year_given:
        raise StoreError(
            source,
            "the report names no agency code, nor does its file name, and has no fiscal year; "
            "give both (--agency, --fiscal-year)",
            code="no-agency-or-year",
        )
    raise StoreError(
        source, "the report names no agency code, nor does its file name; give one (--agency)", code="no-agency"
    )


# Where the report's year comes from when the report says it (the header, or "ประจำปีงบประมาณ
# พ.ศ. 2563" above the indicators); a year voted from the dated events is the parser's estimate.
STATED_YEAR = ("header", "text")


def _is_fiscal_year(year: int) -> bool:
    return FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR


def resolve_year(report: Report, typed: int | None = None, known: int | None = None) -> int | None:
    """The fiscal year to store a report under, None when nobody says one.

    The analyst's entry (``typed``) is for a report that states no year of its own, or one that is
    no Buddhist Era fiscal year (a Gregorian 2020 in a header): it may not replace a year the
    report states (an estimate from the dated events it may). Without it: the report's year, else
    ``known``, the year these bytes were stored under before. Every year is a B.E. fiscal year
    from 2500 to 2700.
    """
    source = report.source_name or "<upload>"
    own = report.fiscal_year
    if typed is not None:
        if not (isinstance(typed, int) and not isinstance(typed, bool) and _is_fiscal_year(typed)):
            raise StoreError(
                source,
                f"{str(typed)[:20]} is not a B.E. fiscal year ({FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR})",
                code="not-a-fiscal-year",
                params={"value": str(typed)[:20]},
            )
        if own is not None and own != typed and _is_fiscal_year(own) and report.fiscal_year_source in STATED_YEAR:
            raise StoreError(
                source,
                f"the report itself says fiscal year {own}, not {typed}",
                code="year-mismatch",
                params={"named": own, "typed": typed},
            )
        return typed
    year = own or known
    if year is not None and not _is_fiscal_year(year):
        raise StoreError(
            source,
            f"the report says fiscal year {year}, which is not a B.E. fiscal year "
            f"({FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR}); give the right one with --fiscal-year",
            code="not-a-fiscal-year",
            params={"value": str(year)[:20]},
        )
    return year


def database_url(url: str | None = None) -> str:
    """The explicit URL, else ``KPI_DATABASE_URL``, else the default SQLite file."""
    return url or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_DB}"


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    # Autocommit at the driver level so that SQLAlchemy's begin() can issue BEGIN IMMEDIATE:
    # writers then queue on the busy timeout instead of failing on a lock upgrade.
    dbapi_conn.isolation_level = None  # type: ignore[attr-defined]
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front (and wait for it); readers stay deferred and never block.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("kpi_write") else "BEGIN")


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def open_store(url: str | None = None, *, seed: bool | None = None) -> Engine:
    """Open (and on first use create) the database.

    ``seed`` fills a new database from ``data/reports/``; by default only the default SQLite
    file is seeded, so that a fresh machine shows the seed report without any manual step.
    """
    resolved = database_url(url)
    if resolved.startswith("sqlite:///") and not resolved.startswith("sqlite:///:"):
        Path(resolved.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(resolved)
    created = create_schema(engine)
    keep_derived(engine)
    if seed is None:
        seed = url is None and ENV_URL not in os.environ
    if created and seed:
        for path in sorted(DEFAULT_REPORTS.glob("*.txt")):
            ingest(engine, path.read_bytes(), path.name, uploaded_by=SYSTEM)
    return engine


def create_schema(engine: Engine) -> bool:
    """Create missing tables and bring an older database up to date (:mod:`migrations`); True
    when it was new. An up-to-date database is only read here, so opening the store never waits
    for a writer."""
    with engine.connect() as conn:
        if migrations.schema_version(conn) == SCHEMA_VERSION:
            return False
    with write_transaction(engine) as conn:
        return migrations.upgrade(conn)


def keep_derived(engine: Engine) -> None:
    """Remake what an analysts' table in ``data/`` derives from the stored texts when that table
    changed since (:mod:`derived`); a new database only records the tables. An unchanged database
    is only read here."""
    if not derived.stale(engine):
        return
    started = time.perf_counter()
    with write_transaction(engine) as conn:
        groups = derived.stale_in(conn)  # again, holding the lock: another replica may have done it
        if not groups:
            return
        if not conn.execute(select(s.reports.c.id).limit(1)).first():
            derived.record(conn)  # nothing stored yet: nothing to remake
            return
        changed = derived.refresh(conn, groups)
    _log.warning(
        "remade what %s derive from the stored texts: %d rows changed in %.1f s",
        ", ".join(f"data/ tables '{g}'" for g in groups),
        changed,
        time.perf_counter() - started,
    )


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction; writers are serialised so data_version and the current flags agree."""
    with engine.connect() as conn:
        conn.execution_options(kpi_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(424242)"))
            yield conn


def data_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(s.meta.c.value).where(s.meta.c.key == "data_version")).scalar_one())


def _bump(conn: Connection) -> int:
    """Raise the data version inside the caller's write transaction; the new number."""
    conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))
    return int(conn.execute(select(s.meta.c.value).where(s.meta.c.key == "data_version")).scalar_one())


def _audit(
    conn: Connection, actor: str, action: str, report_id: int | None, sha: str | None, detail: audit.Detail
) -> None:
    # The detail's parts, not a sentence: the History page says them in the reader's language.
    conn.execute(
        insert(s.audit_log).values(
            at=_now(), actor=actor, action=action, report_id=report_id, sha256=sha, detail=detail.to_text()
        )
    )


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- ingest


def ingest(
    engine: Engine,
    data: bytes,
    source_name: str,
    *,
    uploaded_by: str,
    fiscal_year: int | None = None,
    agency_name: str | None = None,
    agency_code: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Parse and store one file in one transaction; a failure leaves the database as it was.

    Raises :class:`~kpi_core.reading.errors.ReportError` when the file is not a report and
    :class:`StoreError` when it lacks what storage needs (agency code, fiscal year).
    """
    report = parse_report(data, source_name)
    return ingest_report(
        engine,
        report,
        data,
        uploaded_by=uploaded_by,
        fiscal_year=fiscal_year,
        agency_name=agency_name,
        agency_code=agency_code,
        progress=progress,
    )


def ingest_report(
    engine: Engine,
    report: Report,
    data: bytes,
    *,
    uploaded_by: str,
    fiscal_year: int | None = None,
    agency_name: str | None = None,
    agency_code: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Store an already parsed report (the upload page parses once for its preview).

    The file becomes the current version of its scope (the agency-year's report, or one
    indicator's page) and the agency-year's current view is recomputed (:mod:`versions`).
    The same bytes again change nothing, unless they were deleted: then they come back.
    """
    source = report.source_name or "<upload>"
    if (refused := refusal(report)) is not None:
        raise refused
    if len(report.indicators) > MAX_INDICATORS:
        raise StoreError(
            source,
            f"the file holds {len(report.indicators):,} indicators; at most {MAX_INDICATORS:,}",
            code="too-many-indicators",
            params={"n": len(report.indicators), "limit": MAX_INDICATORS},
        )
    sha = hashlib.sha256(data).hexdigest()
    known = stored_as(engine, sha)
    agency, agency_source = resolve_agency(
        report,
        agency_code or known_agency(report, agency_code, known),
        year_given=fiscal_year is not None or report.fiscal_year is not None,
    )
    report = with_code_from_name(report)
    year = resolve_year(report, fiscal_year, known[1] if known and known[0] == agency else None)
    if year is None:
        raise StoreError(source, "the report has no fiscal year; give one (--fiscal-year)", code="no-fiscal-year")
    scope = versions.scope_of(report, sha)
    step = progress or (lambda _what, _done: None)
    prepared = [rows.prepare(agency, ind) for ind in report.indicators]  # outside the write lock
    with write_transaction(engine) as conn:
        same = conn.execute(
            select(s.reports.c.id, s.reports.c.deleted).where(
                s.reports.c.sha256 == sha, s.reports.c.agency_code == agency, s.reports.c.fiscal_year == year
            )
        ).first()
        if same is not None and not same.deleted:
            return IngestResult("already-loaded", same.id, agency, year, len(report.indicators), None, agency_source)
        if same is not None:
            _make_current(conn, same.id, uploaded_by, "restore", "uploaded-again")
            return IngestResult("restored", same.id, agency, year, len(report.indicators), None, agency_source)
        registry.ensure(conn, agency)
        if agency_name and registry.rename(conn, agency, agency_name, source):  # a registry change
            _audit(conn, uploaded_by, "agencies", None, None, audit.Detail("agencies", count=1))
        previous = _current_of_scope(conn, agency, year, scope)
        withdrawn = 0
        if previous is not None:
            withdrawn = _withdrawn(conn, previous, report)
            conn.execute(update(s.reports).where(s.reports.c.id == previous).values(current=False))
        version = _bump(conn)
        year_source = "analyst" if fiscal_year and fiscal_year != report.fiscal_year else report.fiscal_year_source
        report_id = conn.execute(
            insert(s.reports)
            .values(
                agency_code=agency,
                fiscal_year=year,
                sha256=sha,
                source_name=source,
                format=report.format,
                fiscal_year_source=year_source,
                agency_code_source=agency_source,
                scope=scope,
                current_since=version,
                original=data,
                issues_json=json.dumps([i.to_dict() for i in report.issues], ensure_ascii=False),
                uploaded_by=uploaded_by,
                uploaded_at=_now(),
                current=True,
                deleted=False,
            )
            .returning(s.reports.c.id)
        ).scalar_one()
        total = len(report.indicators)
        rows.insert_prepared(conn, report_id, prepared, step)
        versions.recompute(conn, agency, year)
        outcome: Outcome = "new-version" if previous is not None else "added"
        kind: audit.Kind = "new-version" if previous is not None else "added"
        _audit(conn, uploaded_by, "ingest", report_id, sha, audit.Detail(kind, file=source, count=total))
    return IngestResult(outcome, report_id, agency, year, total, previous, agency_source, withdrawn)


def _withdrawn(conn: Connection, previous: int, report: Report) -> int:
    """How many indicators that ``previous`` shows the new ``report`` does not bring: a cut
    download replacing a complete report withdraws the rest (the upload preview's "removed")."""
    i = s.indicators
    shown = conn.execute(select(i.c.kpi_code, i.c.name).where(i.c.report_id == previous, i.c.current)).all()
    new = [(ind.kpi_code, versions.fold_name(ind.name)) for ind in report.indicators]
    folded = [(row.kpi_code, versions.fold_name(row.name)) for row in shown]
    return sum(not any(versions.same(code, name, c, n) for c, n in new) for code, name in folded)


def with_code_from_name(report: Report) -> Report:
    """A page cut before its heading has no indicator code in its text; its file name has one
    (``pid_1100-6501``), and that is what keeps two such passages apart."""
    code = kpi_code_from_name(report.source_name or "")
    if report.format != "kpi_page" or len(report.indicators) != 1 or report.indicators[0].kpi_code or not code:
        return report
    return replace(report, indicators=(replace(report.indicators[0], kpi_code=code),))


def _current_of_scope(conn: Connection, agency: str, year: int, scope: str) -> int | None:
    r = s.reports
    return conn.execute(
        select(r.c.id).where(r.c.agency_code == agency, r.c.fiscal_year == year, r.c.scope == scope, r.c.current)
    ).scalar()


# --------------------------------------------------------------------------- versions


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def restore(engine: Engine, report_id: int, *, by: str) -> Version:
    """Make a stored version the current one of its scope (undeleting it); it wins over every
    other current file of its agency-year for the indicators it brings. A version that is current
    and already shows all of them is refused (``already-current``): nothing would change."""
    with write_transaction(engine) as conn:
        _make_current(conn, report_id, by, "restore", "made-current")
    return next(v for v in history(engine) if v.report_id == report_id)


def _make_current(conn: Connection, report_id: int, by: str, action: str, what: audit.Kind) -> None:
    r = s.reports
    row = conn.execute(select(r).where(r.c.id == report_id)).first()
    if row is None:
        raise StoreError(action, f"there is no report {report_id}")
    if row.current and not _outranked(conn, report_id):  # a no-op: not audited, no new data version
        raise StoreError(
            action, f"report {report_id} is already current", code="already-current", params={"id": report_id}
        )
    same_scope = (r.c.agency_code == row.agency_code, r.c.fiscal_year == row.fiscal_year, r.c.scope == row.scope)
    conn.execute(update(r).where(*same_scope, r.c.current).values(current=False))
    version = _bump(conn)
    conn.execute(update(r).where(r.c.id == report_id).values(current=True, deleted=False, current_since=version))
    versions.recompute(conn, row.agency_code, row.fiscal_year)
    _audit(conn, by, action, report_id, row.sha256, audit.Detail(what, file=row.source_name))


def _outranked(conn: Connection, report_id: int) -> bool:
    """Whether a current file brings an indicator that a later file shows instead (a page over a
    report): making it current again then makes it win those; otherwise nothing would change."""
    i = s.indicators
    hidden = select(i.c.id).where(i.c.report_id == report_id, ~i.c.current).limit(1)
    return conn.execute(hidden).first() is not None


def delete(engine: Engine, report_id: int, *, by: str) -> int | None:
    """Soft delete: the version stays stored and restorable but is no longer shown. When it was
    current, the newest remaining version of the same scope becomes current again, at the rank
    it had before (the id is returned), so the view is as it was before the deleted file came.
    A version already deleted is refused (``already-deleted``): nothing changes, nothing is audited."""
    r = s.reports
    with write_transaction(engine) as conn:
        row = conn.execute(select(r).where(r.c.id == report_id)).first()
        if row is None:
            raise StoreError("delete", f"there is no report {report_id}")
        if row.deleted:
            raise StoreError(
                "delete", f"report {report_id} is already deleted", code="already-deleted", params={"id": report_id}
            )
        successor = _successor(conn, row) if row.current else None
        conn.execute(update(r).where(r.c.id == report_id).values(current=False, deleted=True))
        if successor is not None:
            conn.execute(update(r).where(r.c.id == successor).values(current=True))
        versions.recompute(conn, row.agency_code, row.fiscal_year)
        detail = audit.Detail("deleted", file=row.source_name, report=successor)
        _audit(conn, by, "delete", report_id, row.sha256, detail)
        _bump(conn)
    return successor


def successor(engine: Engine, report_id: int) -> int | None:
    """The version that :func:`delete` would make current in place of ``report_id`` (what a
    confirm step says before it deletes); None when that one is not current, or no other
    version of its scope is left that is not deleted."""
    r = s.reports
    with engine.connect() as conn:
        row = conn.execute(select(r).where(r.c.id == report_id)).first()
        return _successor(conn, row) if row is not None and row.current else None


def _successor(conn: Connection, row: Row[Any]) -> int | None:
    """The newest other version of ``row``'s scope (agency, year, file scope) not deleted."""
    r = s.reports
    same_scope = (r.c.agency_code == row.agency_code, r.c.fiscal_year == row.fiscal_year, r.c.scope == row.scope)
    return conn.execute(
        select(r.c.id).where(*same_scope, r.c.id != row.id, ~r.c.deleted).order_by(r.c.id.desc()).limit(1)
    ).scalar()


def save_agencies(engine: Engine, agencies: Iterable[registry.Agency | registry.Change], *, by: str) -> int:
    """Store analysts' registry edits in one transaction, audited; the number added or changed
    (rows that leave an agency as it was are not counted, and nothing at all is no audit entry)."""
    with write_transaction(engine) as conn:
        changed = registry.upsert(conn, agencies)
        if changed:
            _audit(conn, by, "agencies", None, None, audit.Detail("agencies", count=changed))
            _bump(conn)
    return changed


def set_direction(engine: Engine, ident: str, direction: str, *, by: str) -> None:
    """Whether a higher (``up``) or lower (``down``) result is better for this indicator."""
    if direction not in ("up", "down"):
        raise StoreError("direction", f"direction must be 'up' or 'down', not {direction!r}")
    with write_transaction(engine) as conn:
        known = conn.execute(
            select(func.count()).select_from(s.indicators).where(s.indicators.c.ident == ident)
        ).scalar_one()
        if not known:
            raise StoreError("direction", f"no indicator {ident!r}")
        dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = dialect_insert(s.directions).values(ident=ident, direction=direction, set_by=by, set_at=_now())
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["ident"], set_={"direction": direction, "set_by": by, "set_at": _now()}
            )
        )
        _audit(conn, by, "direction", None, None, audit.Detail("direction", ident=ident, direction=direction))
        _bump(conn)


def original_bytes(engine: Engine, report_id: int) -> bytes:
    with engine.connect() as conn:
        data = conn.execute(select(s.reports.c.original).where(s.reports.c.id == report_id)).scalar()
    if data is None:
        raise StoreError("report", f"there is no report {report_id}")
    return bytes(data)
