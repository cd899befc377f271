"""The upload flow: read each file, show what was found and what would change, then save.

Nothing is written until the analyst confirms; each file is then saved in its own transaction
through :mod:`kpi_core.storage.store`, so a failure leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from kpi_core.access.upload import TEXT_FIELDS, FieldChange, Preview, clashes, max_upload_mb, preview
from kpi_core.analysis.validators import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, InputError, fiscal_year
from kpi_core.reading.errors import KpiError, ReportError
from kpi_core.reading.thai import ad_to_be, be_to_ad, normalise
from kpi_core.storage.agencies import is_unnamed
from kpi_core.storage.store import ingest_report
from ui import data
from ui.errors import WHOLE, error_sentence, error_where, issue_sentence
from ui.i18n import agency_name as named
from ui.i18n import ingest_sentence, lang, t
from ui.preview_read import what_was_read
from ui.render import plain


def max_mb() -> float:
    """Upload limit in MB: ``KPI_MAX_UPLOAD_MB`` or 20 (the command line's ``ingest`` reads no more)."""
    return max_upload_mb()


SHOWN_ISSUES = 200


@dataclass(frozen=True)
class Typed:
    """What the analyst typed into a file's card, as typed: a file that a confirm did not save
    keeps it, so that its card shows it again even where the widgets' own state is gone."""

    agency_code: str = ""
    agency_name: str | None = None  # None: nothing typed, the registry's name shows
    fiscal_year: str = ""


@dataclass(frozen=True)
class Chosen:
    """A file on the page: in the uploader, or kept from a confirm that did not save it (``kept``).

    ``slot`` names the file's widgets and stays the same while the file is on the page, so that
    what was typed for it follows it when other files are saved, added or removed."""

    slot: int
    name: str
    data: bytes
    kept: Typed | None = None

    @property
    def keys(self) -> tuple[str, str, str]:
        return f"year_{self.slot}_{self.name}", f"name_{self.slot}_{self.name}", f"agency_{self.slot}_{self.name}"


@dataclass(frozen=True)
class Pending:
    """One file ready to save, with the analyst's corrections."""

    preview: Preview
    file: Chosen
    agency_name: str
    fiscal_year: int | None
    agency_code: str | None = None
    year_ok: bool = True  # False: the year typed is no fiscal year, and the file waits for a good one

    @property
    def savable(self) -> bool:
        return self.preview.can_save and self.year_ok


KEPT, SLOTS, NEXT_SLOT = "upload_kept", "upload_slots", "upload_next_slot"


def chosen(files: list[object] | None) -> list[Chosen]:
    """The files on the page: those kept from the last confirm first, then the uploader's, each
    with its slot (a file keeps its slot while it stays in the uploader)."""
    slots: dict[str, int] = st.session_state.get(SLOTS, {})
    kept: list[Chosen] = st.session_state.get(KEPT, [])
    here = list(kept)
    for file in files or []:
        file_id = file.file_id  # type: ignore[attr-defined]
        if file_id not in slots:
            slots[file_id] = st.session_state.get(NEXT_SLOT, 0)
            st.session_state[NEXT_SLOT] = slots[file_id] + 1
        here.append(Chosen(slots[file_id], file.name, file.getvalue()))  # type: ignore[attr-defined]
    st.session_state[SLOTS] = {f.file_id: slots[f.file_id] for f in files or []}  # type: ignore[attr-defined]
    return here


def forget_kept() -> None:
    """Cancel: the kept files go with the uploader's."""
    st.session_state.pop(KEPT, None)


def _drop_kept(slot: int) -> None:
    st.session_state[KEPT] = [c for c in st.session_state.get(KEPT, []) if c.slot != slot]


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


def read_files(files: list[Chosen]) -> list[Pending]:
    """Preview every file (with progress), then render the cards, each saying which other file
    of the batch it clashes with; corrections re-run the preview."""
    read: list[tuple[Preview, Chosen, str | None]] = []
    seen: list[str] = []
    bar = st.progress(0.0)
    for n, file in enumerate(files):
        name, content, kept = file.name, file.data, file.kept or Typed()
        bar.progress(n / len(files), text=t("reading", name=plain(name)))  # the text renders Markdown
        year_key, _, agency_key = file.keys
        try:
            year = typed_year(st.session_state.get(year_key, kept.fiscal_year))
        except InputError:  # the card says why
            year = None
        agency = (st.session_state.get(agency_key, kept.agency_code) or "").strip() or None
        args = (data.database_url(), data.version(), content, name, max_mb(), year)
        result = _preview(*args, None, tuple(seen))
        if agency and agency != result.agency_code:  # the analyst changed or gave the agency code
            result = _preview(*args, agency, tuple(seen))
        else:
            agency = None
        seen.append(result.sha256)
        read.append((result, file, agency))
    bar.empty()
    pairs = clashes([r[0] for r in read])
    names = [r[0].source_name for r in read]
    pending = []
    for n, (result, file, agency) in enumerate(read):
        replaced_by = [names[b] for a, b in pairs if a == n]
        replaces = [names[a] for a, b in pairs if b == n]
        pending.append(card(result, file, agency, (replaces, replaced_by)))
    return pending


def size_text(size: int) -> str:
    """A file's size as people read it: ``2.1 KB`` under a megabyte, ``1.50 MB`` above.

    >>> size_text(2_150), size_text(1_500_000), size_text(0)
    ('2.1 KB', '1.50 MB', '0.0 KB')
    """
    return f"{size / 1e3:.1f} KB" if size < 1_000_000 else f"{size / 1e6:.2f} MB"


def card(
    p: Preview,
    file: Chosen,
    typed_agency: str | None,
    batch: tuple[list[str], list[str]] = ([], []),
) -> Pending:
    """One file's preview; ``batch`` names the earlier files of the upload this one replaces and
    the later ones that replace it. A file kept from an earlier confirm says so and can be taken
    off the page (the uploader no longer holds it)."""
    year_key, name_key, agency_key = file.keys
    kept = file.kept or Typed()
    replaces, replaced_by = batch
    with st.container(border=True):
        st.markdown(f"**{plain(p.source_name)}** · {size_text(p.size)}")
        if file.kept is not None:
            note, drop = st.columns([4, 1])
            note.caption(t("kept_note"))
            drop.button(t("kept_drop"), key=f"drop_{file.slot}", on_click=_drop_kept, args=(file.slot,))
        _state(p)
        for other in replaced_by:
            st.warning(plain(t("batch_replaced_by", other=other)))
        for other in replaces:
            st.warning(plain(t("batch_replaces", other=other)))
        agency_name, year, year_ok = p.agency_name, p.fiscal_year, True
        if p.report is not None and p.state not in ("error", "refused"):
            if p.agency_code:
                who = agency_text(p.agency_code, p.agency_name)
                st.caption(
                    plain(t("found", agency=who, year=p.fiscal_year or "—", n=len(p.report.indicators)))
                    + " · "
                    + plain(t("agency_from", source=t(f"source_{p.agency_code_source}")))
                )
            cols = st.columns(3)
            code = kept.agency_code or p.agency_code or ""
            cols[0].text_input(t("agency_code_edit"), value=code, key=agency_key, max_chars=8)
            name = p.agency_name if kept.agency_name is None else kept.agency_name
            agency_name = cols[1].text_input(t("agency_name"), value=name, key=name_key)
            found = p.fiscal_year if p.fiscal_year and FIRST_FISCAL_YEAR <= p.fiscal_year <= LAST_FISCAL_YEAR else None
            raw = cols[2].text_input(t("fiscal_year_edit"), value=kept.fiscal_year or str(found or ""), key=year_key)
            try:
                year = typed_year(raw)
            except InputError as exc:  # ours, in the page's language, not the browser's range message
                st.error(plain(error_sentence(exc) + gregorian_hint(raw)))
                year_ok = False
        _effect(p)
        _changes(p)
        _issues(p)
        if p.report is not None:
            what_was_read(p.report, key=f"read_{file.slot}")
    return Pending(p, file, agency_name.strip(), year, typed_agency, year_ok)


def agency_text(code: str, name: str | None) -> str:
    """An agency in the upload's sentences: its name with the code (the registry's English name in
    English), or ``หน่วยงาน 09000000`` / ``Agency 09000000`` when nobody named it."""
    shown = named(code, name)
    return shown if is_unnamed(code, shown) else f"{shown} ({code})"


def typed_year(raw: object) -> int | None:
    """The fiscal year typed into a card (Thai digits too), ``None`` when the box is empty; an
    :class:`InputError` (code ``not-a-fiscal-year``) for anything but a B.E. year 2500–2700.

    >>> typed_year(" ๒๕๖๓ "), typed_year("")
    (2563, None)
    """
    text = normalise(str(raw or "")).strip()
    return fiscal_year(text) if text else None


def gregorian_hint(raw: str) -> str:
    """For ``2020``, typed where a B.E. year belongs: which B.E. fiscal year that is."""
    text = normalise(raw).strip()
    # Four digits at most before int(): Python refuses to convert a string of thousands of digits.
    if (
        len(text) == 4
        and text.isascii()
        and text.isdigit()
        and be_to_ad(FIRST_FISCAL_YEAR) <= int(text) <= be_to_ad(LAST_FISCAL_YEAR)
    ):
        return t("year_ce_hint", ce=text, be=ad_to_be(int(text)))
    return ""


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
                agency=agency_text(p.agency_code, p.agency_name),
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
        st.warning(_missing(p))
    else:
        st.success(message)


def _missing(p: Preview) -> str:
    """What a readable file still needs: no agency found (the state says so), or why the code the
    analyst typed cannot be used."""
    if p.error is None or p.error.code == "no-agency":
        return t(f"state_{p.state}")
    return plain(error_sentence(p.error))


def error_text(p: Preview) -> str:
    """The reason in the session's language, with the line where there is one; in English, a file
    that is no report also gets the parser's own words (``this is a PNG image``)."""
    if p.error is None:
        return ""
    sentence = error_sentence(p.error)
    if p.error.code in WHOLE:  # cause, line and fix already
        return plain(sentence)
    detail = p.error.reason if lang() == "en" and isinstance(p.error, ReportError) else ""
    where = f" ({t('line_n', line=p.error.line)})" if p.error.line else ""
    return plain(sentence + where + (f" — {detail}" if detail else ""))


def _changes(p: Preview) -> None:
    if p.state == "new-version" and not p.changes:
        # Other bytes, same content (another encoding, other line ends): say so, not "replaces 8".
        st.info(t("no_changes"))
    if not p.changes:
        return
    with st.expander(t("changes", n=len(p.changes)), expanded=p.state == "new-version"):
        for c in p.changes:
            detail = "; ".join(field_change(f) for f in c.fields)
            st.markdown(f"- **{t('change_' + c.kind)}** {plain(c.label)}" + (f": {plain(detail)}" if detail else ""))


def field_change(change: FieldChange) -> str:
    """``ผลงาน 100 → 55``: a changed value, its field named in the session's language."""
    field = change.field
    if field in TEXT_FIELDS:  # a text: that it changed, not its words
        name = t("report_qn", n=field[1]) if field.startswith("r") else t(f"col_{field}")
        return t("text_changed", what=name)
    name = t("quarter_n", n=field[1]) if field.startswith("q") else t(f"col_{field}")
    return f"{name} {change.before} → {change.after}"


def _issues(p: Preview) -> None:
    if not p.issues:
        return
    with st.expander(t("issues", n=len(p.issues)), expanded=p.state != "identical"):
        for item in p.issues[:SHOWN_ISSUES]:
            line = f" — «{item.text}»" if item.text else ""
            st.markdown(plain(t("issue_line", line=item.issue.line, what=issue_sentence(item.issue)) + line))
        if len(p.issues) > SHOWN_ISSUES:  # thousands of lines would stall the browser, not inform
            st.markdown(plain(t("more_issues", n=len(p.issues) - SHOWN_ISSUES)))


OUTCOMES = "upload_outcomes"


def outcomes() -> None:
    """What the last save did, file by file, in the page's language: shown once, above an empty
    uploader (the previews and the confirm button are gone once their files are saved; the files
    that were not saved are kept below it)."""
    show = {"success": st.success, "info": st.info, "warning": st.warning}
    for kind, message in st.session_state.pop(OUTCOMES, []):
        show.get(kind, st.error)(message)


def _keep(item: Pending) -> Chosen | None:
    """The file again, with what was typed for it, if it was not saved but could be once
    completed: a missing year or agency, or a save that failed."""
    file = item.file
    if item.preview.report is None or item.preview.state in ("identical", "duplicate"):
        return None
    year_key, name_key, agency_key = file.keys
    kept = file.kept or Typed()
    typed = Typed(
        st.session_state.get(agency_key, kept.agency_code) or "",
        st.session_state.get(name_key, kept.agency_name),
        st.session_state.get(year_key, kept.fiscal_year),
    )
    return replace(file, kept=typed)


def _not_saved(item: Pending, *, kept: bool) -> tuple[str, str]:
    """An outcome line for a file the confirm did not save: its name, why, and whether it stays."""
    p = item.preview
    why = t(f"state_{p.state}")
    if p.state in ("error", "too-large"):
        why = f"{why}: {error_text(p)}"
    elif p.state in ("needs-year", "needs-agency"):
        why = _missing(p)
    elif not item.year_ok:
        why = t("bad_year")
    line = t("not_saved_kept" if kept else "not_saved", name=plain(p.source_name), why=why)
    return ("warning" if kept else "info", line)


def save(pending: list[Pending], by: str) -> None:
    """Save every savable file in its own transaction, with progress; remember each outcome for
    :func:`outcomes`, and keep the files that were not saved (with what was typed for them): the
    next run shows an empty uploader, and those files below it."""
    savable = [p for p in pending if p.savable]
    results: list[tuple[str, str]] = []
    st.session_state[OUTCOMES] = results
    if not savable:
        results.append(("info", t("nothing_to_save")))
    failed = _save_each(savable, by, results)
    kept: list[Chosen] = []
    for item in pending:
        if item.savable and not any(item is f for f in failed):
            continue
        file = _keep(item)
        if file is not None:
            kept.append(file)
        if not item.savable:  # a failed save has said so already
            results.append(_not_saved(item, kept=file is not None))
    st.session_state[KEPT] = kept


def _save_each(savable: list[Pending], by: str, results: list[tuple[str, str]]) -> list[Pending]:
    """Save each file in its own transaction; the files that failed."""
    failed: list[Pending] = []
    if not savable:
        return failed
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
                item.file.data,
                uploaded_by=by,
                fiscal_year=item.fiscal_year,
                agency_name=item.agency_name or None,
                agency_code=item.agency_code,
                progress=step,
            )
        except Exception as exc:  # a database that went away says so in its own (English) words
            what = error_where(exc) if isinstance(exc, KpiError) else f"{item.preview.source_name}: {exc}"
            results.append(("error", t("save_failed", message=plain(what))))
            failed.append(item)
            continue
        agency = agency_text(result.agency_code, item.agency_name)
        kind = "info" if result.outcome == "already-loaded" else "success"
        results.append((kind, plain(ingest_sentence(result, agency))))  # the sentence says it was saved
    bar.empty()
    return failed
