"""Drill-down by clicking, in a real browser over several agencies and years (issue 11): a click on a
bar of the status chart and on a heat-map cell sets the sidebar's filters, the URL carries them and
the scorecard answers; the sidebar clears them again, and a cleared filter stays cleared. The first
agency's name (from the registry, which analysts import) is hostile HTML: its cell's hover shows it
as text, and a click on that cell sets the agency's code.

AppTest cannot click a Plotly chart, so this drives Debian's chromium. Plotly draws into SVG: the
test clicks at the centre of a bar's path, and of a heat-map cell's (invisible) marker. Screenshots
go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

from kpi_core.storage import agencies as registry
from kpi_core.storage.store import ingest, open_store, save_agencies
from kpi_core.tools.synth import agencies_csv, demo_reports
from servers import CHROMIUM_ARGS, streamlit_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
AGENCIES, YEARS = 6, (2566, 2567)
HOSTILE_NAME = '<a href="https://evil.example/x">ลิงก์</a> <img src=x onerror=alert(1)> "สำนัก" & <b>หนา</b>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("clicks")
    url = f"sqlite:///{folder / 'kpi.db'}"
    engine = open_store(url, seed=False)
    first, *others = registry.read_csv(agencies_csv(AGENCIES))
    save_agencies(engine, [dataclasses.replace(first, name=HOSTILE_NAME), *others], by="test")
    for name, data in demo_reports(AGENCIES, YEARS):
        ingest(engine, data, name, uploaded_by="test")
    engine.dispose()
    env = {**os.environ, "KPI_DATABASE_URL": url, "PYTHAINLP_OFFLINE": "1"}
    with streamlit_app(ROOT / "app.py", env, folder / "streamlit.log", timeout=120) as base:
        yield base


def _settled(page: Page) -> None:
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
    page.wait_for_timeout(300)  # the charts draw after the run ends


def _total(page: Page) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text="ตัวชี้วัดทั้งหมด")
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def _filter(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)


def _chart(page: Page, name: str) -> Locator:
    """The chart of a key: the page keys each clickable chart ``name_<digest of the filters>``."""
    return page.locator(f'[class*="st-key-{name}_"] .js-plotly-plot')


def _clickable(page: Page, chart: Locator) -> None:
    """Wait until Streamlit has switched the drawn chart to select on click: a click before that
    (a loaded machine, a chart drawn late) would do nothing."""
    ready = "el => el._fullLayout !== undefined && String(el._fullLayout.clickmode).includes('select')"
    page.wait_for_function(ready, arg=chart.element_handle(timeout=60_000), timeout=60_000)


def _centre(page: Page, chart: Locator, marks: str) -> tuple[float, float]:
    """The centre of the first mark that has a visible size (a status with no indicator has a 0-wide bar)."""
    _clickable(page, chart)
    marks = chart.locator(marks)
    marks.first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        if box and box["width"] > 4 and box["height"] > 4:
            return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    raise AssertionError("no clickable mark")


def _click_centre(page: Page, chart: Locator, marks: str) -> None:
    page.mouse.click(*_centre(page, chart, marks))


def test_clicks_on_a_bar_and_a_cell_set_the_filters(server: str, chromium: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(server + "/")
        expect(_chart(page, "heatmap")).to_be_visible(timeout=120_000)
        _settled(page)
        everything = _total(page)
        assert "pillar=" not in page.url and "agency=" not in page.url

        # A bar of "status per pillar": that pillar alone, in the URL, the sidebar and the numbers.
        _click_centre(page, _chart(page, "by_pillar"), "g.barlayer g.point path")
        page.wait_for_function("() => location.search.includes('pillar=')", timeout=60_000)
        _settled(page)
        pillar = re.search(r"pillar=(\d)", page.url)
        assert pillar, page.url
        expect(_filter(page, "ยุทธศาสตร์")).to_contain_text(f"ด้านที่ {pillar[1]}")
        assert _total(page) != everything
        page.screenshot(path=str(ARTIFACTS / "click-bar.png"), full_page=True)

        # Cleared in the sidebar, it stays cleared: the chart's old selection does not come back.
        _filter(page, "ยุทธศาสตร์").locator('button[aria-label="Clear all"]').click()
        page.wait_for_function("() => !location.search.includes('pillar=')", timeout=60_000)
        _settled(page)
        page.wait_for_timeout(1500)
        assert "pillar=" not in page.url and _total(page) == everything

        # A heat-map cell, of the agency with the hostile name: its hover shows the name as text
        # (no link, no image drawn from it), and a click sets its agency and its pillar.
        heat = _chart(page, "heatmap")
        x, y = _centre(page, heat, "g.scatterlayer path.point")
        page.mouse.move(x, y)
        expect(heat.locator(".hoverlayer")).to_contain_text(HOSTILE_NAME)
        assert heat.locator(".hoverlayer a, .hoverlayer image").count() == 0
        page.mouse.click(x, y)
        page.wait_for_function("() => location.search.includes('agency=')", timeout=60_000)
        _settled(page)
        agency = re.search(r"agency=(\d{8})(&|$)", page.url)
        assert agency and "pillar=" in page.url, page.url
        expect(_filter(page, "หน่วยงาน")).to_contain_text(f"{agency[1]} {HOSTILE_NAME}")
        expect(_filter(page, "ยุทธศาสตร์")).to_contain_text("ด้านที่")
        assert _total(page) != everything
        expect(_chart(page, "heatmap")).to_have_count(0)  # one agency left: no heat map to click
        page.screenshot(path=str(ARTIFACTS / "click-cell.png"), full_page=True)

        # Both cleared from the sidebar: the whole view again, and it stays.
        _filter(page, "หน่วยงาน").locator('button[aria-label="Clear all"]').click()
        page.wait_for_function("() => !location.search.includes('agency=')", timeout=60_000)
        _settled(page)
        _filter(page, "ยุทธศาสตร์").locator('button[aria-label="Clear all"]').click()
        page.wait_for_function("() => !location.search.includes('pillar=')", timeout=60_000)
        _settled(page)
        page.wait_for_timeout(1500)
        assert "agency=" not in page.url and "pillar=" not in page.url and _total(page) == everything
        browser.close()
