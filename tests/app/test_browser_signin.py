"""Staying signed in, in a real browser: an analyst signs in once and stays signed in across a
refresh and a new tab; logging out ends it there and for a copied cookie; a forged cookie signs
nobody in and shows no error. And the app's own links open in the same tab.

Headless Debian chromium driven by Playwright; screenshots land in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import SEED
from kpi_core.access.auth import hash_password
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.store import ingest, open_store
from servers import CHROMIUM_ARGS, streamlit_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "stay signed in test"
COOKIE = "kpi_session"
SIGNED_IN = "เข้าสู่ระบบแล้ว: somchai (นักวิเคราะห์)"

try:
    import playwright.sync_api as playwright
except ImportError:  # skip on a laptop without it; CI (KPI_REQUIRE_BROWSER=1) must not skip
    if os.environ.get("KPI_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)
expect = playwright.expect


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app over the seed report, with one analyst account; (base URL, database URL)."""
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    engine.dispose()
    env = {
        **os.environ,
        "KPI_DATABASE_URL": url,
        "PYTHAINLP_OFFLINE": "1",
        "KPI_USERS": f"somchai:analyst:{hash_password(PASSWORD)}",
    }
    env.pop("KPI_SESSION_SECRET", None)  # the key the app makes and keeps in its database
    with streamlit_app(ROOT / "app.py", env, tmp_path / "streamlit.log") as base:
        yield base, url


def _open(page, base: str, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    page.goto(base + path)
    page.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)


def _sidebar(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-testid="stSidebar"]')


def _expect_signed_in(page) -> None:  # type: ignore[no-untyped-def]
    expect(_sidebar(page).get_by_text(SIGNED_IN)).to_be_visible(timeout=30_000)
    expect(_sidebar(page).get_by_role("link", name="อัปโหลดรายงาน")).to_be_visible()


def _expect_signed_out(page) -> None:  # type: ignore[no-untyped-def]
    expect(_sidebar(page).get_by_label("ชื่อผู้ใช้")).to_be_visible(timeout=30_000)
    expect(_sidebar(page).get_by_text(SIGNED_IN)).to_have_count(0)
    expect(_sidebar(page).get_by_role("link", name="อัปโหลดรายงาน")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _session_cookie(context) -> dict[str, object] | None:  # type: ignore[no-untyped-def]
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def _wait_for_cookie(page, present: bool) -> None:  # type: ignore[no-untyped-def]
    test = "c => c.split('; ').some(x => x.startsWith('kpi_session='))"
    page.wait_for_function(f"() => ({test})(document.cookie) === {str(present).lower()}", timeout=30_000)


def test_an_analyst_stays_signed_in_until_logging_out(server: tuple[str, str], chromium: str) -> None:
    base, db_url = server
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        page = context.new_page()
        _open(page, base)
        _expect_signed_out(page)
        _sidebar(page).get_by_label("ชื่อผู้ใช้").fill("somchai")
        _sidebar(page).get_by_label("รหัสผ่าน").fill(PASSWORD)
        _sidebar(page).get_by_role("button", name="เข้าสู่ระบบ").click()
        _expect_signed_in(page)
        expect(_sidebar(page).get_by_text("เข้าสู่ระบบค้างไว้ในเบราว์เซอร์นี้ถึง")).to_be_visible()
        _wait_for_cookie(page, True)
        cookie = _session_cookie(context)
        assert cookie is not None
        token = str(cookie["value"])
        # A cookie for this app alone, sent with its own requests only, for a working day.
        assert cookie["path"] == "/" and cookie["sameSite"] == "Strict" and not cookie["secure"]
        assert cookie["httpOnly"] is False  # set by a script: no way to make it HttpOnly (ui/auth.py)
        import time

        assert 9.9 * 3600 < float(cookie["expires"]) - time.time() <= 10 * 3600  # type: ignore[arg-type]
        assert token not in page.content() and token not in page.url  # the script removed itself
        page.screenshot(path=str(ARTIFACTS / "signin-01-signed-in.png"), full_page=True)

        # A refresh is a new Streamlit session: the cookie signs it in, the upload page opens.
        page.reload()
        _open_after_reload(page)
        _expect_signed_in(page)
        _sidebar(page).get_by_role("link", name="อัปโหลดรายงาน").click()
        expect(page.locator('input[type="file"]')).to_have_count(1, timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "signin-02-after-reload.png"), full_page=True)

        # A new tab of the same browser is signed in as well.
        tab = context.new_page()
        _open(tab, base)
        _expect_signed_in(tab)

        # So is a link followed from another site (an e-mail, a chat): the first page load carries
        # no SameSite=Strict cookie, but the app's own websocket, which signs in, does.
        mail = context.new_page()
        mail.goto(f"data:text/html,<a href='{base}/indicator?id=8'>KPI</a>")
        mail.get_by_role("link", name="KPI").click()
        mail.get_by_text("รายงานผลการดำเนินงานรายไตรมาส").wait_for(timeout=60_000)
        _expect_signed_in(mail)
        mail.close()

        # Logging out: this tab, a refresh, and the other tab at its next click are signed out.
        # The page was /upload: it stays open and says that uploading needs a sign-in.
        _sidebar(page).get_by_role("button", name="ออกจากระบบ").click()
        _expect_signed_out(page)
        _wait_for_cookie(page, False)
        assert _session_cookie(context) is None
        expect(page.locator('input[type="file"]')).to_have_count(0, timeout=60_000)
        page.reload()
        page.get_by_text("การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์").wait_for(timeout=60_000)
        _expect_signed_out(page)
        _sidebar(tab).get_by_role("link", name="ค้นหา").click()  # a rerun of the old session
        _expect_signed_out(tab)
        page.screenshot(path=str(ARTIFACTS / "signin-03-logged-out.png"), full_page=True)

        # The cookie copied before logging out signs nobody in any more, from any browser.
        thief = browser.new_context()
        thief.add_cookies([{"name": COOKIE, "value": token, "url": base}])
        stolen = thief.new_page()
        _open(stolen, base)
        _expect_signed_out(stolen)
        _wait_for_cookie(stolen, False)  # and the app told that browser to drop it
        thief.close()

        # A forged cookie: one changed character in the payload, or plain garbage. No error either.
        version, body, signature = token.split(".")
        forged = f"{version}.{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{signature}"
        for value in (forged, "ผู้ใช้%00" + "x" * 3000):
            other = browser.new_context()
            other.add_cookies([{"name": COOKIE, "value": value, "url": base}])
            forger = other.new_page()
            _open(forger, base)
            _expect_signed_out(forger)
            forger.screenshot(path=str(ARTIFACTS / "signin-04-forged.png"), full_page=True)
            other.close()
        browser.close()

    engine = open_store(db_url, seed=False)
    actions = [e["action"] for e in audit_entries(engine)]
    engine.dispose()
    assert actions[:2] == ["logout", "login"]


def test_opening_upload_signed_out_says_sign_in_first_not_page_not_found(
    server: tuple[str, str], chromium: str
) -> None:
    """A bookmarked /upload opened by someone not signed in: a sentence in the page's language,
    not Streamlit's English "Page not found"; the menu still offers no upload; signing in opens it."""
    base, _db = server
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for lang, sentence in (
            ("", "การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์"),
            ("?lang=en", "Uploading reports needs an analyst sign-in"),
        ):
            page.goto(f"{base}/upload{lang}")
            page.get_by_text(sentence).wait_for(timeout=60_000)
            expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
            assert page.get_by_text("Page not found").count() == 0
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "upload" not in nav.lower() and "อัปโหลด" not in nav
            page.screenshot(path=str(ARTIFACTS / f"signin-05-upload-signed-out{lang and '-en'}.png"), full_page=True)
        page.goto(f"{base}/upload")
        page.get_by_text("การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์").wait_for(timeout=60_000)
        _sidebar(page).get_by_label("ชื่อผู้ใช้").fill("somchai")
        _sidebar(page).get_by_label("รหัสผ่าน").fill(PASSWORD)
        _sidebar(page).get_by_role("button", name="เข้าสู่ระบบ").click()
        expect(page.locator('input[type="file"]')).to_have_count(1, timeout=60_000)
        expect(_sidebar(page).get_by_role("link", name="อัปโหลดรายงาน")).to_be_visible()
        browser.close()


def _open_after_reload(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)


def test_links_inside_the_app_stay_in_the_tab(server: tuple[str, str], chromium: str) -> None:
    """The overview's exceptions are page links and its table opens a row: both in the same tab."""
    base, _ = server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        page = context.new_page()
        _open(page, base)
        links = page.evaluate(
            """() => [...document.querySelectorAll('a[href]')]
                 .filter((a) => new URL(a.href).origin === location.origin)
                 .map((a) => [a.href, a.target])"""
        )
        assert links and [href for href, target in links if target == "_blank"] == []
        main = page.locator('[data-testid="stMain"]')
        main.locator('[data-testid="stPageLink"] a').first.click()
        page.get_by_text("รายงานผลการดำเนินงานรายไตรมาส").wait_for(timeout=60_000)
        assert "/indicator?" in page.url and "id=" in page.url
        assert len(context.pages) == 1  # no new tab
        page.get_by_role("link", name="กลับ").first.click()  # the indicator page's way back
        page.get_by_text("ร้อยละที่บรรลุ").first.wait_for(timeout=60_000)
        assert len(context.pages) == 1
        browser.close()
