"""Charts from real data through the real store: the numbers in the figures, not only that they exist."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from sqlalchemy import Engine

from builders import HOSTILE_AGENCY_NAME, SEED, corrected, for_agency, hostile, page
from kpi_core.analysis.status import STATUS_COLORS, STATUS_ORDER, STATUS_RULES
from kpi_core.outputs.charts import (
    agencies_to_follow,
    heatmap,
    indicator_chart,
    pillar_panels,
    status_bars,
    status_counts,
    year_over_year,
)
from kpi_core.outputs.comparison import PHONE_PLOT, agency_ranking, compare_bars
from kpi_core.outputs.plotting import THAI_FONT, TOOLBAR_BAND, agency_short, agency_shorts
from kpi_core.outputs.progress import progress_long, quarterly_progress
from kpi_core.storage import summary
from kpi_core.storage.query import indicators, quarters
from kpi_core.storage.store import ingest, open_store

HOSTILE_NAME = "<script>alert(1)</script> & "
PILLAR_7 = {"met": 6, "near": 0, "not-met": 1, "no-data": 0, "no-target": 0}


def with_year(data: bytes, year: int) -> bytes:
    """The report with an explicit fiscal year in its header (the header wins over dates in the text)."""
    return data.replace("ประจำปี : ของหน่วยงาน".encode(), f"ประจำปี : {year} ของหน่วยงาน".encode(), 1)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    return engine


@pytest.fixture
def seed(engine: Engine) -> pd.DataFrame:
    return indicators(engine)


@pytest.fixture
def two_agencies(engine: Engine) -> pd.DataFrame:
    ingest(engine, for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    return indicators(engine)


@pytest.fixture
def empty(tmp_path: Path) -> pd.DataFrame:
    return indicators(open_store(f"sqlite:///{tmp_path / 'empty.db'}", seed=False))


def by_seq(df: pd.DataFrame, seq: int) -> pd.Series:
    return df.loc[df["seq"] == seq].iloc[0]


def hover_data(fig: go.Figure) -> str:
    """Everything a figure carries, as text: names, labels, titles, customdata, templates."""
    return repr(fig.to_plotly_json())


# --------------------------------------------------------------------------- counts and bars


def test_status_counts_by_pillar(seed: pd.DataFrame) -> None:
    counts = status_counts(seed, "plan_pillar")
    assert list(counts.columns) == ["plan_pillar", *STATUS_ORDER, "total", "percent_met"]
    assert counts["plan_pillar"].tolist() == [5, 7]
    p5, p7 = counts.iloc[0], counts.iloc[1]
    assert (p5["met"], p5["not-met"], p5["total"], p5["percent_met"]) == (1, 0, 1, 100.0)
    assert {s: p7[s] for s in STATUS_ORDER} == PILLAR_7
    assert p7["total"] == 7 and p7["percent_met"] == pytest.approx(600 / 7)


def test_status_counts_by_other_groups(seed: pd.DataFrame) -> None:
    assert status_counts(seed, "plan_dimension_code")["plan_dimension_code"].tolist() == ["5.3", "7.3"]
    for by, key in (("eval_dimension", 1), ("agency_code", "03000000"), ("fiscal_year", 2563)):
        row = status_counts(seed, by).iloc[0]
        assert (row[by], row["met"], row["not-met"], row["total"]) == (key, 7, 1, 8)
        assert row["percent_met"] == pytest.approx(87.5)


def test_indicators_without_plan_data_form_the_last_group(seed: pd.DataFrame) -> None:
    df = seed.copy()
    df.loc[df["seq"] == 1, ["plan_pillar", "plan_dimension_code"]] = [math.nan, None]
    counts = status_counts(df, "plan_pillar")
    assert counts["plan_pillar"].tolist() == [7, "—"]  # 7.0 of a column with NaN in it is still pillar 7
    assert counts.iloc[1][["met", "total"]].tolist() == [1, 1]
    assert status_bars(df, "plan_dimension_code").data[0].y == ("7.3 การบริหารทรัพยากรบุคคล", "ไม่ระบุ")


def test_indicators_without_a_pillar_or_dimension_form_a_bar_that_says_so(engine: Engine) -> None:
    ingest(engine, page(year=2563), "mykpi_pid_5008-2005.txt", uploaded_by="t")  # no plan, no dimension
    df = indicators(engine)
    assert status_bars(df, "plan_pillar").data[0].y[-1] == "ไม่ระบุ"
    assert status_bars(df, "eval_dimension").data[0].y == ("มิติที่ 1", "ไม่ระบุ")
    assert status_bars(df, "eval_dimension", "en").data[0].y == ("Dimension 1", "Not given")
    assert status_bars(df, "plan_pillar", "en").data[0].y[-1] == "Not given"
    assert "ไม่ระบุ" in [a.text for a in quarterly_progress(df).layout.annotations]  # its subplot's title


def test_status_bars_one_trace_per_status_with_its_counts_and_colour(seed: pd.DataFrame) -> None:
    fig = status_bars(seed, "plan_pillar")
    labels = {r.code: r.label_th for r in STATUS_RULES}
    assert [t.name for t in fig.data] == [labels[code] for code in STATUS_ORDER]
    assert fig.layout.barmode == "stack"
    for trace, code in zip(fig.data, STATUS_ORDER, strict=True):
        assert trace.orientation == "h"
        assert trace.y == ("ด้านที่ 5 มหานครประชาธิปไตย", "ด้านที่ 7 การบริหารจัดการเมืองมหานคร")  # titles, not bare numbers
        assert trace.marker.color == STATUS_COLORS[code]
        assert list(trace.x) == [1 if code == "met" else 0, PILLAR_7[code]]
    not_met = fig.data[STATUS_ORDER.index("not-met")]
    assert not_met.customdata[1][1] == pytest.approx(100 / 7)  # percent of the group, shown on hover
    assert ":,.0f" in not_met.hovertemplate and ":,.2f" in not_met.hovertemplate


def test_status_bars_labels_in_english_and_per_dimension(seed: pd.DataFrame) -> None:
    fig = status_bars(seed, "plan_pillar", lang="en")
    assert [t.name for t in fig.data] == ["Met", "Near", "Not met", "No target", "No data"]
    assert fig.data[0].y == ("Pillar 5 Democratic city", "Pillar 7 Metropolitan management")
    assert status_bars(seed, "eval_dimension", lang="en").data[0].y == ("Dimension 1",)
    assert status_bars(seed, "eval_dimension").data[0].y == ("มิติที่ 1",)
    dims = status_bars(seed, "plan_dimension_code").data[0].y
    assert dims == ("5.3 การกระจายอำนาจสู่ประชาชน", "7.3 การบริหารทรัพยากรบุคคล")


def test_status_bars_name_each_bar_above_it_so_the_bars_take_the_width(seed: pd.DataFrame) -> None:
    """Names beside the bars ("ด้านที่ 6 มหานครแห่งเศรษฐกิจและการเรียนรู้") left the bars a quarter of
    a phone's width and a third of a desk's column: the names stand above the bars instead, from
    the left edge, cut between letters when longer than a phone is wide; the hover keeps them whole."""
    df = seed.copy()
    df.loc[df["seq"] == 1, "plan_dimension_title"] = "ก" * 30 + "การพัฒนาเมืองให้น่าอยู่สำหรับทุกคน"
    fig = status_bars(df, "plan_dimension_code")
    assert fig.layout.yaxis.showticklabels is False and fig.layout.margin.l <= 10
    names = [a for a in fig.layout.annotations if a.yref == "y"]
    # One name per bar, standing on its top edge (bar i spans i ± 0.25 on the reversed axis).
    assert [a.y for a in names] == [i - 0.25 for i in range(len(fig.data[0].y))]
    assert all(a.x == 0 and a.xref == "paper" and a.xanchor == "left" and a.yanchor == "bottom" for a in names)
    assert fig.layout.bargap == 0.5 and fig.layout.yaxis.autorange == "reversed"
    first = next(a.text for a in names if a.text.startswith("5.3"))
    assert len(first) <= 44 and first.endswith("…") and "%{y}" in fig.data[0].hovertemplate


def tick_values(axis: object, top: float) -> list[float]:
    """The ticks a linear axis from 0 to ``top`` shows."""
    step = float(axis.dtick)  # type: ignore[attr-defined]
    return [float(axis.tick0) + k * step for k in range(int(top / step) + 1)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("n", [1, 2, 3, 7, 1068])
def test_count_axes_show_whole_numbers_only(n: int) -> None:
    """One indicator's view counted 0, 0.2, 0.4 … 1 "จำนวนตัวชี้วัด" (the briefing 0, 0.5 … 2)."""
    df = pd.DataFrame({"plan_pillar": [1] * n, "eval_dimension": [1] * n, "status": ["met"] * n})
    for by in ("plan_pillar", "eval_dimension"):
        axis = status_bars(df, by).layout.xaxis
        assert axis.tickmode == "linear" and axis.tickformat == ",d"
        ticks = tick_values(axis, n)
        assert all(v.is_integer() for v in ticks) and 2 <= len(ticks) <= 6, ticks


def test_titles_and_legends_clear_of_the_toolbar(engine: Engine, seed: pd.DataFrame) -> None:
    """On a phone Plotly's toolbar stays at the top right: a long title ran under it and off the
    screen, and a five-status legend's first item sat under it. Titles start below its band, the
    indicator page's charts have titles a phone wide, and the status legend sits under the title."""
    panels = len(pillar_panels(summary.pillar_progress(seed), summary.ON_TRACK_GOAL))
    for fig in all_figures(seed, engine, "th")[:-panels]:  # the pillar panels have no toolbar
        assert fig.layout.title.pad.t >= TOOLBAR_BAND, fig.layout.title.text
    row = by_seq(seed, 7).copy()
    row["name"] = "มิติที่ 3 (3.2) ร้อยละความสำเร็จของการดำเนินโครงการให้บริการที่ดีที่สุด (Best Service) รักษารอบ"
    chart = indicator_chart(row, quarters(engine, [int(row["indicator_id"])]))
    assert chart is not None and len(chart.layout.title.text) <= 40
    assert len(year_over_year(seed[seed["seq"] == 7]).layout.title.text) <= 40
    fig = status_bars(seed, "plan_pillar")
    legend, height = fig.layout.legend, fig.layout.height
    assert legend.xref == legend.yref == "container" and legend.x == 0 and legend.yanchor == "top"
    assert (1 - legend.y) * height >= TOOLBAR_BAND + 26  # below the band and the title's line


# --------------------------------------------------------------------------- heatmap


def test_heatmap_agencies_by_pillar(two_agencies: pd.DataFrame) -> None:
    cell = heatmap(two_agencies).data[0]
    assert cell.y == ("สำนักงาน ก.ก.", "หน่วยงาน 05000000")  # named from the registry; never a bare code
    assert cell.x == ("ด้านที่ 5 มหานครประชาธิปไตย", "ด้านที่ 7 การบริหารจัดการเมืองมหานคร")
    assert [[round(v, 2) for v in row] for row in cell.z] == [[100.0, 85.71], [100.0, 100.0]]
    assert [list(row) for row in cell.text] == [["1/1", "6/7"], ["1/1", "7/7"]]
    assert heatmap(two_agencies, lang="en").data[0].x == (
        "Pillar 5 Democratic city",
        "Pillar 7 Metropolitan management",
    )
    assert heatmap(two_agencies, lang="en").data[0].y == (  # the registry's English name; a made-up one
        "Office of the Bangkok Metropolitan Civil Service Commission",
        "Agency 05000000",
    )


def test_heatmap_cell_without_indicators_is_a_gap(two_agencies: pd.DataFrame) -> None:
    df = two_agencies[~((two_agencies["agency_code"] == "05000000") & (two_agencies["plan_pillar"] == 5))]
    cell = heatmap(df).data[0]
    assert math.isnan(cell.z[1][0]) and cell.text[1][0] == ""
    assert cell.z[1][1] == 100.0 and cell.text[1][1] == "7/7"


# --------------------------------------------------------------------------- quarterly progress


def test_progress_long_percent_of_target(seed: pd.DataFrame) -> None:
    long = progress_long(seed)
    assert len(long) == 8 * 4
    seventh = long[long["seq"] == 7]
    assert seventh["quarter"].tolist() == [1, 2, 3, 4]
    assert seventh["value"].tolist() == [20.0, 0.0, 0.0, 100.0]
    assert seventh["percent_of_target"].tolist() == [25.0, 0.0, 0.0, 125.0]  # target 80
    assert set(seventh["unit"]) == {"ร้อยละ"} and set(seventh["plan_dimension_code"]) == {"7.3"}


def test_progress_long_has_no_percent_without_target_or_value(seed: pd.DataFrame) -> None:
    df = seed.copy()
    df.loc[df["seq"] == 7, "target"] = 0.0
    df.loc[df["seq"] == 2, "q1"] = math.nan
    long = progress_long(df)
    assert long.loc[long["seq"] == 7, "percent_of_target"].isna().all()
    second = long[long["seq"] == 2]
    assert second["value"].isna().tolist() == [True, False, False, False]
    assert second["percent_of_target"].isna().tolist() == [True, False, False, False]
    assert second["percent_of_target"].iloc[3] == pytest.approx(100.0)  # 30 of 30


def test_quarterly_progress_lines_per_dimension(seed: pd.DataFrame) -> None:
    fig = quarterly_progress(seed)
    assert [a.text for a in fig.layout.annotations] == ["5.3 การกระจายอำนาจสู่ประชาชน", "7.3 การบริหารทรัพยากรบุคคล"]
    assert len(fig.data) == 8
    seventh = next(t for t in fig.data if t.name.startswith("(7) "))
    assert seventh.x == ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4")
    assert list(seventh.y) == [25.0, 0.0, 0.0, 125.0]
    assert [row[0] for row in seventh.customdata] == [20.0, 0.0, 0.0, 100.0]  # raw values for the hover
    assert {row[1] for row in seventh.customdata} == {"ร้อยละ"}
    assert seventh.customdata[0][2] == by_seq(seed, 7)["name"]
    third = next(t for t in fig.data if t.name.startswith("(3) "))
    assert {row[1] for row in third.customdata} == {"จำนวน (หลักสูตร)"}
    assert list(third.y) == [0.0, 0.0, 0.0, 100.0]  # 1 course of a target of 1
    assert {t.yaxis for t in fig.data} == {"y", "y2"}  # one subplot row per plan dimension
    lines = [s for s in fig.layout.shapes if s.y0 == s.y1 == 100]
    assert len(lines) == 2 and all(s.line.dash == "dash" for s in lines)
    assert quarterly_progress(seed, lang="en").data[0].x == ("Q1", "Q2", "Q3", "Q4")
    assert fig.layout.legend.y < 0  # eight long names go below the plots, not over the titles
    assert status_bars(seed, "plan_pillar").layout.legend.y > 0.5  # the status figures keep it on top


def test_quarterly_progress_names_the_agency_when_there_are_several(two_agencies: pd.DataFrame) -> None:
    names = [t.name for t in quarterly_progress(two_agencies).data]
    assert len(names) == 16 and names[0].startswith("0") and len(set(names)) == 16


def test_quarterly_progress_numbers_only_the_indicators_that_have_one(engine: Engine) -> None:
    ingest(engine, page(year=2563), "mykpi_pid_5008-2005.txt", uploaded_by="t")  # a page has no number
    names = [t.name for t in quarterly_progress(indicators(engine)).data]
    assert len(names) == 9 and sum(n.startswith("0300") for n in names) == 8
    assert any(n.startswith("03000000 2563 (8) ร้อยละ") for n in names), names
    assert any(n.startswith("50080000 2563 ร้อยละของคำขออนุญาต") for n in names), names  # no "(—)" before it


LEANING = set("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")  # vowels and marks written on, under or after the letter before them
LEADING = set("เแโใไ")  # vowels written before their consonant


def cut_cleanly(label: str, whole: str) -> bool:
    """A cut label is the start of its text, neither ending on a leading vowel without its
    consonant nor leaving the next letter's vowel or tone mark behind."""
    if not label.endswith("…"):
        return label == whole
    kept = label[:-1]
    return whole.startswith(kept) and kept[-1:] not in LEADING and whole[len(kept.rstrip()) :][:1] not in LEANING


def test_quarterly_progress_cuts_long_names_between_letters(seed: pd.DataFrame) -> None:
    """The legend cut names at 40 characters, wherever that fell: "…ผู" left its ้ behind. Here every
    letter of a Thai phrase full of marks and leading vowels falls on the cut once."""
    phrase = "ผู้เข้ารับการอบรมที่ได้รับใบประกาศนียบัตร"
    for start in range(0, len(phrase), len(seed)):
        df = seed.copy()
        df["name"] = ["ก" * (39 - k) + phrase for k in range(start, start + len(seed))]
        for trace in quarterly_progress(df).data:
            whole = trace.customdata[0][2]
            label = trace.name.split(") ", 1)[1]
            assert len(label) <= 40 and cut_cleanly(label, whole), (label, whole)


# --------------------------------------------------------------------------- one indicator


def test_indicator_chart_bars_and_target_line(engine: Engine, seed: pd.DataFrame) -> None:
    row = by_seq(seed, 7)
    fig = indicator_chart(row, quarters(engine, seed["indicator_id"].tolist()))
    bars = fig.data[0]
    assert bars.x == ("ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4")
    assert list(bars.y) == [20.0, 0.0, 0.0, 100.0]
    assert [c[2] for c in bars.customdata] == ["100 / 100", "100 / 100", "0 / 0", "100 / 100"]
    assert bars.customdata[0][1] == "—"  # the seed has no SED scores
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == 80.0 and line.line.dash == "dash"
    assert fig.layout.annotations[0].text == "เป้าหมาย 80"
    assert fig.layout.yaxis.title.text == "ร้อยละ"
    assert fig.layout.title.text == "ค่ารายไตรมาสเทียบกับค่าเป้าหมาย"  # the page's title names the indicator
    english = indicator_chart(row, quarters(engine, [int(row["indicator_id"])]), lang="en")
    assert english.data[0].x == ("Q1", "Q2", "Q3", "Q4") and english.layout.annotations[0].text == "Target 80"
    assert "SED score" in english.data[0].hovertemplate


def test_indicator_chart_without_quarter_values_is_none_not_an_empty_axis(engine: Engine, seed: pd.DataFrame) -> None:
    """A page of text without numbers drew an empty chart, its axis 9-11 around the target line."""
    row = by_seq(seed, 7)
    qs = quarters(engine, [int(row["indicator_id"])])
    assert indicator_chart(row, qs.assign(value=math.nan)) is None
    one = qs.assign(value=[math.nan, math.nan, 5.0, math.nan])
    chart = indicator_chart(row, one)
    assert chart is not None and list(chart.data[0].y)[2] == 5.0  # one value is worth a chart


def test_year_over_year(engine: Engine) -> None:
    ingest(engine, with_year(corrected(), 2564), "2564.txt", uploaded_by="t")
    df = indicators(engine)
    assert sorted(set(df["fiscal_year"])) == [2563, 2564]
    eighth = df[df["ident"] == by_seq(df, 8)["ident"]]
    fig = year_over_year(eighth)
    met, not_met, target = fig.data  # a bar trace per status, in the legend's order
    assert met.x == ("2564",) and list(met.y) == [75.0] and met.marker.color == STATUS_COLORS["met"]
    assert not_met.x == ("2563",) and list(not_met.y) == [0.0] and not_met.marker.color == STATUS_COLORS["not-met"]
    assert target.x == ("2563", "2564") and list(target.y) == [70.0, 70.0]
    assert fig.layout.xaxis.type == "category" and fig.layout.xaxis.categoryarray == ("2563", "2564")
    assert year_over_year(eighth, lang="en").data[-1].name == "Target"


def test_year_over_year_legend_names_the_colour_of_every_bar(engine: Engine) -> None:
    """The legend showed one red swatch "ผลงาน" over bars coloured green, orange and red by status:
    each colour drawn has its own entry, named by its status, and no entry stands for no bar."""
    ingest(engine, with_year(corrected(), 2564), "2564.txt", uploaded_by="t")
    df = indicators(engine)
    eighth = df[df["ident"] == by_seq(df, 8)["ident"]]
    fig = year_over_year(eighth)
    bars = [t for t in fig.data if t.type == "bar"]
    for bar in bars:
        assert isinstance(bar.marker.color, str), "one colour per trace: the legend swatch is the bars' colour"
    legend = {t.name: t.marker.color for t in bars if t.showlegend is not False}
    assert legend == {"บรรลุ": STATUS_COLORS["met"], "ไม่บรรลุ": STATUS_COLORS["not-met"]}
    english = year_over_year(eighth, lang="en")
    assert [t.name for t in english.data] == ["Met", "Not met", "Target"]
    assert [t.name for t in year_over_year(eighth.assign(result=math.nan)).data] == ["เป้าหมาย"]  # no bar, no entry


# --------------------------------------------------------------------------- compare (kpi_core.outputs.comparison)


def test_compare_bars_years_of_an_agency(engine: Engine) -> None:
    ingest(engine, with_year(corrected(), 2564), "2564.txt", uploaded_by="t")
    mine = indicators(engine)
    years = compare_bars(status_counts(mine[mine["agency_code"] == "03000000"], "fiscal_year"), "fiscal_year")
    assert years.data[0].x == ("2563", "2564") and years.data[0].text == ("7/8", "8/8")
    assert list(years.data[0].y) == [87.5, 100.0]


def ranking_rows(n: int) -> pd.DataFrame:
    """Agency ``9100xxxx`` (named alike, as BMA's departments are) with ``i % 11`` of 10 met."""
    return pd.DataFrame(
        [
            {"agency_code": f"{91000000 + i * 10000}", "agency_name": f"สำนักตัวอย่างสิ่งแวดล้อม {i:03d}", "status": s}
            for i in range(n)
            for s in ["met"] * (i % 11) + ["not-met"] * (10 - i % 11)
        ]
    )


def test_agency_ranking_at_bma_scale_reads_across_best_first_and_says_what_it_leaves_out() -> None:
    """129 agencies were 129 upright bars with turned labels, every other one hidden. Now: rows
    across, ranked, the 15 first and 15 last, a row saying how many are not drawn between them;
    each label short, different from the others, the whole name with its code in the hover."""
    fig = agency_ranking(ranking_rows(129))
    bars = fig.data[0]
    assert bars.orientation == "h" and len(bars.y) == 30
    shares = list(bars.x)
    assert shares == sorted(shares, reverse=True) and shares[0] == 100.0 and shares[-1] == 0.0
    axis = fig.layout.yaxis
    assert axis.autorange == "reversed" and len(axis.categoryarray) == 31
    assert axis.categoryarray[15] == axis.ticktext[15] == "⋯ อีก 99 หน่วยงาน ⋯" and axis.categoryarray[15] not in bars.y
    labels = [x for i, x in enumerate(axis.ticktext) if i != 15]
    assert len(set(labels)) == 30 and all(len(x) <= 24 for x in labels), labels
    assert fig.layout.height >= 26 * 31  # a readable row each, not squeezed into a fixed height
    first = bars.customdata[0]  # 100 % met, the most indicators, the lowest code: agency 10
    assert first[2] == "91100000 สำนักตัวอย่างสิ่งแวดล้อม 010" and bars.text[0] == "100% · 10/10"
    assert "%{customdata[2]}" in bars.hovertemplate
    assert agency_ranking(ranking_rows(129), "en").layout.yaxis.ticktext[15] == "⋯ 99 more agencies ⋯"


def test_agency_ranking_labels_stay_whole_on_a_phone() -> None:
    """Plotly's "auto" put "30% · 3/10" inside a bar a phone draws 50 px long, and cut it to
    "0% · 3/10": a label goes inside only a bar it fits in on a phone's plot, after the others,
    and one after a bar has room to its end (the right margin, nothing clipped at the axis)."""
    fig = agency_ranking(ranking_rows(11), "en")  # 0, 10, … 100 % met
    bars = fig.data[0]
    where = dict(zip(bars.text, bars.textposition, strict=True))
    assert where["100% · 10/10"] == where["60% · 6/10"] == "inside"
    assert where["30% · 3/10"] == where["20% · 2/10"] == where["0% · 0/10"] == "outside"
    assert bars.cliponaxis is False
    digit = 6.0  # px: a digit of an 11 px label; "·", "%" and "/" are no wider
    for share, text, position in zip(bars.x, bars.text, bars.textposition, strict=True):
        bar, label = share / 100 * PHONE_PLOT, digit * len(text)
        if position == "inside":
            assert bar >= label + 6, text  # with Plotly's padding either side
        else:
            assert position == "outside" and bar + 3 + label <= PHONE_PLOT + fig.layout.margin.r, text
    odd = ranking_rows(8).replace({"status": {"met": "near"}})  # 0 % met everywhere: every label after its bar
    assert set(agency_ranking(odd).data[0].textposition) == {"outside"}


def test_agency_ranking_of_a_few_agencies_draws_them_all_and_grows_with_them() -> None:
    few, more = agency_ranking(ranking_rows(12)), agency_ranking(ranking_rows(25))
    assert len(few.data[0].y) == 12 and len(more.data[0].y) == 25
    assert len(few.layout.yaxis.categoryarray) == 12  # no "more agencies" row
    assert more.layout.height - few.layout.height == 13 * 26


# --------------------------------------------------------------------------- every figure


def all_figures(df: pd.DataFrame, engine: Engine, lang: str) -> list[go.Figure]:
    qs = quarters(engine, df["indicator_id"].tolist())
    first = df.iloc[0] if not df.empty else pd.Series({"indicator_id": 0, "name": "", "unit": "", "target": None})
    chart = indicator_chart(first, qs, lang)
    lines = quarterly_progress(df, lang)
    return [
        status_bars(df, "plan_pillar", lang),
        heatmap(df, lang),
        *([lines] if lines is not None else []),
        *([chart] if chart is not None else []),
        year_over_year(df[df["ident"] == first.get("ident")], lang),
        compare_bars(status_counts(df, "fiscal_year"), "fiscal_year", lang),
        agency_ranking(df, lang),
        *pillar_panels(summary.pillar_progress(df), summary.ON_TRACK_GOAL, lang).values(),
    ]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_figure_uses_the_thai_font_and_shared_layout(engine: Engine, seed: pd.DataFrame, lang: str) -> None:
    for fig in all_figures(seed, engine, lang):
        assert fig.layout.font.family == THAI_FONT and "Loma" in fig.layout.font.family
        assert fig.layout.template == pio.templates["none"]  # no template's weight in every figure
        assert len(pio.to_json(fig, validate=False)) < 60_000
        assert fig.layout.legend.orientation == "h"
        assert fig.layout.title.text


def test_empty_data_gives_empty_valid_figures(engine: Engine, empty: pd.DataFrame) -> None:
    assert empty.empty
    assert status_counts(empty, "plan_pillar").empty and progress_long(empty).empty
    figures = all_figures(empty, engine, "th")
    for fig in figures:
        go.Figure(fig.to_dict())  # validates again: the JSON the browser gets is well formed
        assert all(len(t.x or ()) == 0 for t in fig.data if t.type != "heatmap")
        assert "Loma" in fig.layout.font.family
    assert len(figures[0].data) == len(STATUS_ORDER)
    assert figures[1].data[0].z == ()


# --------------------------------------------------------------------------- hostile text


def test_names_from_files_are_escaped(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'hostile.db'}", seed=False)
    seventh = "ร้อยละของความพึงพอใจของหน่วยงานบริหาร"
    ingest(engine, SEED.replace(seventh.encode(), (HOSTILE_NAME + seventh).encode()), "x.txt", uploaded_by="t")
    df = indicators(engine)
    assert by_seq(df, 7)["name"].startswith(HOSTILE_NAME)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
    progress = quarterly_progress(df)
    trace = next(t for t in progress.data if "(7)" in t.name)
    assert trace.customdata[0][2].startswith(escaped) and trace.name.startswith("(7) " + escaped)
    assert "&lt;script&gt;" in hover_data(progress)
    chart = indicator_chart(by_seq(df, 7), quarters(engine, df["indicator_id"].tolist()))
    yoy = year_over_year(df[df["seq"] == 7])
    for fig in (progress, chart, yoy):  # the indicator page's charts no longer carry the name at all
        assert "<script>" not in hover_data(fig)


@pytest.mark.parametrize(
    "make",
    [lambda df: status_bars(df, "plan_dimension_code"), lambda df: quarterly_progress(df)],
)
def test_plan_titles_from_files_are_escaped(seed: pd.DataFrame, make: Callable[[pd.DataFrame], go.Figure]) -> None:
    df = seed.copy()
    df["plan_dimension_title"] = df["plan_dimension_title"] + ' <img src=x onerror="x">'
    text = hover_data(make(df))
    assert "<img" not in text and '&lt;img src=x onerror="x"&gt;' in text  # escaped once: no &quot;


def test_quotes_in_report_text_reach_plotly_once(tmp_path: Path) -> None:
    """Plotly decodes &lt; &gt; &amp; and numeric references but shows &quot; as written: a name
    with "quotes" was shown as &quot;quotes&quot;. Every figure of a report with quotes in its
    agency name and plan-dimension title carries the quotes themselves."""
    engine = open_store(f"sqlite:///{tmp_path / 'quotes.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000", hostile()), "h.txt", uploaded_by="t", agency_name=HOSTILE_AGENCY_NAME)
    df = indicators(engine)
    first = by_seq(df[df["agency_code"] == "05000000"], 1)
    counts = status_counts(df, "agency_code")
    counts.insert(0, "label", counts["agency_code"].map({"03000000": "a", "05000000": HOSTILE_AGENCY_NAME}))
    texts = {
        "by dimension": hover_data(status_bars(df[df["agency_code"] == "05000000"], "plan_dimension_code")),
        "heat map": hover_data(heatmap(df)),
        "progress": hover_data(quarterly_progress(df)),
        "indicator": hover_data(indicator_chart(first, quarters(engine, [int(first["indicator_id"])]))),
        "years": hover_data(year_over_year(df[df["ident"] == first["ident"]])),
        "compare": hover_data(compare_bars(counts, "label")),
        "ranking": hover_data(agency_ranking(df)),
    }
    engine.dispose()
    assert [k for k, text in texts.items() if "&quot;" in text or "<img" in text] == []
    assert '"อำนาจ"' in texts["by dimension"] and '"สำนัก"' in texts["heat map"] and '"สำนัก"' in texts["compare"]
    assert '"สำนัก"' in texts["ranking"]
    # indicator 1's name: a formula, Markdown and <img> (the indicator page's charts leave the name to the page)
    assert 'HYPERLINK("https' in texts["progress"] and "&lt;img src=" in texts["progress"]


PROGRESS = pd.DataFrame(
    {
        "plan_pillar": [1, 1, 1, 1, 6, 6, 6, 6],
        "quarter": [1, 2, 3, 4] * 2,
        "indicators": [10] * 8,
        "reported": [10, 10, 0, 0, 5, 5, 5, 5],
        "on_track": [5, 8, 0, 0, 1, 2, 3, 5],
        "percent_on_track": [50.0, 80.0, None, None, 20.0, 40.0, 60.0, 100.0],
    }
)


def test_pillar_panels_one_small_figure_per_pillar_with_unreported_quarters_apart() -> None:
    panels = pillar_panels(PROGRESS, 80.0)
    assert list(panels) == [1, 6]
    first, sixth = panels.values()
    reported, unreported = first.data
    assert reported.x == ("ไตรมาส 1", "ไตรมาส 2") and reported.text == ("50%", "80%")
    assert unreported.x == ("ไตรมาส 3", "ไตรมาส 4") and unreported.text == ("ยังไม่รายงาน", "ยังไม่รายงาน")  # not 0 %
    assert len(sixth.data) == 1  # every quarter reported: no "not reported" bar
    assert [s.y0 for s in first.layout.shapes] == [80.0]  # the goal line
    # Legible a phone wide: a short title (the full one in the hover), labels that do not turn.
    assert first.layout.title.text == "ด้านที่ 1 ปลอดภัย"
    assert sixth.layout.title.text == "ด้านที่ 6 เศรษฐกิจและการเรียนรู้"
    assert "ด้านที่ 6 มหานครแห่งเศรษฐกิจและการเรียนรู้" in sixth.data[0].hovertemplate
    assert "%{x}" not in sixth.data[0].hovertemplate and sixth.data[0].customdata[0][4] == "ไตรมาส 1"
    axis = first.layout.xaxis
    # Under each quarter, how many of the pillar's indicators reported it: 100 % of 5 of 10 is no
    # pillar on track (the review read 100 % where 2 of 5 had reported).
    assert axis.tickangle == 0 and axis.ticktext == ("1<br>10/10", "2<br>10/10", "3<br>0/10", "4<br>0/10")
    assert axis.title.text == "ไตรมาส · รายงานแล้ว/ทั้งหมด"  # the word once, not four times side by side
    assert sixth.layout.xaxis.ticktext[0] == "1<br>5/10"
    assert list(axis.categoryarray) == [
        "ไตรมาส 1",
        "ไตรมาส 2",
        "ไตรมาส 3",
        "ไตรมาส 4",
    ]  # in order, whatever is reported
    assert reported.textangle == 0 and unreported.textangle == -90  # "ยังไม่รายงาน" is wider than a bar
    english = pillar_panels(PROGRESS, 80.0, "en")[1].layout.xaxis
    assert english.ticktext[:2] == ("1<br>10/10", "2<br>10/10") and english.title.text == "Quarter · reported/all"
    assert pillar_panels(PROGRESS.iloc[0:0], 80.0) == {}


def many_agencies(n: int) -> pd.DataFrame:
    """Agency ``a<i>`` with ``i`` indicators not met and one met, in pillar 1."""
    rows = [
        {"agency_code": f"a{i:03d}", "agency_name": f"สำนักงานเขตตัวอย่าง {i:03d}", "plan_pillar": 1, "status": s}
        for i in range(n)
        for s in ["met"] + ["not-met"] * i
    ]
    return pd.DataFrame(rows)


def test_heatmap_at_bma_scale_shows_the_agencies_with_most_to_follow_up() -> None:
    df = many_agencies(120)
    assert agencies_to_follow(df, 3) == ["a119", "a118", "a117"]
    cells = heatmap(df, limit=20).data[0]
    assert len(cells.y) == 20 and cells.y[0] == "สำนักงานเขตตัวอย่าง 119"  # most first
    assert heatmap(df, limit=20).layout.height < 1000  # a screen, not three
    assert len(heatmap(df).data[0].y) == 120  # the briefing asks for all of them
    # A district office by its district, as BMA calls it, on a row a phone wide.
    assert heatmap(df, limit=20).layout.yaxis.ticktext[0] == "เขตตัวอย่าง 119"


def test_heatmap_with_few_agencies_keeps_them_all_in_code_order(two_agencies: pd.DataFrame) -> None:
    fig = heatmap(two_agencies, limit=20)
    assert fig.data[0].y == heatmap(two_agencies).data[0].y == ("สำนักงาน ก.ก.", "หน่วยงาน 05000000")
    assert fig.layout.xaxis.ticktext == ("5", "7") and fig.layout.xaxis.tickangle == 0  # numbers fit a phone
    marks = fig.data[1]  # the hover names the cell in full, not by the axes' short labels
    assert "%{y}" not in marks.hovertemplate and "%{x}" not in marks.hovertemplate
    assert marks.customdata[0][3:] == ["สำนักงาน ก.ก.", "ด้านที่ 5 มหานครประชาธิปไตย"]


BMA_DEPARTMENTS = [
    "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
    "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานครฝ่ายที่สอง",  # the same first 24 characters, no space
    "สำนักยุทธศาสตร์และประเมินผล",
    "สำนักงานเขตป้อมปราบศัตรูพ่าย",
    "สำนักอนามัย",
    "สำนักอนามัย",  # two agencies under one name in the registry
]


def test_heatmap_rows_stay_apart_when_their_names_are_cut() -> None:
    """Names cut at 24 characters read the same ("สำนักตัวอย่างสิ่งแวดล้อ…" twice) at BMA scale:
    every row label is still different from the others, short, and cut between letters."""
    names = [f"สำนักตัวอย่างสิ่งแวดล้อม {i:02d}" for i in range(30)] + ["สำนักตัวอย่างการระบายน้ำ 10", *BMA_DEPARTMENTS]
    df = pd.DataFrame(
        [
            {"agency_code": f"{91000000 + i}", "agency_name": name, "plan_pillar": 1 + i % 7, "status": "met"}
            for i, name in enumerate(names)
        ]
    )
    fig = heatmap(df)
    rows, labels = fig.data[0].y, fig.layout.yaxis.ticktext
    assert len(rows) == len(set(rows)) == len(names)  # two agencies of one name are two rows
    assert list(fig.layout.yaxis.tickvals) == list(rows)
    assert len(set(labels)) == len(labels), [x for x in labels if labels.count(x) > 1]
    assert all(len(x) <= 24 for x in labels)
    assert "สำนักตัวอย่างสิ่งแวด… 07" in labels and "เขตป้อมปราบศัตรูพ่าย" in labels and "สำนักอนามัย (91000035)" in rows
    assert [x[-3:] for x in labels[:31]] == [f" {i:02d}" for i in [*range(30), 10]]  # numbered rows cut alike
    assert "สำนักยุทธศาสตร์และประ…" in labels  # a name apart from the others keeps its start
    for label in labels:
        head, _, tail = label.partition("…")
        assert head[-1:] not in LEADING and tail[:1] not in LEANING, label
    phone = heatmap(df, limit=20).layout.yaxis.ticktext  # the rows a phone shows
    assert len(set(phone)) == len(phone) == 20


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("สำนักงานเขตป้อมปราบศัตรูพ่าย", "เขตป้อมปราบศัตรูพ่าย"),
        ("สำนักการระบายน้ำ", "สำนักการระบายน้ำ"),
        ("สำนักงานเขต", "สำนักงานเขต"),  # nothing after the prefix: left alone
        ("สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", "สำนักงานคณะกรรมการข้ารา…"),
        ("ก" * 23 + "ั" + "ข", "ก" * 22 + "…"),  # never a vowel mark without its letter
        ("ก" * 22 + "เขต", "ก" * 22 + "…"),  # nor a leading vowel without its consonant
    ],
)
def test_agency_short(name: str, short: str) -> None:
    assert agency_short(name) == short


def bma_registry() -> pd.DataFrame:
    return pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "agencies.csv", dtype=str)


@pytest.mark.parametrize("column", ["name", "name_en"])
def test_the_fifty_districts_keep_their_names_short_and_apart(column: str) -> None:
    """Cut at 24 characters, "Pom Prap Sattru Phai District Office" had room for the words every
    district office shares, not for the district: each short label keeps the district's name."""
    registry = bma_registry()
    districts = registry[registry["kind"] == "district"]
    assert len(districts) == 50
    names = registry[column].tolist()
    shorts = agency_shorts(names)
    assert len(set(shorts)) == len(names) and all(len(s) <= 24 for s in shorts)
    for name, short in zip(districts[column], agency_shorts(districts[column].tolist()), strict=True):
        place = name.removeprefix("สำนักงานเขต").removesuffix(" District Office")
        assert place != name and place in short, (name, short)
    expected = ["เขตป้อมปราบศัตรูพ่าย", "เขตบางรัก"] if column == "name" else ["Pom Prap Sattru Phai…", "Bang Rak District"]
    assert set(expected) <= set(shorts)


def test_numbered_district_offices_keep_their_numbers_whole() -> None:
    names = [f"Sample District Office {i:02d}" for i in range(1, 51)] + [f"Sample Department {i:02d}" for i in range(9)]
    shorts = agency_shorts(names)
    assert shorts[32] == "Sample District 33" and shorts[50] == "Sample Department 00"
    assert len(set(shorts)) == len(names) and "…" not in "".join(shorts)
    # Two agencies a district name would call alike keep their whole names (cut apart as before).
    assert agency_shorts(["Bang Rak District Office", "Bang Rak District"]) == [
        "Bang Rak District Office",
        "Bang Rak District",
    ]


def test_the_heat_map_and_ranking_name_districts_by_their_district_in_english() -> None:
    registry = bma_registry()
    df = pd.DataFrame(
        [
            {
                **{"agency_code": r.code, "agency_name": r.name, "agency_name_en": r.name_en},
                **{"plan_pillar": 1 + i % 7, "status": "met" if i % 3 else "near"},
            }
            for i, r in enumerate(registry.itertuples())
        ]
    )
    for labels in (heatmap(df, "en").layout.yaxis.ticktext, agency_ranking(df, "en", limit=60).layout.yaxis.ticktext):
        assert "Pom Prap Sattru Phai…" in labels and "Bang Khun Thian District" in labels, labels
        assert len(set(labels)) == len(labels) == 51
