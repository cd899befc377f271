"""Sign-in for analysts: a password form (accounts from secrets or environment) or OIDC via
``st.login`` where configured. Viewers need no account; without any account the app is read-only.

A password sign-in lasts a working day across refreshes and tabs: the session gets a signed token
(:mod:`kpi_core.access.session`) that the browser keeps as a cookie. Streamlit 1.67 reads cookies
(``st.context.cookies``, those of the page's websocket handshake) but has no way to set one from
the server, so a script in ``st.html`` sets it in the page's own document (``st.html`` is not
iframed) and removes itself. A cookie set by a script cannot be HttpOnly: a script injected into
the page could read it. The app renders no HTML from data (``ui.markdown.plain``), and the cookie
is ``SameSite=Strict`` (``Secure`` under https), for the app's path only, and ends with logging out.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from kpi_core.access import session
from kpi_core.access.auth import (
    Account,
    ConfigError,
    Role,
    accounts_from,
    analyst_emails,
    client_address,
    login,
    trusted_proxies,
)
from ui import data
from ui.i18n import t, when
from ui.markdown import plain

SESSION_USER = "auth_user"
SESSION_TOKEN = "auth_token"  # this session's sign-in token: server memory only, never on the page
_UNTIL = "auth_until"  # when the token ends, for the sidebar
_COOKIE_READ = "auth_cookie_read"  # the handshake's cookie is read once: after logout it is stale
_COOKIE_WRITE = "auth_cookie_write"  # what the next run must do to the browser's cookie


def _secrets() -> Mapping[str, Any]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets file: Streamlit raises instead of returning nothing
        return {}


def accounts() -> dict[str, Account]:
    secrets = _secrets()
    users = secrets.get("users")
    return accounts_from(os.environ, users if isinstance(users, Mapping) else None)


def oidc_configured() -> bool:
    return "auth" in _secrets()


def _oidc_user() -> tuple[str, Role] | None:
    if not oidc_configured() or not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "").lower()
    configured = _secrets().get("analyst_emails")
    role: Role = "analyst" if email in analyst_emails(os.environ, configured) else "viewer"
    return email, role


def _configured_secret() -> str | None:
    value = os.environ.get(session.ENV_SECRET) or _secrets().get(session.ENV_SECRET)
    return str(value) if value else None


@st.cache_resource(show_spinner=False)
def _stored_secret(url: str | None) -> bytes:
    """The database's own signing key (made on first use), read once per process."""
    return session.secret_key(data.engine_for(url))


def _secret() -> bytes | None:
    """The key that signs sign-in tokens; None (no staying signed in) while the configured one is unusable."""
    configured = _configured_secret()
    try:
        return session.secret_key(data.engine(), configured) if configured else _stored_secret(data.database_url())
    except ConfigError as exc:
        st.sidebar.error(plain(exc.message))
        return None


def restore() -> None:
    """Sign this session in from the browser's cookie, or check that it may stay signed in: call at
    the start of every run. The token is checked at each run, so logging out in another tab, a
    removed account or a changed role ends this session at its next click."""
    token = st.session_state.get(SESSION_TOKEN)
    if token is None and not st.session_state.get(_COOKIE_READ):
        st.session_state[_COOKIE_READ] = True
        token = st.context.cookies.get(session.COOKIE)
    if not token:
        return
    secret = _secret()
    if secret is None:
        return
    try:
        known = accounts()
    except ConfigError:
        known = {}  # the sidebar says what is wrong with them
    verdict = session.verify(data.engine(), token, secret, known)
    if verdict.account is not None and verdict.claims is not None:
        st.session_state[SESSION_USER] = (verdict.account.name, verdict.account.role)
        st.session_state[SESSION_TOKEN] = token
        st.session_state[_UNTIL] = verdict.claims.expires
    else:
        _forget()
        st.session_state[_COOKIE_WRITE] = ("", 0)  # a bad or ended token: the browser drops it


def _forget() -> None:
    for key in (SESSION_USER, SESSION_TOKEN, _UNTIL):
        st.session_state.pop(key, None)


def _remember(account: Account) -> None:
    """After a password sign-in: a token for this session, and the browser keeps it as a cookie.
    Only analysts stay signed in; a viewer account gains nothing by it (viewers need no account)."""
    st.session_state[SESSION_USER] = (account.name, account.role)
    secret = _secret() if account.role == "analyst" else None
    if secret is None:
        return  # signed in for this tab only
    token = session.issue(account, secret)
    claims = session.read(token, secret)
    if isinstance(claims, session.Claims):
        st.session_state[SESSION_TOKEN] = token
        st.session_state[_UNTIL] = claims.expires
        st.session_state[_COOKIE_WRITE] = (token, claims.expires_at - int(datetime.now(UTC).timestamp()))


def cookie_script(value: str, max_age: int, path: str = "/") -> str:
    """A script that sets (or, with ``max_age`` 0, deletes) the sign-in cookie, then removes itself
    from the page so the token does not stay in the document.

    >>> "kpi_session=; Path=/; Max-Age=0; SameSite=Strict" in cookie_script("", 0)
    True
    """
    cookie = f"{session.COOKIE}={value}; Path={path}; Max-Age={max(0, max_age)}; SameSite=Strict"
    return (
        "<script>(function(){var me=document.currentScript;"
        f"document.cookie={json.dumps(cookie)}+(location.protocol==='https:'?'; Secure':'');"
        "if(me){me.remove();}})();</script>"
    )


def _write_cookie(box: Any) -> None:
    pending = st.session_state.pop(_COOKIE_WRITE, None)
    if pending is None:
        return
    path = "/" + str(st.get_option("server.baseUrlPath") or "").strip("/")  # this app's path only
    # Hidden, so that the script's empty element leaves no gap in the sidebar (it runs all the same).
    box.html('<style>[data-testid="stLayoutWrapper"]:has(> .st-key-auth_cookie) { display: none; }</style>')
    box.container(key="auth_cookie").html(cookie_script(*pending, path=path), unsafe_allow_javascript=True)


def user() -> tuple[str, Role] | None:
    """(name, role) of whoever is signed in to this session, if anyone."""
    signed = st.session_state.get(SESSION_USER)
    return tuple(signed) if signed else _oidc_user()  # type: ignore[return-value]


def is_analyst() -> bool:
    who = user()
    return who is not None and who[1] == "analyst"


def sign_in_offered() -> bool:
    """Whether the sidebar offers a sign-in (accounts or SSO configured): what a page may say about
    how to upload, no more than the sidebar already shows."""
    try:
        return bool(accounts()) or oidc_configured()
    except ConfigError:  # the sidebar shows the error; a sign-in is meant to exist
        return True


def sidebar() -> None:
    """Sign-in state, form or buttons at the bottom of the sidebar."""
    box = st.sidebar.container(border=True)
    _write_cookie(box)
    who = user()
    if who:
        box.caption(t("signed_in", name=plain(who[0]), role=t(f"role_{who[1]}")))  # an OIDC e-mail, say
        until = st.session_state.get(_UNTIL)
        if until is not None:
            box.caption(t("signed_in_until", when=when(until)))
        if box.button(t("logout"), key="logout"):
            _logout()
            st.rerun()
        return
    try:
        known = accounts()
    except ConfigError as exc:
        box.error(plain(exc.message))
        return
    if not known and not oidc_configured():
        box.caption(t("read_only"))
        return
    if oidc_configured() and box.button(t("login_sso"), key="login_sso"):
        st.login()
    if known:
        _password_form(box, known)


def _logout() -> None:
    """End the sign-in: the token is revoked for every replica and the browser drops its cookie."""
    if SESSION_USER not in st.session_state:
        st.logout()  # OIDC: Streamlit's own cookie
        return
    token = st.session_state.get(SESSION_TOKEN)
    secret = _secret() if token else None
    if token and secret is not None:
        session.revoke(data.engine(), token, secret)
    _forget()
    st.session_state[_COOKIE_WRITE] = ("", 0)


def _client() -> str:
    """Who is trying, for the per-client throttle: the browser's address where it is known (the
    TCP peer, or behind the proxy the address the proxy saw), else this browser session (a new
    session starts over, so the per-name and overall throttles still hold)."""
    address = client_address(st.context.ip_address, st.context.headers, trusted_proxies())
    if address:
        return f"ip:{address}"
    return "session:" + st.session_state.setdefault("_client_id", uuid.uuid4().hex)


def _password_form(box: Any, known: Mapping[str, Account]) -> None:
    with box.form("login", clear_on_submit=True, border=False):
        name = st.text_input(t("username"), key="login_name", autocomplete="username")
        # Streamlit marks a password box "new-password" unless told: password managers would not fill it.
        password = st.text_input(t("password"), type="password", key="login_password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login"))
    if not submitted:
        return
    result = login(data.engine(), known, name.strip(), password, client=_client())
    if result.account is not None:
        _remember(result.account)
        st.rerun()
    elif result.wait > 0:
        box.error(t("login_wait", n=int(result.wait + 0.999)))
    else:
        box.error(t("login_failed"))
