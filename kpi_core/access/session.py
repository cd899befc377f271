"""Staying signed in: a signed, expiring sign-in token that the browser keeps as a cookie.

A token is ``v1.<payload>.<signature>``, both parts base64url: the payload is JSON with the
account name, when it was issued, when it expires (a working day later, not renewed by use), a
random id and a fingerprint of the account's password hash; the signature is HMAC-SHA256 over
``v1.<payload>`` with a secret that every replica shares. Reading a token checks, in order: its
shape, its signature, its dates, that the account still exists, is still an analyst and still has
the same password, and that it was not ended by logging out. Whatever arrives in a cookie is data:
a bad token is a ``Verdict`` with a reason, never an exception.

The secret is ``KPI_SESSION_SECRET`` where configured; otherwise one is generated on first use and
kept in the database's ``settings`` table, so that every replica signs and checks alike. Logging
out records the token's id in ``revoked_sessions`` until it would have expired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import Engine, delete, insert, select

from kpi_core.access.auth import Account, ConfigError
from kpi_core.storage import schema as s
from kpi_core.storage.store import write_transaction

COOKIE = "kpi_session"
ENV_SECRET = "KPI_SESSION_SECRET"
WORKING_DAY = timedelta(hours=10)  # signed in at 8:00, still signed in at 18:00, not the next morning
MIN_SECRET = 32  # characters of a configured secret: shorter ones can be guessed offline
SETTING = "session_secret"
SKEW = timedelta(minutes=5)  # replicas' clocks may differ a little; a token from the future is forged
MAX_TOKEN = 2048  # characters: a real token has about 250, and nothing longer is worth decoding

_VERSION = "v1"
_SHAPE = re.compile(r"v1\.([A-Za-z0-9_-]{16,1500})\.([A-Za-z0-9_-]{43})")
_TOKEN_ID = re.compile(r"[0-9a-f]{32}")

Reason = Literal[
    "ok", "malformed", "bad-signature", "expired", "no-account", "not-analyst", "password-changed", "revoked"
]


@dataclass(frozen=True)
class Claims:
    """What a token says: who, from when to when (Unix seconds), which token, which password."""

    user: str
    issued_at: int
    expires_at: int
    token_id: str
    password: str  # a fingerprint of the password hash at sign-in; a new password ends old tokens

    @property
    def expires(self) -> datetime:
        return datetime.fromtimestamp(self.expires_at, UTC)


@dataclass(frozen=True)
class Verdict:
    """The outcome of reading a token: the account when it may stay signed in, else why not."""

    reason: Reason
    account: Account | None = None
    claims: Claims | None = None

    @property
    def ok(self) -> bool:
        return self.account is not None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, message: str) -> bytes:
    return hmac.new(secret, message.encode("ascii"), hashlib.sha256).digest()


def _fingerprint(secret: bytes, password_hash: str) -> str:
    """A short keyed digest of the password hash: tells a changed password without carrying it."""
    return _b64(hmac.new(secret, b"password:" + password_hash.encode(), hashlib.sha256).digest()[:12])


def issue(account: Account, secret: bytes, now: datetime | None = None, lifetime: timedelta = WORKING_DAY) -> str:
    """A new token for ``account``, valid for ``lifetime`` from ``now``."""
    issued = int((now or datetime.now(UTC)).timestamp())
    payload = {
        "u": account.name,
        "iat": issued,
        "exp": issued + int(lifetime.total_seconds()),
        "jti": secrets.token_hex(16),
        "pw": _fingerprint(secret, account.password_hash),
    }
    body = _b64(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    signed = f"{_VERSION}.{body}"
    return f"{signed}.{_b64(_mac(secret, signed))}"


def read(token: str, secret: bytes, now: datetime | None = None) -> Claims | Reason:
    """The claims of a well-formed, correctly signed, unexpired token; else why not.

    Nothing is decoded before the signature holds, so a forged payload is never parsed.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        return "malformed"
    shape = _SHAPE.fullmatch(token)
    if shape is None:
        return "malformed"
    body, signature = shape.groups()
    try:
        given = _unb64(signature)
    except (binascii.Error, ValueError):
        return "malformed"
    if not hmac.compare_digest(given, _mac(secret, f"{_VERSION}.{body}")):
        return "bad-signature"
    claims = _claims(body)
    if claims is None:
        return "malformed"
    moment = (now or datetime.now(UTC)).timestamp()
    if claims.expires_at <= moment or claims.issued_at > moment + SKEW.total_seconds():
        return "expired"
    if claims.expires_at - claims.issued_at > WORKING_DAY.total_seconds() * 2:
        return "malformed"  # signed with our key but not by issue(): refuse a token for a month
    return claims


def _claims(body: str) -> Claims | None:
    try:
        payload = json.loads(_unb64(body).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    user, issued, expires, token_id, password = (payload.get(k) for k in ("u", "iat", "exp", "jti", "pw"))
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (issued, expires))
    if not (isinstance(user, str) and 0 < len(user) <= 200 and ints and isinstance(password, str)):
        return None
    if not (isinstance(token_id, str) and _TOKEN_ID.fullmatch(token_id)):
        return None
    return Claims(user, issued, expires, token_id, password)  # type: ignore[arg-type]


def verify(
    engine: Engine, token: str, secret: bytes, accounts: Mapping[str, Account], now: datetime | None = None
) -> Verdict:
    """Whether ``token`` still signs its analyst in: well formed and signed, not expired, the
    account still an analyst with the same password (accounts are read afresh by the caller, so
    a removed account or a changed role ends the session), and not ended by logging out."""
    claims = read(token, secret, now)
    if not isinstance(claims, Claims):
        return Verdict(claims)
    account = accounts.get(claims.user)
    if account is None:
        return Verdict("no-account", claims=claims)
    if account.role != "analyst":
        return Verdict("not-analyst", claims=claims)
    if not hmac.compare_digest(claims.password, _fingerprint(secret, account.password_hash)):
        return Verdict("password-changed", claims=claims)
    r = s.revoked_sessions
    with engine.connect() as conn:
        revoked = conn.execute(select(r.c.token_id).where(r.c.token_id == claims.token_id)).first()
    if revoked is not None:
        return Verdict("revoked", claims=claims)
    return Verdict("ok", account, claims)


def revoke(engine: Engine, token: str, secret: bytes, now: datetime | None = None) -> bool:
    """End ``token`` for good (logging out): its id is kept until it would have expired, and
    ids past that are purged. False when the token was no valid token to begin with."""
    now = now or datetime.now(UTC)
    claims = read(token, secret, now)
    if not isinstance(claims, Claims):
        return False
    r = s.revoked_sessions
    with write_transaction(engine) as conn:
        conn.execute(delete(r).where(r.c.expires_at <= now))
        if conn.execute(select(r.c.token_id).where(r.c.token_id == claims.token_id)).first() is None:
            conn.execute(insert(r).values(token_id=claims.token_id, expires_at=claims.expires))
        conn.execute(insert(s.audit_log).values(at=now, actor=claims.user[:100], action="logout", detail=""))
    return True


def secret_key(engine: Engine, configured: str | None = None) -> bytes:
    """The signing key: ``configured`` (``KPI_SESSION_SECRET``) when given, else the database's own,
    made on first use. Every replica on one database gets the same key."""
    if configured:
        if len(configured) < MIN_SECRET:
            raise ConfigError(ENV_SECRET, f"use at least {MIN_SECRET} random characters")
        return configured.encode()
    t = s.settings
    with engine.connect() as conn:
        stored = conn.execute(select(t.c.value).where(t.c.key == SETTING)).scalar()
    if stored is None:
        # Serialised with every other writer, so two replicas starting together agree on one key.
        with write_transaction(engine) as conn:
            stored = conn.execute(select(t.c.value).where(t.c.key == SETTING)).scalar()
            if stored is None:
                stored = secrets.token_urlsafe(48)
                conn.execute(insert(t).values(key=SETTING, value=stored))
    return str(stored).encode()
