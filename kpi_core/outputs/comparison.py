"""The compare page's figures: one agency across fiscal years (bars in year order), and the
agencies of a year ranked by their share of indicators met (never imports streamlit).

At BMA scale a year has some 120 agencies: a hundred upright bars were too thin for their labels
(turned, every other one hidden). Agencies are ranked across instead, one readable row each, and
beyond :data:`RANKED_AGENCIES` only the first and the last of the ranking are drawn, with a row
between them that says how many are not; the page says how to narrow the view.
"""

from __future__ import annotations

import html
from collections.abc import Hashable

import pandas as pd
import plotly.graph_objects as go

from kpi_core.analysis.status import STATUS_COLORS
from kpi_core.outputs import plotting as pt
from kpi_core.outputs.charts import status_counts

RANKED_AGENCIES = 30  # rows: more than this and the ranking keeps its first and last half of it
ROW_HEIGHT = 26  # px: a 12 px label and a bar, on a phone as on a desk
# The ranking's labels ("30% · 3/10") go inside a bar only where they fit in it on a phone: Plotly's
# own "auto" put them inside bars shorter than they are, and a phone showed "0% · 3/10".
PHONE_PLOT = 140  # px: the narrowest the bars' area gets (a 390 px phone, the names beside it)
LABEL_CHAR = 6.5  # px: a digit, "%" or "/" of an 11 px label, a little generously
LABEL_PAD = 8  # px: the gap Plotly keeps between a label and the bar's ends
RIGHT_MARGIN = 56  # px: room after the plot for a label after a bar that ends near the plot's end


def label_width(label: str) -> float:
    """About how wide ``label`` is at 11 px, in px (a little wider rather than narrower)."""
    return LABEL_CHAR * len(label) + LABEL_PAD


def label_positions(percent: list[float], labels: list[str], plot: float = PHONE_PLOT) -> list[str]:
    """``"inside"`` each bar whose label fits in it on a ``plot`` px wide area, ``"outside"``
    (after the bar) the others.

    >>> label_positions([100.0, 30.0], ["100% · 10/10", "30% · 3/10"])
    ['inside', 'outside']
    """
    return [
        "inside" if p / 100 * plot >= label_width(text) else "outside" for p, text in zip(percent, labels, strict=True)
    ]


def compare_bars(counts: pd.DataFrame, label_col: str, lang: str = "th") -> go.Figure:
    """Percent met side by side (years of an agency, in order), "met/total" on each bar.

    ``counts`` is a :func:`~kpi_core.outputs.charts.status_counts` table; ``label_col`` names the
    column that labels the bars.
    """
    t = pt.texts(lang)
    met, total = [int(v) for v in counts["met"].tolist()], [int(v) for v in counts["total"].tolist()]
    fig = go.Figure(
        go.Bar(
            x=pt.group_labels(counts, label_col, pt.group_keys(counts[label_col]), lang),
            y=[float(v) for v in counts["percent_met"].tolist()],
            text=[f"{m:,}/{n:,}" for m, n in zip(met, total, strict=True)],
            textposition="outside",
            marker_color=STATUS_COLORS["met"],
            customdata=[[m, n] for m, n in zip(met, total, strict=True)],
            hovertemplate=pt.hover(
                "%{x}", f"{t['percent_met']}: %{{y:,.2f}}", "%{customdata[0]:,.0f}/%{customdata[1]:,.0f}"
            ),
        )
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 110], title_text=t["percent_met"])
    return pt.layout(fig, t["compare_title"])


def ranked(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (per agency) from the highest share met to the lowest; among equal shares the
    agency with more indicators first, then by code."""
    keys, share, total = pt.group_keys(counts["agency_code"]), counts["percent_met"].tolist(), counts["total"].tolist()
    order = sorted(range(len(counts)), key=lambda i: (-share[i], -total[i], pt.sort_key(keys[i])))
    return counts.iloc[order].reset_index(drop=True)


def shown_agencies(n: int, limit: int = RANKED_AGENCIES) -> tuple[int, int]:
    """How many agencies of a ranking of ``n`` are drawn at its top and at its bottom.

    >>> shown_agencies(12), shown_agencies(129)
    ((12, 0), (15, 15))
    """
    return (n, 0) if n <= limit else (limit - limit // 2, limit // 2)


def agency_ranking(df: pd.DataFrame, lang: str = "th", limit: int = RANKED_AGENCIES) -> go.Figure:
    """Agencies across, ranked by percent met, "met/total" on each bar, short names on the axis
    (apart, :func:`~kpi_core.outputs.plotting.agency_shorts`) and the code and whole name in the
    hover. More than ``limit`` agencies: the first and last of the ranking (:func:`shown_agencies`)
    and, between them, a row saying how many are not drawn. The figure grows a row per agency."""
    t = pt.texts(lang)
    order = ranked(status_counts(df, "agency_code"))
    top, bottom = shown_agencies(len(order), limit)
    hidden = len(order) - top - bottom
    shown = pd.concat([order.iloc[:top], order.iloc[len(order) - bottom :]]) if hidden else order
    codes: list[Hashable] = pt.group_keys(shown["agency_code"])
    names = pt.group_labels(df, "agency_code", codes, lang)
    rows = pt.unique_labels(names, [str(c) for c in codes])  # the axis' categories: one row each
    shorts = [pt.plotly_text(s) for s in pt.agency_shorts([html.unescape(n) for n in rows])]
    met, total = [int(v) for v in shown["met"].tolist()], [int(v) for v in shown["total"].tolist()]
    percent = [float(v) for v in shown["percent_met"].tolist()]
    labels = [f"{p:.0f}% · {m:,}/{n:,}" for p, m, n in zip(percent, met, total, strict=True)]
    fig = go.Figure(
        go.Bar(
            y=rows,
            x=percent,
            orientation="h",
            text=labels,
            textposition=label_positions(percent, labels),  # inside a long bar, after a short one
            insidetextanchor="end",
            textangle=0,
            textfont_size=11,
            constraintext="none",  # one size inside and outside
            cliponaxis=False,  # a label after a bar near the end runs into the right margin
            marker_color=STATUS_COLORS["met"],
            customdata=[[m, n, f"{c} {name}"] for m, n, c, name in zip(met, total, codes, names, strict=True)],
            hovertemplate=pt.hover(
                "%{customdata[2]}", f"{t['percent_met']}: %{{x:,.2f}}", "%{customdata[0]:,.0f}/%{customdata[1]:,.0f}"
            ),
        )
    )
    categories, ticks = list(rows), list(shorts)
    if hidden:  # a row of its own between the first and the last, with no bar: what is left out
        gap = t["ranking_gap"].format(f"{hidden:,}")
        categories.insert(top, gap)
        ticks.insert(top, gap)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=categories,
        tickvals=categories,
        ticktext=ticks,
        autorange="reversed",
        tickfont_size=12,
    )
    fig.update_xaxes(range=[0, 100], ticksuffix="%", tickvals=[0, 25, 50, 75, 100], title_text=t["percent_met"])
    fig = pt.layout(fig, t["ranking_title"], width=40)
    fig.update_layout(height=ROW_HEIGHT * len(categories) + 190, bargap=0.25, margin_b=64)  # room for ุ below
    fig.update_layout(margin_r=RIGHT_MARGIN)
    return fig
