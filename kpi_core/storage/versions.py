"""Which stored indicators make up the current view: versions follow the documents (DESIGN.md §6).

An agency report is the agency's set of indicators for a fiscal year; a single-indicator page is
one indicator of that set. A new file replaces only the current file of the same *scope* (the
report, or that one indicator's page). The current view of an agency-year is every indicator
brought by a current file, and where two current files bring the same indicator, the one that
became current later wins. So a page then a page of another indicator keeps both; a page on top
of a report replaces just that indicator; a new report replaces the old report's indicators but
leaves later pages in place; deleting a page brings the report's version of it back.

"The same indicator" is the same KPI code where both have one, otherwise the same name (folded:
case, spaces, Thai spelling repairs), because agency reports number their indicators but carry no
codes while pages carry codes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select, update

from kpi_core.reading.model import Report
from kpi_core.reading.thai import normalise
from kpi_core.storage import agencies as registry
from kpi_core.storage import schema as s

REPORT_SCOPE = "report"
_SPACES = re.compile(r"\s+")
_CHUNK = 500  # ids per UPDATE ... IN (...): far below every engine's parameter limit


def fold_name(name: str) -> str:
    """An indicator name as a matching key: normalised, lower-cased, without spaces.

    >>> fold_name("ร้อยละของ  ผู้ป่วย COVID") == fold_name("ร้อยละของผู้ป่วย covid")
    True
    """
    return _SPACES.sub("", normalise(name).lower())


def scope_of(report: Report, sha256: str) -> str:
    """What a file is a version of: the agency-year's report, or one indicator's page.

    A page is keyed by its indicator's KPI code, else by its folded name. A passage cut after the
    name, with no code in its text or file name, says nothing of which indicator it is: it is a
    version of itself alone (``file:`` and its bytes' ``sha256``), so that two such
    passages both stay; the same bytes again are "already loaded" before any scope is asked.
    A page that (unusually) holds several indicators is scoped by all of their keys together.
    """
    if report.format == "agency_report":
        return REPORT_SCOPE
    keys = sorted({_key(i.kpi_code, fold_name(i.name), sha256) for i in report.indicators})
    return "|".join(keys) or REPORT_SCOPE


def _key(code: str | None, name: str, sha256: str) -> str:
    if code:
        return f"kpi:{code}"
    return f"name:{name}" if name else f"file:{sha256}"


def recompute(conn: Connection, agency: str, year: int) -> None:
    """Set ``indicators.current`` for one agency-year from its current files (one transaction)."""
    r, i = s.reports, s.indicators
    files = conn.execute(
        select(r.c.id)
        .where(r.c.agency_code == agency, r.c.fiscal_year == year, r.c.current, ~r.c.deleted)
        .order_by(r.c.current_since.desc(), r.c.id.desc())
    ).all()
    # The shown indicators of every version of the agency-year, found through report_id: with
    # "AND current" in the statement SQLite walked the index of every current indicator instead
    # (98 ms an ingest at national scale, 108,000 of them).
    all_files = select(r.c.id).where(r.c.agency_code == agency, r.c.fiscal_year == year)
    shown = [
        row.id for row in conn.execute(select(i.c.id, i.c.current).where(i.c.report_id.in_(all_files))) if row.current
    ]
    for start in range(0, len(shown), _CHUNK):
        conn.execute(update(i).where(i.c.id.in_(shown[start : start + _CHUNK])).values(current=False))
    order = [f.id for f in files]
    if not order:
        return
    rows: list[Row[Any]] = []
    for start in range(0, len(order), _CHUNK):  # thousands of current pages for one agency-year
        chunk = order[start : start + _CHUNK]
        rows += conn.execute(
            select(i.c.id, i.c.report_id, i.c.kpi_code, i.c.name).where(i.c.report_id.in_(chunk))
        ).all()
    by_file: dict[int, list[tuple[int, str | None, str]]] = defaultdict(list)
    for row in rows:
        by_file[row.report_id].append((row.id, row.kpi_code, fold_name(row.name)))
    visible = winners([by_file[f] for f in order])
    for start in range(0, len(visible), _CHUNK):
        conn.execute(update(i).where(i.c.id.in_(visible[start : start + _CHUNK])).values(current=True))


def winners(files: Sequence[Iterable[tuple[int, str | None, str]]]) -> list[int]:
    """Ids of the indicators shown, given each current file's ``(id, kpi_code, folded name)``,
    the file that became current last first. Indicators of one file never hide each other.

    >>> winners([[(3, "5024-0945", "b")], [(1, None, "a"), (2, None, "b")]])
    [3, 1]
    >>> winners([[(3, "5024-0945", "x")], [(2, "5024-0941", "x")]])  # two pages: both stay
    [3, 2]
    >>> winners([[(5, None, "")], [(4, None, "")]])  # two nameless passages: both stay
    [5, 4]
    """
    codes: set[str] = set()
    names: set[str] = set()  # every name seen
    codeless: set[str] = set()  # names of indicators seen without a code
    shown: list[int] = []
    for indicators in files:
        batch = list(indicators)
        for ident, code, name in batch:
            hidden = (code in codes or name in codeless) if code else name in names
            if not hidden:
                shown.append(ident)
        for _, code, name in batch:
            if code:
                codes.add(code)
            elif name:  # a passage cut before its name matches nothing by name
                codeless.add(name)
            if name:
                names.add(name)
    return shown


@dataclass(frozen=True)
class Effect:
    """What saving a file would do to its agency-year's current view, by indicator label."""

    added: tuple[str, ...] = ()  # new to the view
    replaced: tuple[str, ...] = ()  # shown now, the file brings a newer version
    removed: tuple[str, ...] = ()  # in the report being replaced, not in the new one (withdrawn)
    stays: int = 0  # shown now, untouched


Shown = tuple[int, str | None, str, str]  # report id, kpi code, folded name, label


def effect(visible: Sequence[Shown], superseded: int | None, new: Sequence[tuple[str | None, str, str]]) -> Effect:
    """The effect of a new file whose indicators are ``new`` (code, folded name, label) on the
    ``visible`` indicators of its agency-year, when it supersedes the file ``superseded``.

    >>> e = effect([(7, "5024-0941", "a", "5024-0941 a")], None, [("5024-0945", "b", "5024-0945 b")])
    >>> e.added, e.replaced, e.stays
    (('5024-0945 b',), (), 1)
    >>> effect([(7, None, "a", "(1) a"), (7, None, "b", "(2) b")], 7, [(None, "a", "(1) a")]).removed
    ('(2) b',)
    """
    replaced: list[str] = []
    removed: list[str] = []
    stays = 0
    for report_id, code, name, label in visible:
        if any(same(code, name, c, n) for c, n, _ in new):
            replaced.append(label)
        elif report_id == superseded:
            removed.append(label)
        else:
            stays += 1
    added = tuple(label for c, n, label in new if not any(same(code, name, c, n) for _, code, name, _ in visible))
    return Effect(added, tuple(replaced), tuple(removed), stays)


def same(code_a: str | None, name_a: str, code_b: str | None, name_b: str) -> bool:
    """The same indicator: same code where both have one, else the same (non-empty) folded name."""
    if code_a and code_b:
        return code_a == code_b
    return bool(name_a) and name_a == name_b


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
    format: str = "agency_report"
    scope: str = REPORT_SCOPE
    agency_code_source: str = "header"
    indicators: int = 0  # how many of its indicators are in the current view

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
            "format": self.format,
            "scope": self.scope,
            "agency_code_source": self.agency_code_source,
            "indicators_shown": self.indicators,
        }


def history(engine: Engine) -> list[Version]:
    """Every stored version, newest first within each agency and year."""
    r, a, i = s.reports, s.agencies, s.indicators
    # One grouped pass over the current indicators, joined by report: a subquery correlated per
    # report made SQLite pick the low-selectivity index on ``current`` and read every current
    # indicator once per report (7 s for 1,250 reports at BMA scale, on every History rerun).
    counts = select(i.c.report_id, func.count().label("shown")).where(i.c.current).group_by(i.c.report_id).subquery()
    shown = func.coalesce(counts.c.shown, 0)
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
            r.c.format,
            r.c.scope,
            r.c.agency_code_source,
            shown,
        )
        .join(a, a.c.code == r.c.agency_code)
        .outerjoin(counts, counts.c.report_id == r.c.id)
        .order_by(r.c.agency_code, r.c.fiscal_year.desc(), r.c.id.desc())
    )
    with engine.connect() as conn:
        return [
            Version(
                row[0],
                row[1],
                registry.display_name(row[1], row[2]),
                row[3],
                row[4],
                row[5],
                row[6],
                _aware(row[7]),
                bool(row[8]),
                bool(row[9]),
                row[10],
                row[11],
                row[12],
                int(row[13]),
            )
            for row in conn.execute(stmt)
        ]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
