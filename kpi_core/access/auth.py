"""Who may change data: analyst accounts, argon2 password hashes, and slowing down guessers.

Accounts come from configuration, never from the repository: ``KPI_USERS`` in the environment
(``name:role:hash`` entries separated by ``;``) or ``[users.NAME]`` tables in
``.streamlit/secrets.toml`` (passed in by the UI). Passwords exist only as argon2id hashes.
Failed logins are written to the audit log; after a few, the next attempt must wait, with the
wait doubling, and since the count lives in the database it holds across app replicas.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, insert, select

from kpi_core.reading.errors import KpiError
from kpi_core.storage import schema as s
from kpi_core.storage.store import write_transaction

Role = Literal["viewer", "analyst"]
ROLES: tuple[Role, ...] = ("viewer", "analyst")
ENV_USERS = "KPI_USERS"
ENV_ANALYST_EMAILS = "KPI_ANALYST_EMAILS"
FREE_ATTEMPTS = 3  # failures within the window before waits begin
WINDOW = timedelta(minutes=15)
MAX_WAIT = 300.0  # seconds

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    password_hash: str


class ConfigError(KpiError):
    """An account entry that cannot be used."""


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (with its own random salt)."""
    if len(password) < 8:
        raise ConfigError("password", "use at least 8 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def parse_users(spec: str) -> dict[str, Account]:
    """Accounts from ``name:role:hash;name:role:hash`` (argon2 hashes contain no ``:`` or ``;``).

    >>> sorted(parse_users("somchai:analyst:$argon2id$x; guest:viewer:$argon2id$y"))
    ['guest', 'somchai']
    """
    accounts: dict[str, Account] = {}
    for n, entry in enumerate(e.strip() for e in spec.split(";")):
        if not entry:
            continue
        parts = entry.split(":", 2)
        if len(parts) != 3 or parts[1] not in ROLES or not parts[2].startswith("$argon2"):
            raise ConfigError(ENV_USERS, f"entry {n + 1} must be name:viewer|analyst:$argon2id$… (see README)")
        name, role, password_hash = parts
        accounts[name] = Account(name, role, password_hash)  # type: ignore[arg-type]
    return accounts


def accounts_from(
    env: Mapping[str, str], secret_users: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, Account]:
    """Accounts from the environment and from secrets' ``[users.NAME]`` tables (secrets win)."""
    accounts = parse_users(env.get(ENV_USERS, ""))
    for name, entry in (secret_users or {}).items():
        role, password_hash = entry.get("role", "viewer"), entry.get("password_hash", "")
        if role not in ROLES or not password_hash.startswith("$argon2"):
            raise ConfigError(
                "secrets.toml", f"[users.{name}] needs role = viewer|analyst and password_hash = $argon2id$…"
            )
        accounts[name] = Account(name, role, password_hash)  # type: ignore[arg-type]
    return accounts


def analyst_emails(env: Mapping[str, str] = os.environ, configured: str | list[str] | None = None) -> set[str]:
    """E-mail addresses that get the analyst role when signing in through OIDC."""
    raw = configured if configured is not None else env.get(ENV_ANALYST_EMAILS, "")
    items = raw if isinstance(raw, list) else raw.replace(";", ",").split(",")
    return {e.strip().lower() for e in items if e.strip()}


def wait_seconds(engine: Engine, name: str, now: datetime | None = None) -> float:
    """How long ``name`` must wait before the next attempt (0 when free to try)."""
    now = now or datetime.now(UTC)
    a = s.audit_log
    with engine.connect() as conn:
        failures, last = conn.execute(
            select(func.count(), func.max(a.c.at)).where(
                a.c.action == "login-failed", a.c.actor == name, a.c.at >= now - WINDOW
            )
        ).one()
    if int(failures) < FREE_ATTEMPTS or last is None:
        return 0.0
    latest: datetime = last if last.tzinfo else last.replace(tzinfo=UTC)
    wait = min(MAX_WAIT, 2.0 ** (int(failures) - FREE_ATTEMPTS + 1))
    return float(max(0.0, wait - (now - latest).total_seconds()))


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    wait: float = 0.0


def login(engine: Engine, accounts: Mapping[str, Account], name: str, password: str) -> LoginResult:
    """Check a password; record failures; refuse outright while the account must wait."""
    wait = wait_seconds(engine, name)
    if wait > 0:
        return LoginResult(None, wait)
    account = accounts.get(name)
    # Verify against a dummy hash for unknown names, so timing does not tell which names exist.
    ok = verify_password(account.password_hash if account else _dummy_hash(), password) and account is not None
    with write_transaction(engine) as conn:
        conn.execute(
            insert(s.audit_log).values(
                at=datetime.now(UTC), actor=name[:100], action="login" if ok else "login-failed", detail=""
            )
        )
    return LoginResult(account if ok else None, 0.0 if ok else wait_seconds(engine, name))


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only here for constant time")
