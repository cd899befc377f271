"""The rows an ingest writes: one indicator's values, quarters and search documents, prepared
before the write transaction (tokenising and reading the risk words is most of an ingest's time;
the write lock is held only for the bulk inserts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, insert, text

from kpi_core.analysis.fold import fold, fold_tokens
from kpi_core.analysis.keywords import KEYWORD_SEPARATOR, KEYWORDS_KEPT, terms, top_keywords
from kpi_core.analysis.status import risk_flags
from kpi_core.analysis.vocabulary import raw_tokens
from kpi_core.reading.model import Indicator
from kpi_core.reading.thai import normalise
from kpi_core.storage import schema as s

Progress = Callable[[str, float], None]
KEYWORD_FIELDS = ("narrative", "summary")  # what an indicator's keywords are read from


def indicator_ident(agency: str, ind: Indicator) -> str:
    """Stable identity across versions and years: agency + KPI code, else agency + name."""
    return f"{agency}|{ind.kpi_code}" if ind.kpi_code else f"{agency}|{normalise(ind.name).lower()}"


@dataclass(frozen=True)
class Prepared:
    """One indicator's rows, computed before the write transaction (tokenising and reading the
    risk words is most of an ingest's time; the write lock is held only for the inserts)."""

    values: dict[str, object]
    quarters: list[dict[str, object]]
    docs: list[dict[str, object]]  # search_docs rows without their indicator id


def prepare(agency: str, ind: Indicator) -> Prepared:
    """One indicator's rows for the indicators, quarters and search_docs tables."""
    row = ind.to_dict()
    for key in ("quarters", "line"):
        row.pop(key)
    values = {
        **row,
        "ident": indicator_ident(agency, ind),
        "plan_pillar": ind.plan_pillar,
        "line": ind.line,
        "cut_line": ind.cut_line,
        "cut_in": ind.cut_in,
        "by_position": ind.by_position,
        "risks": risk_list([q.report for q in ind.quarters], ind.summary),
    }
    quarters: list[dict[str, object]] = [
        {
            "quarter": q.quarter,
            "value": q.value,
            "sed_score": q.sed_score,
            "assessment_a": q.assessment[0] if q.assessment else None,
            "assessment_b": q.assessment[1] if q.assessment else None,
            "report": q.report,
            "line": q.line,
            "in_file": q.in_file,
        }
        for q in ind.quarters
    ]
    # Every text a reader sees on the indicator's page is searchable.
    texts: list[tuple[int | None, str, str]] = [
        (None, "name", ind.name),
        (None, "plan", " ".join(x for x in (ind.plan_dimension_title, ind.plan_goal_title) if x)),
        (None, "summary", ind.summary),
        (None, "projects", ind.supporting_projects),
        (None, "definition", ind.definition),
    ]
    texts += [(q.quarter, "narrative", q.report) for q in ind.quarters]
    docs: list[dict[str, object]] = []
    found: Counter[str] = Counter()  # keyword candidates of the narratives and the summary
    for quarter, field, body in texts:
        if not body:
            continue
        tokens = raw_tokens(body)  # once per text: the search index's words and the keywords
        docs.append(
            {
                "quarter": quarter,
                "field": field,
                "body": body,
                "norm": normalise(body).lower(),
                "folded": fold(body),
                "tokens": fold_tokens(body, tokens),
            }
        )
        if field in KEYWORD_FIELDS:
            found.update(terms(body, tokens=tokens))
    values["keywords"] = keyword_list(found)
    return Prepared(values, quarters, docs)


def risk_list(reports: list[str], summary: str) -> str:
    """The stored form of an indicator's risk flags: those of its quarterly reports and summary."""
    return ",".join(risk_flags([*reports, summary]))


def keyword_list(found: Counter[str]) -> str:
    """The stored form of an indicator's keywords, from the candidates of its narratives and summary."""
    return KEYWORD_SEPARATOR.join(term for term, _ in top_keywords(found, KEYWORDS_KEPT))


def insert_prepared(conn: Connection, report_id: int, prepared: list[Prepared], step: Progress) -> None:
    """Insert a report's indicators, quarters and search documents in a few bulk statements."""
    i = s.indicators
    total = len(prepared)
    for start in range(0, total, BATCH):
        batch = prepared[start : start + BATCH]
        ids = (
            conn.execute(
                insert(i).returning(i.c.id, sort_by_parameter_order=True),
                [{**p.values, "report_id": report_id} for p in batch],
            )
            .scalars()
            .all()
        )
        quarter_rows = [{**q, "indicator_id": ident} for ident, p in zip(ids, batch, strict=True) for q in p.quarters]
        if quarter_rows:
            conn.execute(insert(s.quarters), quarter_rows)
        doc_rows = [{**d, "indicator_id": ident} for ident, p in zip(ids, batch, strict=True) for d in p.docs]
        if doc_rows:
            conn.execute(insert(s.search_docs), doc_rows)
        step("save", min(1.0, (start + len(batch)) / total))
    if conn.dialect.name == "sqlite":  # the FTS5 indexes of this report's documents
        for index, column in (("search_tri", "folded"), ("search_words", "tokens")):
            conn.execute(
                text(
                    f"INSERT INTO {index}(rowid, {column}) SELECT d.id, d.{column} FROM search_docs d "
                    "JOIN indicators i ON i.id = d.indicator_id WHERE i.report_id = :report"
                ),
                {"report": report_id},
            )


BATCH = 500  # indicators per bulk INSERT: progress stays live, parameters stay far below limits
