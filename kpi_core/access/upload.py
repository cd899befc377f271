"""What an upload would do, shown before anything is saved: read, compare with what is stored.

``preview`` never writes. It parses the bytes, says whether the file is new, identical to a
stored version or a new version of a stored report, and lists what would change.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

from sqlalchemy import Engine, select

from kpi_core.reading.errors import KpiError
from kpi_core.reading.model import Indicator, Issue, Report
from kpi_core.reading.parse import parse_report
from kpi_core.reading.thai import clip, decode, show_hidden
from kpi_core.storage import schema as s
from kpi_core.storage import versions
from kpi_core.storage.rows import indicator_ident
from kpi_core.storage.store import (
    MAX_INDICATORS,
    known_agency,
    refusal,
    resolve_agency,
    resolve_year,
    stored_as,
    with_code_from_name,
)

DEFAULT_MAX_MB = 20.0
MAX_MB_ENV = "KPI_MAX_UPLOAD_MB"


def max_upload_mb() -> float:
    """The largest report file taken in, in MB: ``KPI_MAX_UPLOAD_MB`` or 20 (the upload page and
    ``ingest`` alike)."""
    try:
        limit = float(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    except ValueError:
        return DEFAULT_MAX_MB
    return limit if math.isfinite(limit) and limit > 0 else DEFAULT_MAX_MB


State = Literal[
    "new",
    "identical",
    "new-version",
    "restore",
    "needs-year",
    "needs-agency",
    "error",
    "refused",  # read, with an error-severity issue: shown, never saved
    "duplicate",
    "too-large",
]


class MissingAgencyError(KpiError):
    """A readable report that does not say whose it is."""


class TooManyIndicatorsError(KpiError):
    """More indicators than any agency has: a generated or broken file, refused before storing."""

    @classmethod
    def of(cls, source: str, n: int) -> TooManyIndicatorsError:
        reason = f"the file holds {n:,} indicators; at most {MAX_INDICATORS:,} per file (an agency has tens)"
        return cls(source, reason, code="too-many-indicators", params={"n": n, "limit": MAX_INDICATORS})


Field = Literal["target", "result", "q1", "q2", "q3", "q4", "unit", "name", "summary", "r1", "r2", "r3", "r4"]
TEXT_FIELDS: frozenset[Field] = frozenset({"name", "summary", "r1", "r2", "r3", "r4"})  # said changed, not shown


@dataclass(frozen=True)
class FieldChange:
    """One value of an indicator, before and after: the page names the field in its language."""

    field: Field
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    kind: Literal["added", "removed", "changed"]
    label: str
    fields: tuple[FieldChange, ...] = ()

    @property
    def detail(self) -> str:
        """The changed values in English, as a program or a log reads them: ``result 0 → 75``."""
        return "; ".join(
            f"{f.field} changed" if f.field in TEXT_FIELDS else f"{f.field} {f.before} → {f.after}" for f in self.fields
        )


@dataclass(frozen=True)
class IssueLine:
    issue: Issue
    text: str  # the source line the issue points at


@dataclass(frozen=True)
class Preview:
    source_name: str
    sha256: str
    size: int
    state: State
    report: Report | None = None
    error: KpiError | None = None
    agency_code: str | None = None
    fiscal_year: int | None = None
    agency_name: str = ""
    agency_code_source: str = ""
    current_report_id: int | None = None
    changes: tuple[Change, ...] = ()
    effect: versions.Effect = field(default_factory=versions.Effect)
    issues: tuple[IssueLine, ...] = field(default_factory=tuple)

    @property
    def can_save(self) -> bool:
        return self.state in ("new", "new-version", "restore")


def preview(
    engine: Engine,
    data: bytes,
    source_name: str,
    *,
    max_mb: float = DEFAULT_MAX_MB,
    fiscal_year: int | None = None,
    agency_code: str | None = None,
    seen: Collection[str] = (),
) -> Preview:
    """Read one uploaded file and compare it with the database; nothing is written.

    ``seen`` holds the sha256 of files earlier in the same upload, so that the same file
    chosen twice is saved once. ``fiscal_year`` and ``agency_code`` are the analyst's entries.
    A file name's control and direction characters are written out, as the parser writes them.
    """
    source_name = show_hidden(source_name)
    sha = hashlib.sha256(data).hexdigest()
    base = Preview(source_name, sha, len(data), "error")
    if len(data) > max_mb * 1_000_000:
        size, limit = f"{len(data) / 1e6:.1f}", f"{max_mb:g}"
        reason = f"the file is {size} MB; the limit is {limit} MB"
        too_big = KpiError(source_name, reason, code="too-large", params={"size": size, "limit": limit})
        return replace(base, state="too-large", error=too_big)
    if sha in seen:
        return replace(base, state="duplicate")
    try:
        report = parse_report(data, source_name)
    except KpiError as exc:
        return replace(base, error=exc)
    if len(report.indicators) > MAX_INDICATORS:
        return replace(base, error=TooManyIndicatorsError.of(source_name, len(report.indicators)))
    issues = _issue_lines(data, report.issues)
    if (refused := refusal(report)) is not None:  # shown with what was read; the store would refuse it
        return replace(base, state="refused", report=report, error=refused, issues=issues)
    known = stored_as(engine, sha)  # these bytes stored before (a deleted version): its agency and year
    try:
        agency, agency_source = resolve_agency(
            report,
            agency_code or known_agency(report, agency_code, known),
            year_given=fiscal_year is not None or report.fiscal_year is not None,
        )
    except KpiError as exc:
        missing = MissingAgencyError(source_name, exc.reason, code=exc.code, params=exc.params)
        return replace(base, state="needs-agency", report=report, error=missing, issues=settled(issues, fiscal_year))
    report = with_code_from_name(report)
    found = replace(base, report=report, agency_code=agency, agency_code_source=agency_source, issues=issues)
    with engine.connect() as conn:
        name = conn.execute(select(s.agencies.c.name).where(s.agencies.c.code == agency)).scalar()
    found = replace(found, agency_name=name or "")
    try:  # a typed year may not replace the one the report states, nor be no B.E. year (store's rule)
        year = resolve_year(report, fiscal_year, known[1] if known and known[0] == agency else None)
    except KpiError as exc:
        return replace(found, state="needs-year", fiscal_year=report.fiscal_year, error=exc)
    found = replace(found, fiscal_year=year, issues=settled(issues, year))
    if year is None:
        return replace(found, state="needs-year")
    r = s.reports
    scope = versions.scope_of(report, sha)
    with engine.connect() as conn:
        versions_here = select(r.c.id, r.c.deleted).where(r.c.agency_code == agency, r.c.fiscal_year == year)
        same = conn.execute(versions_here.where(r.c.sha256 == sha)).first()
        current = conn.execute(
            select(r.c.id).where(r.c.agency_code == agency, r.c.fiscal_year == year, r.c.scope == scope, r.c.current)
        ).scalar()
        visible = conn.execute(
            select(r.c.id, s.indicators.c.kpi_code, s.indicators.c.name, s.indicators.c.seq)
            .join(s.indicators, s.indicators.c.report_id == r.c.id)
            .where(r.c.agency_code == agency, r.c.fiscal_year == year, s.indicators.c.current)
        ).all()
    shown = [(v.id, v.kpi_code, versions.fold_name(v.name), _stored_label(v.seq, v.kpi_code, v.name)) for v in visible]
    new = [(i.kpi_code, versions.fold_name(i.name), _label(i)) for i in report.indicators]
    found = replace(found, current_report_id=current, effect=versions.effect(shown, current, new))
    if same is not None:
        return replace(found, state="restore" if same.deleted else "identical")
    if current is None:
        return replace(found, state="new", changes=tuple(Change("added", _label(i)) for i in report.indicators))
    return replace(found, state="new-version", changes=tuple(diff(engine, current, agency, report)))


def settled(issues: tuple[IssueLine, ...], year: int | None) -> tuple[IssueLine, ...]:
    """The issues still open once the fiscal year is known (typed by the analyst, or from a stored
    copy of the file): the parser's "no fiscal year: give it by hand" is then answered."""
    return issues if year is None else tuple(i for i in issues if i.issue.code != "no-fiscal-year")


LABEL_WIDTH = 80  # characters of an indicator's name in a preview line


def clashes(previews: Sequence[Preview]) -> list[tuple[int, int]]:
    """Pairs ``(earlier, later)`` of files in one upload that would both be saved as the current
    version of the same thing (agency, year and scope): saved in order, the later replaces the
    earlier at once. A cp874 and a UTF-16 copy of one report are two files with the same target.

    >>> from kpi_core.reading.model import Report
    >>> report = Report("agency_report", "03000000", 2563, "header", ())
    >>> a = Preview("a.txt", "1", 1, "new", report, agency_code="03000000", fiscal_year=2563)
    >>> clashes([a, replace(a, source_name="b.txt", sha256="2"), replace(a, fiscal_year=2564)])
    [(0, 1)]
    """
    first: dict[tuple[str, int, str], list[int]] = {}
    for n, p in enumerate(previews):
        if p.can_save and p.report is not None and p.agency_code and p.fiscal_year:
            first.setdefault((p.agency_code, p.fiscal_year, versions.scope_of(p.report, p.sha256)), []).append(n)
    return [pair for same in first.values() for pair in pairwise(same)]


def _stored_label(seq: int | None, code: str | None, name: str) -> str:
    head = f"({seq})" if seq is not None else (code or "")
    return f"{head} {clip(name, LABEL_WIDTH)}".strip()


def _issue_lines(data: bytes, issues: Sequence[Issue]) -> tuple[IssueLine, ...]:
    """Each issue beside the text of its line as the parser saw it (the file is decoded and split
    once, not once per issue: a file with 30,000 issues must preview in about its parse time)."""
    if not issues:
        return ()
    try:
        lines = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    except KpiError:
        lines = []
    return tuple(
        IssueLine(i, show_hidden(lines[i.line - 1].strip()[:200]) if 0 < i.line <= len(lines) else "") for i in issues
    )


def _label(ind: Indicator) -> str:
    return _stored_label(ind.seq, ind.kpi_code, ind.name)


def diff(engine: Engine, report_id: int, agency: str, report: Report) -> list[Change]:
    """Indicators added, removed or changed between a stored version and a new report."""
    i, q = s.indicators, s.quarters
    with engine.connect() as conn:
        stored = {r.ident: r for r in conn.execute(select(i).where(i.c.report_id == report_id))}
        rows = conn.execute(
            select(q.c.indicator_id, q.c.quarter, q.c.value, q.c.report).join(i).where(i.c.report_id == report_id)
        )
        values, texts = {}, {}
        for r in rows:
            values[(r.indicator_id, r.quarter)], texts[(r.indicator_id, r.quarter)] = r.value, r.report or ""
    changes: list[Change] = []
    new = {indicator_ident(agency, ind): ind for ind in report.indicators}
    for ident, ind in new.items():
        old = stored.get(ident)
        if old is None:
            changes.append(Change("added", _label(ind)))
            continue
        pairs: list[tuple[Field, float | None, float | None]] = [
            ("target", old.target, ind.target),
            ("result", old.result, ind.result),
        ]
        pairs += [
            (_QUARTERS[x.quarter], values.get((old.id, x.quarter)), x.value)
            for x in ind.quarters
            if x.quarter in _QUARTERS
        ]
        fields = [FieldChange(what, _fmt(before), _fmt(after)) for what, before, after in pairs if before != after]
        if old.unit != ind.unit:
            fields.append(FieldChange("unit", old.unit or "—", ind.unit or "—"))
        # Texts: whether they changed (a narrative rewritten is a change too; its words are long).
        said: list[tuple[Field, str, str]] = [("name", old.name, ind.name), ("summary", old.summary, ind.summary)]
        said += [
            (_REPORTS[x.quarter], texts.get((old.id, x.quarter), ""), x.report)
            for x in ind.quarters
            if x.quarter in _REPORTS
        ]
        fields += [FieldChange(what, "", "") for what, before, after in said if (before or "") != (after or "")]
        if fields:
            changes.append(Change("changed", _label(ind), tuple(fields)))
    for ident, old in stored.items():
        if ident not in new:
            changes.append(Change("removed", _stored_label(old.seq, None, old.name)))
    return changes


_QUARTERS: dict[int, Field] = {1: "q1", 2: "q2", 3: "q3", 4: "q4"}
_REPORTS: dict[int, Field] = {1: "r1", 2: "r2", 3: "r3", 4: "r4"}


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
