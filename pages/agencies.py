"""Agencies: the registry of names people read instead of codes; analysts edit, import, export."""

import streamlit as st

from ui import agencies, auth, nav
from ui.i18n import t

nav.ensure_entry_point()

st.title(t("agencies_title"))
st.caption(t("agencies_help"))
rows = agencies.registry()
if not auth.is_analyst():
    agencies.table(rows)
    st.stop()
edited = agencies.editor(rows)
save, download = st.columns(2)
if save.button(t("agencies_save"), type="primary", key="agencies_save"):
    agencies.save(edited, by=auth.user()[0])  # type: ignore[index]
download.download_button(t("agencies_export"), agencies.csv_bytes(rows), "agencies.csv", "text/csv", key="agencies_csv")
agencies.importer(by=auth.user()[0])  # type: ignore[index]
