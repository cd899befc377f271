"""Sign-in throttle on both databases: counted atomically, per name, per client and overall."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kpi_core.access.auth import (
    THROTTLES,
    UNDER_ATTACK,
    UNKNOWN_NAME,
    Account,
    hash_password,
    login,
    wait_seconds,
)
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.store import open_store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def accounts() -> dict[str, Account]:
    return {"somchai": Account("somchai", "analyst", hash_password(PASSWORD))}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return open_store(url, seed=False)


def _storm(
    engine: Engine, accounts: dict[str, Account], n: int, password: str = "wrong", client: str | None = "one-browser"
) -> None:
    """``n`` sign-ins at the same instant: from one client, or (``client=None``) from n clients."""
    barrier = threading.Barrier(n)

    def attempt(i: int) -> None:
        barrier.wait()
        login(engine, accounts, "somchai", password, client=client or f"browser-{i}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def _checked(engine: Engine) -> int:
    return sum(e["action"] == "login-failed" for e in audit_entries(engine, limit=1000))


def _let_waits_pass(engine: Engine) -> None:
    """Let every wait end at once instead of sleeping through it."""
    from datetime import UTC, datetime, timedelta

    from kpi_core.storage import schema as s

    with engine.begin() as conn:
        conn.execute(s.login_throttle.update().values(wait_until=datetime.now(UTC) - timedelta(seconds=1)))


def test_parallel_sessions_of_one_client_cannot_race_past_the_throttle(
    engine: Engine, accounts: dict[str, Account]
) -> None:
    _storm(engine, accounts, 10)
    assert _checked(engine) == THROTTLES["client"].free  # 5 passwords checked, 5 told to wait
    # The wait the client got (read from its row, not from the clock: on a busy machine the storm
    # itself can outlast a short wait), then the wait let pass at once instead of slept through.
    from kpi_core.storage import schema as s

    with engine.begin() as conn:
        row = conn.execute(s.login_throttle.select().where(s.login_throttle.c.key == "client:one-browser")).one()
        assert row.wait_until is not None and (row.wait_until - row.last_at).total_seconds() > 0
    _let_waits_pass(engine)
    _storm(engine, accounts, 16)
    assert _checked(engine) == THROTTLES["client"].free + 1  # once the wait is over, one more try


def test_strangers_cannot_lock_an_analyst_out(engine: Engine, accounts: dict[str, Account]) -> None:
    """An attacker review kept every analyst out with a request at the end of each wait, from many
    addresses: the per-name and overall waits refused everybody. Now only a client's own failures
    make it wait."""
    _storm(engine, accounts, 25, client=None)  # 25 addresses at once …
    for n in range(50):  # … then 50 more: the name and the whole app are under attack
        login(engine, accounts, "somchai", "wrong", client=f"attacker-{n}")
    assert _checked(engine) == 75  # every fresh client was heard once …
    assert wait_seconds(engine, "somchai", "attacker-49") > 0  # … and now waits
    assert wait_seconds(engine, "somchai", "the-analysts-own-browser") == 0
    assert login(engine, accounts, "somchai", PASSWORD, client="the-analysts-own-browser").account is not None


def test_under_attack_a_client_waits_after_its_first_failure(engine: Engine, accounts: dict[str, Account]) -> None:
    for n in range(UNDER_ATTACK["user"]):
        login(engine, accounts, "somchai", "wrong", client=f"guesser-{n}")
    assert [wait_seconds(engine, "somchai", f"guesser-{n}") for n in range(3)] == [0, 0, 0]  # not yet
    login(engine, accounts, "somchai", "wrong", client="one-more")
    assert wait_seconds(engine, "somchai", "one-more") == pytest.approx(THROTTLES["wary"].wait(1), abs=1)
    # Away from the attacked name, a client still has its five tries.
    for _ in range(THROTTLES["client"].free - 1):
        login(engine, accounts, "malee", "wrong", client="typist")
    assert wait_seconds(engine, "malee", "typist") == 0


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
