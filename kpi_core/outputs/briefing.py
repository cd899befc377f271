"""A self-contained HTML briefing of one view: charts inline (Plotly's script embedded once, so it
opens offline), a printable table, stamped with the filters, data version and time.

A briefing is read, not searched: a view of at most :data:`FULL_TABLE` indicators lists them all;
a larger one lists the indicators to follow up (not met or near), worst first, at most
:data:`FOLLOW_UP` of them, and says what it left out and that the Excel and CSV files have it all.
Every indicator of a national year was a 10,812-row table, 9.5 MB and 597,005 px tall.

Every piece of report text is escaped with :func:`html.escape` before it enters the page, without
the control characters and direction controls HTML does not allow or a reader cannot see.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from kpi_core.analysis.status import ALL_FLAGS, STATUS_RULES
from kpi_core.outputs import charts, progress
from kpi_core.outputs.clock import when_text
from kpi_core.outputs.export import filter_lines, writable
from kpi_core.outputs.plotting import indicator_name, numbered, percent_text, texts
from kpi_core.storage.agencies import shown_name
from kpi_core.storage.query import Filters, Scorecard, names_in, scorecard
from kpi_core.storage.summary import exceptions

FULL_TABLE = 100  # indicators: one agency's year, a few printed pages, listed in full
FOLLOW_UP = 100  # above that, the indicators to follow up, worst first, at most these many

TEXT = {
    "th": {
        "title": "สรุปผลการปฏิบัติราชการตามตัวชี้วัด",
        "filters": "ตัวกรอง",
        "version": "ข้อมูลฉบับที่",
        "made": "จัดทำเมื่อ",
        "indicators": "ตัวชี้วัด",
        "met": "บรรลุ",
        "near": "ใกล้เคียง",
        "not_met": "ไม่บรรลุ",
        "no_data": "ไม่มีข้อมูล/ไม่มีเป้า",  # both, as the dashboard's card says; the table keeps them apart
        "percent": "ร้อยละที่บรรลุ",
        # what percent met divides by, as the dashboard says under its cards (ui/i18n.py)
        "percent_basis": "ร้อยละที่บรรลุนับจากตัวชี้วัดทั้งหมด: บรรลุ {met:,} จาก {total:,} ตัวชี้วัด",
        "percent_basis_no_data": "ยังไม่มีผลงาน {n:,} ตัวชี้วัด",
        "percent_basis_no_target": "ไม่มีค่าเป้าหมาย {n:,} ตัวชี้วัด",
        "percent_none": "ร้อยละที่บรรลุยังคำนวณไม่ได้ (—): ยังไม่มีตัวชี้วัดใดมีผลงานให้เทียบกับค่าเป้าหมาย",
        "status": "สถานะ",
        "name": "ตัวชี้วัด",
        "agency": "หน่วยงาน",
        "unit": "หน่วยนับ",
        "target": "เป้าหมาย",
        "result": "ผลงาน",
        "pct": "% ของเป้าหมาย",
        "flags": "สัญญาณเตือน",
        "fy": "ปีงบประมาณ",
        "all": "ทั้งหมด",
        "heatmap_top": "แสดง {n} หน่วยงานที่มีตัวชี้วัดไม่บรรลุและใกล้เคียงมากที่สุด จากทั้งหมด {total} หน่วยงาน (มากที่สุดก่อน)",
        "follow_up": "ต้องติดตาม: ไม่บรรลุและใกล้เคียง (แย่ที่สุดก่อน)",  # the overview's heading
        "follow_up_all": "ตัวชี้วัดที่ไม่บรรลุและใกล้เคียงทั้ง {shown:,} ตัวชี้วัด ร้อยละของเป้าหมายต่ำที่สุดก่อน",
        "follow_up_some": "{shown:,} ตัวชี้วัดที่ร้อยละของเป้าหมายต่ำที่สุด จากที่ไม่บรรลุและใกล้เคียง {found:,} ตัวชี้วัด"
        " อีก {more:,} ตัวชี้วัดอยู่ในไฟล์ Excel",
        "follow_up_none": "ไม่มีตัวชี้วัดที่ไม่บรรลุหรือใกล้เคียง",
        # under the progress chart, as the overview says them (ui/i18n.py)
        "progress_no_target": "ไม่มีเส้นสำหรับ {n} ตัวชี้วัดที่ไม่มีค่าเป้าหมาย (เทียบเป้าหมายไม่ได้):",
        "progress_no_values": "ไม่มีเส้นสำหรับ {n} ตัวชี้วัดที่ยังไม่รายงานค่ารายไตรมาส:",
        "no_exceptions_of": "ไม่มีตัวชี้วัดที่ไม่บรรลุหรือใกล้เคียง ในบรรดา {n:,} ตัวชี้วัดที่มีผลงานให้เทียบกับค่าเป้าหมาย",
        "follow_up_unknown": "ยังบอกไม่ได้ว่าตัวชี้วัดใดต้องติดตาม: ยังไม่มีตัวชี้วัดใดมีผลงานให้เทียบกับค่าเป้าหมาย",
        "follow_up_also": "ไม่อยู่ในรายการนี้ เพราะยังเทียบกับค่าเป้าหมายไม่ได้: {parts}",
        "whole_list": "รายการครบทั้ง {total:,} ตัวชี้วัดของมุมมองนี้อยู่ในไฟล์ Excel และ CSV ไม่ได้อยู่ในสรุปนี้",
    },
    "en": {
        "title": "Performance indicator briefing",
        "filters": "Filters",
        "version": "Data version",
        "made": "Made",
        "indicators": "Indicators",
        "met": "Met",
        "near": "Near",
        "not_met": "Not met",
        "no_data": "No data / no target",
        "percent": "Percent met",
        "percent_basis": "Percent met counts every indicator: {met:,} of {total:,} met",
        "percent_basis_no_data": "{n:,} has no result yet|{n:,} have no result yet",
        "percent_basis_no_target": "{n:,} has no target|{n:,} have no target",
        "percent_none": "Percent met does not apply yet (—): no indicator has a result to compare with a target",
        "status": "Status",
        "name": "Indicator",
        "agency": "Agency",
        "unit": "Unit",
        "target": "Target",
        "result": "Result",
        "pct": "% of target",
        "flags": "Flags",
        "fy": "Fiscal year",
        "all": "all",
        "heatmap_top": "The {n} agencies with the most indicators not met or near, of {total} (most first)",
        "follow_up": "To follow up: not met and near (worst first)",
        "follow_up_all": "All {shown:,} indicators not met or near, lowest percent of target first",
        "follow_up_some": "The {shown:,} with the lowest percent of target of the {found:,} not met or near;"
        " the other {more:,} are in the Excel file",
        "follow_up_none": "No indicator is below its target",
        "progress_no_target": "No line for {n} indicator without a target (nothing to compare with):"
        "|No line for {n} indicators without a target (nothing to compare with):",
        "progress_no_values": "No line for {n} indicator with no quarter value reported:"
        "|No line for {n} indicators with no quarter value reported:",
        "no_exceptions_of": "Of the {n:,} indicator with a result to compare with a target, none is below it"
        "|Of the {n:,} indicators with a result to compare with a target, none is below its target",
        "follow_up_unknown": "Not known yet which indicators need following up:"
        " no indicator has a result to compare with a target",
        "follow_up_also": "Not in this list, as they cannot be compared with a target yet: {parts}",
        "whole_list": "All {total:,} indicators of the view are in the Excel and CSV files, not in this briefing",
    },
}

CSS = """
body { font-family: Sarabun, 'Noto Sans Thai', Loma, Garuda, 'Tlwg Typo', sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin: 1.2em 0 0.2em; }
.stamp { color: #555; font-size: 0.9em; }
.cards { display: flex; gap: 1em; margin: 1em 0; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em; min-width: 7em; }
.card b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.chart { page-break-inside: avoid; }
.note, .basis { color: #555; font-size: 0.9em; margin: 0.5em 0 0; }
@media print { body { margin: 0.5cm; } .chart { width: 100%; } }
"""


def _esc(text: str) -> str:
    return html.escape(str(writable(text)))


def _num(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    v = float(value)  # type: ignore[arg-type]
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"


def _count(text: str, n: int) -> str:
    """``text`` for a count of ``n``: English writes ``singular|plural``, Thai one form."""
    one, _, many = text.partition("|")
    return (one if n == 1 or not many else many).format(n=n)


def _percent_basis(card: Scorecard, w: dict[str, str]) -> str:
    """What percent met divides by: every indicator, those with no result or no target yet too;
    where none has a result to compare with a target, why it is "—" and not 0.0 %."""
    head = (
        w["percent_none"]
        if card.percent_met is None
        else w["percent_basis"].format(met=card.met, total=card.indicators)
    )
    return " · ".join([head, *_unjudged(card, w)])


def _unjudged(card: Scorecard, w: dict[str, str]) -> list[str]:
    """How many indicators cannot be held against a target yet, each reason apart."""
    parts = [_count(w["percent_basis_no_data"], card.no_data)] if card.no_data else []
    return parts + ([_count(w["percent_basis_no_target"], card.no_target)] if card.no_target else [])


def _follow_up_said(found: int, shown: int, card: Scorecard, w: dict[str, str]) -> list[str]:
    """The sentences above the list to follow up, as the overview says them: an empty list is no
    "all fine" while indicators have no result or no target yet."""
    pending = _unjudged(card, w)
    if found > shown:
        said = [w["follow_up_some"].format(shown=shown, found=found, more=found - shown)]
    elif found:
        said = [w["follow_up_all"].format(shown=shown)]
    elif not pending:
        return [w["follow_up_none"]]
    elif not card.judged:
        return [" · ".join([w["follow_up_unknown"], *pending])]
    else:
        return [" · ".join([_count(w["no_exceptions_of"], card.judged), *pending])]
    return said + ([w["follow_up_also"].format(parts=" · ".join(pending))] if pending else [])


@dataclass(frozen=True)
class Chart:
    """A chart of the briefing: its figure (None where it has nothing to draw, and ``heading``
    stands in for its title), a note to print above it, and lines to print under it."""

    figure: go.Figure | None
    above: str = ""
    below: tuple[str, ...] = ()
    heading: str = ""


def _figures(df: pd.DataFrame, w: dict[str, str], lang: str) -> list[Chart]:
    """The charts. The heat map keeps the agencies the overview keeps
    (:data:`~kpi_core.outputs.charts.HEATMAP_AGENCIES`): every one of BMA's was a band of 115
    rows, most of them blank between the names. The progress lines say under them which
    indicators they have no line for, and make no empty chart when that is all of them."""
    figures = [Chart(charts.status_bars(df, by, lang, titled=True)) for by in ("plan_dimension_code", "eval_dimension")]
    agencies = df["agency_code"].nunique()
    if agencies > 1:
        limit = charts.HEATMAP_AGENCIES
        note = w["heatmap_top"].format(n=limit, total=f"{agencies:,}") if agencies > limit else ""
        figures.append(Chart(charts.heatmap(df, lang, limit), above=note))
    if len(df) <= charts.PROGRESS_INDICATORS:  # as the overview: a line each of 1,068 made a 6.6 MB file
        lines = progress.quarterly_progress(df, lang)
        below = _left_out(progress.progress_left_out(df, lang), w)
        if lines is not None or below:
            figures.append(Chart(lines, below=below, heading=texts(lang)["progress_title"]))
    return figures


def _left_out(left_out: progress.LeftOut, w: dict[str, str]) -> tuple[str, ...]:
    """Sentences naming the indicators the progress chart has no line for, by why."""
    return tuple(
        f"{_count(w[key], len(names))} {' · '.join(names)}"
        for key, names in (("progress_no_target", left_out.no_target), ("progress_no_values", left_out.no_values))
        if names
    )


def _chart_html(chart: Chart, script: bool) -> str:
    """One chart's block; Plotly's script goes in with the first figure (``script``)."""
    parts = [f"<p class='note'>{_esc(chart.above)}</p>"] if chart.above else []
    if chart.figure is not None:
        parts.append(chart.figure.to_html(full_html=False, include_plotlyjs=script))
    else:
        parts.append(f"<h2>{_esc(chart.heading)}</h2>")
    parts.extend(f"<p class='note'>{_esc(line)}</p>" for line in chart.below)
    return f"<div class='chart'>{''.join(parts)}</div>"


def briefing_html(df: pd.DataFrame, filters: Filters, data_version: int, when: datetime, lang: str = "th") -> bytes:
    """The briefing as UTF-8 bytes."""
    w = TEXT["en" if lang == "en" else "th"]
    esc = _esc
    if len(df):
        df = df.assign(agency_name=names_in(df, lang))  # registered English names in English
    card = scorecard(df)
    names = dict(zip(df["agency_code"], df["agency_name"], strict=True)) if len(df) else {}
    everything = filter_lines(Filters(), names, lang)
    set_ = [
        f"{k}: {v}"
        for (k, v), (_k, nothing) in zip(filter_lines(filters, names, lang), everything, strict=True)
        if v != nothing
    ]
    filters_text = "; ".join(set_) or w["all"]
    parts = [
        "<!doctype html><html lang='th'><head><meta charset='utf-8'>",
        f"<title>{esc(w['title'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(w['title'])}</h1>",
        f"<p class='stamp'>{esc(w['filters'])}: {esc(filters_text)} · {esc(w['version'])} {data_version} · "
        f"{esc(w['made'])} {esc(when_text(when, lang))}</p>",
        "<div class='cards'>",
    ]
    percent = "—" if card.percent_met is None else f"{card.percent_met:.1f}%"
    for label, value in (
        (w["indicators"], f"{card.indicators:,}"),
        (w["met"], f"{card.met:,}"),
        (w["near"], f"{card.near:,}"),
        (w["not_met"], f"{card.not_met:,}"),
        (w["no_data"], f"{card.no_data + card.no_target:,}"),
        (w["percent"], percent),
    ):
        parts.append(f"<div class='card'>{esc(label)}<b>{esc(value)}</b></div>")
    parts.append("</div>")
    parts.append(f"<p class='basis'>{esc(_percent_basis(card, w))}</p>")
    if not df.empty:
        script = True  # Plotly's script, once, with the first figure
        for chart in _figures(df, w, lang):
            parts.append(_chart_html(chart, script))
            script = script and chart.figure is None
    parts.extend(_listed(df, card, w, lang))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def _listed(df: pd.DataFrame, card: Scorecard, w: dict[str, str], lang: str) -> list[str]:
    """Every indicator of a small view; of a larger one, the worst to follow up, with sentences
    saying how many were left out and where they are."""
    if len(df) <= FULL_TABLE:
        return [_table(df, w, lang)]
    worst = exceptions(df)
    found, shown = len(worst), min(len(worst), FOLLOW_UP)
    rows = df.set_index("indicator_id").loc[worst["indicator_id"].head(shown)].reset_index()
    parts = [f"<h2>{_esc(w['follow_up'])}</h2>"]
    parts += [f"<p class='note left-out'>{_esc(said)}</p>" for said in _follow_up_said(found, shown, card, w)]
    parts.append(f"<p class='note left-out'>{_esc(w['whole_list'].format(total=len(df)))}</p>")
    return [*parts, _table(rows, w, lang)] if shown else parts


def _table(df: pd.DataFrame, w: dict[str, str], lang: str) -> str:
    esc = _esc
    status_names = {r.code: r.label_en if lang == "en" else r.label_th for r in STATUS_RULES}
    flag_names = {f.code: f.label_en if lang == "en" else f.label_th for f in ALL_FLAGS}
    head = "".join(
        f"<th>{esc(w[k])}</th>" for k in ("status", "fy", "name", "agency", "unit", "target", "result", "pct", "flags")
    )
    rows = []
    for row in df.to_dict("records"):
        agency = shown_name(str(row["agency_code"]), row["agency_name"], lang)
        name = numbered(row["seq"], indicator_name(row["name"], row.get("kpi_code"), lang))
        flags = ", ".join(flag_names.get(f, f) for f in row["flags"])
        rows.append(
            f"<tr><td>{esc(status_names.get(row['status'], row['status']))}</td><td>{row['fiscal_year']}</td>"
            f"<td>{esc(name)}</td><td>{esc(str(agency))}</td><td>{esc(str(row['unit']))}</td>"
            f"<td class='num'>{_num(row['target'])}</td><td class='num'>{_num(row['result'])}</td>"
            f"<td class='num'>{percent_text(row['percent_of_target'])}</td><td>{esc(flags)}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
