"""Deployment for many users, run as deploy/ and the README set it up: the database made by
deploy/postgres-setup.sql (a role that owns its database, no superuser), the reports loaded by
README step 4's command, two replicas started by the ExecStart of deploy/kpi-dashboard@.service
with the settings of deploy/kpi.env.example and a home they cannot write, and nginx with
deploy/nginx-kpi.conf rendered by the README's envsubst command in front of them. A
real browser goes through nginx: the websocket is upgraded, each browser stays on one replica,
an upload on one replica reaches a viewer on the other, and an over-size upload gets the app's
sentence rather than nginx's 413 page. systemd-analyze checks the unit file itself."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from builders import for_agency
from kpi_core.access.auth import hash_password
from servers import CHROMIUM_ARGS, PG_BIN, PG_USER, free_port, nginx_server, running

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "kpi-dashboard@.service"
SITE = DEPLOY / "nginx-kpi.conf"
README = ROOT / "README.md"
PASSWORD = "replica test password"
DB_PASSWORD = "kpi-role-password-0123"  # as kpi.env.example asks: nothing to escape
# The browser asks for this name (chromium resolves it to 127.0.0.1), as a user would ask for
# the server's: Streamlit must then accept a websocket whose Origin is neither localhost nor an IP.
HOST = "kpi.test"

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


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(UNIT.read_text())
    return unit


def _env_lines(lines: list[str]) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.lstrip().startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def write_env_file(kpi_url: str, path: Path) -> Path:
    """/etc/kpi/kpi.env as README step 4 makes it: deploy/kpi.env.example with the database's URL."""
    lines = (DEPLOY / "kpi.env.example").read_text().splitlines()
    assert sum(line.startswith("KPI_DATABASE_URL=") for line in lines) == 1
    url = f"KPI_DATABASE_URL={kpi_url}"
    path.write_text("\n".join(url if line.startswith("KPI_DATABASE_URL=") else line for line in lines) + "\n")
    return path


# The kpi user's home, /opt/kpi, is root's and read-only under the unit's ProtectSystem=strict:
# the replicas and README step 4 must not need to write there. Here, as root, a missing folder in
# sysfs stands in for it: reading in it finds nothing, and creating it fails even for root.
UNWRITABLE_HOME = Path("/sys/kpi-dashboard-home")


def unit_environment(env_file: Path, home: Path) -> dict[str, str]:
    """What systemd gives a replica: a clean environment, the settings of its EnvironmentFile
    and the unit's own Environment= line."""
    settings = _env_lines(env_file.read_text().splitlines())
    unit = _env_lines(_unit()["Service"]["Environment"].split())
    return {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", **settings, **unit}


def readme_ingest(env_file: Path, home: Path) -> None:
    """README step 4's loading of the reports, as written, but for this checkout and this file."""
    script = re.search(r"sudo -u kpi sh -c '([^']+)'", README.read_text())
    assert script is not None, "README step 4 no longer loads the reports"
    command = (
        script.group(1)
        .replace("/etc/kpi/kpi.env", shlex.quote(str(env_file)))
        .replace("/opt/kpi/app", shlex.quote(str(ROOT)))
        .replace("/opt/kpi/venv/bin/python", shlex.quote(sys.executable))
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", "USER": "kpi"}
    out = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def unit_command(port: int) -> list[str]:
    """The unit's ExecStart for instance ``port`` (%i), with this Python's streamlit for the venv's."""
    argv = shlex.split(_unit()["Service"]["ExecStart"])
    assert argv[0] == "/opt/kpi/venv/bin/streamlit", argv
    return [sys.executable, "-m", "streamlit", *(arg.replace("%i", str(port)) for arg in argv[1:])]


@contextmanager
def unit_replica(env: dict[str, str], log: Path, timeout: float = 60) -> Iterator[str]:
    """One replica as kpi-dashboard@PORT.service runs it (WorkingDirectory is the checkout)."""
    port = free_port()
    with running(unit_command(port), ROOT, env, log, f"127.0.0.1:{port}", timeout) as upstream:
        yield upstream


def readme_render() -> tuple[dict[str, str], str]:
    """The variables README step 6 exports (with the README's values) and the list it gives envsubst."""
    readme = README.read_text()
    exported = re.search(r"^\s*export (KPI_LISTEN=.*)$", readme, re.M)
    command = re.search(r"envsubst '([^']+)' < /opt/kpi/app/deploy/nginx-kpi\.conf", readme)
    assert exported is not None and command is not None, "README step 6 no longer renders nginx-kpi.conf"
    return dict(pair.split("=", 1) for pair in exported.group(1).split()), command.group(1)


def render_site(values: dict[str, str]) -> str:
    """deploy/nginx-kpi.conf through the README's own envsubst command, with these values."""
    exported, shell_format = readme_render()
    assert sorted(values) == sorted(exported)
    out = subprocess.run(
        ["envsubst", shell_format],
        input=SITE.read_text(),
        env={"PATH": os.environ["PATH"], **values},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return out.stdout


@dataclass(frozen=True)
class Deployment:
    port: int  # nginx's
    replicas: tuple[str, str]  # the upstream addresses nginx logs
    access_log: Path

    @property
    def url(self) -> str:
        """What the browser asks for: nginx, by the server's name."""
        return f"http://{HOST}:{self.port}"

    def log(self) -> list[list[str]]:
        """status, method, path, upstream, kpi_replica cookie: one list per request so far."""
        return [line.split("\t") for line in self.access_log.read_text().splitlines()]

    def replica_of(self, cookie: str) -> set[str]:
        return {row[3] for row in self.log() if row[4] == cookie}

    def cookie_for(self, replica: str) -> str:
        """A kpi_replica value that nginx sends to ``replica``, found by asking through it."""
        for n in range(64):
            value = f"probe{n}"
            headers = {"Host": f"{HOST}:{self.port}", "Cookie": f"kpi_replica={value}"}
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}/_stcore/health", headers=headers)
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 200
            if self.replica_of(value) == {replica}:
                return value
        raise AssertionError(f"none of 64 cookie values reaches {replica}: the hash does not spread")


@pytest.fixture(scope="module")
def deployment(kpi_url: str, nginx: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    logs = tmp_path_factory.mktemp("replicas")
    env_file = write_env_file(kpi_url, logs / "kpi.env")
    home = UNWRITABLE_HOME
    readme_ingest(env_file, home)  # the seed report, as the kpi role: tables and the trigram index too
    # Analyst accounts: the README puts them in .streamlit/secrets.toml; KPI_USERS is the same
    # account without touching the checkout.
    env = {**unit_environment(env_file, home), "KPI_USERS": f"somchai:analyst:{hash_password(PASSWORD)}"}
    port = free_port()
    with (
        unit_replica(env, logs / "a.log") as first,
        unit_replica(env, logs / "b.log") as second,
    ):
        site = render_site(
            {
                "KPI_LISTEN": f"127.0.0.1:{port}",
                "KPI_SERVER_NAME": HOST,
                "KPI_PORT_1": first.rsplit(":", 1)[1],
                "KPI_PORT_2": second.rsplit(":", 1)[1],
            }
        )
        with nginx_server(site, port) as nginx_home:
            yield Deployment(port, (first, second), nginx_home / "access.log")


def open_browser(p, chromium: str):  # type: ignore[no-untyped-def]
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
    return p.chromium.launch(executable_path=chromium, headless=True, args=args)


def expect_metric(page, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    exact = page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    box = page.locator('[data-testid="stMetric"]').filter(has=exact).first
    expect(box.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=60_000)


def sign_in(page) -> None:  # type: ignore[no-untyped-def]
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
    sidebar.get_by_label("รหัสผ่าน").fill(PASSWORD)
    sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
    sidebar.get_by_role("link", name="อัปโหลดรายงาน").click(timeout=60_000)


def cookie_of(context) -> str:  # type: ignore[no-untyped-def]
    return next(c["value"] for c in context.cookies() if c["name"] == "kpi_replica")


def rows_when_closed(deployment: Deployment, cookie: str) -> list[list[str]]:
    """The requests of one browser, once nginx has logged its websocket (at its close)."""
    deadline = time.monotonic() + 15
    while True:
        rows = [row for row in deployment.log() if row[4] == cookie]
        if any(row[2] == "/_stcore/stream" for row in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_through_nginx_an_upload_on_one_replica_reaches_a_viewer_on_the_other(
    deployment: Deployment, chromium: str, tmp_path: Path
) -> None:
    report = tmp_path / "agency_06000000.txt"
    report.write_bytes(for_agency("06000000"))
    with playwright.sync_playwright() as p:
        browser = open_browser(p, chromium)
        # A first visit: nginx picks a replica and sets the cookie that keeps the browser there.
        analyst_context = browser.new_context(viewport={"width": 1400, "height": 1800})
        analyst = analyst_context.new_page()
        analyst.goto(deployment.url + "/")
        expect_metric(analyst, "ตัวชี้วัดทั้งหมด", "8")  # drawn: the websocket came through nginx
        analyst_cookie = cookie_of(analyst_context)
        (analyst_replica,) = deployment.replica_of(analyst_cookie)
        (viewer_replica,) = set(deployment.replicas) - {analyst_replica}

        # A returning browser whose cookie sends it to the other replica.
        viewer_context = browser.new_context()
        viewer_cookie = deployment.cookie_for(viewer_replica)
        viewer_context.add_cookies([{"name": "kpi_replica", "value": viewer_cookie, "url": deployment.url}])
        viewer = viewer_context.new_page()
        viewer.goto(deployment.url + "/")
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "8")

        sign_in(analyst)
        analyst.locator('input[type="file"]').set_input_files(str(report))
        analyst.get_by_role("button", name="ยืนยันบันทึก 1 ไฟล์").click(timeout=60_000)
        analyst.get_by_text("บันทึกแล้ว", exact=False).first.wait_for(timeout=60_000)

        viewer.reload()  # the other replica, its next rerun: caches keyed by the data version
        expect_metric(viewer, "ตัวชี้วัดทั้งหมด", "16")
        browser.close()

    analyst_rows = rows_when_closed(deployment, analyst_cookie)
    viewer_rows = rows_when_closed(deployment, viewer_cookie)
    # Every request of each browser went to its one replica, and they were not the same one.
    assert {row[3] for row in analyst_rows} == {analyst_replica}
    assert {row[3] for row in viewer_rows} == {viewer_replica}
    # One websocket, upgraded (101), carried sign-in, the page change and the save: no reconnect.
    assert [row[0] for row in analyst_rows if row[2] == "/_stcore/stream"] == ["101"]
    # The file itself went by HTTP to the replica that holds the session.
    assert [row[0] for row in analyst_rows if row[1] == "PUT"] == ["204"]


def test_an_over_size_upload_through_nginx_gets_the_apps_sentence(
    deployment: Deployment, chromium: str, tmp_path: Path
) -> None:
    """Bigger than the app's KPI_MAX_UPLOAD_MB and than the 25 MiB nginx used to let through:
    the app must still receive it and say why it refuses it."""
    limit = _env_lines((DEPLOY / "kpi.env.example").read_text().splitlines())["KPI_MAX_UPLOAD_MB"]
    big = tmp_path / "big.txt"
    size = 27_000_000
    big.write_bytes(b"x" * size)
    with playwright.sync_playwright() as p:
        browser = open_browser(p, chromium)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        page = context.new_page()
        page.goto(deployment.url + "/")
        sign_in(page)
        page.locator('input[type="file"]').set_input_files(str(big))
        page.get_by_text(f"ไฟล์ขนาด {size / 1e6:.1f} MB เกินกำหนด {limit} MB").wait_for(timeout=60_000)
        # Still signed in after more reruns on the same replica: away from the page and back.
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("link", name="ภาพรวม").click()
        expect_metric(page, "ตัวชี้วัดทั้งหมด", re.compile(r"\d+"))  # type: ignore[arg-type]
        sidebar.get_by_role("link", name="อัปโหลดรายงาน").click()
        expect(page.locator('input[type="file"]')).to_have_count(1, timeout=60_000)
        expect(sidebar.get_by_text("เข้าสู่ระบบแล้ว: somchai", exact=False)).to_be_visible()
        cookie = cookie_of(context)
        browser.close()
    rows = rows_when_closed(deployment, cookie)
    assert len({row[3] for row in rows}) == 1
    assert [row[0] for row in rows if row[1] == "PUT"] == ["204"]  # not nginx's 413


def test_behind_nginx_a_failed_sign_in_counts_against_the_browsers_address(
    deployment: Deployment, kpi_url: str, chromium: str
) -> None:
    """Every browser reaches the replicas from nginx's address; the per-client throttle must
    still count the browser's, and a browser must not pick its own by sending X-Real-IP."""
    with create_engine(kpi_url).begin() as conn:
        conn.execute(text("DELETE FROM login_throttle"))
    with playwright.sync_playwright() as p:
        browser = open_browser(p, chromium)
        context = browser.new_context(extra_http_headers={"X-Real-IP": "203.0.113.66"})
        page = context.new_page()
        page.goto(deployment.url + "/")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("ชื่อผู้ใช้").fill("somchai")
        sidebar.get_by_label("รหัสผ่าน").fill("not the password")
        sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
        sidebar.get_by_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง").wait_for(timeout=60_000)
        browser.close()
    with create_engine(kpi_url).connect() as conn:
        keys = set(conn.execute(text("SELECT key FROM login_throttle")).scalars())
    # nginx saw the browser at 127.0.0.1 and replaced the header the browser sent.
    assert keys == {"user:somchai", "client:ip:127.0.0.1", "all"}


def test_the_unit_passes_systemd_analyze_verify(systemd_analyze: str, tmp_path: Path) -> None:
    """The unit as README step 5 installs it, instances 8501 and 8502, checked by systemd itself
    in a root of its own: /opt/kpi/venv/bin/streamlit stands in for the venv's, and systemd's
    own units come from this machine."""
    root = tmp_path / "root"
    (root / "etc/systemd/system").mkdir(parents=True)
    (root / "etc/kpi").mkdir(parents=True)
    (root / "usr/lib/systemd").mkdir(parents=True)
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    streamlit = root / "opt/kpi/venv/bin/streamlit"
    streamlit.parent.mkdir(parents=True)
    streamlit.write_text("#!/bin/sh\n")
    streamlit.chmod(0o755)
    shutil.copy(DEPLOY / "kpi.env.example", root / "etc/kpi/kpi.env")

    def verify(unit_text: str) -> str:
        (root / "etc/systemd/system" / UNIT.name).write_text(unit_text)
        out = subprocess.run(
            [systemd_analyze, "verify", f"--root={root}", "kpi-dashboard@8501.service", "kpi-dashboard@8502.service"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        return "\n".join(line for line in out.stderr.splitlines() if "kpi-dashboard" in line)

    assert verify(UNIT.read_text()) == ""
    # verify exits 0 on a misspelt key, so its warnings are what tells: it does report them.
    assert "Unknown key" in verify(UNIT.read_text().replace("NoNewPrivileges=", "NoNewPrivilege="))


def test_the_deploy_files_agree() -> None:
    """The README renders nginx-kpi.conf for the ports its units listen on, with every variable of
    the template; nginx pins a browser to one replica, upgrades the websocket and lets through
    what Streamlit accepts; the units listen on 127.0.0.1 only, as the README says."""
    exported, shell_format = readme_render()
    site = SITE.read_text()
    assert sorted(set(re.findall(r"\$\{(\w+)\}", site))) == sorted(exported)
    assert shell_format.split() == [f"${name}" for name in exported]
    readme = README.read_text()
    ports = [exported["KPI_PORT_1"], exported["KPI_PORT_2"]]
    assert f"kpi-dashboard@{ports[0]} kpi-dashboard@{ports[1]}" in readme
    upstream = re.search(r"upstream kpi_dashboard \{(.*?)\n\}", site, re.S)
    assert upstream is not None and "hash $kpi_replica consistent;" in upstream.group(1)
    assert re.findall(r"server 127\.0\.0\.1:\$\{(\w+)\};", upstream.group(1)) == ["KPI_PORT_1", "KPI_PORT_2"]
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "$connection_upgrade" in site
    body = re.search(r"client_max_body_size (\d+)m;", site)
    streamlit_cap = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]["maxUploadSize"]
    assert body is not None and int(body.group(1)) >= streamlit_cap + 1  # MiB, plus Streamlit's 1 MiB of framing
    start = _unit()["Service"]["ExecStart"]
    assert "streamlit run app.py --server.port %i --server.address 127.0.0.1" in start
    assert "python3 -m venv" in readme
