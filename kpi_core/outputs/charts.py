"""Plotly figures of the indicator DataFrames from :mod:`kpi_core.storage.query` (never imports streamlit).

Every figure goes through :func:`~kpi_core.outputs.plotting.layout`, so Thai renders with a
Thai-capable font everywhere.
Text read from report files reaches a figure only through
:func:`~kpi_core.outputs.plotting.plotly_text`, exactly once:
Plotly renders a subset of HTML in titles, tick labels, legends and hover text. The bars and cells
of the summary figures say which filter they stand for (:mod:`kpi_core.outputs.drill`) as the
first item of their ``customdata``, so that a click on one can set it.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Hashable

import pandas as pd
import plotly.graph_objects as go

from kpi_core.analysis.status import STATUS_COLORS, STATUS_ORDER
from kpi_core.outputs import plotting as pt
from kpi_core.outputs.plotting import (
    BAR_COLOR,
    GAP_FILL,
    LINE_COLOR,
    QUARTERS,
    cut,
    pillar_label,
    pillar_short,
    plotly_text,
    status_label,
)
from kpi_core.storage import summary


def status_counts(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group of ``by``: one column per status (zeros kept), ``total`` and ``percent_met``.

    Groups without a key (an indicator with no plan dimension) are labelled ``—`` and come last.
    """
    counts = {k[0]: c for k, c in pt.tally(df, by).items()}
    rows = [
        {by: k, **{s: c[s] for s in STATUS_ORDER}, "total": c.total(), "percent_met": 100.0 * c["met"] / c.total()}
        for k, c in sorted(counts.items(), key=lambda kc: pt.sort_key(kc[0]))
    ]
    return pd.DataFrame(rows, columns=[by, *STATUS_ORDER, "total", "percent_met"])


BAR_GAP = 0.5  # of a category's height: the gap holds the name above each bar
GROUP_HEIGHT = 64  # px per bar of the status charts: its label above it, then the bar
GROUP_LABEL_WIDTH = 44  # characters: a phone's width at 13 px; the hover has the whole name


def count_step(most: float, intervals: int = 5) -> int:
    """The step between the ticks of an axis that counts up to ``most``: a whole 1, 2 or 5 times
    a power of ten, making at most about ``intervals`` intervals.

    >>> [count_step(n) for n in (0, 1, 2, 5, 6, 12, 48, 1068, 10680)]
    [1, 1, 1, 1, 2, 5, 10, 500, 5000]
    """
    power = 1
    while True:
        for m in (1, 2, 5):
            if m * power * intervals >= most:
                return m * power
        power *= 10


def status_bars(df: pd.DataFrame, by: str, lang: str = "th", titled: bool = False) -> go.Figure:
    """Horizontal stacked bars: per group, how many indicators have each status.

    The title says "Indicator status"; ``titled``, what it is per ("… per plan dimension"), for a
    page without a heading over each chart (the briefing).

    Each group's name stands above its bar, from the figure's left edge, and the bars take the
    whole width: beside them, names such as ``ด้านที่ 6 มหานครแห่งเศรษฐกิจและการเรียนรู้`` left
    the bars a quarter of a phone's width and a third of a desk's column."""
    t = pt.texts(lang)
    counts = status_counts(df, by)
    keys = counts[by].tolist()
    labels, refs = pt.group_labels(df, by, keys, lang), [pt.ref(**{by: k}) for k in keys]
    totals = counts["total"].tolist()
    fig = go.Figure()
    for code in STATUS_ORDER:
        values = [int(v) for v in counts[code].tolist()]
        name = status_label(code, lang)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=name,
                marker_color=STATUS_COLORS[code],
                customdata=[[r, 100.0 * v / n] for r, v, n in zip(refs, values, totals, strict=True)],
                hovertemplate=pt.hover("%{y}", f"{name}: %{{x:,.0f}} (%{{customdata[1]:,.2f}}%)"),
            )
        )
    for i, label in enumerate(labels):
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            # The top of bar i, in the axis' own units (a category is 1 wide, a bar half of it):
            # a shift in pixels put the name inside the bar whenever the chart was taller than
            # its bars needed (one evaluation dimension in a 320 px chart).
            y=i - (1 - BAR_GAP) / 2,
            yref="y",
            yanchor="bottom",
            yshift=2,
            text=plotly_text(cut(html.unescape(label), GROUP_LABEL_WIDTH)),
            showarrow=False,
            font={"size": 13},
        )
    fig.update_layout(
        barmode="stack",
        bargap=BAR_GAP,
        legend_traceorder="normal",
        height=max(320, GROUP_HEIGHT * len(labels) + 200),
    )
    # Whole numbers only: Plotly's own ticks for one indicator read 0, 0.2, …, 1 "จำนวนตัวชี้วัด".
    step = count_step(max(totals, default=0))
    fig.update_xaxes(title_text=t["count"], tickmode="linear", tick0=0, dtick=step, tickformat=",d")
    fig.update_yaxes(type="category", autorange="reversed", showticklabels=False)
    fig = pt.legend_under_title(pt.layout(fig, t[f"status_by_{by}"] if titled else t["status_title"]))
    fig.update_layout(margin={"l": 8})  # no labels at the left: the bars start at the edge
    return fig


HEATMAP_AGENCIES = 20  # rows: a screen of agencies; BMA has about 120
PROGRESS_INDICATORS = 8  # one line per indicator reads only when there are a handful


def agencies_to_follow(df: pd.DataFrame, limit: int) -> list[Hashable]:
    """The ``limit`` agencies with the most indicators not met or near, most first (ties by
    code): the rows worth a look when all of BMA's agencies would be three screens tall."""
    cells = pt.tally(df, "agency_code")
    worst = sorted(cells, key=lambda k: (-(cells[k]["not-met"] + cells[k]["near"]), pt.sort_key(k[0])))
    return [k[0] for k in worst[:limit]]


def heatmap(df: pd.DataFrame, lang: str = "th", limit: int | None = None) -> go.Figure:
    """Agencies × plan pillars, coloured by percent met, each cell annotated "met/total".

    With more than ``limit`` agencies only the :func:`agencies_to_follow` are drawn, worst first;
    otherwise every agency, in code order. Columns are labelled by pillar number; the hover gives
    the full pillar title."""
    t = pt.texts(lang)
    cells = pt.tally(df, "agency_code", "plan_pillar")
    agencies = sorted({a for a, _ in cells}, key=pt.sort_key)
    if limit is not None and len(agencies) > limit:
        agencies = agencies_to_follow(df, limit)
    pillars = sorted({p for _, p in cells}, key=pt.sort_key)
    z: list[list[float]] = []
    text: list[list[str]] = []
    for a in agencies:
        found = [cells.get((a, p), Counter()) for p in pillars]
        z.append([100.0 * c["met"] / c.total() if c else math.nan for c in found])
        text.append([f"{c['met']:,}/{c.total():,}" if c else "" for c in found])
    scale = [[0.0, STATUS_COLORS["not-met"]], [0.5, STATUS_COLORS["near"]], [1.0, STATUS_COLORS["met"]]]
    xs = pt.group_labels(df, "plan_pillar", pillars, lang)
    ys = pt.unique_labels(pt.group_labels(df, "agency_code", agencies, lang), [str(a) for a in agencies])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale=scale,
            # Below the cells, across: a bar at the side takes a fifth of a phone's width.
            colorbar={
                "title": {"text": t["percent_met"], "side": "top"},
                "orientation": "h",
                "thickness": 10,
                "x": 0,
                "xanchor": "left",
                "len": 1,
                "y": 0,
                "yref": "container",
                "yanchor": "bottom",
            },
            hoverinfo="skip",  # the cells' markers below answer the hover
        )
    )
    # Plotly selects no heat-map cell on a click (streamlit#8760): an invisible square on each
    # cell with data takes the click and the hover, and carries what the cell stands for.
    cells_with_data = [(i, j) for i in range(len(agencies)) for j in range(len(pillars)) if text[i][j]]
    fig.add_trace(
        go.Scatter(
            x=[xs[j] for _, j in cells_with_data],
            y=[ys[i] for i, _ in cells_with_data],
            mode="markers",
            marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)"},
            # The whole names for the hover: %{y} and %{x} would give the axes' short labels.
            customdata=[
                [pt.ref(agency_code=agencies[i], plan_pillar=pillars[j]), z[i][j], text[i][j], ys[i], xs[j]]
                for i, j in cells_with_data
            ],
            hovertemplate=pt.hover(
                "%{customdata[3]} · %{customdata[4]}",
                f"{t['percent_met']}: %{{customdata[1]:,.2f}} (%{{customdata[2]}})",
            ),
            showlegend=False,
        )
    )
    # On a phone seven columns of titles, or even of "ด้านที่ 6", overlap, and a long agency name
    # takes half the width: pillar numbers under one axis title, names cut short but still apart
    # (the hover has them whole).
    fig.update_xaxes(
        type="category",
        side="top",
        showgrid=False,
        tickvals=xs,
        ticktext=[str(p) for p in pillars],
        tickangle=0,
        title_text=t["plan_pillar"].format("").strip(),
    )
    shorts = pt.agency_shorts([html.unescape(y) for y in ys])  # apart: two rows never read the same
    fig.update_yaxes(tickvals=ys, ticktext=[plotly_text(s) for s in shorts], tickfont_size=12)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    fig = pt.layout(fig, t["heatmap_title"], width=36)
    # A click anywhere in a wide cell reaches its marker: hover (and so selection) reaches 50 px.
    fig.update_layout(height=max(320, 30 * len(agencies) + 260), hoverdistance=50)
    fig.update_layout(margin={"b": 90})
    return fig


def indicator_chart(indicator_row: pd.Series, quarters_df: pd.DataFrame, lang: str = "th") -> go.Figure | None:
    """One indicator: bars of its four quarter values, the target as a dashed line, under a title
    that says so (the indicator's name, up to three lines of 80 characters, ran under the toolbar
    and off a phone's screen, below the page's title of the same name); None when no reported
    quarter has a value (a page of text without numbers), where the chart was an empty axis
    around the target line that looked like a broken figure.

    A quarter nobody reported on (:func:`~kpi_core.storage.summary.is_reported`: its 0.00 is no
    value) is a pale bar saying so, or saying that the file was cut before it, as the narratives
    below do; its hover had read "0.00"."""
    t = pt.texts(lang)
    q = quarters_df
    if "indicator_id" in indicator_row:
        q = q[q["indicator_id"] == indicator_row["indicator_id"]]
    q = q.sort_values("quarter")
    said = summary.is_reported(q["value"], q["report"].fillna("").astype(str) != "").tolist()
    values = [pt.num(v) if r else None for v, r in zip(q["value"].tolist(), said, strict=True)]
    if all(v is None for v in values):
        return None
    unit = pt.esc(indicator_row.get("unit"))
    x = [t["quarter"].format(int(n)) for n in q["quarter"].tolist()]
    custom = [
        [unit, pt.fmt(r["sed_score"]), f"{pt.fmt(r['assessment_a'])} / {pt.fmt(r['assessment_b'])}"]
        for r in q.to_dict("records")
    ]
    value_line = f"{t['value']}: %{{y:,.2f}} %{{customdata[0]}}"
    fig = go.Figure(
        go.Bar(
            x=[k for k, r in zip(x, said, strict=True) if r],
            y=[v for v, r in zip(values, said, strict=True) if r],
            name=t["value"],
            marker_color=BAR_COLOR,
            customdata=[c for c, r in zip(custom, said, strict=True) if r],
            hovertemplate=pt.hover(
                "%{x}", value_line, f"{t['sed']}: %{{customdata[1]}}", f"{t['assessment']}: %{{customdata[2]}}"
            ),
        )
    )
    target = pt.num(indicator_row.get("target"))
    if not all(said):
        cut_before = [v is False or v == 0 for v in q.get("in_file", pd.Series(True, index=q.index)).tolist()]
        why = [t["not_in_file"] if c else t["not_reported"] for c in cut_before]
        top = max([abs(v) for v in values if v is not None] + [abs(target or 0)]) or 1.0
        gaps = [k for k, r in enumerate(said) if not r]
        fig.add_trace(
            go.Bar(
                x=[x[k] for k in gaps],
                y=[top] * len(gaps),
                marker_color=GAP_FILL,
                text=[why[k] for k in gaps],
                textposition="inside",
                insidetextanchor="middle",
                textangle=-90,
                textfont={"color": LINE_COLOR},
                hovertemplate=[pt.hover(x[k], why[k]) for k in gaps],
                showlegend=False,
            )
        )
        # A quarter is either reported or not: never two bars. The title says what the blue bars
        # are, as it did when they were the only trace (a second one brought a legend of one).
        fig.update_layout(barmode="overlay", showlegend=False)
    if target is not None:
        label = f"{t['target']} {pt.fmt(target)}"
        fig.add_hline(y=target, line_dash="dash", line_color=LINE_COLOR, annotation_text=label)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x)
    fig.update_yaxes(title_text=unit)
    return pt.layout(fig, t["quarters_title"])  # the page's title names the indicator


def year_over_year(df_same_ident: pd.DataFrame, lang: str = "th") -> go.Figure:
    """One indicator across fiscal years: result bars coloured by status, the target as a line.

    One bar trace per status shown, so that the legend names each colour (บรรลุ green, ไม่บรรลุ
    red): one trace named "ผลงาน" took the legend swatch of its first bar, red beside green bars."""
    t = pt.texts(lang)
    d = df_same_ident.sort_values("fiscal_year")
    years = [str(y) for y in d["fiscal_year"].tolist()]
    unit = pt.esc(d["unit"].iloc[0]) if not d.empty else ""
    statuses = [str(s) for s in d["status"].tolist()]
    results = [pt.num(v) for v in d["result"].tolist()]
    fig = go.Figure()
    for code in [*STATUS_ORDER, *sorted(set(statuses) - set(STATUS_ORDER))]:
        at = [k for k, (s, v) in enumerate(zip(statuses, results, strict=True)) if s == code and v is not None]
        if not at:
            continue  # no bar, no legend entry
        name = status_label(code, lang)
        fig.add_trace(
            go.Bar(
                x=[years[k] for k in at],
                y=[results[k] for k in at],
                name=name,
                marker_color=STATUS_COLORS.get(code, LINE_COLOR),
                customdata=[[unit, name]] * len(at),
                hovertemplate=pt.hover("%{x}", f"{t['result']}: %{{y:,.2f}} %{{customdata[0]}}", "%{customdata[1]}"),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[pt.num(v) for v in d["target"].tolist()],
            mode="lines+markers",
            name=t["target"],
            line={"dash": "dash", "color": LINE_COLOR},
            hovertemplate=pt.hover("%{x}", f"{t['target']}: %{{y:,.2f}}"),
        )
    )
    # A year has one status, so one bar: overlaid, each stays whole and centred on its year.
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=years, title_text=t["year"])
    fig.update_yaxes(title_text=unit)
    return pt.layout(fig, t["years_title"])  # the page's title names the indicator


PANEL_HEIGHT = 230  # px: four bars and their labels, read on a phone without zooming


def pillar_panels(progress: pd.DataFrame, goal: float, lang: str = "th") -> dict[int, go.Figure]:
    """Pillar → one small figure of it (:func:`pillar_panel`), in pillar order; none without data.

    Separate figures, not subplots of one: the page lays them out in columns, which Streamlit
    stacks on a phone, so each panel keeps a readable width on any screen."""
    if progress.empty:
        return {}
    return {p: pillar_panel(progress, p, goal, lang) for p in sorted({int(p) for p in progress["plan_pillar"]})}


def pillar_panel(progress: pd.DataFrame, pillar: int, goal: float, lang: str = "th") -> go.Figure:
    """One pillar: the share of reported indicators on track at each quarter (bars), the goal as
    a dashed line, and quarters nobody reported on as pale full-height bars saying "not reported"
    instead of drawn as 0 %. ``progress`` is :func:`kpi_core.storage.summary.pillar_progress`.

    The title is the short name (``ด้านที่ 6 เศรษฐกิจและการเรียนรู้``), the full one is in the
    hover; labels are horizontal, so that nothing collides in a panel a phone wide."""
    t = pt.texts(lang)
    part = progress[progress["plan_pillar"] == pillar].set_index("quarter").reindex(list(QUARTERS))
    shares = [pt.num(v) for v in part["percent_on_track"].tolist()]
    x = [t["quarter"].format(n) for n in QUARTERS]
    # The quarter's name last, for the hover: %{x} would give the axis' two-line label.
    counts = [
        [
            pt.ref(plan_pillar=pillar),
            int(pt.num(a) or 0),
            int(pt.num(b) or 0),
            int(pt.num(c) or 0),
            q,
        ]
        for a, b, c, q in zip(part["on_track"], part["reported"], part["indicators"], x, strict=True)
    ]
    full = plotly_text(pillar_label(pillar, lang))
    seen = [v is not None for v in shares]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=[q for q, s in zip(x, seen, strict=True) if s],
            y=[v for v in shares if v is not None],
            marker_color=STATUS_COLORS["met"],
            text=[f"{v:.0f}%" for v in shares if v is not None],
            textposition=["inside" if v > 15 else "outside" for v in shares if v is not None],
            textangle=0,
            customdata=[c for c, s in zip(counts, seen, strict=True) if s],
            hovertemplate=pt.hover(
                f"{full} · %{{customdata[4]}}",
                f"{t['on_track']}: %{{y:.1f}} (%{{customdata[1]:,}}/%{{customdata[2]:,}})",
                f"{t['count']}: %{{customdata[3]:,}}",
            ),
            showlegend=False,
        )
    )
    if not all(seen):
        fig.add_trace(
            go.Bar(
                x=[q for q, s in zip(x, seen, strict=True) if not s],
                y=[100.0] * seen.count(False),
                marker_color=GAP_FILL,
                text=[t["not_reported"]] * seen.count(False),
                textposition="inside",
                insidetextanchor="middle",
                textangle=-90,  # upright it would be wider than its bar
                textfont={"color": LINE_COLOR},
                customdata=[c for c, s in zip(counts, seen, strict=True) if not s],
                hovertemplate=pt.hover(
                    f"{full} · %{{customdata[4]}}", t["not_reported"], f"{t['count']}: %{{customdata[3]:,}}"
                ),
                showlegend=False,
            )
        )
    fig.add_hline(y=goal, line_dash="dash", line_color=LINE_COLOR)
    fig = pt.layout(fig, pillar_short(pillar, lang))
    # "ไตรมาส 1" is wider than its bar in a panel a quarter of a desk wide: over two lines. Under
    # it, how many reported of how many (2/5): a bar at 100 % of the 2 of 5 that reported had
    # read as the whole pillar on track.
    # The word "ไตรมาส" once, as the axis' title: four of it side by side ran together in a panel a
    # quarter of a desk wide.
    ticks = [f"{n}<br>{c[2]}/{c[3]}" for n, c in zip(QUARTERS, counts, strict=True)]
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=x,
        tickvals=x,
        ticktext=ticks,
        tickangle=0,
        tickfont_size=10,
        title_text=t["quarter_axis"],
        title_font_size=10,
        title_standoff=2,
    )
    fig.update_yaxes(range=[0, 110], ticksuffix="%", tickvals=[0, 50, 100], tickfont_size=11)
    fig.update_traces(textfont_size=11, cliponaxis=False)
    fig.update_layout(
        height=PANEL_HEIGHT,
        barmode="overlay",  # a quarter is either reported or not: the two bars never share one
        bargap=0.25,
        title_font_size=14,
        title_pad={"t": 4},
        margin={"l": 40, "r": 8, "t": 36, "b": 52},
    )
    return fig
