"""What the executive landing view summarises, from a filtered view of :func:`query.indicators`.

Vectorised (pandas group-bys, no loop over rows), and meant to be computed once per data
version and filter by the app's caches: the scorecard per fiscal year with the change against
the year before, the exceptions (not met and near, worst first), and per plan pillar the share
of indicators on track at each quarter, with quarters nobody reported on kept apart as "not
reported" rather than counted as 0 %.
"""

from __future__ import annotations

import pandas as pd

from kpi_core.storage.query import QUARTERS, Scorecard, scorecard

ON_TRACK_GOAL = 80.0  # the reference line of the pillar charts: four in five indicators on track
EXCEPTION_STATUSES = ("not-met", "near")
EXCEPTION_COLUMNS = [
    "indicator_id",
    "fiscal_year",
    "agency_code",
    "agency_name",
    "seq",
    "name",
    "kpi_code",  # a passage cut before its name is called by its code: "ตัวชี้วัด 1100-6545 (ไม่พบชื่อในไฟล์)"
    "status",
    "percent_of_target",
    "unit",
    "target",
    "result",
]
PROGRESS_COLUMNS = ["plan_pillar", "quarter", "indicators", "reported", "on_track", "percent_on_track"]


def scorecards_by_year(df: pd.DataFrame) -> dict[int, Scorecard]:
    """One scorecard per fiscal year, newest first: several years are never summed into one."""
    years = sorted({int(y) for y in df["fiscal_year"].dropna()}, reverse=True) if not df.empty else []
    return {y: scorecard(df[df["fiscal_year"] == y]) for y in years}


def exceptions(df: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Indicators not met or near their target, worst first by percent of target (no percent last)."""
    if df.empty:
        return pd.DataFrame(columns=EXCEPTION_COLUMNS)
    out = df[df["status"].isin(EXCEPTION_STATUSES)][EXCEPTION_COLUMNS]
    out = out.sort_values(["percent_of_target", "fiscal_year", "agency_code", "seq"], na_position="last")
    return (out.head(limit) if limit else out).reset_index(drop=True)


def is_reported(value: pd.Series, has_report: pd.Series) -> pd.Series:
    """Of quarters (one a row): did the agency report it? It has a narrative or a non-zero value:
    the SED tables show 0.00 for quarters nobody reported on (DESIGN.md §5), so a 0.00 without a
    narrative is no value of 0 but no report (a file cut before the quarter, a quarter not yet due).

    >>> is_reported(pd.Series([0.0, 0.0, 5.0, None]), pd.Series([True, False, False, False])).tolist()
    [True, False, True, False]
    """
    number = pd.to_numeric(value, errors="coerce")
    return has_report.astype(bool) | (number.notna() & (number != 0))


def reported(df: pd.DataFrame) -> pd.DataFrame:
    """Per indicator (rows) and quarter (columns 1–4): did the agency report that quarter
    (:func:`is_reported`)? Every chart that draws quarters asks this, so that none draws as 0 %
    what another calls "not reported"."""
    return pd.DataFrame({n: is_reported(df[f"q{n}"], df[f"q{n}_has_report"]) for n in QUARTERS}, index=df.index)


def on_track(df: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and quarter: was the reported value on the pro-rata path to the target?

    Quarter values are usually cumulative, so at quarter n an indicator is on track when its
    value has reached n/4 of the target (``down``: stays at or below the target). Indicators
    without a usable target are never on track; unreported quarters are False here and are
    told apart by :func:`reported`.
    """
    target = pd.to_numeric(df["target"], errors="coerce")
    down = df["direction"] == "down"
    cols = {}
    for n in QUARTERS:
        value = pd.to_numeric(df[f"q{n}"], errors="coerce")
        up_ok = value >= target * n / 4
        down_ok = value <= target
        cols[n] = (target.notna() & (target != 0) & value.notna()) & up_ok.where(~down, down_ok)
    return pd.DataFrame(cols, index=df.index).fillna(False).astype(bool)


def pillar_progress(df: pd.DataFrame) -> pd.DataFrame:
    """Per plan pillar and quarter: indicators, how many reported, how many of those on track, and
    the share on track among the reported (None when nobody reported that quarter)."""
    if df.empty:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    rep, ok = reported(df), on_track(df)
    pillar = pd.to_numeric(df["plan_pillar"], errors="coerce")
    long = pd.DataFrame(
        {
            "plan_pillar": pd.concat([pillar] * 4, ignore_index=True),
            "quarter": [n for n in QUARTERS for _ in range(len(df))],
            "reported": pd.concat([rep[n] for n in QUARTERS], ignore_index=True),
            "on_track": pd.concat([ok[n] & rep[n] for n in QUARTERS], ignore_index=True),
        }
    ).dropna(subset=["plan_pillar"])
    out = long.groupby(["plan_pillar", "quarter"], as_index=False).agg(
        indicators=("reported", "size"), reported=("reported", "sum"), on_track=("on_track", "sum")
    )
    out["plan_pillar"] = out["plan_pillar"].astype(int)
    share = 100.0 * out["on_track"] / out["reported"].where(out["reported"] > 0)
    out["percent_on_track"] = [None if pd.isna(v) else float(v) for v in share]  # 4 x 7 rows
    return out[PROGRESS_COLUMNS].reset_index(drop=True)
