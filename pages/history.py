"""History: every stored version, who and when; analysts restore or delete; the audit log."""

import streamlit as st

from kpi_core.storage import store
from ui import auth, data, nav, render
from ui.i18n import t

nav.ensure_entry_point()

st.title(t("history_title"))
engine = data.engine()
versions = store.history(engine)
render.versions_table(versions)
if auth.is_analyst() and versions:
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
st.subheader(t("audit"))
render.audit_table(store.audit_entries(engine))
