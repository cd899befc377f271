"""Open the dashboard in a real browser and click: headless Debian chromium driven by Playwright.

Screenshots land in tests/artifacts/ (git-ignored) so a person can check that Thai renders.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import SEED, corrected, for_agency
from kpi_core.access.auth import hash_password
from kpi_core.storage.store import ingest, open_store
from servers import CHROMIUM_ARGS, streamlit_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ANALYST_PASSWORD = "browser test password"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = playwright.expect  # waits for the page to settle, unlike a one-off is_visible()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port over a fresh database with two agencies."""
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    ingest(engine, for_agency("05000000", corrected()), "other.txt", uploaded_by="t", agency_name="สำนักงานทดสอบ")
    engine.dispose()
    users = f"somchai:analyst:{hash_password(ANALYST_PASSWORD)}"
    env = {**os.environ, "KPI_DATABASE_URL": url, "PYTHAINLP_OFFLINE": "1", "KPI_USERS": users}
    with streamlit_app(ROOT / "app.py", env, tmp_path / "streamlit.log") as base:
        yield base


def expect_metric(page, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """The metric card ``label`` shows ``value`` (waiting for the rerun to land)."""
    exact = page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    box = page.locator('[data-testid="stMetric"]').filter(has=exact).first
    expect(box.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=30_000)


def test_open_the_dashboard_filter_drill_down_and_switch_language(server: str, chromium: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        page.goto(server + "/")
        page.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
        expect_metric(page, "ตัวชี้วัดทั้งหมด", "16")
        expect_metric(page, "ไม่บรรลุ", "1")
        page.locator(".js-plotly-plot").first.wait_for()
        page.screenshot(path=str(ARTIFACTS / "01-overview.png"), full_page=True)

        # Filter to pillar 5 in the sidebar: the numbers change and the URL carries the view.
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text="ยุทธศาสตร์ (ด้าน)"
        ).click()
        page.get_by_role("option", name="ด้านที่ 5").click()
        page.keyboard.press("Escape")
        page.wait_for_function("() => location.search.includes('pillar=5')", timeout=30_000)
        expect_metric(page, "ตัวชี้วัดทั้งหมด", "2")
        shared = page.url
        page.screenshot(path=str(ARTIFACTS / "02-filtered.png"), full_page=True)

        # The copied link opens the same view in a new tab.
        other = browser.new_page(viewport={"width": 1400, "height": 1200})
        other.goto(shared)
        other.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
        expect_metric(other, "ตัวชี้วัดทั้งหมด", "2")
        other.close()

        # Drill into an indicator through its link, as the table's "เปิด" link does.
        page.goto(server + "/indicator?id=8&" + shared.split("?", 1)[1])
        page.get_by_text("รายงานผลการดำเนินงานรายไตรมาส").wait_for(timeout=60_000)
        card = page.locator(".kpi-card", has_text="ขอยกเลิกโครงการฝึกงานกับกรุงเทพมหานคร").first
        card.wait_for(timeout=30_000)
        assert card.locator("mark.risk-cancelled").first.inner_text() == "ยกเลิก"  # the risk word is marked
        page.screenshot(path=str(ARTIFACTS / "03-indicator.png"), full_page=True)

        # Search a Thai word: it comes back marked in the narrative.
        page.goto(server + "/search")
        box = page.get_by_label("ค้นหาในรายงาน (ไทยหรืออังกฤษ)")
        box.fill("โควิด")
        box.press("Enter")
        mark = page.locator("mark.search", has_text="โควิด").first
        mark.wait_for(timeout=30_000)
        expect(page.get_by_text("พบ 4 รายการ")).to_be_visible()  # indicators 7 and 8, quarter 3, both agencies
        page.wait_for_function("() => location.search.includes('q=')")
        page.screenshot(path=str(ARTIFACTS / "05-search.png"), full_page=True)

        # A hit opens its indicator at the quarter it was found in, below the chart and the table
        # (on a laptop-sized screen that quarter is out of view at the top of the page).
        laptop = browser.new_page(viewport={"width": 1280, "height": 720})
        laptop.goto(page.url)
        laptop.locator('[data-testid="stPageLink"] a').filter(has_text="(8)").first.click()
        here = laptop.get_by_text("ผลการค้นหาที่เปิดหน้านี้อยู่ที่นี่")
        here.wait_for(timeout=60_000)
        assert "at=q3" in laptop.url
        expect(here).to_be_in_viewport(timeout=10_000)
        card = laptop.locator(".st-key-hit_here")
        expect(card.locator("mark.search", has_text="โควิด").first).to_be_visible()  # the words marked
        expect(laptop.get_by_role("heading", name="ผลงานรายไตรมาส")).not_to_be_in_viewport()  # scrolled past
        laptop.screenshot(path=str(ARTIFACTS / "05b-hit-opened.png"))
        laptop.close()

        # Back to the overview in English, and download the CSV.
        page.goto(server + "/?lang=en")
        page.get_by_text("Percent met").first.wait_for(timeout=60_000)
        expect_metric(page, "Met", "15")
        page.get_by_role("button", name="Prepare Excel and briefing").click()  # built on the click
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        csv = Path(download.value.path()).read_bytes()
        assert re.fullmatch(r"kpi_\d{4}_\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename)  # year, date
        assert csv.decode("utf-8-sig").startswith("Agency code,Agency,")  # headings in the page's language
        assert csv.startswith(b"\xef\xbb\xbf") and "ร้อยละของความพึงพอใจ".encode() in csv
        with page.expect_download() as download:
            page.get_by_role("button", name="Download Excel").click()
        assert Path(download.value.path()).read_bytes().startswith(b"PK")  # an XLSX is a zip
        with page.expect_download() as download:
            page.get_by_role("button", name="Download executive briefing (HTML)").click()
        saved = ARTIFACTS / "briefing.html"
        download.value.save_as(saved)
        briefing = saved.read_text(encoding="utf-8")
        assert "Performance indicator briefing" in briefing and "plotly.js v" in briefing
        shot = browser.new_page(viewport={"width": 1200, "height": 1600})
        shot.goto(saved.resolve().as_uri())  # opens offline, from the file
        shot.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        shot.screenshot(path=str(ARTIFACTS / "08-briefing.png"), full_page=True)
        shot.close()
        page.screenshot(path=str(ARTIFACTS / "04-english.png"), full_page=True)
        # A menu link drops ?lang=en; the page and the switch's own label stay English.
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("link", name="Compare").click()
        page.get_by_role("heading", name="Compare").wait_for(timeout=60_000)
        expect(sidebar.get_by_text("Language", exact=True)).to_be_visible()
        assert sidebar.get_by_text("ภาษา", exact=True).count() == 0
        browser.close()


def test_an_analyst_logs_in_and_uploads_a_file_a_viewer_sees_it(server: str, chromium: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    report = tmp_path / "agency_06000000.txt"
    report.write_bytes(for_agency("06000000"))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        viewer = browser.new_context().new_page()  # another person, another session
        viewer.goto(server + "/")
        viewer.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "16")
        assert viewer.get_by_text("อัปโหลดรายงาน").count() == 0  # no upload page for viewers

        page = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        page.goto(server + "/")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
        sidebar.get_by_label("รหัสผ่าน").fill(ANALYST_PASSWORD)
        sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
        sidebar.get_by_text("เข้าสู่ระบบแล้ว: somchai (นักวิเคราะห์)").wait_for(timeout=30_000)
        sidebar.get_by_role("link", name="อัปโหลดรายงาน").click()
        # The app's limit in Thai, not Streamlit's "200MB per file" under the drop zone.
        page.get_by_text("จำกัดขนาด 20 MB ต่อไฟล์", exact=False).wait_for(timeout=30_000)
        expect(page.get_by_test_id("stFileUploaderDropzone")).to_be_visible()
        expect(page.get_by_text("200MB per file")).to_be_hidden()
        page.locator('input[type="file"]').set_input_files(str(report))
        page.get_by_text("รายงานใหม่", exact=True).wait_for(timeout=60_000)
        expect(page.get_by_text("หน่วยงาน 06000000 · ปีงบประมาณ 2563 · 8 ตัวชี้วัด")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "06-upload-preview.png"), full_page=True)
        page.get_by_role("button", name="ยืนยันบันทึก 1 ไฟล์").click()
        page.get_by_text("บันทึกแล้ว", exact=False).first.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "07-upload-saved.png"), full_page=True)

        # The viewer's next rerun shows the new agency (caches are keyed by the data version).
        viewer.reload()
        viewer.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "24")
        browser.close()


def test_a_file_the_confirm_did_not_save_stays_with_the_code_typed_for_it(
    server: str, chromium: str, samples_dir: Path
) -> None:
    """Two real excerpts: one without a fiscal year, one without agency or year. The analyst types
    the first one's year and the second one's agency code, and confirms the one file that is ready:
    the second stays on the page with its code, and the sentences are Thai."""
    ARTIFACTS.mkdir(exist_ok=True)
    files = [samples_dir / "real" / n for n in ("index101_selDEP_07000000__q19.txt", "mykpi2563_pid_88__q1.txt")]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
        page.goto(server + "/")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
        sidebar.get_by_label("รหัสผ่าน").fill(ANALYST_PASSWORD)
        sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
        sidebar.get_by_text("เข้าสู่ระบบแล้ว: somchai (นักวิเคราะห์)").wait_for(timeout=30_000)
        sidebar.get_by_role("link", name="อัปโหลดรายงาน").click()
        page.locator('input[type="file"]').set_input_files([str(f) for f in files])
        # The second names neither its agency nor its year: both are asked for at once.
        page.get_by_text("ไม่พบทั้งรหัสหน่วยงาน (ในไฟล์หรือชื่อไฟล์) และปีงบประมาณ", exact=False).wait_for(timeout=60_000)
        assert "--agency" not in page.inner_text("body")
        years = page.get_by_label("ปีงบประมาณ (พ.ศ.)")
        years.nth(0).fill("2020")
        years.nth(0).press("Enter")
        page.get_by_text("ไม่ใช่ปีงบประมาณ พ.ศ.", exact=False).wait_for(timeout=30_000)
        assert "outside the allowed range" not in page.inner_text("body")
        years.nth(0).fill("2563")
        years.nth(0).press("Enter")
        expect(page.get_by_text("ไม่ใช่ปีงบประมาณ พ.ศ.", exact=False)).to_have_count(0, timeout=30_000)
        codes = page.get_by_label("รหัสหน่วยงาน (8 หลัก)")
        codes.nth(1).fill("50010000")
        codes.nth(1).press("Enter")
        expect(page.get_by_text("ไม่พบปีงบประมาณ — กรุณาระบุ")).to_have_count(1, timeout=30_000)
        page.get_by_role("button", name="ยืนยันบันทึก 1 ไฟล์").click()
        page.get_by_text("mykpi2563_pid_88__q1.txt: ยังไม่ได้บันทึก", exact=False).wait_for(timeout=60_000)
        page.get_by_text("บันทึกแล้ว", exact=False).first.wait_for()
        expect(page.get_by_label("รหัสหน่วยงาน (8 หลัก)")).to_have_value("50010000")
        # The kept card is drawn after the message: wait for it (a loaded CI read the page first).
        page.get_by_text("ยังไม่ได้บันทึก: เก็บไว้จากการยืนยันครั้งก่อน", exact=False).first.wait_for(timeout=60_000)
        page.get_by_text("ขาด: ผลงาน", exact=False).first.wait_for(timeout=60_000)
        assert "--" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "08-upload-kept.png"), full_page=True)
        browser.close()


def test_a_deep_link_as_the_first_request_still_runs_the_app(server: str, chromium: str) -> None:
    """A shared link opened right after the server starts: app.py's navigation and sign-in, not
    Streamlit's legacy listing of every file in pages/ (which would offer 'upload' to all)."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server + "/indicator?id=8")  # the fixture's server has served nothing yet
        page.get_by_text("รายงานผลการดำเนินงานรายไตรมาส").wait_for(timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "ภาพรวม" in nav and "รายละเอียดตัวชี้วัด" in nav
        assert "upload" not in nav and "อัปโหลด" not in nav
        expect(page.locator('[data-testid="stSidebar"]').get_by_label("ชื่อผู้ใช้")).to_be_visible()
        browser.close()
