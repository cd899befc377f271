"""A hostile report and hostile links in a real browser: everything shows as text, nothing fetches.

The report (tests/builders.py ``hostile()``) carries Markdown links and images to an outside host,
``:red[…]``, ``$x^2$``, ``**bold**``, ``:material/…:`` and ``<img onerror>`` in its names, unit,
narratives, agency name and file name. Every page is opened, and a few URLs that carry the same
in their parameters; each fails on an outside link or image, a request leaving 127.0.0.1,
formatting made from report text, LaTeX, a Streamlit exception box, or an HTML entity shown as
written in a chart. Screenshots land in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from builders import EVIL, HOSTILE_AGENCY_NAME, SEED, for_agency, hostile
from kpi_core.access.auth import hash_password
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store
from servers import CHROMIUM_ARGS, streamlit_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "hostile browser test"
HOSTILE_FILE = f"=1+2 [แฟ้มพิษ]({EVIL}/f) **แฟ้มพิษ** :red[x].txt"
# Words that only report text carries: formatting around them was made from data. (Not "ไฟล์":
# the app's own words say it, in bold in the legend: "ไฟล์ต้นฉบับขาดตอน".)
DATA_WORDS = ("ตัวหนา", "เอียง", "แดง", "ทดสอบ", "แฟ้มพิษ", "CLICK", "SAFE", "Login", "bold")

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = playwright.expect

# Everything on the page that could reach outside, be formatting, or show an error.
INSPECT = """() => {
  const main = document.querySelector('[data-testid="stApp"]');
  const texts = (sel) => [...main.querySelectorAll(sel)].map((e) => e.textContent);
  return {
    links: [...document.querySelectorAll('a[href], area[href]')].map((a) => a.href),
    images: [...document.querySelectorAll('img, image, source, video, audio, iframe')]
      .map((e) => e.src || e.currentSrc || e.getAttribute('href') || e.getAttribute('srcset') || '')
      .filter((s) => s !== ''),
    formatted: texts('strong, em, b, i, del, s, code, .stMarkdownColoredText, .stMarkdownColoredBackground'),
    katex: main.querySelectorAll('.katex, .katex-display, math').length,
    icons: texts('[data-testid="stMain"] span[role="img"]'),
    exceptions: texts('[data-testid="stException"]'),
    chart_text: texts('.js-plotly-plot text'),
    body: main.innerText,
  };
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """The app over the seed (03000000) and the hostile report (05000000, hostile name and file)."""
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    ingest(engine, for_agency("05000000", hostile()), HOSTILE_FILE, uploaded_by="t", agency_name=HOSTILE_AGENCY_NAME)
    df = indicators(engine)
    ids = {
        f"seq{s}": int(df.loc[(df.seq == s) & (df.agency_code == "05000000"), "indicator_id"].item()) for s in (1, 4)
    }
    engine.dispose()
    users = f"somchai:analyst:{hash_password(PASSWORD)}"
    env = {**os.environ, "KPI_DATABASE_URL": url, "PYTHAINLP_OFFLINE": "1", "KPI_USERS": users}
    with streamlit_app(ROOT / "app.py", env, tmp_path / "streamlit.log") as base:
        yield base, ids


def _outside(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return parts.scheme == "javascript"
    return parts.netloc != urlsplit(base).netloc


class Visit:
    """One browser page that records every request and checks each view it is sent to."""

    def __init__(self, page: object, base: str) -> None:
        self.page = page
        self.base = base
        self.requests: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))  # type: ignore[attr-defined]

    def check(self, path: str, ready: str, shot: str, *, charts: int = 0, shows: tuple[str, ...] = ()) -> None:
        page = self.page
        page.goto(self.base + path)  # type: ignore[attr-defined]
        page.get_by_text(ready).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
        if charts:
            expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=60_000)  # type: ignore[attr-defined]
        for text in shows:  # report text shows exactly as written
            expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=30_000)  # type: ignore[attr-defined]
        expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)  # type: ignore[attr-defined]
        page.screenshot(path=str(ARTIFACTS / f"hostile-{shot}.png"), full_page=True)  # type: ignore[attr-defined]
        found = page.evaluate(INSPECT)  # type: ignore[attr-defined]
        where = f"{path}: "
        assert [u for u in found["links"] if _outside(u, self.base)] == [], where + "outside link"
        assert [u for u in found["images"] if _outside(u, self.base)] == [], where + "outside image"
        assert [t for t in found["formatted"] if any(w in t for w in DATA_WORDS)] == [], where + "formatting from data"
        assert found["katex"] == 0, where + "LaTeX from data"
        assert [t for t in found["icons"] if "warning" in t] == [], where + "material icon from data"
        assert found["exceptions"] == [], where + "exception box"
        assert [t for t in found["chart_text"] if "&quot;" in t or "&#" in t or "&lt;" in t or "&amp;" in t] == []
        assert [u for u in self.requests if _outside(u, self.base)] == [], where + "request to an outside host"


def test_hostile_report_and_links_show_as_text(server: tuple[str, dict[str, int]], chromium: str) -> None:
    base, ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        visit = Visit(browser.new_page(viewport={"width": 1400, "height": 1800}), base)

        visit.check("/", "ร้อยละที่บรรลุ", "overview", charts=6)  # two pillar panels, three status bars, quarterly progress
        # Filter options are plain text in Streamlit: the agency name shows as written there.
        visit.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="หน่วยงาน").click()
        option = visit.page.get_by_role("option").filter(has_text="05000000")
        expect(option).to_have_text(f"05000000 {HOSTILE_AGENCY_NAME}", timeout=30_000)
        visit.page.keyboard.press("Escape")
        # Streamlit's own "Download as CSV" on a table writes report text as it is: "=1+2" would
        # be a live formula in a spreadsheet. The app's exports guard it; the built-in one is off.
        table = visit.page.locator('[data-testid="stDataFrame"]').first
        table.scroll_into_view_if_needed()
        table.hover()
        visit.page.wait_for_timeout(500)
        assert visit.page.locator('[data-testid="stElementToolbar"]').count() > 0  # the toolbar shows
        expect(visit.page.get_by_role("button", name="Download as CSV")).to_have_count(0)
        seq1 = f"/indicator?id={ids['seq1']}"
        shows = ("[ยืนยันตัวตน](https", "red[แดง] $x^2$", "(=1+2)")  # a colon before a letter carries U+2060
        visit.check(seq1, "ตัวชี้วัดเดียวกันในปีงบประมาณอื่น", "indicator", charts=1, shows=shows)
        # Narratives, plan titles and the file name on the indicator page, as written.
        visit.check(f"/indicator?id={ids['seq4']}", "ตัวชี้วัดเดียวกันในปีงบประมาณอื่น", "indicator-4", charts=1)
        visit.check("/search?q=CLICK", "พบ", "search", shows=("[ยืนยันตัวตน](https",))
        visit.check("/search", "รายงานล่าสุดที่มีคำเสี่ยง", "search-risks")
        visit.check("/compare", "ร้อยละที่บรรลุ", "compare", charts=1)
        visit.check("/history", "รายงานและฉบับต่างๆ", "history")
        # Viewers see which versions exist, not the audit log nor who uploaded them (issue 13.3).
        expect(visit.page.get_by_text("บันทึกการเปลี่ยนแปลง")).to_have_count(0)
        history_text = visit.page.locator('[data-testid="stMain"]').inner_text()
        assert "login" not in history_text and "ผู้อัปโหลด" not in history_text

        # Hostile values in the URL are echoed as text.
        visit.check(f"/indicator?id={quote(f'[SAFE]({EVIL})')}", "ไม่ถูกต้อง", "url-id-link", shows=("[SAFE](",))
        visit.check(f"/indicator?id={quote(f'![i]({EVIL}/track.png)')}", "ไม่ถูกต้อง", "url-id-image")
        query = f"[x]({EVIL}/q) **bold** $x^2$ :red[r] ![i]({EVIL}/i.png)"
        visit.check(f"/search?q={quote(query)}", "ไม่พบ", "url-search", shows=("**bold**",))
        fy = f"**bold** [Login]({EVIL}/login)"
        url = f"/?fy={quote(fy)}&agency={quote(f'![i]({EVIL}/t.png)')}"
        visit.check(url, "ค่าในลิงก์", "url-filters", shows=("**bold** [Login](https",))

        # An analyst sees more: the version picker (options from file names) and the direction.
        page = visit.page
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
        sidebar.get_by_label("รหัสผ่าน").fill(PASSWORD)
        sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
        sidebar.get_by_text("เข้าสู่ระบบแล้ว").wait_for(timeout=30_000)
        sidebar.get_by_role("link", name="ประวัติรายงาน").click()
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="เลือกฉบับ")  # after agency and year
        picker.wait_for(timeout=60_000)
        picker.click()
        options = page.get_by_role("option")
        expect(options.filter(has_text=HOSTILE_FILE)).to_have_count(1, timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "hostile-history-analyst.png"), full_page=True)
        found = page.evaluate(INSPECT)
        assert [u for u in found["links"] if _outside(u, base)] == [] and found["exceptions"] == []
        page.keyboard.press("Escape")
        assert [u for u in visit.requests if _outside(u, base)] == []
        browser.close()
