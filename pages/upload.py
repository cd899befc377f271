"""Upload: read report files, check what was found, then confirm or cancel."""

import streamlit as st

from ui import auth, nav, render, upload
from ui.i18n import t

nav.ensure_entry_point()

st.title(t("upload_title"))
if not auth.is_analyst():  # a viewer who opened /upload: the page is in no menu of theirs
    st.info(t("upload_needs_analyst") if auth.sign_in_offered() else t("upload_read_only"))
    st.stop()

upload.outcomes()  # what the last confirmed save did
round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader
render.hide_streamlit_limit()
files = st.file_uploader(t("choose_files"), accept_multiple_files=True, key=f"uploader_{round_}")
st.caption(t("upload_help", mb=f"{upload.max_mb():g}"))
chosen = upload.chosen(files)  # files a confirm did not save are kept, then the uploader's
if not chosen:
    st.stop()

pending = upload.read_files(chosen)
savable = len([p for p in pending if p.savable])
confirm, cancel = st.columns([3, 1])
if confirm.button(t("confirm", n=savable), type="primary", disabled=not savable, key="confirm"):
    upload.save(pending, by=auth.user()[0])  # type: ignore[index]
    st.session_state["upload_round"] = round_ + 1
    st.rerun()  # to an empty uploader: the saved files' previews go, the unsaved stay below it
if cancel.button(t("cancel"), key="cancel"):
    upload.forget_kept()
    st.session_state["upload_round"] = round_ + 1
    st.rerun()
