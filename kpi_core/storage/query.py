"""Read models for the app and the exports: DataFrames of the current reports, filtered.

Filters that the database can apply go into parameterised SQL, the status filter included:
status is a SQL ``CASE`` built from the rules table (:mod:`kpi_core.analysis.status`; a test
holds the two to the same answers), so the database filters and counts it. Flags read the
narratives and are computed here in Python, once per query, and filtered afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Float,
    Integer,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    select,
)

from kpi_core.analysis.status import LEVEL_UNIT, NEAR_WITHIN, RESULT_OUTLIER_FACTOR, TOP_LEVEL
from kpi_core.analysis.validators import MAX_ID
from kpi_core.storage import schema as s
from kpi_core.storage.agencies import UNNAMED, display_name

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to; empty means "all"."""

    fiscal_years: tuple[int, ...] = ()
    agency_codes: tuple[str, ...] = ()
    eval_dimensions: tuple[int, ...] = ()
    pillars: tuple[int, ...] = ()
    plan_dimensions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def describe(self) -> dict[str, str]:
        """Each filter as text, for the export's cover sheet."""
        return {k: ", ".join(map(str, v)) if v else "(all)" for k, v in asdict(self).items()}


def status_sql() -> ColumnElement[str]:
    """The status rules (DESIGN.md §5, first match wins) as one SQL expression over indicators
    joined with directions; ``tests/storage/test_query_scale.py`` checks it against
    :func:`kpi_core.analysis.status.status`."""
    i, d = s.indicators, s.directions
    up = func.coalesce(d.c.direction, "up") != "down"
    return case(
        (i.c.result.is_(None), "no-data"),
        (i.c.target.is_(None) | ((i.c.target == 0) & up), "no-target"),
        (up & (i.c.result >= i.c.target), "met"),
        (~up & (i.c.result <= i.c.target), "met"),
        (func.abs(i.c.result - i.c.target) <= NEAR_WITHIN * func.abs(i.c.target), "near"),
        else_="not-met",
    )


def percent_sql() -> ColumnElement[float]:
    """Result as a percent of the target; NULL where the target is 0 or missing."""
    i = s.indicators
    return case((i.c.target == 0, None), else_=100.0 * i.c.result / i.c.target)


def _conditions(f: Filters, ids: Sequence[int] = ()) -> list[ColumnElement[bool]]:
    """The WHERE of a filtered view: current versions only unless ``ids``; every filter but flags."""
    i, r = s.indicators, s.reports
    conditions: list[ColumnElement[bool]] = [i.c.id.in_(list(ids))] if ids else [i.c.current]
    if f.fiscal_years:
        conditions.append(r.c.fiscal_year.in_(list(f.fiscal_years)))
    if f.agency_codes:
        conditions.append(r.c.agency_code.in_(list(f.agency_codes)))
    if f.eval_dimensions:
        conditions.append(i.c.eval_dimension.in_(list(f.eval_dimensions)))
    if f.pillars:
        conditions.append(i.c.plan_pillar.in_(list(f.pillars)))
    if f.plan_dimensions:
        conditions.append(i.c.plan_dimension_code.in_(list(f.plan_dimensions)))
    if f.statuses:
        conditions.append(status_sql().in_(list(f.statuses)))
    return conditions


def _joined(stmt: Select[Any]) -> Select[Any]:
    i, r, a, d = s.indicators, s.reports, s.agencies, s.directions
    return (
        stmt.join(r, r.c.id == i.c.report_id).join(a, a.c.code == r.c.agency_code).outerjoin(d, d.c.ident == i.c.ident)
    )


def _indicator_select(f: Filters, ids: Sequence[int] = (), texts: bool = True) -> Select[Any]:
    """Indicators with their report, agency, direction and status; current versions only unless
    ``ids``. Without ``texts``, only what a view that counts, charts and lists needs
    (:data:`LIGHT_COLUMNS`): at BMA scale every column of 10,000 rows costs about 5 ms."""
    i, r, a, d = s.indicators, s.reports, s.agencies, s.directions
    columns: dict[str, ColumnElement[Any]] = {
        "indicator_id": i.c.id,
        "agency_code": r.c.agency_code,
        "agency_name": func.coalesce(
            func.nullif(a.c.name, ""), literal(UNNAMED["th"].format(code="")).concat(a.c.code)
        ),
        # The registered English name, or nothing: an export's "English name" column holds a real
        # one only (the pages make up "Agency 07000000" themselves, from the code).
        "agency_name_en": func.nullif(a.c.name_en, ""),
        "agency_kind": a.c.kind,
        "fiscal_year": r.c.fiscal_year,
        "source_name": r.c.source_name,
        "deleted": r.c.deleted,
        "format": r.c.format,
        "agency_code_source": r.c.agency_code_source,
        "uploaded_at": r.c.uploaded_at,
        "direction": func.coalesce(d.c.direction, "up"),
        "status": status_sql(),
        "percent_of_target": percent_sql(),
    }
    wanted = INDICATOR_COLUMNS if texts else LIGHT_COLUMNS
    # flags and the quarter columns are added later; risks feeds the flags
    chosen = [(columns[c] if c in columns else i.c[c]).label(c) for c in [*wanted, "risks"] if c in columns or c in i.c]
    return (
        _joined(select(*chosen).select_from(i))
        .where(and_(*_conditions(f, ids)))
        # Numbered indicators (agency reports) first, then pages, which have no number: said
        # explicitly, as PostgreSQL puts NULLs last and SQLite first by default.
        .order_by(r.c.fiscal_year.desc(), r.c.agency_code, i.c.seq.asc().nulls_last(), i.c.id)
    )


QUARTER_COLUMNS = [
    "indicator_id",
    "quarter",
    "value",
    "sed_score",
    "assessment_a",
    "assessment_b",
    "report",
    "line",
    "in_file",
]


def quarters(engine: Engine, indicator_ids: list[int]) -> pd.DataFrame:
    """One row per indicator and quarter: value, SED score, assessment pair, narrative, line.

    For a handful of ids (one indicator's page); a filtered view uses :func:`indicators`, which
    joins the quarters on the same filter instead of binding one parameter per indicator.
    """
    q = s.quarters
    if not indicator_ids:
        return pd.DataFrame(columns=QUARTER_COLUMNS)
    with engine.connect() as conn:
        rows = conn.execute(
            select(*(q.c[c] for c in QUARTER_COLUMNS))
            .where(q.c.indicator_id.in_(indicator_ids))
            .order_by(q.c.indicator_id, q.c.quarter)
        ).all()
    return pd.DataFrame(rows, columns=QUARTER_COLUMNS)


def _with_quarters(stmt: Select[Any], texts: bool) -> Select[Any]:
    """The four quarters of each indicator as columns, one primary-key lookup each (a second
    query pivoted in pandas took longer than the whole view): value, whether there is a
    narrative, whether the file reached it at all, and the narrative itself only with ``texts``."""
    i = s.indicators
    for n in QUARTERS:
        qn = s.quarters.alias(f"q{n}_row")
        columns: list[ColumnElement[Any]] = [
            qn.c.value.label(f"q{n}"),
            case((qn.c.report == "", 0), (qn.c.report.is_(None), 0), else_=1).label(f"q{n}_has_report"),
            case((qn.c.in_file.is_(False), 0), else_=1).label(f"q{n}_in_file"),
        ]
        if texts:
            columns.append(func.coalesce(qn.c.report, "").label(f"q{n}_report"))
        stmt = stmt.add_columns(*columns).outerjoin(qn, and_(qn.c.indicator_id == i.c.id, qn.c.quarter == n))
    return stmt


ALL = Filters()


def indicators(engine: Engine, filters: Filters = ALL, ids: Sequence[int] = (), *, texts: bool = True) -> pd.DataFrame:
    """Indicators of the current reports (or exactly ``ids``, current or not) with status,
    percent of target, flags and quarter values.

    ``texts=False`` leaves out the narratives, summary, supporting projects and definition
    (:data:`TEXT_COLUMNS`) for views that count and chart: at BMA scale they are most of the bytes.
    ``q1_has_report`` … ``q4_has_report`` say whether each quarter has a narrative either way.
    """
    with engine.connect() as conn:
        df = frame(conn, _with_quarters(_indicator_select(filters, ids, texts), texts))
    columns = INDICATOR_COLUMNS if texts else LIGHT_COLUMNS
    if df.empty:
        return pd.DataFrame(columns=columns)
    for n in QUARTERS:
        df[f"q{n}_has_report"] = df[f"q{n}_has_report"].astype(bool)
        df[f"q{n}_in_file"] = df[f"q{n}_in_file"].astype(bool)
    df["percent_of_target"] = df["percent_of_target"].astype(float)
    df["flags"] = _flags(df)
    df = df[_keeps(df, filters)].reset_index(drop=True)
    return df[columns]


PLAIN_TYPES = (Integer, Float, String)  # what the drivers give as SQLAlchemy would: no result conversion


def frame(conn: Connection, stmt: Select[Any]) -> pd.DataFrame:
    """The rows of ``stmt`` as a DataFrame, from the driver's own tuples when every column is a
    plain integer, float or text (the views that count and chart), else from SQLAlchemy's rows.

    SQLAlchemy turns every row into a ``Row`` and pandas then copies each one into a tuple: at
    national scale (108,070 indicators, 44 columns) that was 0.6 s of a 2.9 s view. A boolean or
    a timestamp (the exports' columns) is converted by SQLAlchemy on SQLite, so those keep the
    rows; a test compares both ways on SQLite and PostgreSQL."""
    result = conn.execute(stmt)
    columns = list(result.keys())
    plain = all(
        isinstance(c.type, PLAIN_TYPES) and not getattr(c.type, "asdecimal", False) for c in stmt.selected_columns
    )
    rows = result.cursor.fetchall() if plain else result.all()
    result.close()
    return pd.DataFrame(rows, columns=columns)


def quality_flag_columns(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`~kpi_core.analysis.status.quality_flags` of every row at once, one boolean column per
    flag (a test holds the two to the same answers): a Python call per row was a fifth of an
    unfiltered view at BMA scale."""
    target = pd.to_numeric(df["target"], errors="coerce")
    result = pd.to_numeric(df["result"], errors="coerce")
    q4 = pd.to_numeric(df["q4"], errors="coerce")
    missing = pd.Series(False, index=df.index)
    for n in QUARTERS:
        value = pd.to_numeric(df[f"q{n}"], errors="coerce")
        there = df[f"q{n}_in_file"].astype(bool)  # a quarter the file was cut before is nobody's omission
        missing |= value.notna() & (value != 0) & ~df[f"q{n}_has_report"].astype(bool) & there
    above = (target > TOP_LEVEL) | (result > TOP_LEVEL)
    for n in QUARTERS:
        above |= pd.to_numeric(df[f"q{n}"], errors="coerce") > TOP_LEVEL
    level = df["unit"].fillna("").astype(str).str.strip().str.startswith(LEVEL_UNIT)
    return pd.DataFrame(
        {
            "result-outlier": (target > 0) & result.notna() & (result >= RESULT_OUTLIER_FACTOR * target),
            "q4-mismatch": q4.notna() & result.notna() & ((q4 - result).abs() > 1e-9),
            "missing-narrative": missing,
            "level-scale": level & above,
            "file-cut": df["cut_line"].notna(),
        },
        index=df.index,
    )


def _flags(df: pd.DataFrame) -> list[list[str]]:
    """Risk flags (read from the narratives at ingest) and data-quality flags of every row.

    Built once per distinct combination of risks and quality flags (a few dozen), then copied
    to its rows: a list built row by row was 0.4 s of 108,070 indicators. ``risks`` is never
    missing (``NOT NULL``, ``""`` for none)."""
    quality = quality_flag_columns(df)
    names = list(quality.columns)
    bits = np.zeros(len(df), dtype=np.int64)
    for i, name in enumerate(names):
        bits |= quality[name].to_numpy(dtype=bool).astype(np.int64) << i
    pairs = pd.DataFrame({"risks": df["risks"].to_numpy(dtype=object), "bits": bits})
    codes = pairs.groupby(["risks", "bits"], sort=False, dropna=False).ngroup().to_numpy()
    firsts = pairs.drop_duplicates()  # in the same order as the groups: first appearance
    made = [
        (str(risks).split(",") if risks else []) + [name for i, name in enumerate(names) if flags >> i & 1]
        for risks, flags in zip(firsts["risks"].tolist(), firsts["bits"].tolist(), strict=True)
    ]
    return [list(made[c]) for c in codes.tolist()]  # a list of its own per row: a cell may be edited


def _keeps(df: pd.DataFrame, f: Filters) -> pd.Series:
    keep = pd.Series(True, index=df.index)
    if f.flags:
        keep &= df["flags"].map(lambda fl: any(x in fl for x in f.flags))
    return keep


INDICATOR_COLUMNS = [
    "indicator_id",
    "ident",
    "report_id",
    "agency_code",
    "agency_name",
    "agency_name_en",
    "agency_kind",
    "fiscal_year",
    "seq",
    "kpi_code",
    "name",
    "name_detail",
    "eval_heading",
    "eval_dimension",
    "eval_label",
    "plan_pillar",
    "plan_dimension_code",
    "plan_dimension_title",
    "plan_goal_code",
    "plan_goal_title",
    "plan_goal_truncated",
    "kpi_type",
    "unit",
    "target",
    "result",
    "direction",
    "status",
    "percent_of_target",
    "flags",
    "q1",
    "q2",
    "q3",
    "q4",
    "q1_has_report",
    "q2_has_report",
    "q3_has_report",
    "q4_has_report",
    "q1_in_file",
    "q2_in_file",
    "q3_in_file",
    "q4_in_file",
    "cut_line",
    "cut_in",
    "by_position",
    "q1_report",
    "q2_report",
    "q3_report",
    "q4_report",
    "summary",
    "supporting_projects",
    "definition",
    "keywords",
    "source_name",
    "line",
    "current",
    "deleted",
    "format",
    "agency_code_source",
    "uploaded_at",
]
# The long texts, left out of a view asked for with ``texts=False``.
TEXT_COLUMNS = [
    "q1_report",
    "q2_report",
    "q3_report",
    "q4_report",
    "summary",
    "supporting_projects",
    "definition",
    "keywords",
]
# What only one indicator's page, the history and the exports show: left out with ``texts=False`` too.
DETAIL_COLUMNS = [
    "report_id",
    "agency_kind",
    "eval_label",
    "plan_goal_code",
    "name_detail",
    "eval_heading",
    "plan_goal_title",
    "plan_goal_truncated",
    "kpi_type",
    "source_name",
    "line",
    "current",
    "deleted",
    "format",
    "agency_code_source",
    "uploaded_at",
    "cut_in",
    "by_position",
]
LIGHT_COLUMNS = [c for c in INDICATOR_COLUMNS if c not in TEXT_COLUMNS and c not in DETAIL_COLUMNS]


def agencies(engine: Engine) -> pd.DataFrame:
    """Agencies that have at least one current report, with their names."""
    a, r = s.agencies, s.reports
    stmt = (
        select(a.c.code, a.c.name, func.count(r.c.id).label("reports"))
        .join(r, r.c.agency_code == a.c.code)
        .where(r.c.current, ~r.c.deleted)
        .group_by(a.c.code, a.c.name)
        .order_by(a.c.code)
    )
    with engine.connect() as conn:
        rows = [(code, display_name(code, name), n) for code, name, n in conn.execute(stmt)]
    return pd.DataFrame(rows, columns=["code", "name", "reports"])


def fiscal_years(engine: Engine) -> list[int]:
    """Fiscal years that have at least one current report, newest first."""
    r = s.reports
    stmt = select(r.c.fiscal_year).where(r.c.current, ~r.c.deleted).distinct().order_by(r.c.fiscal_year.desc())
    with engine.connect() as conn:
        return [int(y) for y in conn.execute(stmt).scalars()]


def indicator(engine: Engine, indicator_id: int) -> pd.Series | None:
    """One indicator by id, whatever its version; None when there is no such indicator."""
    if not 1 <= indicator_id <= MAX_ID:  # SQLite overflows on, PostgreSQL refuses, a larger one
        return None
    df = indicators(engine, ids=[indicator_id])
    return None if df.empty else df.iloc[0]


def same_indicator_by_year(engine: Engine, ident: str) -> pd.DataFrame:
    """The current versions of one indicator identity across fiscal years, oldest first."""
    i = s.indicators
    stmt = select(i.c.id).where(i.c.ident == ident, i.c.current)
    with engine.connect() as conn:
        ids = [int(x) for x in conn.execute(stmt).scalars()]
    df = indicators(engine, ids=ids) if ids else pd.DataFrame(columns=INDICATOR_COLUMNS)
    return df.sort_values("fiscal_year").reset_index(drop=True)


@dataclass(frozen=True)
class Scorecard:
    indicators: int
    met: int
    near: int
    not_met: int
    no_data: int
    no_target: int

    @property
    def judged(self) -> int:
        """Indicators with a result to hold against a target: met, near or not met."""
        return self.met + self.near + self.not_met

    @property
    def percent_met(self) -> float | None:
        """Met of every indicator (those with no result or no target yet too), or None when none
        has a result to hold against a target: 0 % there reads as "every one missed" where
        nothing was measured yet.

        >>> Scorecard(10, 3, 1, 1, 5, 0).percent_met, Scorecard(7, 0, 0, 0, 7, 0).percent_met
        (30.0, None)
        """
        return 100.0 * self.met / self.indicators if self.judged else None


def scorecard(df: pd.DataFrame) -> Scorecard:
    """The counts on the metric cards."""
    counts = df["status"].value_counts() if not df.empty else pd.Series(dtype=int)
    n = {code: int(counts.get(code, 0)) for code in ("met", "near", "not-met", "no-data", "no-target")}
    return Scorecard(len(df), n["met"], n["near"], n["not-met"], n["no-data"], n["no-target"])


def relaxations(engine: Engine, filters: Filters) -> list[tuple[str, int]]:
    """For an empty view: each active filter with the number of indicators shown without it."""
    out = []
    for f in fields(filters):
        if getattr(filters, f.name):
            n = len(indicators(engine, replace(filters, **{f.name: ()})))
            if n:
                out.append((f.name, n))
    return sorted(out, key=lambda kv: -kv[1])


OPTION_COLUMNS = [
    "fiscal_year",
    "agency_code",
    "agency_name",
    "eval_dimension",
    "plan_pillar",
    "plan_dimension_code",
    "plan_dimension_title",
]


def filter_options(engine: Engine) -> pd.DataFrame:
    """The distinct combinations the filters offer, from the current indicators, in one grouped
    query: a few hundred rows at BMA scale where :func:`indicators` would read every narrative."""
    i, r, a = s.indicators, s.reports, s.agencies
    stmt = _joined(
        select(
            r.c.fiscal_year,
            r.c.agency_code,
            func.max(a.c.name).label("agency_name"),
            i.c.eval_dimension,
            i.c.plan_pillar,
            i.c.plan_dimension_code,
            func.max(i.c.plan_dimension_title).label("plan_dimension_title"),
        ).select_from(i)
    ).where(i.c.current)
    stmt = stmt.group_by(r.c.fiscal_year, r.c.agency_code, i.c.eval_dimension, i.c.plan_pillar, i.c.plan_dimension_code)
    with engine.connect() as conn:
        df = frame(conn, stmt).set_axis(OPTION_COLUMNS, axis=1)  # 91,690 rows at national scale
    df["agency_name"] = [display_name(c, n) for c, n in zip(df["agency_code"], df["agency_name"], strict=True)]
    return df


def names_in(df: pd.DataFrame, lang: str) -> pd.Series:
    """The agency names a view shows in ``lang``: in English the registered English name where
    the registry has one, else the Thai name (a Thai name says more than ``Agency 03000000``).

    >>> df = pd.DataFrame({"agency_code": ["1", "2"], "agency_name": ["ก", "ข"],
    ...                    "agency_name_en": ["Office A", None]})
    >>> names_in(df, "en").tolist(), names_in(df, "th").tolist()
    (['Office A', 'ข'], ['ก', 'ข'])
    """
    if lang != "en" or "agency_name_en" not in df or df.empty:
        return df["agency_name"]
    english = df["agency_name_en"]
    return english.where(english.notna() & (english != ""), df["agency_name"])


def indicator_choices(df: pd.DataFrame, lang: str = "th") -> list[tuple[int, str]]:
    """The indicators of a view as (id, label) for a searchable picker, in the view's order:
    "(3) name · agency · 2565", so typing a name, a code or an agency finds it."""
    if df.empty:
        return []
    agency = names_in(df, lang)
    seq = df["seq"].map(lambda s: f"({int(s)}) " if pd.notna(s) else "")
    code = df["kpi_code"].map(lambda c: f"{c} " if isinstance(c, str) and c else "")
    labels = seq + code + df["name"].astype(str) + " · " + agency.astype(str) + " · " + df["fiscal_year"].astype(str)
    return list(zip(df["indicator_id"].astype(int).tolist(), labels.tolist(), strict=True))


def neighbours(ids: Sequence[int], current: int) -> tuple[int | None, int | None]:
    """The ids before and after ``current`` in a view (None at either end or when it is not in it).

    >>> neighbours([4, 7, 9], 7), neighbours([4, 7, 9], 4), neighbours([4, 7, 9], 5)
    ((4, 9), (None, 7), (None, None))
    """
    try:
        at = list(ids).index(current)
    except ValueError:
        return None, None
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)
