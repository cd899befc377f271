"""Sign-in throttle on both databases: counted atomically, per name, per client and overall."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kpi_core.access.auth import THROTTLES, UNKNOWN_NAME, Account, hash_password, login, wait_seconds
from kpi_core.storage.store import audit_entries, open_store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def accounts() -> dict[str, Account]:
    return {"somchai": Account("somchai", "analyst", hash_password(PASSWORD))}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return open_store(url, seed=False)


def _storm(engine: Engine, accounts: dict[str, Account], n: int, password: str = "wrong") -> None:
    barrier = threading.Barrier(n)

    def attempt(i: int) -> None:
        barrier.wait()
        login(engine, accounts, "somchai", password, client=f"browser-{i}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def _checked(engine: Engine) -> int:
    return sum(e["action"] == "login-failed" for e in audit_entries(engine, limit=1000))


def test_parallel_sessions_cannot_race_past_the_throttle(engine: Engine, accounts: dict[str, Account]) -> None:
    _storm(engine, accounts, 10)
    assert _checked(engine) == THROTTLES["user"].free  # 3 passwords checked, 7 told to wait
    # The wait the name got (read from its row, not from the clock: on a busy machine the storm
    # itself can outlast a 2 s wait), then the wait let pass at once instead of slept through.
    from kpi_core.storage import schema as s

    with engine.begin() as conn:
        row = conn.execute(s.login_throttle.select().where(s.login_throttle.c.key.contains("somchai"))).one()
        assert row.wait_until is not None and 0 < (row.wait_until - row.last_at).total_seconds() <= 2.0
        conn.execute(s.login_throttle.update().values(wait_until=row.last_at))
    _storm(engine, accounts, 16)
    assert _checked(engine) == THROTTLES["user"].free + 1  # once the wait is over, one more try


def test_a_stranger_can_lock_an_analyst_out_for_a_minute_at_most(engine: Engine, accounts: dict[str, Account]) -> None:
    from datetime import UTC, datetime, timedelta

    for n in range(12):  # far more failures than the free ones, as if over a long time
        login(engine, accounts, "somchai", "wrong", client=f"attacker-{n}")
        with engine.begin() as conn:  # let each wait pass at once instead of sleeping for minutes
            from kpi_core.storage import schema as s

            conn.execute(s.login_throttle.update().values(wait_until=datetime.now(UTC) - timedelta(seconds=1)))
    login(engine, accounts, "somchai", "wrong", client="attacker-last")
    assert wait_seconds(engine, "somchai", "the-analysts-own-browser") <= THROTTLES["user"].cap == 60.0
    assert wait_seconds(engine, "somchai", "attacker-last") <= 60.0


def test_failed_names_are_not_stored_unless_they_are_accounts(engine: Engine, accounts: dict[str, Account]) -> None:
    login(engine, accounts, "my secret password typed in the wrong box", "x", client="c1")
    login(engine, accounts, "somchai", "wrong", client="c2")
    actors = [e["actor"] for e in audit_entries(engine)]
    assert actors == ["somchai", UNKNOWN_NAME]


def test_the_right_password_resets_the_name_and_client(engine: Engine, accounts: dict[str, Account]) -> None:
    login(engine, accounts, "somchai", "wrong", client="c")
    login(engine, accounts, "somchai", "wrong", client="c")
    assert login(engine, accounts, "somchai", PASSWORD, client="c").account is not None
    login(engine, accounts, "somchai", "wrong", client="c")
    assert wait_seconds(engine, "somchai", "c") == 0  # counting started again after the success
