"""Sign-in for analysts: a password form (accounts from secrets or environment) or OIDC via
``st.login`` where configured. Viewers need no account; without any account the app is read-only."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from typing import Any

import streamlit as st

from kpi_core.access.auth import Account, ConfigError, Role, accounts_from, analyst_emails, login
from ui import data
from ui.i18n import t
from ui.markdown import plain

SESSION_USER = "auth_user"


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


def user() -> tuple[str, Role] | None:
    """(name, role) of whoever is signed in to this session, if anyone."""
    signed = st.session_state.get(SESSION_USER)
    return tuple(signed) if signed else _oidc_user()  # type: ignore[return-value]


def is_analyst() -> bool:
    who = user()
    return who is not None and who[1] == "analyst"


def sidebar() -> None:
    """Sign-in state, form or buttons at the bottom of the sidebar."""
    box = st.sidebar.container(border=True)
    who = user()
    if who:
        box.caption(t("signed_in", name=plain(who[0]), role=t(f"role_{who[1]}")))  # an OIDC e-mail, say
        if box.button(t("logout"), key="logout"):
            if SESSION_USER in st.session_state:
                del st.session_state[SESSION_USER]
            else:
                st.logout()
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


def _client() -> str:
    """Who is trying, for the per-client throttle: the browser's address where Streamlit knows it,
    else this browser session (a new session starts over, so the per-name and overall throttles
    still hold)."""
    address = st.context.ip_address
    if address:
        return f"ip:{address}"
    return "session:" + st.session_state.setdefault("_client_id", uuid.uuid4().hex)


def _password_form(box: Any, known: Mapping[str, Account]) -> None:
    with box.form("login", clear_on_submit=True, border=False):
        name = st.text_input(t("username"), key="login_name")
        password = st.text_input(t("password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login"))
    if not submitted:
        return
    result = login(data.engine(), known, name.strip(), password, client=_client())
    if result.account is not None:
        st.session_state[SESSION_USER] = (result.account.name, result.account.role)
        st.rerun()
    elif result.wait > 0:
        box.error(t("login_wait", n=int(result.wait + 0.999)))
    else:
        box.error(t("login_failed"))
