"""The upload flow: read each file, show what was found and what would change, then save.

Nothing is written until the analyst confirms; each file is then saved in its own transaction
through :mod:`kpi_core.storage.store`, so a failure leaves the database as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from kpi_core.access.upload import DEFAULT_MAX_MB, FieldChange, MissingAgencyError, Preview, clashes, preview
from kpi_core.storage.store import ingest_report
from ui import data
from ui.i18n import STRINGS, ingest_sentence, lang, t
from ui.render import plain


def max_mb() -> float:
    """Upload limit in MB: ``KPI_MAX_UPLOAD_MB`` or 20."""
    try:
        return float(os.environ.get("KPI_MAX_UPLOAD_MB", DEFAULT_MAX_MB))
    except ValueError:
        return DEFAULT_MAX_MB


SHOWN_ISSUES = 200


@dataclass(frozen=True)
class Pending:
    """One file ready to save, with the analyst's corrections."""

    preview: Preview
    data: bytes
    agency_name: str
    fiscal_year: int | None
    agency_code: str | None = None

    @property
    def savable(self) -> bool:
        return self.preview.can_save


@st.cache_resource(show_spinner=False, max_entries=8)  # up to 8 files of up to 20 MB held
def _preview(
    url: str | None,
    data_version: int,
    content: bytes,
    name: str,
    limit: float,
    year: int | None,
    agency: str | None,
    seen: tuple[str, ...],
) -> Preview:
    """A file's preview, read once per data version: editing a name or a year reruns the page,
    and a 20 MB file should not be parsed again each time. (A resource cache: previews hold
    errors, which do not pickle.)"""
    return preview(data.engine_for(url), content, name, max_mb=limit, fiscal_year=year, agency_code=agency, seen=seen)


def read_files(files: list[object]) -> list[Pending]:
    """Preview every file (with progress), then render the cards, each saying which other file
    of the batch it clashes with; corrections re-run the preview."""
    read: list[tuple[Preview, bytes, tuple[str, str, str], str | None]] = []
    seen: list[str] = []
    bar = st.progress(0.0)
    for n, file in enumerate(files):
        name, content = file.name, file.getvalue()  # type: ignore[attr-defined]
        bar.progress(n / len(files), text=t("reading", name=plain(name)))  # the text renders Markdown
        keys = (f"year_{n}_{name}", f"name_{n}_{name}", f"agency_{n}_{name}")
        year = st.session_state.get(keys[0]) or None
        agency = (st.session_state.get(keys[2]) or "").strip() or None
        args = (data.database_url(), data.version(), content, name, max_mb(), year)
        result = _preview(*args, None, tuple(seen))
        if agency and agency != result.agency_code:  # the analyst changed or gave the agency code
            result = _preview(*args, agency, tuple(seen))
        else:
            agency = None
        seen.append(result.sha256)
        read.append((result, content, keys, agency))
    bar.empty()
    pairs = clashes([r[0] for r in read])
    names = [r[0].source_name for r in read]
    pending = []
    for n, (result, content, keys, agency) in enumerate(read):
        replaced_by = [names[b] for a, b in pairs if a == n]
        replaces = [names[a] for a, b in pairs if b == n]
        pending.append(card(result, content, keys, agency, (replaces, replaced_by)))
    return pending


def size_text(size: int) -> str:
    """A file's size as people read it: ``2.1 KB`` under a megabyte, ``1.50 MB`` above.

    >>> size_text(2_150), size_text(1_500_000), size_text(0)
    ('2.1 KB', '1.50 MB', '0.0 KB')
    """
    return f"{size / 1e3:.1f} KB" if size < 1_000_000 else f"{size / 1e6:.2f} MB"


def card(
    p: Preview,
    content: bytes,
    keys: tuple[str, str, str],
    typed_agency: str | None,
    batch: tuple[list[str], list[str]] = ([], []),
) -> Pending:
    """One file's preview; ``batch`` names the earlier files of the upload this one replaces and
    the later ones that replace it."""
    year_key, name_key, agency_key = keys
    replaces, replaced_by = batch
    with st.container(border=True):
        st.markdown(f"**{plain(p.source_name)}** · {size_text(p.size)}")
        _state(p)
        for other in replaced_by:
            st.warning(plain(t("batch_replaced_by", other=other)))
        for other in replaces:
            st.warning(plain(t("batch_replaces", other=other)))
        agency_name, year = p.agency_name, p.fiscal_year
        if p.report is not None and p.state not in ("error", "refused"):
            if p.agency_code:
                who = f"{p.agency_name} ({p.agency_code})" if p.agency_name else p.agency_code
                st.caption(
                    plain(t("found", agency=who, year=p.fiscal_year or "—", n=len(p.report.indicators)))
                    + " · "
                    + plain(t("agency_from", source=t(f"source_{p.agency_code_source}")))
                )
            cols = st.columns(3)
            cols[0].text_input(t("agency_code_edit"), value=p.agency_code or "", key=agency_key, max_chars=8)
            agency_name = cols[1].text_input(t("agency_name"), value=p.agency_name, key=name_key)
            year = cols[2].number_input(
                t("fiscal_year_edit"),
                min_value=2500,
                max_value=2700,
                value=p.fiscal_year if p.fiscal_year and 2500 <= p.fiscal_year <= 2700 else None,
                step=1,
                key=year_key,
            )
        _effect(p)
        _changes(p)
        _issues(p)
    return Pending(p, content, agency_name.strip(), int(year) if year else None, typed_agency)


def _effect(p: Preview) -> None:
    e = p.effect
    if not p.can_save or p.agency_code is None:
        return
    st.markdown(
        plain(
            t(
                "effect",
                added=len(e.added),
                replaced=len(e.replaced),
                removed=len(e.removed),
                stays=e.stays,
                agency=p.agency_name or p.agency_code,
                year=p.fiscal_year,
            )
        )
    )
    for kind, labels in (("added", e.added), ("replaced", e.replaced), ("removed", e.removed)):
        for label in labels[:20]:
            st.markdown(f"- {plain(t('effect_' + kind))}: {plain(label)}")
        if len(labels) > 20:
            st.markdown(f"- … +{len(labels) - 20}")


def _state(p: Preview) -> None:
    message = t(f"state_{p.state}")
    if p.state in ("error", "refused", "too-large"):
        st.error(f"{message}: {error_text(p)}")
    elif p.state in ("identical", "duplicate"):
        st.info(message)
    elif p.state in ("needs-year", "needs-agency"):
        st.warning(message + (f": {plain(p.error.reason)}" if p.error is not None else ""))
    else:
        st.success(message)


def error_text(p: Preview) -> str:
    """The reason in the session's language, with the line where there is one."""
    if p.state == "too-large":
        return t("too_large", size=p.size / 1e6, mb=f"{max_mb():g}")
    if p.error is None:
        return ""
    if isinstance(p.error, MissingAgencyError):
        return t("no_agency")
    key = f"err_{type(p.error).__name__}"
    sentence = t(key) if key in STRINGS else t("err_KpiError")
    detail = p.error.reason if lang() == "en" and sentence != p.error.reason else ""
    where = f" ({t('issue_line', line=p.error.line, what='').rstrip(': ')})" if p.error.line else ""
    return plain(sentence + where + (f" — {detail}" if detail else ""))


def _changes(p: Preview) -> None:
    if not p.changes:
        return
    with st.expander(t("changes", n=len(p.changes)), expanded=p.state == "new-version"):
        for c in p.changes:
            detail = "; ".join(field_change(f) for f in c.fields)
            st.markdown(f"- **{t('change_' + c.kind)}** {plain(c.label)}" + (f": {plain(detail)}" if detail else ""))


def field_change(change: FieldChange) -> str:
    """``ผลงาน 100 → 55``: a changed value, its field named in the session's language."""
    field = change.field
    name = t("quarter_n", n=field[1]) if field.startswith("q") else t(f"col_{field}")
    return f"{name} {change.before} → {change.after}"


def _issues(p: Preview) -> None:
    if not p.issues:
        return
    with st.expander(t("issues", n=len(p.issues)), expanded=p.state != "identical"):
        for item in p.issues[:SHOWN_ISSUES]:
            key = f"issue_{item.issue.code}"
            what = t(key) if key in STRINGS and lang() == "th" else item.issue.message
            line = f" — «{item.text}»" if item.text else ""
            st.markdown(plain(t("issue_line", line=item.issue.line, what=what) + line))
        if len(p.issues) > SHOWN_ISSUES:  # thousands of lines would stall the browser, not inform
            st.markdown(plain(t("more_issues", n=len(p.issues) - SHOWN_ISSUES)))


OUTCOMES = "upload_outcomes"


def outcomes() -> None:
    """What the last save did, file by file, in the page's language: shown once, above an empty
    uploader (the previews and the confirm button are gone once their files are saved)."""
    for kind, message in st.session_state.pop(OUTCOMES, []):
        (st.success if kind == "success" else st.info if kind == "info" else st.error)(message)


def save(pending: list[Pending], by: str) -> None:
    """Save every savable file in its own transaction, with progress; remember each outcome for
    :func:`outcomes` (the page reruns to an empty uploader)."""
    savable = [p for p in pending if p.savable]
    results: list[tuple[str, str]] = []
    st.session_state[OUTCOMES] = results
    if not savable:
        results.append(("info", t("nothing_to_save")))
        return
    bar = st.progress(0.0)
    for n, item in enumerate(savable):
        report = item.preview.report
        if report is None:
            continue

        def step(_what: str, done: float, n: int = n, name: str = item.preview.source_name) -> None:
            bar.progress(min(1.0, (n + done) / len(savable)), text=t("saving", name=plain(name)))

        try:
            result = ingest_report(
                data.engine(),
                report,
                item.data,
                uploaded_by=by,
                fiscal_year=item.fiscal_year,
                agency_name=item.agency_name or None,
                agency_code=item.agency_code,
                progress=step,
            )
        except Exception as exc:
            results.append(("error", t("save_failed", message=plain(getattr(exc, "message", str(exc))))))
            continue
        agency = f"{item.agency_name} ({result.agency_code})" if item.agency_name else result.agency_code
        kind = "info" if result.outcome == "already-loaded" else "success"
        results.append((kind, plain(ingest_sentence(result, agency))))  # the sentence says it was saved
    bar.empty()
