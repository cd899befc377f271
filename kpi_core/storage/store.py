"""Storage: open a database, ingest report versions, restore, delete, audit. SQLAlchemy 2 Core.

SQLite file ``data/kpi.db`` by default (created and filled from ``data/reports/`` on first use);
``KPI_DATABASE_URL`` or an explicit URL selects another database, PostgreSQL through psycopg 3.
Every change is one transaction, is written to the audit log and raises ``data_version``, the
number the UI keys its caches on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kpi_core.reading.errors import KpiError
from kpi_core.reading.model import Indicator, Report
from kpi_core.reading.parse import parse_report
from kpi_core.reading.thai import normalise, tokens_text
from kpi_core.storage import schema as s

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "kpi.db"
DEFAULT_REPORTS = ROOT / "data" / "reports"
ENV_URL = "KPI_DATABASE_URL"
SYSTEM = "system"

Progress = Callable[[str, float], None]
Outcome = Literal["added", "new-version", "already-loaded"]


class StoreError(KpiError):
    """A change the store refuses (no fiscal year, unknown report, …)."""


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    report_id: int
    agency_code: str
    fiscal_year: int
    indicators: int
    replaced_id: int | None = None

    @property
    def message(self) -> str:
        what = {"added": "added", "new-version": "added as the new current version", "already-loaded": "already loaded"}
        return (
            f"agency {self.agency_code}, fiscal year {self.fiscal_year}: {what[self.outcome]} "
            f"(report {self.report_id}, {self.indicators} indicators)"
        )


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
    if seed is None:
        seed = url is None and ENV_URL not in os.environ
    if created and seed:
        for path in sorted(DEFAULT_REPORTS.glob("*.txt")):
            ingest(engine, path.read_bytes(), path.name, uploaded_by=SYSTEM)
    return engine


def create_schema(engine: Engine) -> bool:
    """Create missing tables; True when the database was new."""
    with write_transaction(engine) as conn:
        new = not engine.dialect.has_table(conn, "meta")
        s.metadata.create_all(conn)
        conn.execute(text(s.SQLITE_FTS if engine.dialect.name == "sqlite" else s.POSTGRES_FTS))
        if new:
            conn.execute(insert(s.meta).values(key="data_version", value=0))
    return new


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


def _bump(conn: Connection) -> None:
    conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))


def _audit(conn: Connection, actor: str, action: str, report_id: int | None, sha: str | None, detail: str) -> None:
    conn.execute(
        insert(s.audit_log).values(
            at=_now(), actor=actor, action=action, report_id=report_id, sha256=sha, detail=detail
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
    """Store an already parsed report (the upload page parses once for its preview)."""
    source = report.source_name or "<upload>"
    agency = agency_code or report.agency_code
    year = fiscal_year or report.fiscal_year
    if not agency:
        raise StoreError(source, "the report names no agency code; give one")
    if not year:
        raise StoreError(source, "the report has no fiscal year; give one (--fiscal-year)")
    sha = hashlib.sha256(data).hexdigest()
    step = progress or (lambda _what, _done: None)
    with write_transaction(engine) as conn:
        same = conn.execute(
            select(s.reports.c.id).where(
                s.reports.c.sha256 == sha, s.reports.c.agency_code == agency, s.reports.c.fiscal_year == year
            )
        ).first()
        if same is not None:
            return IngestResult("already-loaded", same.id, agency, year, len(report.indicators))
        _ensure_agency(conn, agency, agency_name)
        previous = conn.execute(
            select(s.reports.c.id).where(
                s.reports.c.agency_code == agency, s.reports.c.fiscal_year == year, s.reports.c.current
            )
        ).scalar()
        if previous is not None:
            conn.execute(update(s.reports).where(s.reports.c.id == previous).values(current=False))
        report_id = conn.execute(
            insert(s.reports)
            .values(
                agency_code=agency,
                fiscal_year=year,
                sha256=sha,
                source_name=source,
                format=report.format,
                fiscal_year_source=report.fiscal_year_source if not fiscal_year else "analyst",
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
        for n, ind in enumerate(report.indicators, start=1):
            _insert_indicator(conn, report_id, agency, ind)
            step("save", n / total)
        outcome: Outcome = "new-version" if previous is not None else "added"
        _audit(conn, uploaded_by, "ingest", report_id, sha, f"{source}: {outcome}, {total} indicators")
        _bump(conn)
    return IngestResult(outcome, report_id, agency, year, total, previous)


AGENCY_NAMES = ROOT / "data" / "agencies.csv"


def known_agency_names(path: Path = AGENCY_NAMES) -> dict[str, str]:
    """Agency names by code from ``data/agencies.csv`` (reports carry only the code)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(f) if row.get("code")}
    except OSError:
        return {}


def _ensure_agency(conn: Connection, code: str, name: str | None) -> None:
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(s.agencies).values(code=code, name=name or known_agency_names().get(code, ""))
    if name:
        conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_={"name": name}))
    else:
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["code"]))


def indicator_ident(agency: str, ind: Indicator) -> str:
    """Stable identity across versions and years: agency + KPI code, else agency + name."""
    return f"{agency}|{ind.kpi_code}" if ind.kpi_code else f"{agency}|{normalise(ind.name).lower()}"


def _insert_indicator(conn: Connection, report_id: int, agency: str, ind: Indicator) -> None:
    row = ind.to_dict()
    for key in ("quarters", "line"):
        row.pop(key)
    indicator_id = conn.execute(
        insert(s.indicators)
        .values(
            report_id=report_id, ident=indicator_ident(agency, ind), plan_pillar=ind.plan_pillar, line=ind.line, **row
        )
        .returning(s.indicators.c.id)
    ).scalar_one()
    conn.execute(
        insert(s.quarters),
        [
            {
                "indicator_id": indicator_id,
                "quarter": q.quarter,
                "value": q.value,
                "sed_score": q.sed_score,
                "assessment_a": q.assessment[0] if q.assessment else None,
                "assessment_b": q.assessment[1] if q.assessment else None,
                "report": q.report,
                "line": q.line,
            }
            for q in ind.quarters
        ],
    )
    docs: list[tuple[int | None, str, str]] = [(None, "name", ind.name), (None, "summary", ind.summary)]
    docs += [(q.quarter, "narrative", q.report) for q in ind.quarters]
    for quarter, field, body in docs:
        if body:
            _index_doc(conn, indicator_id, quarter, field, body)


def _index_doc(conn: Connection, indicator_id: int, quarter: int | None, field: str, body: str) -> None:
    tokens = tokens_text([body])
    doc_id = conn.execute(
        insert(s.search_docs)
        .values(
            indicator_id=indicator_id,
            quarter=quarter,
            field=field,
            body=body,
            norm=normalise(body).lower(),
            tokens=tokens,
        )
        .returning(s.search_docs.c.id)
    ).scalar_one()
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("INSERT INTO search_fts(rowid, tokens) VALUES (:id, :tokens)"), {"id": doc_id, "tokens": tokens}
        )


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class Version:
    report_id: int
    agency_code: str
    agency_name: str
    fiscal_year: int
    sha256: str
    source_name: str
    uploaded_by: str
    uploaded_at: datetime
    current: bool
    deleted: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "report_id": self.report_id,
            "agency_code": self.agency_code,
            "agency_name": self.agency_name,
            "fiscal_year": self.fiscal_year,
            "sha256": self.sha256,
            "source_name": self.source_name,
            "uploaded_by": self.uploaded_by,
            "uploaded_at": self.uploaded_at.isoformat(),
            "current": self.current,
            "deleted": self.deleted,
        }


def history(engine: Engine) -> list[Version]:
    """Every stored version, newest first within each agency and year."""
    r, a = s.reports, s.agencies
    stmt = (
        select(
            r.c.id,
            r.c.agency_code,
            a.c.name,
            r.c.fiscal_year,
            r.c.sha256,
            r.c.source_name,
            r.c.uploaded_by,
            r.c.uploaded_at,
            r.c.current,
            r.c.deleted,
        )
        .join(a, a.c.code == r.c.agency_code)
        .order_by(r.c.agency_code, r.c.fiscal_year.desc(), r.c.id.desc())
    )
    with engine.connect() as conn:
        return [
            Version(row[0], row[1], row[2], row[3], row[4], row[5], row[6], _aware(row[7]), bool(row[8]), bool(row[9]))
            for row in conn.execute(stmt)
        ]


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def restore(engine: Engine, report_id: int, *, by: str) -> Version:
    """Make a stored version the current one for its agency and fiscal year (undeleting it)."""
    with write_transaction(engine) as conn:
        row = conn.execute(select(s.reports).where(s.reports.c.id == report_id)).first()
        if row is None:
            raise StoreError("restore", f"there is no report {report_id}")
        conn.execute(
            update(s.reports)
            .where(
                s.reports.c.agency_code == row.agency_code,
                s.reports.c.fiscal_year == row.fiscal_year,
                s.reports.c.current,
            )
            .values(current=False)
        )
        conn.execute(update(s.reports).where(s.reports.c.id == report_id).values(current=True, deleted=False))
        _audit(conn, by, "restore", report_id, row.sha256, f"{row.source_name} made current")
        _bump(conn)
    return next(v for v in history(engine) if v.report_id == report_id)


def delete(engine: Engine, report_id: int, *, by: str) -> None:
    """Soft delete: the version stays stored and restorable but is no longer shown."""
    with write_transaction(engine) as conn:
        row = conn.execute(select(s.reports).where(s.reports.c.id == report_id)).first()
        if row is None:
            raise StoreError("delete", f"there is no report {report_id}")
        conn.execute(update(s.reports).where(s.reports.c.id == report_id).values(current=False, deleted=True))
        _audit(conn, by, "delete", report_id, row.sha256, f"{row.source_name} deleted")
        _bump(conn)


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
        _audit(conn, by, "direction", None, None, f"{ident}: {direction}")
        _bump(conn)


def audit_entries(engine: Engine, limit: int = 200) -> list[dict[str, object]]:
    a = s.audit_log
    with engine.connect() as conn:
        rows = conn.execute(select(a).order_by(a.c.id.desc()).limit(limit)).mappings().all()
    return [{**row, "at": _aware(row["at"]).isoformat()} for row in rows]


def original_bytes(engine: Engine, report_id: int) -> bytes:
    with engine.connect() as conn:
        data = conn.execute(select(s.reports.c.original).where(s.reports.c.id == report_id)).scalar()
    if data is None:
        raise StoreError("report", f"there is no report {report_id}")
    return bytes(data)
