"""The audit log read back: entries a page at a time, how many, and the last change to the data
(what "updated … by …" says). Writing it is the store's, in the transaction of each change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, exists, func, or_, select

from kpi_core.storage import audit
from kpi_core.storage import schema as s
from kpi_core.storage.store import data_version


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


AUDIT_ACTIONS = ("ingest", "restore", "delete", "direction", "agencies", "login", "login-failed", "logout")


def audit_entries(
    engine: Engine,
    limit: int = 200,
    offset: int = 0,
    actions: Sequence[str] = (),
    *,
    agency: str | None = None,
    fiscal_year: int | None = None,
) -> list[dict[str, object]]:
    """Audit entries, newest first, a page at a time, optionally only some actions (so that a
    flood of failed sign-ins cannot push the changes to the data out of view) and only those of
    one agency or fiscal year (see :func:`_about`).

    ``detail`` is an English sentence, as it always was; ``parts`` the :class:`audit.Detail` it
    was made from (``None`` for entries stored as a sentence), for a page to say in its language."""
    a = s.audit_log
    stmt = _narrowed(select(a), actions, agency, fiscal_year)
    stmt = stmt.order_by(a.c.id.desc()).limit(max(1, min(limit, 1000))).offset(max(0, offset))
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [
        {
            **row,
            "at": _aware(row["at"]).isoformat(),
            "detail": audit.shown(row["detail"]),
            "parts": audit.read(row["detail"]),
        }
        for row in rows
    ]


def _narrowed(stmt: Select[Any], actions: Sequence[str], agency: str | None, fiscal_year: int | None) -> Select[Any]:
    a = s.audit_log
    if actions:
        stmt = stmt.where(a.c.action.in_(list(actions)))
    if agency is not None or fiscal_year is not None:
        stmt = stmt.where(_about(agency, fiscal_year))
    return stmt


def _about(agency: str | None, fiscal_year: int | None) -> ColumnElement[bool]:
    """The entries that say they concern ``agency`` and ``fiscal_year`` (either may be None: any).

    What an entry carries decides: a saved, restored or deleted file names its report, hence the
    report's agency and year; a direction names its indicator, whose identity begins with the
    agency's code, and no year (it holds in every year); sign-ins and registry edits name neither,
    so they are never among an agency's or a year's entries."""
    a, r = s.audit_log, s.reports
    of_report = [r.c.id == a.c.report_id]
    if agency is not None:
        of_report.append(r.c.agency_code == agency)
    if fiscal_year is not None:
        of_report.append(r.c.fiscal_year == fiscal_year)
    # EXISTS, not a join: the reports table holds every file's original bytes.
    files = and_(a.c.report_id.is_not(None), exists().where(*of_report))
    if agency is None or fiscal_year is not None:
        return files
    prefixes = audit.direction_prefixes(agency)
    directions = and_(a.c.action == "direction", or_(*(a.c.detail.startswith(p, autoescape=True) for p in prefixes)))
    return or_(files, directions)


# The audited actions that change the data (and raise the data version); sign-ins change nothing.
CHANGING_ACTIONS = ("ingest", "restore", "delete", "direction", "agencies")


@dataclass(frozen=True)
class Change:
    """The data version and the last change that made it: what "updated … by …" says."""

    version: int
    at: datetime | None = None
    by: str | None = None


def last_change(engine: Engine) -> Change:
    """The current data version with the time and person of the newest change (none yet: None)."""
    a = s.audit_log
    stmt = select(a.c.at, a.c.actor).where(a.c.action.in_(CHANGING_ACTIONS)).order_by(a.c.id.desc()).limit(1)
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    version = data_version(engine)
    return Change(version) if row is None else Change(version, _aware(row[0]), str(row[1]))


def audit_count(
    engine: Engine, actions: Sequence[str] = (), *, agency: str | None = None, fiscal_year: int | None = None
) -> int:
    """How many entries :func:`audit_entries` pages through with the same arguments."""
    stmt = _narrowed(select(func.count()).select_from(s.audit_log), actions, agency, fiscal_year)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())
