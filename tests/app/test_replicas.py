"""Deployment for many users, as deploy/ and the README set it up: the database made by
deploy/postgres-setup.sql (a role that owns its database, no superuser), two app replicas on it,
and an upload through one replica reaching a viewer of the other in a real browser."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from builders import SEED, for_agency
from kpi_core.access.auth import hash_password
from kpi_core.storage.store import ingest, open_store
from servers import CHROMIUM_ARGS, PG_BIN, PG_USER, streamlit_app

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PASSWORD = "replica test password"
DB_PASSWORD = "kpi role password"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = playwright.expect


@pytest.fixture(scope="module")
def kpi_url(pg_server: str) -> str:
    """The README's database: deploy/postgres-setup.sql run by psql as the superuser."""
    server = make_url(pg_server)
    out = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            str(server.host),
            "-p",
            str(server.port),
            "-U",
            PG_USER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"password={DB_PASSWORD}",
            "-f",
            str(DEPLOY / "postgres-setup.sql"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return server.set(username="kpi", password=DB_PASSWORD, database="kpi").render_as_string(hide_password=False)


def test_the_setup_gives_a_plain_owner_with_pg_trgm(kpi_url: str) -> None:
    engine = create_engine(kpi_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar() is False
            assert conn.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
    finally:
        engine.dispose()


@pytest.fixture
def replicas(kpi_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    engine = open_store(kpi_url, seed=False)  # as the kpi role: tables and the trigram index
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    engine.dispose()
    env = {
        **os.environ,
        "KPI_DATABASE_URL": kpi_url,
        "PYTHAINLP_OFFLINE": "1",
        "KPI_USERS": f"somchai:analyst:{hash_password(PASSWORD)}",
    }
    with (
        streamlit_app(ROOT / "app.py", env, tmp_path / "a.log") as first,
        streamlit_app(ROOT / "app.py", env, tmp_path / "b.log") as second,
    ):
        yield first, second


def expect_metric(page, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    exact = page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    box = page.locator('[data-testid="stMetric"]').filter(has=exact).first
    expect(box.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=60_000)


def test_an_upload_through_one_replica_reaches_a_viewer_of_the_other(
    replicas: tuple[str, str], chromium: str, tmp_path: Path
) -> None:
    first, second = replicas
    report = tmp_path / "agency_06000000.txt"
    report.write_bytes(for_agency("06000000"))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        viewer = browser.new_context().new_page()
        viewer.goto(second + "/")
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "8")

        analyst = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        analyst.goto(first + "/")
        sidebar = analyst.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
        sidebar.get_by_label("รหัสผ่าน").fill(PASSWORD)
        sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
        sidebar.get_by_role("link", name="อัปโหลดรายงาน").click(timeout=60_000)
        analyst.locator('input[type="file"]').set_input_files(str(report))
        analyst.get_by_role("button", name="ยืนยันบันทึก 1 ไฟล์").click(timeout=60_000)
        analyst.get_by_text("บันทึกแล้ว", exact=False).first.wait_for(timeout=60_000)

        viewer.reload()  # the other replica, its next rerun: caches keyed by the data version
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "16")
        browser.close()


def test_the_deploy_files_agree() -> None:
    """nginx sends to the ports the units listen on, pins a browser to one replica, upgrades the
    websocket; the units listen on 127.0.0.1 only, as the README says."""
    nginx = (DEPLOY / "nginx-kpi.conf").read_text()
    upstream = re.search(r"upstream kpi_dashboard \{(.*?)\}", nginx, re.S)
    assert upstream is not None and "ip_hash;" in upstream.group(1)
    assert re.findall(r"server 127\.0\.0\.1:(\d+);", upstream.group(1)) == ["8501", "8502"]
    assert "proxy_set_header Upgrade $http_upgrade;" in nginx and "$connection_upgrade" in nginx
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read_string((DEPLOY / "kpi-dashboard@.service").read_text())
    start = unit["Service"]["ExecStart"]
    assert "streamlit run app.py --server.port %i --server.address 127.0.0.1" in start
    readme = (ROOT / "README.md").read_text()
    assert "kpi-dashboard@8501 kpi-dashboard@8502" in readme and "python3 -m venv" in readme
