"""Rendering helpers shared by the pages: cards, the indicator table, legend, empty states, exports.

Text from report files is untrusted: it is shown through ``st.text``, dataframe cells, or, on an
element that renders Markdown (titles, captions, metric and link labels), through
:func:`ui.markdown.plain`; never as live Markdown or HTML.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from kpi_core.analysis.status import ALL_FLAGS, STATUS_COLORS, STATUS_ORDER, STATUS_RULES
from kpi_core.analysis.status import RESULT_OUTLIER_FACTOR as OUTLIER
from kpi_core.outputs import progress
from kpi_core.outputs.export import export_name
from kpi_core.outputs.plotting import BAR_COLOR, numbered, percent_text, whole
from kpi_core.outputs.plotting import indicator_name as core_indicator_name
from kpi_core.storage import query
from kpi_core.storage.query import Filters, Scorecard
from ui import data, nav
from ui.i18n import agency_label, agency_name, english_lookup, lang, t, when
from ui.markdown import plain  # ui/upload.py takes plain() from here too
from ui.reading import HIT_HERE, HIT_HERE_CSS

# A shape that every font has (emoji fonts are not a given on servers), coloured where it can be.
STATUS_ICONS = dict.fromkeys(STATUS_COLORS, "●")
# The bars of percentages in tables: the charts' neutral blue. Streamlit's default is the theme's
# primary red, which said "failing" of 57 % met and of every indicator past its target.
PROGRESS_COLOR = BAR_COLOR
FILTER_LABELS = {
    "fiscal_years": "f_fy",
    "agency_codes": "f_agency",
    "eval_dimensions": "f_eval",
    "pillars": "f_pillar",
    "plan_dimensions": "f_dim",
    "statuses": "f_status",
    "flags": "f_flag",
}


def _colour_name(code: str) -> str:
    """Streamlit's Markdown colour names for the status colours."""
    return {"met": "green", "near": "orange", "not-met": "red", "no-data": "gray", "no-target": "violet"}[code]


def status_label(code: str) -> str:
    rule = next(r for r in STATUS_RULES if r.code == code)
    return f"{STATUS_ICONS[code]} {rule.label_en if lang() == 'en' else rule.label_th}"


def flag_labels(codes: list[str]) -> list[str]:
    names = {f.code: (f.label_en if lang() == "en" else f.label_th) for f in ALL_FLAGS}
    return [names.get(c, c) for c in codes]


def number(value: object) -> str:
    """Thousands separators; whole numbers without decimals; — for nothing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    v = float(value)  # type: ignore[arg-type]
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"


# On a phone Streamlit stacks columns one per row and six cards fill the first screen: keep the
# cards two to a row there. Only our own class names; nothing from a report reaches this CSS.
_CARDS_CSS = """<style>
@media (max-width: 640px) {
  .st-key-scorecard [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.5rem; }
  .st-key-scorecard [data-testid="stColumn"] { flex: 1 1 calc(50% - 0.5rem) !important;
    min-width: calc(50% - 0.5rem) !important; }
  .st-key-scorecard [data-testid="stMetricValue"] { font-size: 1.6rem; }
}
</style>"""


def percent(value: object) -> str:
    """A percent of target for reading (:func:`kpi_core.outputs.plotting.percent_text`, which the
    briefing prints too): ``99.7%`` for 99.68, never ``100%`` below the target."""
    return percent_text(value)


def scorecard(card: Scorecard, previous: Scorecard | None = None) -> None:
    """Six cards, each with its change against the previous fiscal year where there is one."""

    def delta(now: float | None, before: float | None, unit: str = "") -> str | None:
        if previous is None or now is None or before is None:
            return None
        return t(unit, delta=f"{now - before:+,.1f}") if unit else f"{now - before:+,.0f}"  # unit: a STRINGS key

    st.html(_CARDS_CSS)
    p = previous
    with st.container(key="scorecard"):
        cols = st.columns(6)
        basis = percent_basis(card)
        cols[0].metric(
            t("m_percent"),
            "—" if card.percent_met is None else f"{card.percent_met:.1f}%",
            delta(card.percent_met, p.percent_met if p else None, "points"),
            help=basis,
        )
        cols[1].metric(t("m_met"), f"{card.met:,}", delta(card.met, p.met if p else None))
        cols[2].metric(t("m_near"), f"{card.near:,}", delta(card.near, p.near if p else None), delta_color="off")
        cols[3].metric(
            t("m_not_met"), f"{card.not_met:,}", delta(card.not_met, p.not_met if p else None), delta_color="inverse"
        )
        cols[4].metric(
            t("m_no_data"),
            f"{card.no_data + card.no_target:,}",
            delta(card.no_data + card.no_target, p.no_data + p.no_target if p else None),
            delta_color="inverse",
            help=t("m_no_data_help", no_data=card.no_data, no_target=card.no_target),
        )
        cols[5].metric(
            t("m_indicators"),
            f"{card.indicators:,}",
            delta(card.indicators, p.indicators if p else None),
            delta_color="off",
        )
    st.caption(basis)


def percent_basis(card: Scorecard) -> str:
    """What "percent met" divides by, in words: 17 of 25 read 68 % where 17 of the 18 with a
    result had met their target, and the card alone did not say that 7 had none yet. Where none
    has a result to compare with a target, why the card shows "—" and not 0.0 %."""
    head = t("percent_none") if card.percent_met is None else t("percent_basis", met=card.met, total=card.indicators)
    return " · ".join([head, *unjudged(card.no_data, card.no_target)])


def unjudged(no_data: int, no_target: int) -> list[str]:
    """How many indicators cannot be held against a target yet, in words, each reason apart."""
    parts = [t("percent_basis_no_data", n=no_data)] if no_data else []
    return parts + ([t("percent_basis_no_target", n=no_target)] if no_target else [])


def follow_up_state(worst: pd.DataFrame, cards: dict[int, Scorecard]) -> None:
    """What the follow-up list cannot show: the indicators with no result or no target yet. With
    none of them judged an empty list would read "nothing to follow up"; it says it is not known."""
    judged = sum(c.judged for c in cards.values())
    pending = unjudged(sum(c.no_data for c in cards.values()), sum(c.no_target for c in cards.values()))
    if not worst.empty:
        if pending:
            st.caption(t("follow_up_also", parts=" · ".join(pending)))
    elif not judged and pending:
        st.info(" · ".join([t("follow_up_unknown"), *pending]))
    elif pending:
        st.caption(" · ".join([t("no_exceptions_of", n=judged), *pending]))
    else:
        st.caption(t("no_exceptions"))


def year_scorecards(cards: dict[int, Scorecard]) -> None:
    """Several fiscal years in view: one row per year, never one sum of all of them."""
    view = pd.DataFrame(
        [
            {
                t("col_fy"): year,
                t("m_indicators"): c.indicators,
                t("m_met"): c.met,
                t("m_near"): c.near,
                t("m_not_met"): c.not_met,
                t("m_no_data"): c.no_data + c.no_target,
                t("m_percent"): c.percent_met,
            }
            for year, c in cards.items()
        ]
    )
    st.dataframe(
        view,
        hide_index=True,
        column_config={
            t("col_fy"): st.column_config.NumberColumn(format="%d"),
            t("m_percent"): st.column_config.ProgressColumn(
                format="%.1f%%", min_value=0, max_value=100, color=PROGRESS_COLOR, help=t("percent_basis_column")
            ),
        },
    )


# Streamlit keeps a page link's label on one line and cuts it at the edge (no ellipsis reaches
# the nested paragraph): let the exceptions' and the search results' names wrap, and keep each
# exception's name with its agency. Only our own class names; nothing from a report reaches this CSS.
WRAPPED_LINKS = ("exceptions", "hits")  # keys of the containers whose links wrap
_WRAP_CSS = "".join(
    f""".st-key-{key} [data-testid="stPageLink"] span,
.st-key-{key} [data-testid="stPageLink"] p {{ white-space: normal; overflow-wrap: anywhere; }}
.st-key-{key} [data-testid="stPageLink"] a {{ height: auto; align-items: flex-start; }}
"""
    for key in WRAPPED_LINKS
)
_EXCEPTIONS_CSS = f"""<style>
{_WRAP_CSS}.st-key-exceptions [data-testid="stCaptionContainer"] {{ padding-left: 1.9rem; }}
</style>"""
WRAP_LINKS_CSS = f"<style>{_WRAP_CSS}</style>"


# Streamlit's drop zone says "200MB per file" (its own ceiling, in English) under every uploader;
# the app's limit is smaller and the page says it in the reader's language.
_NO_STREAMLIT_LIMIT = "<style>[data-testid='stFileUploaderDropzoneInstructions'] { display: none; }</style>"


def hide_streamlit_limit() -> None:
    st.html(_NO_STREAMLIT_LIMIT)


def exceptions(worst: pd.DataFrame, limit: int = 10) -> None:
    """Not met and near, worst first: each one click (same tab) from its indicator page, its name
    wrapping on a phone, with its agency (and year) on a line of its own right under it, in one
    small block per exception so that it is clear which agency is whose."""
    params = carry()
    several_years = worst["fiscal_year"].nunique() > 1
    english = english_lookup()
    st.html(_EXCEPTIONS_CSS)
    with st.container(key="exceptions", gap="small"):
        for i, row in enumerate(worst.head(limit).to_dict("records")):
            pct = row["percent_of_target"]
            share = "—" if pct is None or pd.isna(pct) else t("of_target", pct=percent(pct))
            label = f"{STATUS_ICONS[row['status']]} {share} · {indicator_title(pd.Series(row))}"
            agency = agency_name(row["agency_code"], row["agency_name"], english)
            with st.container(key=f"exception_{i}", gap="xxsmall"):
                st.page_link(nav.INDICATOR, label=plain(label), query_params={**params, "id": str(row["indicator_id"])})
                st.caption(plain(agency + (f" · {t('fy_n', n=row['fiscal_year'])}" if several_years else "")))
    if len(worst) > limit:
        st.caption(t("more_exceptions", n=len(worst) - limit))


def progress_chart(df: pd.DataFrame) -> None:
    """The quarterly progress of a handful of indicators against their targets, then the ones it
    has no line for and why, each on its own line (seven indicators without numbers had drawn six
    empty charts and said nothing)."""
    fig = progress.quarterly_progress(df, lang())
    if fig is not None:
        st.plotly_chart(fig, key="progress")
    left_out = progress.progress_left_out(df, lang())
    for key, names in (("progress_no_target", left_out.no_target), ("progress_no_values", left_out.no_values)):
        if names:
            st.caption("  \n".join([t(key, n=len(names)), *(f"• {plain(name)}" for name in names)]))


TABLE_PAGE = 100  # rows per page: the browser gets a page, not ten thousand rows


def indicator_table(df: pd.DataFrame, key: str = "table") -> None:
    """Name first, then status, agency, year, unit, target, result, percent of target, flags.

    Paginated; selecting a row opens that indicator in the same tab (a link column would open a
    new one)."""
    pages = max(1, -(-len(df) // TABLE_PAGE))
    page = 1
    if pages > 1:
        page = int(st.number_input(t("table_page"), 1, pages, 1, key=f"{key}_page", width=160))
    start = (page - 1) * TABLE_PAGE
    part = df.iloc[start : start + TABLE_PAGE]
    view = pd.DataFrame(
        {
            "name": [
                numbered(s, indicator_name(n, c))
                for s, n, c in zip(part["seq"], part["name"], part["kpi_code"], strict=True)
            ],
            "status": part["status"].map(status_label),
            "agency": agency_names(part),
            "fy": part["fiscal_year"],
            "unit": part["unit"],
            # The grid writes a missing number as "None" (cut to "No") whatever the format: text
            # instead, "—" as on the cards. Targets in different units do not sort against each
            # other anyway; the percent of target beside them does, and stays a number.
            "target": part["target"].map(number),
            "result": part["result"].map(number),
            # The true percent: the bar stops at its max_value, its label is this number (1,600.0%).
            "percent": part["percent_of_target"],
            "flags": part["flags"].map(flag_labels),
        }
    )
    colours = {status_label(code): colour for code, colour in STATUS_COLORS.items()}
    styled = view.style.map(lambda v: f"color: {colours.get(v, 'inherit')}; font-weight: 600", subset=["status"])
    st.caption(t("table_rows", a=start + 1, b=start + len(part), n=len(df)))
    state = st.dataframe(
        styled,
        hide_index=True,
        key=f"{key}_rows_{page}",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "name": st.column_config.TextColumn(t("col_name"), width="large", pinned=True),
            "status": st.column_config.TextColumn(t("col_status"), width="medium"),  # "● ไม่มีข้อมูล" whole
            "agency": st.column_config.TextColumn(t("col_agency")),
            "fy": st.column_config.NumberColumn(t("col_fy"), format="%d", width="small"),
            "unit": st.column_config.TextColumn(t("col_unit")),
            "target": st.column_config.TextColumn(t("col_target"), alignment="right"),
            "result": st.column_config.TextColumn(t("col_result"), alignment="right"),
            "percent": st.column_config.ProgressColumn(
                t("col_percent"), format="%,.1f%%", min_value=0, max_value=200, color=PROGRESS_COLOR
            ),
            "flags": st.column_config.ListColumn(t("col_flags")),
        },
    )
    rows = state.selection.rows if state else []  # type: ignore[union-attr]
    if rows:
        chosen = int(part.iloc[rows[0]]["indicator_id"])
        st.switch_page(nav.INDICATOR, query_params={**carry(), "id": str(chosen)})


def carry() -> dict[str, list[str]]:
    """URL parameters worth carrying into a link to another page (the filters and language)."""
    return {k: st.query_params.get_all(k) for k in st.query_params if k not in ("id", "q", "at")}


def legend() -> None:
    with st.expander(t("legend")):
        en = lang() == "en"
        for r in STATUS_RULES:
            label, explain = (r.label_en, r.explain_en) if en else (r.label_th, r.explain_th)
            st.markdown(f":{_colour_name(r.code)}[{STATUS_ICONS[r.code]} **{label}**] — {explain}")
        for f in ALL_FLAGS:
            # A risk flag is its words (from a CSV file); a quality flag says what was found wrong.
            terms = ", ".join(f.terms)
            what = t(f"flag_{f.code}", factor=OUTLIER) if f.kind == "quality" else t("mentions", terms=terms)
            st.markdown(f"⚑ **{plain(f.label_en if en else f.label_th)}** — {plain(what)}")  # from a CSV file


def empty_state(filters: Filters) -> None:
    """Help instead of a blank page: how to add data, or which filter to relax."""
    if data.filter_options().empty:
        st.info(t("empty_db"))
        return
    st.warning(t("empty_filter"))
    for name, n in query.relaxations(data.engine(), filters):
        st.caption(t("relax", name=t(FILTER_LABELS[name]), n=n))


EXPORT_BUTTONS = (  # kind, label, extension, MIME type
    ("csv", "csv", "csv", "text/csv"),
    ("xlsx", "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("html", "briefing", "html", "text/html"),
)
EXPORT_NAMES = {"csv": "CSV", "xlsx": "Excel", "html": "HTML"}


def exports(filters: Filters, key: str) -> None:
    """CSV, XLSX and a self-contained HTML briefing of exactly what is on screen, made together
    when asked for and kept in the session, one set, until the view changes.

    A download does not rerun the page (``on_click="ignore"``): each click reran it, and at
    national scale made the files again, 88-110 s a click."""
    st.subheader(t("export"))
    data_version_line()
    slot = f"{key}_files"
    files: data.ExportFiles | None = st.session_state.get(slot)
    if files is not None and files.view != data.export_view(filters, lang()):
        del st.session_state[slot]  # another view (filters, data, language): not its files, and memory back
        files = None
    if files is None:
        _prepare_button(filters, slot, f"{key}_prepare")
        return
    for col, (kind, label, extension, mime) in zip(st.columns(3), EXPORT_BUTTONS, strict=True):
        content = files.content(kind)
        if content is None:
            col.error(t("export_failed", kind=EXPORT_NAMES[kind]))
            continue
        name = export_name(filters, files.when, extension)
        if kind == "html":
            name = name.replace("kpi_", "kpi_briefing_", 1)
        col.download_button(t(label), content, name, mime, key=f"{key}_{kind}", on_click="ignore")
    if None in (files.csv, files.xlsx, files.html):  # "try again", as the sentence says
        _prepare_button(filters, slot, f"{key}_again")


def _prepare_button(filters: Filters, slot: str, key: str) -> None:
    if st.button(t("prepare"), key=key, icon=":material/download:"):
        with st.spinner(t("preparing")):
            st.session_state[slot] = data.export_files(filters, lang(), datetime.now(UTC))
        st.rerun()


def indicator_header(row: pd.Series) -> None:
    """Agency, year, plan path, evaluation tag, target and result of one indicator."""
    if bool(row["deleted"]):
        st.warning(t("deleted_version"))
    elif not bool(row["current"]):
        st.warning(t("old_version"))
    cols = st.columns(4)
    cols[0].metric(t("col_status"), status_label(str(row["status"])))
    unit = plain(str(row["unit"]))
    cols[1].metric(f"{t('col_target')} ({unit})", number(row["target"]))
    cols[2].metric(f"{t('col_result')} ({unit})", number(row["result"]))
    pct = row["percent_of_target"]
    cols[3].metric(t("col_percent"), percent(pct))
    agency = agency_name(row["agency_code"], row["agency_name"])
    st.text(f"{agency} · {t('fy_n', n=row['fiscal_year'])}")
    if row["plan_goal_code"] or row["plan_dimension_code"]:
        goal_title = str(row["plan_goal_title"]) + ("… " + t("truncated") if row["plan_goal_truncated"] else "")
        st.caption(
            plain(
                t(
                    "plan",
                    pillar=t("pillar_n", n=whole(row["plan_pillar"])),
                    dim=row["plan_dimension_code"] or "",
                    dim_title=row["plan_dimension_title"],
                    goal=row["plan_goal_code"] or "",
                    goal_title=goal_title,
                )
            )
        )
    dimension = whole(row["eval_dimension"])
    tags = [row["eval_heading"] or (t("eval_n", n=dimension) if dimension is not None else "")]
    tags += [row["eval_label"], row["kpi_type"] or "", *flag_labels(list(row["flags"]))]
    st.caption(plain(" · ".join(str(x) for x in tags if x)))
    st.caption(plain(t("source", file=row["source_name"], line=row["line"])))


def quarter_table(quarters: pd.DataFrame) -> None:
    view = pd.DataFrame(
        {
            t("quarter"): quarters["quarter"].map(lambda q: t("quarter_n", n=q)),
            t("value"): quarters["value"].map(number),
            t("sed_score"): quarters["sed_score"].map(number),
            t("assessment"): [
                "—" if pd.isna(a) or pd.isna(b) else f"{number(a)} / {number(b)}"
                for a, b in zip(quarters["assessment_a"], quarters["assessment_b"], strict=True)
            ],
        }
    )
    st.dataframe(view, hide_index=True)


def extra_sections(row: pd.Series, at: str | None = None) -> None:
    """Summary, supporting projects, definition: as written (``st.text`` renders no Markdown).
    The one a search hit found (``at``) is the place a link from the search scrolls to."""
    if at:
        st.html(HIT_HERE_CSS)
    for key, column in (("summary", "summary"), ("projects", "supporting_projects"), ("definition", "definition")):
        if row[column]:
            with st.container(key=HIT_HERE if key == at else None):
                st.subheader(t(key))
                if key == at:
                    st.caption(t("hit_here"))
                st.text(str(row[column]))
                if row.get("cut_in") == key and pd.notna(row.get("cut_line")):  # the file ends inside it
                    st.caption(f"✂️ {t('section_cut', line=int(row['cut_line']))}")


def group_labels(df: pd.DataFrame, by: str) -> dict[object, str]:
    """Readable labels for the values of a grouping column."""
    if by == "agency_code":
        names = df.drop_duplicates("agency_code").set_index("agency_code")["agency_name"]
        english = english_lookup()
        return {code: agency_label(code, name, english) for code, name in names.items()}
    if by == "fiscal_year":
        return {y: t("fy_n", n=y) for y in df["fiscal_year"].unique()}
    return {v: str(v) for v in df[by].unique()}


def counts_table(counts: pd.DataFrame) -> None:
    """Per group: met, near, not met, no target, no data (the cards' order, not the rules' order
    of trial), the total and the percent met. Headings without the status dot: a table cannot
    colour it, and five grey dots said nothing."""
    columns = ["label", *STATUS_ORDER, "total", "percent_met"]
    names = {r.code: r.label_en if lang() == "en" else r.label_th for r in STATUS_RULES}
    view = counts[columns].rename(
        columns={"label": "", **names, "total": t("m_indicators"), "percent_met": t("m_percent")}
    )
    percent = st.column_config.NumberColumn(format="%.1f%%", help=t("percent_basis_column"))
    st.dataframe(view, hide_index=True, column_config={t("m_percent"): percent})


def agency_names(df: pd.DataFrame) -> list[str]:
    """The agency of each row as the page shows it (:func:`ui.i18n.agency_name`)."""
    english = english_lookup()
    return [agency_name(c, n, english) for c, n in zip(df["agency_code"], df["agency_name"], strict=True)]


def indicator_name(name: object, code: object = None) -> str:
    """The indicator's name, or what is known of it (:func:`kpi_core.outputs.plotting.indicator_name`)."""
    return core_indicator_name(name, code, lang())


def indicator_title(row: pd.Series) -> str:
    return numbered(row["seq"], indicator_name(row["name"], row.get("kpi_code")))


def risk_codes() -> list[str]:
    return [f.code for f in ALL_FLAGS if f.kind == "risk"]


def risk_label(code: str) -> str:
    return flag_labels([code])[0]


def data_version_line() -> None:
    """ "Data updated 26 Nov 2026 14:05 by somchai": when the data last changed, and for analysts
    who changed it (a person reads that; a version number means nothing to them)."""
    from ui import auth

    change = data.last_change()
    if change.at is None:
        st.caption(t("never_updated"))
    elif auth.is_analyst() and change.by:  # an account name: viewers see nothing about accounts
        st.caption(t("updated_by", when=when(change.at), who=plain(change.by)))  # a name is typed text
    else:
        st.caption(t("updated_at", when=when(change.at)))


def direction_setting(row: pd.Series, by: str) -> None:
    """Analysts say whether higher or lower is better; stored per indicator identity, audited."""
    from kpi_core.storage.store import set_direction

    current = str(row["direction"])
    choice = st.segmented_control(
        t("direction"),
        ["up", "down"],
        default=current,
        key="direction",
        required=True,
        format_func=lambda d: t(f"direction_{d}"),
    )
    if choice and choice != current:
        set_direction(data.engine(), str(row["ident"]), str(choice), by=by)
        st.toast(t("direction_saved"))
        st.rerun()


PICKER = "indicator_picker"
PICKER_FOR = "indicator_picker_for"  # the ?id= the picker was last set from


def indicator_navigator(filters: Filters, current: int | None) -> None:
    """A searchable picker of the indicators in the current filter, and previous / next, so that
    the indicator page opened from the menu is a way in, not a dead end."""
    from kpi_core.storage.query import indicator_choices, neighbours

    choices = indicator_choices(data.indicators(filters), lang())
    if not choices:
        return
    ids = [i for i, _ in choices]
    labels = dict(choices)
    # The picker follows the URL: a widget keeps its value across reruns of the same page, so
    # without this a previous / next link (same page, new ?id=) found the old id still picked and
    # the check below sent the reader straight back to it.
    if st.session_state.get(PICKER_FOR, "unset") != current:
        st.session_state[PICKER] = current if current in labels else None
        st.session_state[PICKER_FOR] = current
        if current is not None:
            # Streamlit 1.67's browser side does not write a link's query string to the address
            # bar when the link is to the page already open: say it again, so that a copied
            # link or a reload opens this indicator, not the one the link was clicked on.
            st.query_params["id"] = str(current)
    picked = st.selectbox(
        t("pick_one", n=len(ids)),
        ids,
        format_func=lambda i: labels.get(i, str(i)),
        placeholder=t("pick_placeholder"),
        key=PICKER,
    )
    if picked is not None and picked != current:
        st.query_params["id"] = str(picked)
        st.rerun()
    if current is None:
        return
    before, after = neighbours(ids, current)
    left, right = st.columns(2)
    params = carry()
    if before is not None:
        left.page_link(nav.INDICATOR, label=t("previous"), query_params={**params, "id": str(before)})
    if after is not None:
        right.page_link(nav.INDICATOR, label=t("next"), query_params={**params, "id": str(after)})
