"""The audit log read back: entries a page at a time, how many, and the last change to the data
(what "updated … by …" says). Writing it is the store's, in the transaction of each change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from kpi_core.storage import audit
from kpi_core.storage import schema as s
from kpi_core.storage.store import data_version


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


AUDIT_ACTIONS = ("ingest", "restore", "delete", "direction", "agencies", "login", "login-failed", "logout")


def audit_entries(
    engine: Engine, limit: int = 200, offset: int = 0, actions: Sequence[str] = ()
) -> list[dict[str, object]]:
    """Audit entries, newest first, a page at a time, optionally only some actions (so that a
    flood of failed sign-ins cannot push the changes to the data out of view).

    ``detail`` is an English sentence, as it always was; ``parts`` the :class:`audit.Detail` it
    was made from (``None`` for entries stored as a sentence), for a page to say in its language."""
    a = s.audit_log
    stmt = select(a).order_by(a.c.id.desc()).limit(max(1, min(limit, 1000))).offset(max(0, offset))
    if actions:
        stmt = stmt.where(a.c.action.in_(list(actions)))
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


def audit_count(engine: Engine, actions: Sequence[str] = ()) -> int:
    a = s.audit_log
    stmt = select(func.count()).select_from(a)
    if actions:
        stmt = stmt.where(a.c.action.in_(list(actions)))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())
