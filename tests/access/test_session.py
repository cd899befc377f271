"""Sign-in tokens: signed, expiring, ended by logging out, and read afresh against the accounts.

Every way a token can be wrong is a ``Verdict`` with its reason, on both databases; hostile
cookie strings (huge, Thai, control characters, parts missing) are refused without an exception.
"""

from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from kpi_core.access.auth import Account, ConfigError, hash_password
from kpi_core.access.session import WORKING_DAY, Claims, issue, read, revoke, secret_key, verify
from kpi_core.storage import schema as s
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.store import open_store

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
SECRET = b"k" * 48


@pytest.fixture(scope="module")
def somchai() -> Account:
    return Account("somchai", "analyst", hash_password("correct horse battery"))


@pytest.fixture
def accounts(somchai: Account) -> dict[str, Account]:
    return {"somchai": somchai}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return open_store(url, seed=False)


def _parts(token: str) -> tuple[str, str, str]:
    version, body, signature = token.split(".")
    return version, body, signature


def _payload(token: str) -> dict[str, object]:
    body = _parts(token)[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def _encode(payload: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


def test_a_token_reads_back_for_a_working_day(engine: Engine, somchai: Account, accounts: dict[str, Account]) -> None:
    token = issue(somchai, SECRET, NOW)
    verdict = verify(engine, token, SECRET, accounts, NOW + timedelta(hours=9, minutes=59))
    assert verdict.reason == "ok" and verdict.account == somchai
    assert verdict.claims is not None and verdict.claims.expires == NOW + WORKING_DAY
    assert verify(engine, token, SECRET, accounts, NOW + WORKING_DAY).reason == "expired"
    assert verify(engine, token, SECRET, accounts, NOW - timedelta(hours=1)).reason == "expired"  # from the future
    assert somchai.password_hash not in token and "correct horse" not in token
    assert issue(somchai, SECRET, NOW) != token  # every sign-in its own id


def test_a_changed_payload_or_signature_or_key_is_refused(
    engine: Engine, somchai: Account, accounts: dict[str, Account]
) -> None:
    token = issue(somchai, SECRET, NOW)
    version, body, signature = _parts(token)
    longer = _encode({**_payload(token), "exp": int((NOW + timedelta(days=30)).timestamp())})
    other = _encode({**_payload(token), "u": "malee"})
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for forged in (f"{version}.{longer}.{signature}", f"{version}.{other}.{signature}", f"{version}.{body}.{flipped}"):
        assert verify(engine, forged, SECRET, accounts, NOW).reason == "bad-signature"
    assert verify(engine, token, b"another key of enough length here..", accounts, NOW).reason == "bad-signature"


def test_a_token_signed_with_our_key_but_not_by_issue_is_refused(engine: Engine, somchai: Account) -> None:
    import hashlib
    import hmac

    token = issue(somchai, SECRET, NOW)
    payload = {**_payload(token), "exp": int((NOW + timedelta(days=30)).timestamp())}
    body = _encode(payload)
    mac = hmac.new(SECRET, f"v1.{body}".encode(), hashlib.sha256).digest()
    month = f"v1.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert read(month, SECRET, NOW) == "malformed"  # a stolen key aside, no token lives a month
    for bad in ({**payload, "iat": "yesterday"}, {**payload, "jti": "../../etc"}, [1, 2], {"u": True}):
        body = _encode(bad)  # type: ignore[arg-type]
        mac = hmac.new(SECRET, f"v1.{body}".encode(), hashlib.sha256).digest()
        assert read(f"v1.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}", SECRET, NOW) == "malformed"


def test_logging_out_ends_the_token_everywhere_and_is_audited(
    engine: Engine, somchai: Account, accounts: dict[str, Account]
) -> None:
    token = issue(somchai, SECRET, NOW)
    kept = issue(somchai, SECRET, NOW)  # the same analyst in another browser
    assert revoke(engine, token, SECRET, NOW + timedelta(hours=1))
    assert revoke(engine, token, SECRET, NOW + timedelta(hours=1))  # twice is harmless
    assert verify(engine, token, SECRET, accounts, NOW + timedelta(hours=1)).reason == "revoked"
    assert verify(engine, kept, SECRET, accounts, NOW + timedelta(hours=1)).ok
    assert [e["action"] for e in audit_entries(engine)] == ["logout", "logout"]
    assert not revoke(engine, "garbage", SECRET, NOW)


def test_revoked_ids_are_purged_once_their_token_has_expired(engine: Engine, somchai: Account) -> None:
    revoke(engine, issue(somchai, SECRET, NOW), SECRET, NOW)
    later = NOW + WORKING_DAY + timedelta(minutes=1)
    revoke(engine, issue(somchai, SECRET, later), SECRET, later)
    with engine.connect() as conn:
        assert len(conn.execute(select(s.revoked_sessions)).all()) == 1


def test_the_accounts_are_read_again_at_each_check(engine: Engine, somchai: Account) -> None:
    token = issue(somchai, SECRET, NOW)
    assert verify(engine, token, SECRET, {}, NOW).reason == "no-account"
    viewer = {"somchai": Account("somchai", "viewer", somchai.password_hash)}
    assert verify(engine, token, SECRET, viewer, NOW).reason == "not-analyst"
    new_password = {"somchai": Account("somchai", "analyst", hash_password("a new password here"))}
    assert verify(engine, token, SECRET, new_password, NOW).reason == "password-changed"


HOSTILE = [
    "",
    "v1",
    "v1..",
    "v1.abc",
    "v1.abc.def",
    ".....",
    "v2.eyJ1Ijoic29tY2hhaSJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "v1.eyJ1Ijoic29tY2hhaSJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "v1." + "A" * 100_000 + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "x" * 1_000_000,
    "ผู้ใช้.สมชาย.ลายเซ็น",
    "v1.ผู้ใช้ทดสอบระบบยาวพอสมควร.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "\ufeffv1.abc.def",
    "v1.abcdefghijklmnopqr\u200b.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "v1.abcdefghijklmnopqr.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
    "\x00\x01\x02",
    '"; Path=/; Max-Age=999999',
    "%76%31.abc.def",
    "v1.abcdefghijklmnopqr.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "v1.abcdefghijklmnopqr.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra",
]


@pytest.mark.parametrize("cookie", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_cookie_strings_are_refused_without_an_exception(cookie: str, accounts: dict[str, Account]) -> None:
    result = read(cookie, SECRET, NOW)
    assert not isinstance(result, Claims) and result in ("malformed", "bad-signature")


def test_hostile_cookie_strings_against_the_database(engine: Engine, accounts: dict[str, Account]) -> None:
    for cookie in HOSTILE:
        assert not verify(engine, cookie, SECRET, accounts, NOW).ok
        assert not revoke(engine, cookie, SECRET, NOW)


def test_the_secret_is_configured_or_made_once_and_shared(engine: Engine) -> None:
    made = secret_key(engine)
    assert len(made) >= 48 and secret_key(engine) == made  # a second replica reads the same one
    assert secret_key(engine, "c" * 40) == b"c" * 40
    with pytest.raises(ConfigError, match="at least 32"):
        secret_key(engine, "short")


def test_replicas_on_one_database_share_the_key_and_the_logouts(engine: Engine, somchai: Account) -> None:
    """Two replicas (two engines) starting together on a new database make one key between them; a
    token from one works on the other, and logging out on one ends it on the other."""
    url = engine.url.render_as_string(hide_password=False)
    replicas = [open_store(url, seed=False) for _ in range(2)]
    barrier = threading.Barrier(len(replicas))
    keys: list[bytes] = []

    def start(replica: Engine) -> None:
        barrier.wait()
        keys.append(secret_key(replica))

    threads = [threading.Thread(target=start, args=(r,)) for r in replicas]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(keys) == 2 and keys[0] == keys[1]
    token = issue(somchai, keys[0], NOW)
    assert verify(replicas[1], token, keys[1], {"somchai": somchai}, NOW).ok
    revoke(replicas[1], token, keys[1], NOW)
    assert verify(replicas[0], token, keys[0], {"somchai": somchai}, NOW).reason == "revoked"
    for replica in replicas:
        replica.dispose()
