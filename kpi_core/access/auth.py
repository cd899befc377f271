"""Who may change data: analyst accounts, argon2 password hashes, and slowing down guessers.

Accounts come from configuration, never from the repository: ``KPI_USERS`` in the environment
(``name:role:hash`` entries separated by ``;``) or ``[users.NAME]`` tables in
``.streamlit/secrets.toml`` (passed in by the UI). Passwords exist only as argon2id hashes.
Failed logins are written to the audit log (under the account's name only when that account
exists, so a password typed into the name field is never stored). Attempts are counted per
client (browser address, else session), per user name and overall in ``login_throttle``; each is
reserved in one write transaction *before* the password is checked, so ten sessions of one client
submitting at once cannot all get through. Only a client's own failures make it wait (the wait
doubling up to five minutes): failures on a name from elsewhere, or everywhere, never refuse a
client that has not failed itself, so strangers cannot lock an analyst out (an attacker review
did, by keeping the per-name and overall waits going). They make every client wary instead: while
a name or the whole app is being guessed at, a client waits after its first failure, not its fifth.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, insert, select, update

from kpi_core.reading.errors import KpiError
from kpi_core.storage import schema as s
from kpi_core.storage.store import write_transaction

Role = Literal["viewer", "analyst"]
ROLES: tuple[Role, ...] = ("viewer", "analyst")
ENV_USERS = "KPI_USERS"
ENV_ANALYST_EMAILS = "KPI_ANALYST_EMAILS"
ENV_TRUSTED_PROXIES = "KPI_TRUSTED_PROXIES"
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten


@dataclass(frozen=True)
class Throttle:
    """After ``free`` failures within the window, each further attempt waits 2, 4, 8 … s up to ``cap``."""

    free: int
    cap: float

    def wait(self, failures: int) -> float:
        return 0.0 if failures < self.free else min(self.cap, 2.0 ** (failures - self.free + 1))


THROTTLES = {
    "client": Throttle(free=5, cap=300.0),  # a client's own failures: the only ones that make it wait
    "wary": Throttle(free=1, cap=300.0),  # the same, while its name or the app is under attack
}
UNDER_ATTACK = {"user": 3, "all": 50}  # failures from other clients that make a client wary
UNKNOWN_NAME = "(unknown name)"

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


def trusted_proxies(env: Mapping[str, str] = os.environ) -> frozenset[str]:
    """The addresses of proxies on other hosts whose ``X-Real-IP`` is believed
    (``KPI_TRUSTED_PROXIES``, comma-separated); malformed entries are left out."""
    return frozenset(a for a in (_address(x) for x in env.get(ENV_TRUSTED_PROXIES, "").split(",")) if a)


def client_address(peer: str | None, headers: Mapping[str, str], trusted: Collection[str] = ()) -> str | None:
    """The address a sign-in comes from, for the per-client throttle, or None when unknown.

    ``peer`` is the TCP peer as Streamlit gives it (None on this host). Behind a proxy every
    browser has the proxy's address, so the address the proxy saw is taken from ``X-Real-IP``,
    which ``deploy/nginx-kpi.conf`` sets (overwriting whatever a browser sent), but only when the
    peer is the proxy: this host, or an address in ``trusted``. A browser that reaches the app
    directly cannot choose its key by sending the header. ``X-Forwarded-For`` is not read: its
    first entries are whatever the browser wrote.

    >>> client_address(None, {"X-Real-IP": "203.0.113.9"})
    '203.0.113.9'
    >>> client_address("198.51.100.7", {"X-Real-IP": "203.0.113.9"})
    '198.51.100.7'
    >>> client_address(None, {"X-Real-IP": "<script>"}) is None
    True
    """
    forwarded = _address(headers.get("X-Real-IP", "") or headers.get("x-real-ip", ""))
    if peer is None or _address(peer) in trusted:
        return forwarded
    return _address(peer)


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()[:64]))
    except ValueError:
        return None


def _keys(name: str, client: str) -> dict[str, str]:
    return {"user": f"user:{name[:100]}", "client": f"client:{client[:100]}", "all": "all"}


def wait_seconds(engine: Engine, name: str, client: str = "", now: datetime | None = None) -> float:
    """How long the next attempt from ``client`` must wait (0 when free to try); ``name`` is
    kept for callers that ask about a sign-in, but only the client's own failures make it wait."""
    now = now or datetime.now(UTC)
    t = s.login_throttle
    with engine.connect() as conn:
        until = conn.execute(select(t.c.wait_until).where(t.c.key == _keys(name, client)["client"])).scalar()
    return max((_aware(until) - now).total_seconds(), 0.0) if until else 0.0


def _reserve(engine: Engine, name: str, client: str, now: datetime) -> float:
    """Count this attempt as a failure until the password proves otherwise, in one serialised
    write transaction; the wait (> 0: refused without checking the password) or 0."""
    t = s.login_throttle
    with write_transaction(engine) as conn:
        keys = _keys(name, client)
        rows = {r.key: r for r in conn.execute(select(t).where(t.c.key.in_(list(keys.values()))))}
        own = rows.get(keys["client"])
        if own is not None and own.wait_until and (_aware(own.wait_until) - now).total_seconds() > 0:
            return (_aware(own.wait_until) - now).total_seconds()
        counts = {}
        for kind, key in keys.items():
            row = rows.get(key)
            fresh = row is None or now - _aware(row.last_at) > WINDOW
            counts[kind] = (0 if fresh else int(row.failures)) + 1  # type: ignore[union-attr]
        # Failures before this one from other clients: is the name, or the app, being guessed at?
        own_before = counts["client"] - 1
        wary = any(counts[kind] - 1 - own_before >= limit for kind, limit in UNDER_ATTACK.items())
        wait = THROTTLES["wary" if wary else "client"].wait(counts["client"])
        for kind, key in keys.items():
            values = {
                "failures": counts[kind],
                "last_at": now,
                "wait_until": now + timedelta(seconds=wait) if kind == "client" and wait else None,
            }
            if key not in rows:
                conn.execute(insert(t).values(key=key, **values))
            else:
                conn.execute(update(t).where(t.c.key == key).values(**values))
    return 0.0


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    wait: float = 0.0


def login(engine: Engine, accounts: Mapping[str, Account], name: str, password: str, client: str = "") -> LoginResult:
    """Check a password for ``name`` from ``client`` (a session id or address); record the outcome;
    refuse outright, without checking, while a throttle says wait."""
    now = datetime.now(UTC)
    wait = _reserve(engine, name, client, now)
    if wait > 0:
        return LoginResult(None, wait)
    account = accounts.get(name)
    # Verify against a dummy hash for unknown names, so timing does not tell which names exist.
    ok = verify_password(account.password_hash if account else _dummy_hash(), password) and account is not None
    t = s.login_throttle
    keys = _keys(name, client)
    with write_transaction(engine) as conn:
        actor = name[:100] if account is not None else UNKNOWN_NAME
        conn.execute(
            insert(s.audit_log).values(at=now, actor=actor, action="login" if ok else "login-failed", detail="")
        )
        if ok:  # the attempt reserved as a failure was not one
            conn.execute(
                update(t).where(t.c.key.in_([keys["user"], keys["client"]])).values(failures=0, wait_until=None)
            )
            conn.execute(update(t).where(t.c.key == "all", t.c.failures > 0).values(failures=t.c.failures - 1))
    return LoginResult(account if ok else None, 0.0 if ok else wait_seconds(engine, name, client))


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only here for constant time")
