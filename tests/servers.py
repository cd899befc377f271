"""Throwaway servers and browsers for the tests: PostgreSQL 15, the app itself and Debian's chromium.

Nothing here imports kpi_core, so the helpers stay usable while the core changes.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"
CHROMIUM = Path("/usr/bin/chromium")

# The background-networking flags matter: this machine's network is closed, and without
# them chromium keeps opening connections that are refused. --no-sandbox because CI is root.
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

_MARK = "\n# added by tests/servers.py"
_DB_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def chromium_path() -> str | None:
    """Debian's chromium, if installed; Playwright drives it instead of downloading its own."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return str(CHROMIUM)
    return None


def _is_root() -> bool:
    return os.geteuid() == 0


def postgres_available() -> tuple[bool, str]:
    """Whether postgres_server() can run here, and why not when it cannot."""
    for tool in ("initdb", "pg_ctl", "postgres", "pg_isready"):
        if not os.access(PG_BIN / tool, os.X_OK):
            return False, f"{PG_BIN / tool} missing: apt-get install postgresql-15"
    if _is_root():
        # PostgreSQL refuses to run as root, so we switch to its own user.
        try:
            pwd.getpwnam(PG_USER)
        except KeyError:
            return (
                False,
                f"running as root but there is no '{PG_USER}' user to run PostgreSQL",
            )
        if shutil.which("runuser") is None:
            return False, "running as root but runuser is missing (util-linux)"
    return True, ""


def _as_pg_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: switch to its own user when we are root."""
    return ["runuser", "-u", PG_USER, "--", *args] if _is_root() else args


def _run(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL client tool (initdb, pg_ctl, pg_isready) and capture its output."""
    return subprocess.run(
        _as_pg_user(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _wait_ready(server: subprocess.Popen[bytes], port: int, home: Path, timeout: float) -> bool:
    """Poll pg_isready over TCP until the server accepts connections, or dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        probe = _run(
            [
                str(PG_BIN / "pg_isready"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                PG_USER,
                "-t",
                "2",
            ],
            cwd=home,
            timeout=10,
        )
        if probe.returncode == 0:
            return True
        time.sleep(0.1)
    return False


def _configure(data: Path, home: Path, port: int) -> None:
    """Write the session's settings; the file is rewritten whole so a retry starts clean."""
    conf = data / "postgresql.conf"
    base = conf.read_text().split(_MARK)[0]
    # fsync and friends are off: the data dies with the test session anyway.
    conf.write_text(
        f"{base}{_MARK}\n"
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{home}'\n"
        "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
    )


def _start(home: Path, data: Path, log: Path, timeout: float) -> tuple[subprocess.Popen[bytes], int]:
    """Start the server on a free port; retry if another process took the port meanwhile.

    The postmaster runs as our own child (not daemonised by pg_ctl start) so that we reap it
    ourselves on exit and leave no orphan or zombie behind.
    """
    last_error = ""
    for _ in range(3):
        port = free_port()
        _configure(data, home, port)
        with log.open("ab") as out:
            server = subprocess.Popen(
                _as_pg_user([str(PG_BIN / "postgres"), "-D", str(data)]),
                cwd=home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in pytest must not kill it before cleanup
            )
        if _wait_ready(server, port, home, timeout):
            return server, port
        _stop(server, data, home)
        last_error = _log_tail(log)
        if "could not bind" not in last_error:
            break
    raise RuntimeError(f"PostgreSQL did not start in {home}:\n{last_error}")


def _stop(server: subprocess.Popen[bytes], data: Path, home: Path) -> None:
    """Immediate shutdown (no checkpoint: the data is thrown away), then reap the process."""
    if server.poll() is None:
        _run(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            cwd=home,
        )
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pid_file = data / "postmaster.pid"
        # the postmaster is runuser's child when we are root, so signal it by its pid
        with suppress(OSError, ValueError, IndexError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
        server.kill()
        server.wait(timeout=15)


@contextmanager
def postgres_server(timeout: float = 30) -> Iterator[str]:
    """Start a throwaway PostgreSQL 15 server; yield its SQLAlchemy URL; stop and delete it.

    The server listens on 127.0.0.1 only, with trust authentication, so the URL carries no
    password: ``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``.
    """
    ok, reason = postgres_available()
    if not ok:
        raise RuntimeError(reason)
    home = Path(tempfile.mkdtemp(prefix="kpi-pg-"))
    data = home / "data"
    log = home / "server.log"
    try:
        if _is_root():
            user = pwd.getpwnam(PG_USER)
            os.chown(home, user.pw_uid, user.pw_gid)
        # --no-locale keeps collation byte-wise and identical on every machine; UTF8 for Thai.
        init = _run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                PG_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                # C.UTF-8, not C: pg_trgm takes Thai letters for word characters only under a
                # UTF-8 character class; under C a Thai text has no trigrams and its index is useless.
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            cwd=home,
            timeout=120,
        )
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{init.stdout}{init.stderr}")
        server, port = _start(home, data, log, timeout)
        try:
            yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/postgres"
        finally:
            _stop(server, data, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create an empty database ``name`` on the server at ``url`` and return its URL."""
    if not _DB_NAME.fullmatch(name):
        # The name is spliced into SQL (CREATE DATABASE takes no parameters), so keep it plain.
        raise ValueError(f"database name must match {_DB_NAME.pattern}: {name!r}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")  # CREATE DATABASE refuses a transaction
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


STREAMLIT_FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]


@contextmanager
def streamlit_app(app: Path, env: dict[str, str], log: Path, timeout: float = 60) -> Iterator[str]:
    """``streamlit run app`` headless on a free port of 127.0.0.1; yield its base URL; stop it."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(app), *STREAMLIT_FLAGS, "--server.port", str(port)]
    with running(command, app.parent, env, log, f"127.0.0.1:{port}", timeout) as address:
        yield f"http://{address}"


@contextmanager
def running(
    command: list[str], cwd: Path, env: dict[str, str], log: Path, address: str, timeout: float
) -> Iterator[str]:
    """Run a Streamlit server's ``command``; yield ``address`` once its health check answers (its
    log in the error when it never does, or exits first); stop it."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"http://{address}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError(log.read_text()) from None
                    time.sleep(0.3)
            yield address
        finally:
            proc.terminate()
            proc.wait(timeout=20)


NGINX = Path("/usr/sbin/nginx")

# What each proxied request did, one line each: tab-separated, so a test can split it.
NGINX_LOG_FORMAT = "$status\\t$request_method\\t$uri\\t$upstream_addr\\t$cookie_kpi_replica"


def nginx_available() -> tuple[bool, str]:
    """Whether nginx_server() and the README's envsubst can run here, and why not."""
    if not os.access(NGINX, os.X_OK):
        return False, f"{NGINX} missing: apt-get install nginx"
    if shutil.which("envsubst") is None:
        return False, "envsubst missing: apt-get install gettext-base"
    return True, ""


def _nginx_args(home: Path) -> list[str]:
    # -e: nginx opens its error log before reading the configuration, by default in /var/log.
    return [str(NGINX), "-p", f"{home}/", "-c", str(home / "nginx.conf"), "-e", str(home / "error.log")]


@contextmanager
def nginx_server(site: str, port: int, timeout: float = 30) -> Iterator[Path]:
    """Run nginx in the foreground with ``site`` (the text of a sites-enabled file that listens
    on 127.0.0.1:``port``); yield its directory, where access.log has one NGINX_LOG_FORMAT line
    per request; stop it. Everything it writes stays in that directory: no /etc, /var or /run.
    """
    ok, reason = nginx_available()
    if not ok:
        raise RuntimeError(reason)
    home = Path(tempfile.mkdtemp(prefix="kpi-nginx-"))
    # Run as root, nginx's workers drop to nobody: they must reach the request-body temp files.
    home.chmod(0o755)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {home / kind};" for kind in kinds)
    (home / "site.conf").write_text(site)
    (home / "nginx.conf").write_text(
        "daemon off;\nworker_processes 1;\n"
        f"pid {home / 'nginx.pid'};\nerror_log {home / 'error.log'} info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    log_format kpi_test '{NGINX_LOG_FORMAT}';\n"
        f"    access_log {home / 'access.log'} kpi_test;\n"
        f"{temp}\n"
        f"    include {home / 'site.conf'};\n"
        "}\n"
    )
    log = home / "error.log"
    try:
        check = subprocess.run([*_nginx_args(home), "-t"], capture_output=True, text=True, timeout=30, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{check.stderr}")
        proc = subprocess.Popen(
            _nginx_args(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                    if sock.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"nginx did not listen on {port}:\n{_log_tail(log)}")
                time.sleep(0.1)
            yield home
        finally:
            # SIGTERM is nginx's fast shutdown; SIGQUIT would wait for open websockets to close.
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: the master and its workers
                proc.wait(timeout=15)
    finally:
        shutil.rmtree(home, ignore_errors=True)
