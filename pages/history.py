"""History: every stored version, who and when; analysts restore or delete; the audit log."""

import streamlit as st

from kpi_core.storage import store
from kpi_core.storage import versions as stored_versions
from ui import auth, data, history, nav, render
from ui.errors import error_sentence
from ui.i18n import t

nav.ensure_entry_point()

st.title(t("history_title"))
render.data_version_line()
engine = data.engine()
analyst = auth.is_analyst()
# Viewers see which versions exist, not who uploaded them, and never a deleted one.
visible = [v for v in stored_versions.history(engine) if analyst or not v.deleted]
agency, year = history.version_filters(visible)  # kept in the URL; the audit log below follows them
versions = history.narrowed(visible, agency, year)
history.history_outcome()  # what the last restore or delete did, kept across its rerun
history.versions_table(versions, show_people=analyst)
if analyst and versions:
    by_id = {v.report_id: v for v in versions}
    # Ids, not Version records, as options: a restore changes the record, the choice stays.
    labels = history.version_labels(versions)
    chosen_id = st.selectbox(t("pick_version"), list(by_id), format_func=labels.__getitem__, key="version")
    chosen = by_id[chosen_id]
    left, middle, right = st.columns(3)
    if left.button(t("restore"), key="restore", disabled=chosen.current):
        try:
            store.restore(engine, chosen.report_id, by=auth.user()[0])  # type: ignore[index]
            history.remember_outcome("success", t("restored", id=chosen.report_id))
        except store.StoreError as exc:  # made current meanwhile, by another analyst: nothing changed
            history.remember_outcome("info", error_sentence(exc))
        st.rerun()
    if middle.button(t("delete"), key="delete", disabled=chosen.deleted):
        st.session_state["confirm_delete"] = chosen.report_id
    right.download_button(
        t("download_original"),
        store.original_bytes(engine, chosen.report_id),
        chosen.source_name,
        "text/plain",
        key="original",
    )
    if st.session_state.get("confirm_delete") == chosen.report_id and not chosen.deleted:
        history.confirm_delete(engine, chosen, by=auth.user()[0])  # type: ignore[index]
if analyst:  # who did what, and failed sign-ins, are for analysts only
    st.subheader(t("audit"))
    history.audit_log(engine, agency, year)
