"""The dashboard pages as a user meets them (Streamlit AppTest), on a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from builders import SEED, corrected, for_agency
from builders import page as single_page
from kpi_core.storage.agencies import Agency, upsert
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store, write_transaction
from ui.markdown import unplain

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")  # runs app.py; see that file for why


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return url


def run(page: str = "overview", **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
    assert not at.exception, at.exception
    return at


def url_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def html_bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_the_seed_scorecard(db: str) -> None:
    at = run()
    assert metrics(at) == {
        "ตัวชี้วัดทั้งหมด": "8",
        "บรรลุ": "7",
        "ใกล้เคียง": "0",
        "ไม่บรรลุ": "1",
        "ไม่มีข้อมูล/ไม่มีเป้า": "0",  # both kinds, as the card says; the charts keep them apart
        "ร้อยละที่บรรลุ": "87.5%",
    }
    table = at.dataframe[0].value
    assert len(table) == 8 and table.columns[0] == "name"  # the indicator's name comes first
    percent = json.loads(at.dataframe[0].proto.columns)["percent"]["type_config"]
    assert percent["type"] == "progress" and percent["color"] == "#1565c0"  # neutral, not the theme's red
    # pillar progress (pillars 5 and 7, a panel each), per pillar, per evaluation dimension, per
    # plan dimension, per-indicator progress (eight indicators: a handful; one agency: no heat map)
    assert len(at.get("plotly_chart")) == 6
    assert not at.get("download_button")  # exports are built when asked for, not on every rerun
    at.button(key="overview_prepare").click().run()
    assert [b.label for b in at.get("download_button")] == [
        "ดาวน์โหลด CSV",
        "ดาวน์โหลด Excel",
        "ดาวน์โหลดสรุปสำหรับผู้บริหาร (HTML)",
    ]


def test_a_filter_changes_the_numbers_and_lands_in_the_url(db: str) -> None:
    at = run()
    at.multiselect(key="filter_pillar").select(5).run()
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "1" and metrics(at)["บรรลุ"] == "1"
    assert url_values(at, "pillar") == ["5"]
    at.multiselect(key="filter_status").select("not-met").run()
    assert not at.metric  # nothing left: an empty state instead of zeros
    assert any("ไม่มีตัวชี้วัดตรงกับตัวกรอง" in w.value for w in at.warning)
    # The empty state says which filter to relax and what that would show.
    captions = [c.value for c in at.caption]
    assert "ลองเอาตัวกรอง “ยุทธศาสตร์ (ด้าน)” ออก จะเห็น 1 ตัวชี้วัด" in captions
    assert "ลองเอาตัวกรอง “สถานะ” ออก จะเห็น 1 ตัวชี้วัด" in captions


def test_filters_offer_no_english_select_all(db: str) -> None:
    """Nothing chosen already means all (the placeholder says so); Streamlit's "Select all" is English."""
    at = run()
    boxes = at.get("multiselect")
    assert boxes and all(m.proto.select_all == 0 for m in boxes)
    at = run("search", q="โควิด")
    assert all(m.proto.select_all == 0 for m in at.get("multiselect"))


def test_a_shared_link_reopens_the_same_view(db: str) -> None:
    at = run(status="not-met", fy="2563")
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "1" and metrics(at)["ไม่บรรลุ"] == "1"
    # and says that the cards count only that status (0 % met is no verdict on the agency)
    assert any("นับเฉพาะตัวชี้วัดสถานะ" in i.value and "ไม่บรรลุ" in i.value for i in at.info)
    assert not any("นับเฉพาะ" in i.value for i in run(fy="2563").info)
    assert at.multiselect(key="filter_status").value == ["not-met"]
    assert at.multiselect(key="filter_fy").value == [2563]


def test_an_invalid_link_value_is_dropped_with_a_notice(db: str) -> None:
    at = run(fy=["1999", "2563"], pillar="seven", status="great")
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "8"
    notices = " ".join(w.value for w in at.warning)
    assert "1999" in notices and "seven" in notices and "great" in notices
    assert at.multiselect(key="filter_fy").value == [2563]


def test_english_switch(db: str) -> None:
    at = run(lang="en")
    assert metrics(at)["Met"] == "7" and metrics(at)["Not met"] == "1"
    assert at.title[0].value == "BMA performance indicators"


def test_heat_map_appears_with_two_agencies(db: str) -> None:
    ingest(open_store(db, seed=False), for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    at = run()
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "16" and metrics(at)["บรรลุ"] == "15"
    assert len(at.get("plotly_chart")) == 6  # pillar progress (5 and 7), three status charts, heat map


def test_indicator_page(db: str) -> None:
    engine = open_store(db, seed=False)
    df = indicators(engine)
    eight = int(df.loc[df.seq == 8, "indicator_id"].item())
    at = run("indicator", id=str(eight))
    assert unplain(at.title[0].value).startswith("(8) ร้อยละของความพึงพอใจ")  # report text, escaped
    cards = html_bodies(at)
    assert any('ขอ<mark class="risk risk-cancelled">ยกเลิก</mark>โครงการฝึกงาน' in c for c in cards)  # quarter 3
    assert "(ไม่มีรายงาน)" in " ".join(m.value for m in at.markdown)  # quarter 4 is "-"
    assert "ยกเลิก" in " ".join(c.value for c in at.caption)  # the cancelled flag beside the status
    quarters = at.dataframe[0].value
    assert quarters["ผลประเมิน (2.1 / 2.2)"].tolist() == ["100 / 100", "100 / 100", "0 / 0", "100 / 100"]
    assert len(at.get("plotly_chart")) == 1  # one fiscal year: no year-over-year chart
    assert any("มีข้อมูลปีงบประมาณเดียว" in c.value for c in at.caption)


def test_an_indicator_opens_in_a_view_of_its_own_fiscal_year(db: str) -> None:
    """A 2563 indicator opened from a link or a search hit, while the view is on the latest year
    (2565) by default or by the URL, brings the view to 2563: its picker, previous / next and
    "back" are about its own year. A view of every year stays so."""
    engine = open_store(db, seed=False)
    ingest(engine, single_page(year=2565), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    eight = int(indicators(engine).query("fiscal_year == 2563 and seq == 8")["indicator_id"].item())
    for params in ({}, {"fy": "2565"}):
        at = run("indicator", id=str(eight), **params)
        assert at.multiselect(key="filter_fy").value == [2563] and url_values(at, "fy") == ["2563"]
        picker = at.selectbox(key="indicator_picker")
        assert picker.value == eight and len(picker.options) == 8  # the eight indicators of 2563
    at = run("indicator", id=str(eight), fy="all")
    assert at.multiselect(key="filter_fy").value == [] and url_values(at, "fy") == ["all"]
    assert len(at.selectbox(key="indicator_picker").options) == 9


def test_indicator_page_without_quarter_values_says_so_instead_of_an_empty_chart(db: str) -> None:
    engine = open_store(db, seed=False)
    df = indicators(engine)
    eight = int(df.loc[df.seq == 8, "indicator_id"].item())
    with engine.begin() as conn:  # as a page of text without numbers is stored
        conn.execute(text("UPDATE quarters SET value = NULL WHERE indicator_id = :i"), {"i": eight})
    at = run("indicator", id=str(eight))
    assert [i.value for i in at.info] == ["รายงานนี้ไม่มีค่ารายไตรมาส จึงไม่มีกราฟเทียบกับค่าเป้าหมาย"]
    assert not at.get("plotly_chart")
    assert at.dataframe[0].value["ผลประเมิน (2.1 / 2.2)"].tolist()[0] == "100 / 100"  # the rest of the page stays


def test_indicator_page_with_a_bad_id(db: str) -> None:
    assert "ไม่พบตัวชี้วัดหมายเลข 99999" in run("indicator", id="99999").info[0].value
    assert run("indicator").info[0].value == "เลือกตัวชี้วัดจากรายการด้านบน หรือจากหน้าภาพรวม"


def test_compare_page(db: str) -> None:
    ingest(open_store(db, seed=False), for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    at = run("compare")
    table = at.dataframe[0].value
    assert table["ตัวชี้วัดทั้งหมด"].tolist() == [8, 8]
    assert table["ร้อยละที่บรรลุ"].round(1).tolist() == [87.5, 100.0]
    # The cards' order, plain headings (a table cannot colour a status dot).
    assert table.columns.tolist()[1:6] == ["บรรลุ", "ใกล้เคียง", "ไม่บรรลุ", "ไม่มีค่าเป้าหมาย", "ไม่มีข้อมูล"]
    assert table[["บรรลุ", "ไม่บรรลุ"]].values.tolist() == [[7, 1], [8, 0]]


def test_compare_page_ranks_many_agencies_and_says_how_many_it_leaves_out(db: str) -> None:
    """At BMA scale the agencies of a year are ranked across, the first and last of them drawn;
    the page says how many are not and how to narrow. The choice is labelled by what it
    chooses, not by the page's title again."""
    engine = open_store(db, seed=False)
    for i in range(1, 32):
        ingest(engine, for_agency(f"{90000000 + i * 10000}"), f"{i}.txt", uploaded_by="t")
    at = run("compare")
    control = at.segmented_control(key="url_mode")
    assert control.label == "สิ่งที่จะเปรียบเทียบ" != at.title[0].value
    caption = " ".join(c.value for c in at.caption)
    assert "จากทั้งหมด 32 หน่วยงาน" in caption and "ไม่แสดง 2 หน่วยงาน" in caption, caption
    (chart,) = at.get("plotly_chart")
    bars = json.loads(chart.proto.spec)["data"][0]
    assert bars["orientation"] == "h" and len(bars["y"]) == 30
    assert len(at.dataframe[0].value) == 32  # the table keeps every agency
    years = " ".join(c.value for c in run("compare", mode="years").caption)
    assert "ไม่แสดง" not in years  # a few years: nothing left out, nothing to say


def test_compare_across_years_is_not_one_bar_of_the_latest_year(db: str) -> None:
    """With the sidebar on its default (the latest year), "one agency across years" drew one bar
    and said it needed two entries."""
    ingest(open_store(db, seed=False), corrected(), "2564.txt", uploaded_by="t", fiscal_year=2564)
    at = run("compare", mode="years", agency="03000000")
    assert not at.info  # not "needs at least two entries"
    assert at.dataframe[0].value.iloc[:, 0].astype(str).str.contains("2563|2564").sum() == 2
    assert any("ทุกปีงบประมาณ" in c.value for c in at.caption)
    chosen = run("compare", mode="years", agency="03000000", fy=["2563", "2564"])
    assert len(chosen.dataframe[0].value) == 2 and not any("ทุกปีงบประมาณ" in c.value for c in chosen.caption)


def test_empty_database_says_how_to_add_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = run()
    assert "python -m kpi_core ingest" in at.info[0].value


def test_indicator_page_marks_the_search_term_from_the_url(db: str) -> None:
    engine = open_store(db, seed=False)
    df = indicators(engine)
    five = int(df.loc[df.seq == 5, "indicator_id"].item())
    at = run("indicator", id=str(five), q="ที่ปรึกษา")
    assert at.text_input(key="q_indicator").value == "ที่ปรึกษา"
    cards = " ".join(html_bodies(at))
    assert cards.count('<mark class="search">ที่ปรึกษา</mark>') == 5  # once in Q1, three times in Q2, once in Q4
    assert '<mark class="risk risk-contract-extended">ขยายสัญญา</mark>' in cards
    assert "ขยายสัญญา" in " ".join(c.value for c in at.caption)  # contract-extension flag in the header
    # Keywords as chips; picking one highlights it too.
    chips = at.button_group(key="keyword")
    assert "ความก้าวหน้า" in chips.options or "อาชีพ" in chips.options
    at.button_group(key="keyword").set_value(chips.options[0]).run()
    assert f'<mark class="search">{chips.options[0]}' in " ".join(html_bodies(at))
    # The timeline lists the dated events in date order.
    timeline = at.dataframe[1].value
    assert timeline["วันที่"].tolist()[:2] == ["9 ธ.ค. 2562", "28 ก.พ. 2563"]
    assert not [c for c in at.caption if c.value.startswith("ไม่พบ")]
    # Words that are not in these notes say so instead of marking nothing.
    at = run("indicator", id=str(five), q="COVID-19")
    assert [unplain(c.value) for c in at.caption if c.value.startswith("ไม่พบ")] == [
        "ไม่พบ “COVID-19” ในรายงานผลของตัวชี้วัดนี้"
    ]


def test_search_page_finds_covid_in_indicators_7_and_8_quarter_3(db: str) -> None:
    at = run("search", q="โควิด")  # indicator 8 writes โควิด-19, indicator 7 "(COVID 19)"
    assert at.caption[0].value == "พบ 2 รายการ"
    links = [unplain(p.proto.label) for p in at.get("page_link")]
    assert len(links) == 2 and {x[:3] for x in links} == {"(7)", "(8)"}
    # Where each hit is, in full, on a line of its own above the link.
    wheres = [unplain(c.value) for c in at.caption if "ไตรมาสที่" in c.value]
    assert wheres == ["สำนักงาน ก.ก. · ปีงบประมาณ 2563 · ไตรมาสที่ 3"] * 2
    assert any('<mark class="search">โควิด</mark>' in b for b in html_bodies(at))


def test_a_hit_opens_its_indicator_at_the_place_it_was_found(db: str) -> None:
    """Opening a hit landed at the top of the indicator page, above a chart and a table, with the
    quarter it was found in out of view. The link now says where (``at=q3``, ``at=definition``),
    and that card or section says it is the one; nothing else on the page does, and the page's
    own links do not carry the place on."""
    hit_here = "ผลการค้นหาที่เปิดหน้านี้อยู่ที่นี่"
    engine = open_store(db, seed=False)
    ingest(engine, single_page(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    search = run("search", q="โควิด", fy="all")
    places = {
        p.proto.query_string.split("at=")[-1].split("&")[0]
        for p in search.get("page_link")
        if "id=" in p.proto.query_string
    }
    assert places == {"q3"}
    [page_id] = indicators(engine).query("kpi_code == '5008-2005'")["indicator_id"].tolist()
    for words, place in (("หมายถึง", "definition"), ("ส่งเอกสารไม่ครบถ้วน", "summary")):
        links = [p.proto.query_string for p in run("search", q=words, fy="all").get("page_link")]
        assert any(f"id={page_id}&at={place}" in x for x in links), links
    eight = run("indicator", id="8", q="โควิด", at="q3")
    assert [c.value for c in eight.caption].count(hit_here) == 1
    assert not [p for p in eight.get("page_link") if "at=" in p.proto.query_string]  # "back" drops the place
    for place in ("definition", "summary"):
        section = run("indicator", id=str(page_id), at=place, fy="all")
        assert [c.value for c in section.caption].count(hit_here) == 1
    for hostile in ("q9", "<script>alert(1)</script>", "summary", ""):  # no such place here: no mark, no error
        assert hit_here not in [c.value for c in run("indicator", id="8", at=hostile).caption]


def test_search_says_how_many_match_when_only_the_best_are_listed(db: str) -> None:
    """A reviewer saw "พบ 100 รายการ" for every common word: the count was of the listed hits."""
    engine = open_store(db, seed=False)
    for n in range(1, 12):  # 12 agencies x 10 narratives with ปรึกษา: 120 matches, 100 listed
        ingest(engine, for_agency(f"{n + 3:02d}000000"), f"a{n}.txt", uploaded_by="t")
    at = run("search", q="ปรึกษา")
    assert at.caption[0].value == "พบ 120 รายการ แสดง 100 รายการที่ตรงที่สุด"
    per_agency = at.dataframe[0].value
    assert len(per_agency) == 12 and set(per_agency.iloc[:, -1]) == {10}  # every agency, not only the listed
    # A hit opens its indicator with the same words marked.
    assert {p.proto.query_string.count("q=") for p in at.get("page_link") if "id=" in p.proto.query_string} == {1}


def test_search_says_what_it_read_when_more_match_than_it_ranks(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the cap search reads the newest texts and the newest holding the word whole: the
    caption said "the best 100 of the newest 23" of a set that was not only the newest."""
    from kpi_core.storage import narratives
    from kpi_core.storage import search as search_module

    for module in (search_module, narratives):
        monkeypatch.setattr(module, "MAX_CANDIDATES", 20)
    engine = open_store(db, seed=False)
    # With the seed: five reports of ten texts, one holding ปรึกษา alone. Read: the newest 20 (two
    # reports) and the three older texts holding it whole.
    for n in range(1, 5):
        ingest(engine, for_agency(f"{n + 3:02d}000000"), f"a{n}.txt", uploaded_by="t")
    at = run("search", q="ปรึกษา")
    assert at.caption[0].value == (
        "พบ 50 รายการ แสดง 23 รายการที่ตรงที่สุดจาก 23 รายการที่อ่าน (รายการล่าสุด และรายการล่าสุดที่ตรงทั้งคำ)"
        " — เพิ่มคำค้นหรือเลือกปี/หน่วยงานเพื่อให้แคบลง"
    )


def test_search_inside_words_and_filters(db: str) -> None:
    at = run("search", q="ปรึกษา")
    assert at.caption[0].value == "พบ 10 รายการ"  # every narrative that contains ที่ปรึกษา
    at.multiselect(key="search_quarters").select(2).run()
    assert at.caption[0].value == "พบ 3 รายการ"
    at.multiselect(key="search_risks").select("contract-extended").run()  # no Q2 narrative extends a contract
    assert at.info[0].value.startswith("ไม่พบ “ปรึกษา”")
    at.multiselect(key="search_quarters").unselect(2).run()
    assert at.caption[0].value == "พบ 2 รายการ"  # indicators 4 and 5, quarter 4


def test_search_page_without_a_query_lists_risk_narratives(db: str) -> None:
    at = run("search")
    links = [unplain(p.proto.label) for p in at.get("page_link")]
    wheres = [unplain(c.value) for c in at.caption if "ไตรมาสที่" in c.value]
    cards = list(zip(wheres, [x for x in links if x.startswith("(")], strict=False))
    assert any("(8)" in x and "ไตรมาสที่ 3" in w for w, x in cards)  # cancelled + COVID
    assert any("(5)" in x and "ไตรมาสที่ 4" in w for w, x in cards)  # contract extended
    assert any("(4)" in x and "ไตรมาสที่ 3" in w for w, x in cards)  # cancelled + delayed


def test_result_cards_come_a_page_at_a_time(db: str) -> None:
    engine = open_store(db, seed=False)
    for n in range(5, 11):  # 7 agencies x 5 narratives with risk words
        ingest(engine, for_agency(f"{n:02d}000000"), f"{n}.txt", uploaded_by="t")

    def cards(at: AppTest) -> int:
        return sum(1 for p in at.get("page_link") if "id=" in p.proto.query_string)

    at = run("search")  # the latest 30 risk narratives, each a card of its own
    assert cards(at) == 25
    more = next(b for b in at.button if b.label.startswith("แสดงเพิ่มอีก"))
    assert more.label == "แสดงเพิ่มอีก 5 (เหลือ 5)"
    more.click().run()
    assert cards(at) == 30 and not any(b.label.startswith("แสดงเพิ่มอีก") for b in at.button)


def test_overview_shows_risk_flags_in_the_table(db: str) -> None:
    table = run().dataframe[0].value
    flags = dict(zip(table["name"].str.slice(0, 3), table["flags"], strict=True))
    assert "ยกเลิก" in flags["(8)"] and "ขยายสัญญา" in flags["(5)"]


def test_markup_in_a_narrative_stays_text_on_the_pages(db: str) -> None:
    hostile = for_agency("05000000").replace(
        "ขอยกเลิกโครงการฝึกงาน".encode(),
        "<script>alert(1)</script><img src=x onerror=alert(2)></mark>&amp; ขอยกเลิกโครงการฝึกงาน".encode(),
    )
    engine = open_store(db, seed=False)
    ingest(engine, hostile, "hostile.txt", uploaded_by="t")
    df = indicators(engine)
    eight = int(df.loc[(df.seq == 8) & (df.agency_code == "05000000"), "indicator_id"].item())
    for page in (run("indicator", id=str(eight), q="alert"), run("search", q="alert")):
        bodies = " ".join(html_bodies(page))
        assert "<script>" not in bodies and "<img" not in bodies and "</mark>&amp;amp;" not in bodies.replace(" ", "")
        assert "&lt;script&gt;" in bodies and "&lt;img src=x onerror=" in bodies and "&lt;/mark&gt;&amp;amp;" in bodies


def test_the_app_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages on the shared-database setting: same numbers, same search."""
    engine = open_store(pg_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000", corrected()), "other.txt", uploaded_by="t")
    monkeypatch.setenv("KPI_DATABASE_URL", pg_url)
    at = run()
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "16" and metrics(at)["บรรลุ"] == "15"
    assert len(at.get("plotly_chart")) == 6  # pillar progress (5 and 7), three status charts, heat map
    at = run("search", q="โควิด")  # indicators 7 and 8, quarter 3, in both agencies
    assert at.caption[0].value == "พบ 4 รายการ"
    df = indicators(engine)
    eight = int(df.loc[(df.seq == 8) & (df.agency_code == "03000000"), "indicator_id"].item())
    at = run("indicator", id=str(eight), q="โควิด")
    assert any('<mark class="search">โควิด</mark>' in b for b in html_bodies(at))


def test_latest_year_by_default_and_all_years_split_by_year(db: str) -> None:
    engine = open_store(db, seed=False)
    next_year = SEED.replace("ประจำปี :".encode(), "ประจำปี : 2564".encode(), 1)
    ingest(engine, next_year, "2564.txt", uploaded_by="t")
    at = run()
    assert at.multiselect(key="filter_fy").value == [2564]  # the latest fiscal year, not a sum of all
    assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "8"
    met = next(m for m in at.metric if m.label == "บรรลุ")
    assert met.value == "7" and met.delta == "+0"  # the change against 2563
    at = run(fy="all")
    assert not at.metric  # several years: one scorecard row per year instead of summed cards
    years = at.dataframe[0].value
    assert years["ปีงบประมาณ"].tolist() == [2564, 2563] and years["ตัวชี้วัดทั้งหมด"].tolist() == [8, 8]
    # 87.5 % met is no alarm: the bars are the charts' neutral blue, not the theme's red
    percent = json.loads(at.dataframe[0].proto.columns)["ร้อยละที่บรรลุ"]
    assert percent["type_config"]["type"] == "progress" and percent["type_config"]["color"] == "#1565c0", percent
    assert url_values(at, "fy") == ["all"]
    for typo in ("abc", "99999"):  # a mistyped year: a notice and the default view, not every year
        at = run(fy=typo)
        assert at.multiselect(key="filter_fy").value == [2564], typo
        assert metrics(at)["ตัวชี้วัดทั้งหมด"] == "8" and typo in " ".join(w.value for w in at.warning)


def test_indicator_page_from_the_menu_is_a_way_in_with_previous_and_next(db: str) -> None:
    at = run("indicator")
    picker = at.selectbox(key="indicator_picker")
    assert picker.value is None and len(picker.options) == 8  # the seed's indicators, latest year
    ids = sorted(indicators(open_store(db, seed=False))["indicator_id"].tolist())
    at.selectbox(key="indicator_picker").set_value(ids[2]).run()
    assert not at.exception, at.exception
    assert at.query_params["id"] == [str(ids[2])] or at.query_params["id"] == str(ids[2])
    links = {unplain(p.proto.label): p.proto for p in at.get("page_link")}
    assert any("ก่อนหน้า" in k for k in links) and any("ถัดไป" in k for k in links)


def test_next_link_opens_the_next_indicator_and_stays_there(db: str) -> None:
    """A previous / next link reopens the same page with another ?id=; the picker, which keeps
    its value across reruns of a page, must follow the URL, not send the reader back."""
    at = run("indicator")
    ids = sorted(indicators(open_store(db, seed=False))["indicator_id"].tolist())
    at.selectbox(key="indicator_picker").set_value(ids[2]).run()
    following = next(p.proto for p in at.get("page_link") if "ถัดไป" in unplain(p.proto.label))
    assert following.query_string.endswith(f"id={ids[3]}")
    at.query_params["id"] = str(ids[3])  # what the link does: same page, new ?id=
    at.run()
    assert not at.exception, at.exception
    assert url_values(at, "id") == [str(ids[3])]
    assert at.selectbox(key="indicator_picker").value == ids[3]
    assert unplain(at.title[0].value).startswith("(4)")


def test_an_indicator_without_a_name_is_never_a_blank_title(db: str) -> None:
    """Real pages cut before the indicator's name give a nameless indicator: its title, its row and
    its link say what is known of it (the code, where the file name gave one)."""
    from sqlalchemy import update

    from kpi_core.storage import schema as s
    from kpi_core.storage.store import write_transaction

    engine = open_store(db)
    ids = indicators(engine).set_index("seq")["indicator_id"]
    with write_transaction(engine) as conn:
        i = s.indicators
        conn.execute(update(i).where(i.c.id == int(ids[3])).values(name="", kpi_code="0300-1234"))
        conn.execute(update(i).where(i.c.id == int(ids[4])).values(name=""))
    at = run("indicator", id=str(ids[3]))
    assert unplain(at.title[0].value) == "(3) ตัวชี้วัด 0300-1234 (ไม่พบชื่อในไฟล์)"
    at = run("indicator", id=str(ids[4]), lang="en")
    assert unplain(at.title[0].value) == "(4) Indicator without a name in the file"
    names = run().dataframe[0].value["name"].tolist()
    assert "(3) ตัวชี้วัด 0300-1234 (ไม่พบชื่อในไฟล์)" in names and "(4) ตัวชี้วัดไม่มีชื่อในไฟล์" in names
    # The exports a reader opens say the same; the machine CSV keeps the file's empty name.
    from datetime import UTC, datetime

    from kpi_core.outputs.briefing import briefing_html
    from kpi_core.outputs.export import export_frame
    from kpi_core.storage.query import Filters

    df = indicators(engine)
    for lang, shown in (("th", "ตัวชี้วัด 0300-1234 (ไม่พบชื่อในไฟล์)"), ("en", "Indicator without a name in the file")):
        column = export_frame(df, lang)["Indicator" if lang == "en" else "ตัวชี้วัด"].tolist()
        assert shown in column and "" not in column
        assert _xlsx_has(df, lang, shown)
        assert shown in briefing_html(df, Filters(), 1, datetime.now(UTC), lang).decode()
    assert "" in export_frame(df, None)["indicator"].tolist()


def _xlsx_has(df: object, lang: str, text: str) -> bool:
    import io
    from datetime import UTC, datetime

    import openpyxl

    from kpi_core.outputs.export import to_xlsx
    from kpi_core.storage.query import Filters

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(df, Filters(), 1, datetime.now(UTC), lang)))  # type: ignore[arg-type]
    return any(cell.value == text for sheet in book for row in sheet.iter_rows() for cell in row)


def test_indicator_numbers_stay_whole_beside_an_indicator_without_one(db: str) -> None:
    """A single-indicator page has no number: pandas then holds the others' numbers as floats,
    which must still read "(8)", never "(8.0)", wherever a view lists indicators."""
    ingest(open_store(db, seed=False), single_page(year=2563), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    at = run()
    follow_up = [unplain(p.proto.label) for p in at.get("page_link")]
    assert any(" · (8) ร้อยละของความพึงพอใจ" in x for x in follow_up), follow_up
    assert any(x.endswith(" · ร้อยละของคำขออนุญาตก่อสร้างอาคารที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กำหนด") for x in follow_up)
    names = at.dataframe[0].value["name"].tolist()
    assert sorted(n[:3] for n in names if n.startswith("(")) == [f"({n})" for n in range(1, 9)], names
    for found in (run("search"), run("search", q="ร้อยละ")):  # the landing's risk narratives, and hits
        links = [unplain(p.proto.label) for p in found.get("page_link")]
        assert any(x.startswith("(8) ") for x in links), links
        assert not [x for x in links if ".0)" in x]


def test_an_agency_without_a_name_is_agency_code_in_english_and_its_code_shows_once(db: str) -> None:
    """An agency nobody has named shows as "หน่วยงาน 08000000", and in English as "Agency
    08000000": in the follow-up list, the table, the filter, the heat map, compare and search."""
    ingest(open_store(db, seed=False), for_agency("08000000"), "other.txt", uploaded_by="t")
    registered = {"th": "สำนักงาน ก.ก.", "en": "Office of the Bangkok Metropolitan Civil Service Commission"}
    for lang, unnamed, wrong in (("th", "หน่วยงาน 08000000", "Agency 08000000"), ("en", "Agency 08000000", "หน่วยงาน")):
        at = run(lang=lang)
        assert unnamed in [unplain(c.value) for c in at.caption]  # under its indicator to follow up
        assert unnamed in at.dataframe[0].value["agency"].tolist()
        options = at.multiselect(key="filter_agency").options
        assert f"03000000 {registered[lang]}" in options and unnamed in options  # the code once
        heat = next(c.proto.spec for c in at.get("plotly_chart") if unnamed in c.proto.spec)
        assert wrong not in heat.replace(registered[lang], "")
        compare = run("compare", lang=lang).dataframe[0].value
        assert compare[compare.columns[0]].tolist() == [f"03000000 {registered[lang]}", unnamed]
        # The same narratives as the seed's: one card each, the copy behind a link of its own.
        links = [unplain(p.proto.label) for p in run("search", q="โควิด", lang=lang).get("page_link")]
        copies = [x for x in links if "08000000" in x]
        assert len(copies) == 2 and all(x.startswith(f"{unnamed} · ") for x in copies), links


def test_a_registered_english_name_shows_in_english_and_the_thai_name_in_thai(db: str) -> None:
    """In English an agency with an English name in the registry is called by it: in the
    follow-up list, the table, the filter, the heat map, compare, search and history; in Thai by
    its Thai name. An agency with only a Thai name keeps it in English (it says more than a code)."""
    engine = open_store(db, seed=False)
    ingest(engine, for_agency("08000000"), "other.txt", uploaded_by="t", agency_name="สำนักงานแปด")
    with write_transaction(engine) as conn:
        upsert(conn, [Agency("03000000", "สำนักงาน ก.ก.", "Civil Service Commission Office")])
    english, thai = "Civil Service Commission Office", "สำนักงาน ก.ก."
    for lang, shown, hidden in (("en", english, thai), ("th", thai, english)):
        at = run(lang=lang)
        captions = [unplain(c.value) for c in at.caption]
        assert shown in captions and hidden not in " ".join(captions)
        table = at.dataframe[0].value["agency"].tolist()
        assert shown in table and hidden not in table and "สำนักงานแปด" in table
        options = at.multiselect(key="filter_agency").options
        assert f"03000000 {shown}" in options and "08000000 สำนักงานแปด" in options
        heat = next(c.proto.spec for c in at.get("plotly_chart") if "สำนักงานแปด" in c.proto.spec)
        assert shown in heat and hidden not in heat
        compare = run("compare", lang=lang).dataframe[0].value
        assert compare[compare.columns[0]].tolist() == [f"03000000 {shown}", "08000000 สำนักงานแปด"]
        search = run("search", q="โควิด", lang=lang)
        cards = [unplain(c.value) for c in search.caption] + [unplain(p.proto.label) for p in search.get("page_link")]
        assert any(x.startswith(f"{shown} · ") for x in cards) and not any(hidden in x for x in cards), cards
        history = run("history", lang=lang)
        assert any(shown in str(df.value.to_dict()) for df in history.dataframe)


def test_an_export_that_fails_says_so_and_leaves_the_others(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An XLSX that cannot be written (openpyxl refused a control character in a stored narrative)
    showed a traceback instead of the page; now a sentence, and the CSV and briefing still come."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    def refuses(*_args: object, **_kwargs: object) -> bytes:
        raise IllegalCharacterError("ข้อความ\x1f cannot be used in worksheets.")

    monkeypatch.setattr("ui.data.to_xlsx", refuses)
    at = run()
    at.button(key="overview_prepare").click().run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("สร้างไฟล์ Excel ไม่สำเร็จ — ลองอีกครั้ง หรือแจ้งผู้ดูแลระบบ")
    assert [b.label for b in at.get("download_button")] == ["ดาวน์โหลด CSV", "ดาวน์โหลดสรุปสำหรับผู้บริหาร (HTML)"]


def test_exports_are_made_once_on_prepare_and_kept_until_the_view_changes(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At national scale the data was queried once per file (7.4 s each), and each download click
    reran the page and, in a new minute, made the Excel and briefing again (88-110 s a click).
    Now one query makes the three, a download does not rerun the page, and the session keeps one
    set, dropped when the view changes."""
    from kpi_core.storage import query

    real, with_texts = query.indicators, []

    def counted(*args: object, texts: bool = True, **kwargs: object) -> object:
        with_texts.extend([1] if texts else [])
        return real(*args, texts=texts, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(query, "indicators", counted)
    at = run()
    before = len(with_texts)
    at.button(key="overview_prepare").click().run()
    assert len(with_texts) == before + 1  # one query, with the narratives, for the three files
    buttons = at.get("download_button")
    assert len(buttons) == 3 and all(b.proto.ignore_rerun for b in buttons)  # a download reruns nothing
    assert "overview_files" in at.session_state
    at.run()  # any rerun of the same view offers the same files, made again never
    assert len(at.get("download_button")) == 3 and len(with_texts) == before + 1
    at.multiselect(key="filter_status").select("not-met").run()  # another view: its files are not these
    assert not at.get("download_button") and "overview_files" not in at.session_state
    assert at.button(key="overview_prepare")


def with_real(db: str, samples: Path, *files: tuple[str, int | None]) -> None:
    """Add real excerpts (``../shared/samples/real``) to the seed, each with the fiscal year it
    needs (None: the file says it)."""
    engine = open_store(db, seed=False)
    for name, year in files:
        ingest(engine, (samples / "real" / name).read_bytes(), name, uploaded_by="t", fiscal_year=year)


def test_the_table_prints_the_true_percent_of_target_not_one_cut_at_the_bars_end(db: str, samples_dir: Path) -> None:
    """Target 10, result 45.19 (pid 1000-1016) is 451.9 % of target, and target 5, result 80
    (pid 1700-0876) 1,600 %: the table printed both as 200.0 %, the end of the bar. The bar may
    stop there; the number printed is the number."""
    with_real(db, samples_dir, ("dp_mykpi_pid_1000-1016__q4.txt", None), ("mykpi_pid_1700-0876__q23.txt", 2563))
    at = run(fy="all")
    grid = next(d for d in at.dataframe if "name" in d.value.columns)  # below the cards of each year
    table = grid.value.set_index("name")
    shown = {name: round(float(table.loc[name, "percent"]), 2) for name in table.index}
    assert shown["ตัวชี้วัด 1000-1016 (ไม่พบชื่อในไฟล์)"] == 451.9, shown
    [cctv] = [pct for name, pct in shown.items() if "การติดตั้งกล้องโทรทัศน์วงจรปิด" in name]
    assert cctv == 1600.0, shown
    config = json.loads(grid.proto.columns)["percent"]["type_config"]
    assert config["type"] == "progress" and config["max_value"] == 200  # the bar ends at 200 %
    assert config["format"] == "%,.1f%%"  # the label is the value itself, with thousands: 1,600.0%


def test_the_follow_up_list_names_a_nameless_indicator_by_its_code(db: str, samples_dir: Path) -> None:
    """A passage cut before its name (pid 1100-6545, 99.68 of 100: near) was "ตัวชี้วัดไม่มีชื่อในไฟล์"
    in the follow-up list and "ตัวชี้วัด 1100-6545 (ไม่พบชื่อในไฟล์)" everywhere else."""
    with_real(db, samples_dir, ("dp_mykpi_pid_1100-6545__q7.txt", 2563))
    for lang, name in (("th", "ตัวชี้วัด 1100-6545 (ไม่พบชื่อในไฟล์)"), ("en", "Indicator 1100-6545 (no name in the file)")):
        at = run(lang=lang)
        follow_up = [unplain(p.proto.label) for p in at.get("page_link")]
        assert any(x.endswith(f" · {name}") and "99.7%" in x for x in follow_up), follow_up
        assert name in at.dataframe[0].value["name"].tolist()  # the table's name for it


def test_percent_met_says_what_it_counts(db: str, samples_dir: Path) -> None:
    """ "Percent met" divides by every indicator, those with no result yet too: seven of the seed's
    eight met, and a page with no result (pid 0200-921) makes it 77.8 %. The rule stays; the card
    and a line under the cards say so."""
    with_real(db, samples_dir, ("dp_mykpi_pid_0200-921__q5.txt", 2563))
    for lang, label, basis in (
        ("th", "ร้อยละที่บรรลุ", "ร้อยละที่บรรลุนับจากตัวชี้วัดทั้งหมด: บรรลุ 7 จาก 9 ตัวชี้วัด · ยังไม่มีผลงาน 1 ตัวชี้วัด"),
        ("en", "Percent met", "Percent met counts every indicator: 7 of 9 met · 1 has no result yet"),
    ):
        at = run(lang=lang)
        card = next(m for m in at.metric if m.label == label)
        assert card.value == "77.8%"
        assert card.proto.help == basis
        assert basis in [unplain(c.value) for c in at.caption]
    with_real(db, samples_dir, ("dp_mykpi_pid_1000-1016__q4.txt", None))  # fiscal year 2564
    several = run(fy="all")  # a row per year: the column says it
    percent = json.loads(several.dataframe[0].proto.columns)["ร้อยละที่บรรลุ"]
    assert percent["help"] == "บรรลุ ÷ ตัวชี้วัดทั้งหมด รวมตัวที่ยังไม่มีผลงานหรือไม่มีค่าเป้าหมาย"


def test_the_timeline_shows_a_sentence_once_with_its_dates(db: str, samples_dir: Path) -> None:
    """pid 5010-0957's Q2 names the month of the report and the span it covers in one sentence
    ("รายงานประจำเดือน มีนาคม 2564 … ตั้งแต่ 1 ตุลาคม 2563 - 31 มีนาคม 2564"): the timeline listed
    that sentence twice, once for มี.ค. 2564 and once for the span. One row, with both dates."""
    with_real(db, samples_dir, ("dp1_mykpi_pid_5010-0957__q18.txt", None))
    df = indicators(open_store(db, seed=False))
    at = run("indicator", id=str(int(df.loc[df.agency_code == "50100000", "indicator_id"].item())))
    events = next(d.value for d in at.dataframe if "ข้อความ" in d.value.columns)
    assert events["วันที่"].tolist() == ["1 ต.ค. – 31 ธ.ค. 2563", "มี.ค. 2564 · 1 ต.ค. 2563 – 31 มี.ค. 2564"]
    assert events["ไตรมาส"].tolist() == ["ไตรมาสที่ 1", "ไตรมาสที่ 2"]
    assert events["ข้อความ"].is_unique
