"""The agency registry page's glue: show, edit, import and export through kpi_core.storage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi_core.reading.errors import KpiError
from kpi_core.storage import agencies as reg
from kpi_core.storage.store import save_agencies
from ui import data
from ui.errors import error_where
from ui.i18n import STRINGS, t
from ui.render import hide_streamlit_limit, plain

COLUMNS = reg.COLUMNS


def registry() -> list[reg.Agency]:
    """Every agency the database knows (read fresh: the page is small and edits must show)."""
    return reg.registry(data.engine())


def _frame(rows: list[reg.Agency]) -> pd.DataFrame:
    return pd.DataFrame([[a.code, a.name, a.name_en, a.kind, a.district_group] for a in rows], columns=list(COLUMNS))


def _config() -> dict[str, object]:
    return {
        "code": st.column_config.TextColumn(t("col_agency_code"), max_chars=8, required=True),
        "name": st.column_config.TextColumn(t("col_agency_th")),
        "name_en": st.column_config.TextColumn(t("col_agency_en")),
        # The codes stay the cells' values (what is saved); people read them in the page's language.
        "kind": st.column_config.SelectboxColumn(
            t("col_agency_kind"), options=list(reg.KINDS), required=True, format_func=kind_label
        ),
        "district_group": st.column_config.TextColumn(t("col_district_group")),
    }


def kind_label(kind: object) -> str:
    """``district`` as ``สำนักงานเขต`` (``District office``); a code this page does not know as it is."""
    key = f"kind_{kind}"
    return t(key) if key in STRINGS else str(kind)


def table(rows: list[reg.Agency]) -> None:
    st.dataframe(_frame(rows), column_config=_config(), hide_index=True, width="stretch")


def editor(rows: list[reg.Agency]) -> pd.DataFrame:
    """An editable table; new rows may be added, codes of existing rows stay as they are."""
    return st.data_editor(
        _frame(rows),
        column_config=_config(),
        disabled=False,
        hide_index=True,
        num_rows="dynamic",
        width="stretch",
        key="agency_editor",
    )


def _rows(frame: pd.DataFrame) -> bytes:
    return frame.fillna("").to_csv(index=False).encode("utf-8")


def save(frame: pd.DataFrame, *, by: str) -> None:
    try:
        changed = save_agencies(data.engine(), reg.read_csv(_rows(frame), t("agencies_title"), table=True), by=by)
    except KpiError as exc:  # said by the table's row: the CSV in between is never seen
        st.error(plain(t("agencies_bad", message=error_where(exc, row=True))))
        return
    st.success(t("agencies_saved", n=changed))


def csv_bytes(rows: list[reg.Agency]) -> bytes:
    return reg.to_csv(rows)


def importer(*, by: str) -> None:
    hide_streamlit_limit()
    file = st.file_uploader(t("agencies_import"), type=["csv"], key="agencies_import")
    st.caption(t("agencies_import_limit", mb=f"{reg.MAX_CSV_BYTES / 1e6:g}"))
    if file is None:
        return
    try:
        rows = reg.read_csv(file.getvalue(), file.name)
    except KpiError as exc:
        st.error(plain(t("agencies_bad", message=error_where(exc))))
        return
    with data.engine().connect() as conn:  # what saving would change: rows as stored count for nothing
        changing = len(reg.changes(conn, rows))
    st.caption(plain(t("agencies_import_found", n=len(rows), changed=changing)))
    if changing and st.button(t("agencies_import_confirm", n=changing), key="agencies_import_confirm"):
        changed = save_agencies(data.engine(), rows, by=by)
        st.success(t("agencies_saved", n=changed))
