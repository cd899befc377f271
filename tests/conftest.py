"""Shared fixtures: a throwaway PostgreSQL, Debian's chromium, the deployment's tools (nginx,
envsubst, systemd-analyze) and the sample files in ../shared.

A missing PostgreSQL, chromium or deployment tool skips its tests on a laptop; CI sets
KPI_REQUIRE_PG=1, KPI_REQUIRE_BROWSER=1 and KPI_REQUIRE_DEPLOY=1 so that the same absence fails
the run instead of passing it silently.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from servers import chromium_path, create_database, nginx_available, postgres_available, postgres_server

# PyThaiNLP must never try to download a corpus in a test: the network is closed.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

# shared/ sits beside the repository clone, both here and in CI.
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def _missing(reason: str, required_by: str) -> NoReturn:
    """Skip for want of ``reason``, or fail when the environment variable demands the tool."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} (and {required_by}=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of one PostgreSQL 15 server started for the whole test session."""
    ok, reason = postgres_available()
    if not ok:
        _missing(reason, "KPI_REQUIRE_PG")
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """URL of a fresh, empty database for this test alone.

    Not dropped afterwards: an engine the test forgot to dispose would block DROP DATABASE,
    and the whole server is deleted at the end of the session anyway.
    """
    return create_database(pg_server, f"test_{uuid.uuid4().hex[:16]}")


@pytest.fixture
def chromium() -> str:
    """Path of Debian's chromium, for Playwright's executable_path."""
    path = chromium_path()
    if path is None:
        _missing("/usr/bin/chromium missing: apt-get install chromium", "KPI_REQUIRE_BROWSER")
    return path


@pytest.fixture(scope="session")
def nginx() -> None:
    """nginx and envsubst, to run deploy/nginx-kpi.conf rendered as the README renders it."""
    ok, reason = nginx_available()
    if not ok:
        _missing(reason, "KPI_REQUIRE_DEPLOY")


@pytest.fixture
def systemd_analyze() -> str:
    """Path of systemd-analyze, which checks a unit file without a running systemd."""
    path = shutil.which("systemd-analyze")
    if path is None:
        _missing("systemd-analyze missing: apt-get install systemd", "KPI_REQUIRE_DEPLOY")
    return path


@pytest.fixture
def samples_dir() -> Path:
    """The shared sample reports (../shared/samples), read-only."""
    if not SAMPLES.is_dir():
        pytest.skip(f"sample folder {SAMPLES} is absent")
    return SAMPLES
