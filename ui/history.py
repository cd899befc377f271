"""The history page's parts: the versions table and picker labels, the confirm step of a delete,
the message a restore or delete leaves for the rerun that shows its result, and the audit log."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from kpi_core.analysis.validators import MAX_ID, InputError, agency_code, fiscal_year, whole_number
from kpi_core.storage.audit import Detail
from kpi_core.storage.versions import REPORT_SCOPE, Version
from ui import filters
from ui.errors import error_sentence
from ui.i18n import STRINGS, agency_label, audit_detail, english_lookup, t, when
from ui.markdown import plain, shorten

OUTCOME = "history_outcome"


def remember_outcome(kind: str, message: str) -> None:
    """A result message that survives the rerun that shows the changed list."""
    st.session_state[OUTCOME] = (kind, message)


def history_outcome() -> None:
    kind, message = st.session_state.pop(OUTCOME, ("", ""))
    if message:
        (st.success if kind == "success" else st.info)(message)


def confirm_delete(engine: Engine, chosen: Version, *, by: str) -> None:
    """The confirm step before a delete, saying which version becomes current when it is the
    current one, or that none does when no other is left."""
    from kpi_core.storage.store import StoreError, delete, successor

    with st.container(border=True, key="confirm_delete_box"):
        st.warning(t("confirm_delete", id=chosen.report_id))
        after = successor(engine, chosen.report_id)
        # A single-indicator page takes turns with other pages of its indicator, not the agency's year.
        same = t("same_report" if chosen.scope == REPORT_SCOPE else "same_indicator")
        if after is not None:
            st.caption(t("confirm_delete_current", successor=after, same=same))
        else:
            st.caption(t("confirm_delete_last", same=same) if chosen.current else t("confirm_delete_other"))
        yes, no = st.columns(2)
        if yes.button(t("delete_yes"), type="primary", key="delete_yes"):
            try:
                now_current = delete(engine, chosen.report_id, by=by)
            except StoreError as exc:  # deleted meanwhile, by another analyst: nothing changed
                del st.session_state["confirm_delete"]
                remember_outcome("info", error_sentence(exc))
                st.rerun()
            del st.session_state["confirm_delete"]
            if now_current is not None:
                remember_outcome("success", t("deleted_successor", id=chosen.report_id, successor=now_current))
            elif chosen.current:
                remember_outcome("info", t("deleted_none_left", id=chosen.report_id))
            else:
                remember_outcome("success", t("deleted", id=chosen.report_id))
            st.rerun()
        if no.button(t("cancel"), key="delete_no"):
            del st.session_state["confirm_delete"]
            st.rerun()


AGENCY, YEAR = "history_agency", "history_year"  # the pickers' keys
# The pickers' "all" choice. Not None: a selectbox whose value is set to None shows its empty
# placeholder ("Choose an option", in English) instead of the option that stands for None.
ALL = "all"


def version_filters(versions: list[Version]) -> tuple[str | None, int | None]:
    """The agency and fiscal year picked above the versions (None: all), kept in the URL as
    ``?agency=`` and ``?fy=`` like every page's filters, so that a copied link reopens the same
    view. The URL seeds the pickers once a session; a value that is not an agency code or a
    fiscal year, or has no version, is left out with a sentence saying so."""
    if not versions:
        return None, None
    names = {v.agency_code: v.agency_name for v in versions}
    agencies = sorted(names)
    _seed(AGENCY, agencies, lambda: filters.one_from_url("agency", agencies, agency_code))
    english = english_lookup()
    left, right = st.columns(2)
    picked = left.selectbox(
        t("f_agency"),
        [ALL, *agencies],
        format_func=lambda c: t("all") if c == ALL else agency_label(c, names[c], english),
        key=AGENCY,
    )
    agency = None if picked == ALL else str(picked)
    years = sorted({v.fiscal_year for v in versions if agency is None or v.agency_code == agency}, reverse=True)
    _seed(YEAR, years, lambda: filters.one_from_url("fy", years, fiscal_year))
    chosen = right.selectbox(t("f_fy"), [ALL, *years], format_func=lambda y: t("all") if y == ALL else str(y), key=YEAR)
    year = None if chosen == ALL else int(chosen)
    filters.to_url("agency", [] if agency is None else [agency])
    filters.to_url("fy", [] if year is None else [year])
    filters.link_notices()
    return agency, year


def _seed(key: str, options: list[Any], from_url: Callable[[], Any]) -> None:
    """A picker's value from the URL the first time, and back to "all" when its value is no longer
    offered (another agency picked, a report deleted elsewhere)."""
    if key not in st.session_state:
        value = from_url()
        st.session_state[key] = ALL if value is None else value
    elif st.session_state[key] not in (ALL, *options):
        st.session_state[key] = ALL


def narrowed(versions: list[Version], agency: str | None, year: int | None) -> list[Version]:
    """The versions of one agency and fiscal year when picked (BMA keeps a thousand and more),
    newest upload first: what an analyst just uploaded is at the top, not among agency codes."""
    kept = [v for v in versions if agency in (None, v.agency_code) and year in (None, v.fiscal_year)]
    return sorted(kept, key=lambda v: (v.uploaded_at, v.report_id), reverse=True)


def version_labels(versions: list[Version]) -> dict[int, str]:
    """The picker's label of each version by id (the registry read once, not once a label)."""
    english = english_lookup()
    return {v.report_id: version_label(v, english) for v in versions}


def version_label(v: Version, english: Mapping[str, str] | None = None) -> str:
    state = t("col_current") if v.current else (t("col_deleted") if v.deleted else "")
    agency = agency_label(v.agency_code, v.agency_name, english)
    return f"#{v.report_id} · {agency} · {v.fiscal_year} · {v.source_name} {state}".strip()


def versions_table(versions: list[Version], *, show_people: bool) -> None:
    english = english_lookup()
    view = pd.DataFrame(
        [
            {
                t("col_report"): v.report_id,
                t("col_agency"): agency_label(v.agency_code, v.agency_name, english),
                t("col_fy"): v.fiscal_year,
                t("col_file"): v.source_name,
                t("col_at"): when(v.uploaded_at),
                t("col_current"): v.current,
                **({t("col_by"): v.uploaded_by, t("col_deleted"): v.deleted} if show_people else {}),
            }
            for v in versions
        ]
    )
    st.dataframe(view, hide_index=True)


AUDIT_PAGE = 100
ACTIONS, PAGE = "audit_actions", "audit_page"  # the widgets' keys, and their URL parameters below
ACTIONS_PARAM, PAGE_PARAM = "action", "audit_page"


def audit_log(engine: Engine, agency: str | None = None, year: int | None = None) -> None:
    """The audit log a page at a time, of the agency and fiscal year picked above it; failed
    sign-ins only when asked for, so that a flood of them cannot push the changes to the data out
    of view. The actions and the page are kept in the URL (``?action=``, ``?audit_page=``)."""
    from kpi_core.storage.journal import AUDIT_ACTIONS, audit_count, audit_entries

    default = [a for a in AUDIT_ACTIONS if a != "login-failed"]
    if agency is not None or year is not None:
        st.caption(_narrowed_to(agency, year))
    if ACTIONS not in st.session_state:
        st.session_state[ACTIONS] = filters.many_from_url(ACTIONS_PARAM, AUDIT_ACTIONS, default)
    chosen = st.multiselect(t("audit_actions"), AUDIT_ACTIONS, key=ACTIONS, format_func=action_label, select_all=False)
    filters.many_to_url(ACTIONS_PARAM, chosen, default)
    actions = chosen or AUDIT_ACTIONS
    total = audit_count(engine, actions, agency=agency, fiscal_year=year)
    pages = max(1, -(-total // AUDIT_PAGE))
    _page_state(pages, (tuple(chosen), agency, year))
    page = int(st.number_input(t("audit_page", n=pages), 1, pages, key=PAGE))
    filters.to_url(PAGE_PARAM, [] if page == 1 else [page])
    filters.link_notices()
    entries = audit_entries(engine, AUDIT_PAGE, (page - 1) * AUDIT_PAGE, actions, agency=agency, fiscal_year=year)
    st.dataframe(audit_frame(entries), hide_index=True)


def _page_state(pages: int, scope: tuple[object, ...]) -> None:
    """The log's page: from the URL the first time, the first page when the filters change, and
    never past the last page (the number input refuses a value above its maximum)."""
    if PAGE not in st.session_state:
        raw = st.query_params.get(PAGE_PARAM, "")
        try:
            st.session_state[PAGE] = whole_number(raw, PAGE_PARAM, 1, MAX_ID) if raw else 1
        except InputError:
            st.session_state[PAGE] = 1
            st.warning(t("bad_param", param=PAGE_PARAM, values=plain(shorten(raw))), icon="⚠️")
    elif st.session_state.get("_audit_scope") != scope:
        st.session_state[PAGE] = 1
    st.session_state["_audit_scope"] = scope
    st.session_state[PAGE] = min(int(st.session_state[PAGE]), pages)


def _narrowed_to(agency: str | None, year: int | None) -> str:
    """Which entries a log narrowed to an agency or a year holds, and which it cannot."""
    if agency is None:
        return t("audit_of_year", year=year)
    return t("audit_of_agency") if year is None else t("audit_of_both", year=year)


AUDIT_COLUMNS = {
    "at": "col_audit_at",
    "actor": "col_audit_actor",
    "action": "col_audit_action",
    "report_id": "col_audit_report",
    "detail": "col_audit_detail",
    "sha256": "col_audit_sha",
}


def audit_frame(entries: list[dict[str, object]]) -> pd.DataFrame:
    """Audit entries as people read them: Bangkok time, actions and headings in the page's
    language, blanks instead of ``None``; the file fingerprint shortened (enough to tell apart)."""
    rows = [
        {
            t(AUDIT_COLUMNS["at"]): when(datetime.fromisoformat(str(e["at"]))),
            t(AUDIT_COLUMNS["actor"]): str(e["actor"] or ""),
            t(AUDIT_COLUMNS["action"]): action_label(str(e["action"])),
            t(AUDIT_COLUMNS["report_id"]): "" if e["report_id"] is None else f"#{e['report_id']}",
            t(AUDIT_COLUMNS["detail"]): _detail(e),
            t(AUDIT_COLUMNS["sha256"]): str(e["sha256"] or "")[:12],
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=[t(key) for key in AUDIT_COLUMNS.values()])


def _detail(entry: dict[str, object]) -> str:
    parts = entry.get("parts")
    return audit_detail(parts if isinstance(parts, Detail) else None, str(entry["detail"] or ""))


def action_label(code: str) -> str:
    key = f"action_{code}"
    return t(key) if key in STRINGS else code
