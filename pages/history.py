"""History: every stored version, who and when; analysts restore or delete; the audit log."""

import streamlit as st

from kpi_core.storage import store
from ui import auth, data, nav, render
from ui.i18n import t

nav.ensure_entry_point()

st.title(t("history_title"))
engine = data.engine()
analyst = auth.is_analyst()
# Viewers see which versions exist, not who uploaded them, and never a deleted one.
versions = [v for v in store.history(engine) if analyst or not v.deleted]
render.versions_table(versions, show_people=analyst)
if analyst and versions:
    chosen = st.selectbox(t("pick_version"), versions, format_func=render.version_label, key="version")
    left, middle, right = st.columns(3)
    if left.button(t("restore"), key="restore", disabled=chosen.current):
        store.restore(engine, chosen.report_id, by=auth.user()[0])  # type: ignore[index]
        st.success(t("restored", id=chosen.report_id))
        st.rerun()
    if middle.button(t("delete"), key="delete", disabled=chosen.deleted):
        store.delete(engine, chosen.report_id, by=auth.user()[0])  # type: ignore[index]
        st.success(t("deleted", id=chosen.report_id))
        st.rerun()
    right.download_button(
        t("download_original"),
        store.original_bytes(engine, chosen.report_id),
        chosen.source_name,
        "text/plain",
        key="original",
    )
if analyst:  # who did what, and failed sign-ins, are for analysts only
    st.subheader(t("audit"))
    render.audit_log(engine)
