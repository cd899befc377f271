"""A self-contained HTML briefing of one view: charts inline (Plotly's script embedded once, so it
opens offline), a printable table, stamped with the filters, data version and time.

Every piece of report text is escaped with :func:`html.escape` before it enters the page, without
the control characters and direction controls HTML does not allow or a reader cannot see.
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from kpi_core.analysis.status import ALL_FLAGS, STATUS_RULES
from kpi_core.outputs import charts
from kpi_core.outputs.clock import when_text
from kpi_core.outputs.export import filter_lines, writable
from kpi_core.outputs.plotting import indicator_name, numbered, percent_text
from kpi_core.storage.agencies import shown_name
from kpi_core.storage.query import Filters, Scorecard, names_in, scorecard

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
    },
}

CSS = """
body { font-family: Sarabun, 'Noto Sans Thai', Loma, Garuda, 'Tlwg Typo', sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
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
    """What percent met divides by: every indicator, those with no result or no target yet too."""
    parts = [w["percent_basis"].format(met=card.met, total=card.indicators)]
    if card.no_data:
        parts.append(_count(w["percent_basis_no_data"], card.no_data))
    if card.no_target:
        parts.append(_count(w["percent_basis_no_target"], card.no_target))
    return " · ".join(parts)


def _figures(df: pd.DataFrame, w: dict[str, str], lang: str) -> list[tuple[go.Figure, str]]:
    """The charts, each with a note to print above it (or ``""``). The heat map keeps the
    agencies the overview keeps (:data:`~kpi_core.outputs.charts.HEATMAP_AGENCIES`): every one
    of BMA's was a band of 115 rows, most of them blank between the names."""
    figures = [(charts.status_bars(df, by, lang, titled=True), "") for by in ("plan_dimension_code", "eval_dimension")]
    agencies = df["agency_code"].nunique()
    if agencies > 1:
        limit = charts.HEATMAP_AGENCIES
        note = w["heatmap_top"].format(n=limit, total=f"{agencies:,}") if agencies > limit else ""
        figures.append((charts.heatmap(df, lang, limit), note))
    if len(df) <= charts.PROGRESS_INDICATORS:  # as the overview: a line each of 1,068 made a 6.6 MB file
        figures.append((charts.quarterly_progress(df, lang), ""))
    return figures


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
        for n, (fig, note) in enumerate(_figures(df, w, lang)):
            above = f"<p class='note'>{esc(note)}</p>" if note else ""
            chart = fig.to_html(full_html=False, include_plotlyjs=(n == 0))
            parts.append(f"<div class='chart'>{above}{chart}</div>")
    parts.append(_table(df, w, lang))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


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
