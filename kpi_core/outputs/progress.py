"""The quarterly-progress lines of a handful of indicators (the overview's and the briefing's
"ความก้าวหน้ารายไตรมาสเทียบค่าเป้าหมาย"): each quarter's value as a percent of the target, one line
per indicator, one row of lines per plan dimension. Never imports streamlit.

A quarter nobody reported on is a break, never a point at 0 %, by the rule of the pillar panels
(:func:`~kpi_core.storage.summary.reported`); an indicator with nothing to draw gets no line, and
:func:`progress_left_out` names it for a sentence instead of an empty chart.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kpi_core.outputs import plotting as pt
from kpi_core.outputs.plotting import GAP_FILL, LINE_COLOR, QUARTERS, cut
from kpi_core.storage import summary

INDICATOR_KEYS = (
    "indicator_id",
    "agency_code",
    "fiscal_year",
    "seq",
    "name",
    "kpi_code",  # a passage cut before its name is called by its code
    "unit",
    "plan_dimension_code",
    "target",
)
PROGRESS_COLUMNS = [*INDICATOR_KEYS, "quarter", "value", "percent_of_target", "reported"]
LEGEND_WIDTH = 40  # characters of an indicator's name in a legend; the hover has it whole


def progress_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and quarter: the value, that value as a percent of the target, and
    whether the agency reported the quarter (:func:`~kpi_core.storage.summary.reported`, the rule
    of the pillar panels' "not reported").

    The percent is None when the target is 0 or missing, or the quarter has no value.
    """
    rows = []
    said = summary.reported(df) if not df.empty else pd.DataFrame()
    for i, rec in zip(df.index, df.to_dict("records"), strict=True):
        base, target = {c: rec.get(c) for c in INDICATOR_KEYS}, pt.num(rec["target"])
        for n in QUARTERS:
            value = pt.num(rec[f"q{n}"])
            percent = None if value is None or not target else 100.0 * value / target
            rows.append(
                {**base, "quarter": n, "value": value, "percent_of_target": percent, "reported": bool(said.at[i, n])}
            )
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def progress_points(long: pd.DataFrame) -> pd.Series:
    """What a line of :func:`quarterly_progress` draws at each row of :func:`progress_long`: the
    percent of target of a reported quarter, NaN (a break in the line) for a quarter nobody
    reported, whose 0.00 had drawn a line that met its target falling to 0 % at Q4."""
    return pd.to_numeric(long["percent_of_target"], errors="coerce").where(long["reported"].astype(bool))


@dataclass(frozen=True)
class LeftOut:
    """The indicators :func:`quarterly_progress` draws no line for, as a reader calls them
    (:func:`progress_left_out`): without a usable target nothing is a percent of it, and without a
    reported quarter value there is no point to draw."""

    no_target: tuple[str, ...] = ()
    no_values: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.no_target or self.no_values)


def _drawn(long: pd.DataFrame) -> pd.Series:
    """Per indicator id: does its line have at least one point?"""
    return progress_points(long).notna().groupby(long["indicator_id"], sort=False).any()


def _line_name(rec: dict[Hashable, object], several: bool, lang: str, width: int | None = LEGEND_WIDTH) -> str:
    """An indicator as a line's legend (and :class:`LeftOut`) names it, unescaped: its number and
    name, cut to ``width``, after its agency and year where the view has several."""
    raw = pt.indicator_name(rec.get("name"), rec.get("kpi_code"), lang)
    prefix = f"{rec['agency_code']} {rec['fiscal_year']} " if several else ""
    return prefix + pt.numbered(rec.get("seq"), cut(raw, width) if width else raw)


def _several(df: pd.DataFrame) -> bool:
    return bool(df["agency_code"].nunique() > 1 or df["fiscal_year"].nunique() > 1)


def progress_left_out(df: pd.DataFrame, lang: str = "th") -> LeftOut:
    """The indicators of ``df`` with nothing to draw in :func:`quarterly_progress`, by why (a view
    of seven indicators without numbers drew six empty charts, each an axis of 99–101 around the
    target line); names whole, for a sentence under the chart."""
    if df.empty:
        return LeftOut()
    drawn = _drawn(progress_long(df))
    several = _several(df)
    no_target: list[str] = []
    no_values: list[str] = []
    for rec in df.to_dict("records"):
        if bool(drawn.get(rec["indicator_id"], False)):
            continue
        name = _line_name(rec, several, lang, width=None)
        (no_values if pt.num(rec["target"]) else no_target).append(name)
    return LeftOut(tuple(no_target), tuple(no_values))


def quarterly_progress(df: pd.DataFrame, lang: str = "th") -> go.Figure | None:
    """One line per indicator of its quarter values as percent of target, one row per plan
    dimension; None when no indicator has a point to draw (:func:`progress_left_out` says which).

    A quarter nobody reported on (:func:`~kpi_core.storage.summary.reported`) is a break in its
    line, not a point at 0 %; a quarter no line of a row has is a pale band saying so, as in the
    pillar panels. Rows are made only for dimensions with a line."""
    t = pt.texts(lang)
    long = progress_long(df)
    if long.empty:
        return None
    drawn = _drawn(long)
    long = long.assign(point=progress_points(long))
    long = long[long["indicator_id"].map(drawn).astype(bool)]
    if long.empty:
        return None
    dims = sorted(set(pt.group_keys(long["plan_dimension_code"])), key=pt.sort_key)
    fig = make_subplots(
        rows=len(dims),
        cols=1,
        shared_xaxes=True,
        subplot_titles=pt.group_labels(df, "plan_dimension_code", dims, lang),
        vertical_spacing=min(0.08, 0.3 / len(dims)),
    )
    several = _several(df)
    x = [t["quarter"].format(n) for n in QUARTERS]
    pct_line = f"{t['percent_of_target']}: %{{y:,.2f}}"
    rows = range(1, len(dims) + 1)
    drawn_at: dict[int, set[int]] = {row: set() for row in rows}  # quarters where a line of the row has a point
    reported_at: dict[int, set[int]] = {row: set() for row in rows}
    breaks: list[tuple[int, int]] = []  # (row, quarter) where a line has no point
    for _, part in long.groupby("indicator_id", sort=False):
        first = part.iloc[0]
        raw = pt.indicator_name(first["name"], first["kpi_code"], lang)
        points = [pt.num(v) for v in part["point"].tolist()]
        row = dims.index(pt.group_key(first["plan_dimension_code"])) + 1
        drawn_at[row].update(n for n, v in zip(QUARTERS, points, strict=True) if v is not None)
        reported_at[row].update(n for n, r in zip(QUARTERS, part["reported"].tolist(), strict=True) if r)
        breaks.extend((row, n) for n, v in zip(QUARTERS, points, strict=True) if v is None)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=points,
                mode="lines+markers",
                name=pt.esc(_line_name(first.to_dict(), several, lang)),
                customdata=[[pt.num(v), pt.esc(first["unit"]), pt.esc(raw)] for v in part["value"].tolist()],
                hovertemplate=pt.hover("%{customdata[2]}", "%{x}: %{customdata[0]:,.2f} %{customdata[1]}", pct_line),
            ),
            row=row,
            col=1,
        )
    bands = {(row, n) for row in rows for n in QUARTERS if n not in drawn_at[row] | reported_at[row]}
    for row, n in sorted(bands):
        _not_reported_band(fig, row, n - 1, t["not_reported"])
    fig.add_hline(y=100, line_dash="dash", line_color=LINE_COLOR, row="all", col=1)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x)
    # From 0: a percent of target is read against nothing done; alone, one point at 100 % drew 99–101.
    fig.update_yaxes(title_text=t["percent_of_target"], rangemode="tozero")
    height = 320 * len(dims) + 160
    fig = pt.layout(fig, t["progress_title"])
    # One legend entry per indicator is too many rows for the top, where they would cover the titles.
    fig.update_layout(height=height, legend={"yanchor": "top", "y": -40 / (height - 160)})
    if any(b not in bands for b in breaks):  # a line breaks where no band says why: the title does
        fig.update_layout(title_subtitle_text=t["line_gap"], margin_t=fig.layout.margin.t + 22)
    return fig


def _not_reported_band(fig: go.Figure, row: int, at: int, text: str) -> None:
    """A pale band across quarter ``at`` (0–3: a category axis puts quarter k at k) of subplot
    ``row``, saying that nobody reported it, as the pillar panels' pale bars do."""
    axis = "" if row == 1 else str(row)
    fig.add_vrect(x0=at - 0.4, x1=at + 0.4, fillcolor=GAP_FILL, line_width=0, layer="below", row=row, col=1)
    fig.add_annotation(
        x=at,
        y=0.5,
        xref=f"x{axis}",
        yref=f"y{axis} domain",
        text=text,
        textangle=-90,  # upright it is wider than a phone's quarter
        showarrow=False,
        font={"color": LINE_COLOR, "size": 12},
    )
