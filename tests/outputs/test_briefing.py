"""The HTML briefing: self-contained, stamped, escaped, and with the numbers of the view."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest

from builders import SEED, for_agency, page, page_without_q4
from kpi_core.outputs import briefing
from kpi_core.outputs.briefing import TEXT, briefing_html
from kpi_core.outputs.charts import HEATMAP_AGENCIES
from kpi_core.storage.query import Filters, indicators
from kpi_core.storage.store import ingest, open_store
from kpi_core.storage.summary import exceptions
from kpi_core.tools.synth import demo_reports
from ui.i18n import STRINGS

WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


ALL = Filters()


def build(tmp_path: Path, data: bytes = SEED, filters: Filters = ALL, lang: str = "th") -> str:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, data, "seed.txt", uploaded_by="t")
    return briefing_html(indicators(engine, filters), filters, 7, WHEN, lang).decode("utf-8")


def test_self_contained_stamped_and_counted(tmp_path: Path) -> None:
    page = build(tmp_path, filters=Filters(fiscal_years=(2563,)))
    assert page.startswith("<!doctype html>") and "<meta charset='utf-8'>" in page
    # Opens offline: Plotly's script is inlined once, nothing is loaded from elsewhere.
    assert page.count("plotly.js v") == 1  # Plotly's own banner: the library is inlined exactly once
    assert not re.search(r"<script[^>]+src=", page) and "<link" not in page
    assert "ปีงบประมาณ: 2563" in page and "ข้อมูลฉบับที่ 7" in page and "26 พ.ย. 2569 16:30" in page  # Bangkok time
    cards = dict(re.findall(r"<div class='card'>([^<]+)<b>([^<]+)</b>", page))
    assert cards == {
        "ตัวชี้วัด": "8",
        "บรรลุ": "7",
        "ใกล้เคียง": "0",
        "ไม่บรรลุ": "1",
        "ไม่มีข้อมูล/ไม่มีเป้า": "0",  # the dashboard's card: both kinds, under the dashboard's name
        "ร้อยละที่บรรลุ": "87.5%",
    }
    assert page.count("<tr><td>") == 8 and "@media print" in page


def test_english(tmp_path: Path) -> None:
    page = build(tmp_path, lang="en")
    assert "Performance indicator briefing" in page and "<b>7</b>" in page and "Not met" in page


def test_english_names_the_agency_as_the_registry_does_in_english(tmp_path: Path) -> None:
    english = "Office of the Bangkok Metropolitan Civil Service Commission"  # data/agencies.csv
    page = build(tmp_path, filters=Filters(agency_codes=("03000000",)), lang="en")
    assert f"<td>{english}</td>" in page and f"03000000 {english}" in page  # the table and the filter line
    assert "สำนักงาน ก.ก." not in page
    thai = build(tmp_path / "th", filters=Filters(agency_codes=("03000000",)))
    assert "<td>สำนักงาน ก.ก.</td>" in thai and english not in thai


def test_report_text_is_escaped(tmp_path: Path) -> None:
    hostile = for_agency("05000000").replace(
        "(8) ร้อยละของความพึงพอใจ".encode(), b"(8) <script>alert(1)</script> & <img src=x onerror=alert(2)>"
    )
    page = build(tmp_path, hostile)
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page


def test_indicator_numbers_stay_whole_beside_an_indicator_without_one(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, page(year=2563), "mykpi_pid_5008-2005.txt", uploaded_by="t")  # no number
    page_html = briefing_html(indicators(engine), ALL, 7, WHEN).decode("utf-8")
    table = page_html[page_html.index("<table>") :]
    assert "<td>(8) ร้อยละของความพึงพอใจ" in table and "<td>ร้อยละของคำขออนุญาตก่อสร้างอาคาร" in table
    assert not re.search(r"\(\d+\.0\)", table)


def test_an_agency_without_a_name_in_the_briefings_language_its_code_once(tmp_path: Path) -> None:
    only = Filters(agency_codes=("08000000",))
    english = build(tmp_path, for_agency("08000000"), only, "en")
    assert "Agency: Agency 08000000 ·" in english and "<td>Agency 08000000</td>" in english
    assert "หน่วยงาน 08000000" not in english
    thai = build(tmp_path, for_agency("08000000"), only)
    assert "หน่วยงาน: หน่วยงาน 08000000 ·" in thai and "<td>หน่วยงาน 08000000</td>" in thai
    assert "08000000 หน่วยงาน" not in thai


def test_control_characters_stored_before_the_parser_took_them_out_are_left_out(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    df = indicators(engine, ALL)
    df.loc[df.index[0], "name"] = "abc\u202eFDP.exe\u202c ก\x1fข\x00"
    df.loc[df.index[1], "unit"] = "ร้อยละ\x0c\x7f"
    page = briefing_html(df, ALL, 7, WHEN, "th").decode("utf-8")
    assert "abcFDP.exe กข</td>" in page and "<td>ร้อยละ</td>" in page
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", page.split("<table>", 1)[1])


def figures_in(page: str) -> list[dict]:  # type: ignore[type-arg]
    """The figures of a briefing, as Plotly draws them (the JSON each ``newPlot`` call gets)."""
    found = re.findall(r'Plotly\.newPlot\(\s*"[^"]+",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"responsive"', page, re.S)
    return [pio.from_json(f'{{"data": {data}, "layout": {layout}}}').to_dict() for data, layout in found]


def test_english_cards_and_chart_titles_say_what_the_dashboard_says(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="t")
    page = briefing_html(indicators(engine), ALL, 7, WHEN, "en").decode("utf-8")
    cards = dict(re.findall(r"<div class='card'>([^<]+)<b>([^<]+)</b>", page))
    assert "No data / no target" in cards and "No data" not in cards
    titles = [f["layout"]["title"]["text"] for f in figures_in(page)]
    assert titles[:2] == ["Indicator status per plan dimension", "Indicator status per evaluation dimension"]
    assert len(set(titles)) == len(titles), titles  # no two charts under one title
    heat = next(f for f in figures_in(page) if f["data"][0]["type"] == "heatmap")
    assert len(heat["data"][0]["y"]) == 2 and "<p class='note'>" not in page  # two agencies: both, no note


def test_the_heat_map_keeps_the_agencies_the_overview_keeps(tmp_path: Path) -> None:
    """At BMA scale the heat map was every agency of the view (115 rows, a blank band between the
    names); it keeps the overview's agencies to follow up, and says so above it."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    agencies = HEATMAP_AGENCIES + 3
    for name, data in demo_reports(agencies, (2567,)):
        ingest(engine, data, name, uploaded_by="t")
    df = indicators(engine)
    assert df["agency_code"].nunique() == agencies
    page = briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8")
    heat = next(f for f in figures_in(page) if f["data"][0]["type"] == "heatmap")
    assert len(heat["data"][0]["y"]) == HEATMAP_AGENCIES
    note = f"The {HEATMAP_AGENCIES} agencies with the most indicators not met or near, of {agencies} (most first)"
    assert f"<p class='note'>{note}</p>" in page
    thai = briefing_html(df, ALL, 7, WHEN).decode("utf-8")
    assert f"แสดง {HEATMAP_AGENCIES} หน่วยงาน" in thai and f"จากทั้งหมด {agencies} หน่วยงาน" in thai


def test_quarterly_progress_only_for_a_handful_of_indicators(tmp_path: Path) -> None:
    """As on the overview: a line per indicator reads for eight; for BMA's 1,068 of a year it drew
    them all and made the file 6.6 MB."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    progress = "Quarterly progress against target"
    titles = [
        f["layout"]["title"]["text"] for f in figures_in(briefing_html(indicators(engine), ALL, 7, WHEN, "en").decode())
    ]
    assert progress in titles  # the seed's 8
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="t")
    page = briefing_html(indicators(engine), ALL, 7, WHEN, "en").decode()
    assert progress not in [f["layout"]["title"]["text"] for f in figures_in(page)]  # 16


def test_the_progress_lines_leave_a_quarter_nobody_reported_blank(tmp_path: Path) -> None:
    """The briefing's line fell to 0 % at a Q4 that read 0.00 with no report, as the overview's did."""
    page = build(tmp_path, page_without_q4())
    (lines,) = [f for f in figures_in(page) if f["layout"]["title"]["text"] == "ความก้าวหน้ารายไตรมาสเทียบกับค่าเป้าหมาย"]
    assert [None if v is None else round(v, 2) for v in lines["data"][0]["y"]] == [15.62, 37.5, 51.5, None]


def test_indicators_with_nothing_to_draw_are_named_not_drawn_empty(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, page_without_q4(target="0"), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    html = briefing_html(indicators(engine), ALL, 7, WHEN).decode("utf-8")
    titles = [f["layout"]["title"]["text"] for f in figures_in(html)]
    assert "ความก้าวหน้ารายไตรมาสเทียบกับค่าเป้าหมาย" not in titles and len(titles) == 2  # the two status charts
    assert "<h2>ความก้าวหน้ารายไตรมาสเทียบกับค่าเป้าหมาย</h2>" in html
    name = "ร้อยละของคำขออนุญาตก่อสร้างอาคารที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กำหนด"
    assert f"<p class='note'>ไม่มีเส้นสำหรับ 1 ตัวชี้วัดที่ไม่มีค่าเป้าหมาย (เทียบเป้าหมายไม่ได้): {name}</p>" in html
    assert html.count("plotly.js v") == 1
    english = briefing_html(indicators(engine), ALL, 7, WHEN, "en").decode("utf-8")
    assert "No line for 1 indicator without a target (nothing to compare with): " in english


def real(tmp_path: Path, samples: Path, lang: str = "th") -> str:
    """The seed and three real pages of fiscal year 2563: one near (99.68 of 100), one at 1,600 %
    of its target (80 of 5), one with no result."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    for name in ("dp_mykpi_pid_1100-6545__q7.txt", "mykpi_pid_1700-0876__q23.txt", "dp_mykpi_pid_0200-921__q5.txt"):
        ingest(engine, (samples / "real" / name).read_bytes(), name, uploaded_by="t", fiscal_year=2563)
    return briefing_html(indicators(engine), ALL, 7, WHEN, lang).decode("utf-8")


def percent_cells(page: str) -> dict[str, str]:
    """Indicator name → its percent of target cell, from the briefing's table."""
    rows = re.findall(
        r"<tr><td>[^<]*</td><td>\d+</td><td>([^<]*)</td>(?:<td[^>]*>[^<]*</td>){4}<td class='num'>([^<]*)</td>", page
    )
    return {name: pct for name, pct in rows}


def test_percent_of_target_is_printed_as_the_overview_prints_it(tmp_path: Path, samples_dir: Path) -> None:
    """99.68 of a target of 100 read "ใกล้เคียง … 100%" (rounded to a whole number) beside its own
    status; the overview's one decimal says 99.7 %, and never 100 % below the target."""
    cells = percent_cells(real(tmp_path, samples_dir))
    assert cells["ตัวชี้วัด 1100-6545 (ไม่พบชื่อในไฟล์)"] == "99.7%", cells
    by_words = {
        words: pct for name, pct in cells.items() for words in ("กล้องโทรทัศน์วงจรปิด", "ผู้ว่าฯ สัญจร") if words in name
    }
    assert by_words == {"กล้องโทรทัศน์วงจรปิด": "1,600%", "ผู้ว่าฯ สัญจร": "—"}, cells  # 80 of 5; no result
    assert (
        sorted(cells.values()).count("100%") == 5 and "125%" in cells.values()
    )  # the seed's whole percents stay whole


def test_percent_met_says_what_it_counts(tmp_path: Path, samples_dir: Path) -> None:
    """As on the overview: percent met divides by every indicator, those without a result too."""
    thai = real(tmp_path, samples_dir)
    cards = dict(re.findall(r"<div class='card'>([^<]+)<b>([^<]+)</b>", thai))
    assert cards["ร้อยละที่บรรลุ"] == "72.7%"  # 8 of 11: the rule is unchanged
    basis = "ร้อยละที่บรรลุนับจากตัวชี้วัดทั้งหมด: บรรลุ 8 จาก 11 ตัวชี้วัด · ยังไม่มีผลงาน 1 ตัวชี้วัด"
    assert f"<p class='basis'>{basis}</p>" in thai
    english = real(tmp_path / "en", samples_dir, "en")
    assert "<p class='basis'>Percent met counts every indicator: 8 of 11 met · 1 has no result yet</p>" in english
    for key in ("percent_basis", "percent_basis_no_data", "percent_basis_no_target"):  # the dashboard's words
        assert (TEXT["th"][key], TEXT["en"][key]) == STRINGS[key]


def no_results(tmp_path: Path, *results: str) -> pd.DataFrame:
    """Pages of agency 49990000, fiscal year 2565, one per result given ("" for none yet)."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    for n, result in enumerate(results):
        ingest(engine, page(f"4999-000{n}", result=result), f"p{n}.txt", uploaded_by="t")
    return indicators(engine)


def test_no_result_yet_is_no_percent_met_and_no_all_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seven indicators with no result read "ร้อยละที่บรรลุ 0.0%" and "no indicator is below its
    target": an executive read "all fine". As the overview now says: "—" with the reason, and
    that it is not known yet which to follow up."""
    df = no_results(tmp_path, "", "", "")
    thai = briefing_html(df, ALL, 7, WHEN).decode("utf-8")
    cards = dict(re.findall(r"<div class='card'>([^<]+)<b>([^<]+)</b>", thai))
    assert cards["ร้อยละที่บรรลุ"] == "—" and "0.0%" not in thai
    assert f"<p class='basis'>{TEXT['th']['percent_none']} · ยังไม่มีผลงาน 3 ตัวชี้วัด</p>" in thai
    english = briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8")
    assert f"<p class='basis'>{TEXT['en']['percent_none']} · 3 have no result yet</p>" in english
    monkeypatch.setattr(briefing, "FULL_TABLE", 2)  # a large view: the list to follow up, and what it says
    english = briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8")
    assert "Not known yet which indicators need following up" in english
    assert TEXT["en"]["follow_up_none"] not in english
    mixed = briefing_html(no_results(tmp_path / "mixed", "", "90", ""), ALL, 7, WHEN, "en").decode("utf-8")
    assert "Of the 1 indicator with a result to compare with a target, none is below it · 2 have no result yet" in mixed
    for key in ("percent_none", "no_exceptions_of", "follow_up_unknown", "follow_up_also"):  # the overview's words
        assert (TEXT["th"][key], TEXT["en"][key]) == STRINGS[key]


def table_rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>[^<]*</td><td>\d+</td><td>([^<]*)</td>", page)


def test_a_large_view_lists_the_worst_to_follow_up_and_says_what_it_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national year listed every indicator: 10,812 rows, 9.5 MB, 597,005 px tall. Above
    FULL_TABLE indicators the briefing lists the worst FOLLOW_UP not met or near, worst first, and
    says how many more there are and that the Excel and CSV files have them all."""
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    for name, data in demo_reports(6, (2567,)):
        ingest(engine, data, name, uploaded_by="t")
    df = indicators(engine)
    worst = exceptions(df)
    assert len(df) > 20 and len(worst) > 5  # the demo data has both
    monkeypatch.setattr(briefing, "FULL_TABLE", 20)
    monkeypatch.setattr(briefing, "FOLLOW_UP", 5)
    page = briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8")
    assert len(table_rows(page)) == 5
    assert set(re.findall(r"<tr><td>([^<]*)</td><td>\d+</td>", page)) <= {"Not met", "Near"}
    more = len(worst) - 5
    assert f"The 5 with the lowest percent of target of the {len(worst)} not met or near; the other {more} are" in page
    assert f"All {len(df)} indicators of the view are in the Excel and CSV files, not in this briefing" in page
    cards = dict(re.findall(r"<div class='card'>([^<]+)<b>([^<]+)</b>", page))
    assert cards["Indicators"] == f"{len(df):,}"  # the summary still counts the whole view
    thai = briefing_html(df, ALL, 7, WHEN).decode("utf-8")
    assert f"อีก {more} ตัวชี้วัดอยู่ในไฟล์ Excel" in thai and f"รายการครบทั้ง {len(df)} ตัวชี้วัด" in thai
    monkeypatch.setattr(briefing, "FOLLOW_UP", 1000)
    page = briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8")
    assert len(table_rows(page)) == len(worst) and f"All {len(worst)} indicators not met or near" in page
    monkeypatch.setattr(briefing, "FULL_TABLE", 1000)
    assert len(table_rows(briefing_html(df, ALL, 7, WHEN, "en").decode("utf-8"))) == len(df)  # small: all of them
