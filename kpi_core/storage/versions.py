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
from typing import Any

from sqlalchemy import Connection, Row, select, update

from kpi_core.reading.model import Report
from kpi_core.reading.thai import normalise
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


def scope_of(report: Report) -> str:
    """What a file is a version of: the agency-year's report, or one indicator's page.

    A page that (unusually) holds several indicators is scoped by all of their keys together.
    """
    if report.format == "agency_report":
        return REPORT_SCOPE
    keys = sorted({f"kpi:{i.kpi_code}" if i.kpi_code else f"name:{fold_name(i.name)}" for i in report.indicators})
    return "|".join(keys) or REPORT_SCOPE


def recompute(conn: Connection, agency: str, year: int) -> None:
    """Set ``indicators.current`` for one agency-year from its current files (one transaction)."""
    r, i = s.reports, s.indicators
    files = conn.execute(
        select(r.c.id)
        .where(r.c.agency_code == agency, r.c.fiscal_year == year, r.c.current, ~r.c.deleted)
        .order_by(r.c.current_since.desc(), r.c.id.desc())
    ).all()
    all_files = select(r.c.id).where(r.c.agency_code == agency, r.c.fiscal_year == year)
    conn.execute(update(i).where(i.c.report_id.in_(all_files), i.c.current).values(current=False))
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
            names.add(name)
            if code:
                codes.add(code)
            else:
                codeless.add(name)
    return shown
