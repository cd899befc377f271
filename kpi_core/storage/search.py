"""Thai full-text search over narratives, summaries and indicator names of current reports.

Thai has no spaces between words, so the index stores PyThaiNLP tokens joined by spaces (SQLite
FTS5, PostgreSQL ``tsvector`` + GIN) and the query is tokenised the same way; that ranks. Recall
comes from substring matching on normalised text, so ``อำนาจ`` finds ``กระจายอำนาจ`` even where
the tokenizer made one word of it. Several terms must all match; quotes make a phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, select, text

from kpi_core.analysis.query_terms import parse_query
from kpi_core.analysis.validators import search_query
from kpi_core.reading.thai import tokenize
from kpi_core.storage import schema as s

SNIPPET_RADIUS = 60


@dataclass(frozen=True)
class Hit:
    agency_code: str
    fiscal_year: int
    indicator_id: int
    indicator_seq: int | None
    kpi_code: str | None
    indicator_name: str
    quarter: int | None
    field: str
    snippet: str
    score: float

    def to_dict(self) -> dict[str, object]:
        return {
            "agency_code": self.agency_code,
            "fiscal_year": self.fiscal_year,
            "indicator_id": self.indicator_id,
            "indicator_seq": self.indicator_seq,
            "kpi_code": self.kpi_code,
            "indicator_name": self.indicator_name,
            "quarter": self.quarter,
            "field": self.field,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


def search(
    engine: Engine,
    query: str,
    *,
    agency_codes: Sequence[str] = (),
    fiscal_years: Sequence[int] = (),
    quarters: Sequence[int] = (),
    limit: int = 100,
) -> list[Hit]:
    """Hits best first; an empty query gives no hits.

    Raises :class:`~kpi_core.analysis.validators.InputError` for a query that cannot be run (a NUL
    breaks both databases, a thousand terms overflow SQLite's expression depth).
    """
    terms = parse_query(search_query(query))
    if not terms:
        return []
    d, i, r = s.search_docs, s.indicators, s.reports
    conditions = [r.c.current, ~r.c.deleted, *(d.c.norm.contains(t, autoescape=True) for t in terms)]
    if agency_codes:
        conditions.append(r.c.agency_code.in_(list(agency_codes)))
    if fiscal_years:
        conditions.append(r.c.fiscal_year.in_(list(fiscal_years)))
    if quarters:
        conditions.append(d.c.quarter.in_(list(quarters)))
    stmt = (
        select(
            d.c.id,
            d.c.quarter,
            d.c.field,
            d.c.body,
            d.c.norm,
            i.c.id.label("indicator_id"),
            i.c.seq,
            i.c.kpi_code,
            i.c.name,
            r.c.agency_code,
            r.c.fiscal_year,
        )
        .join(i, i.c.id == d.c.indicator_id)
        .join(r, r.c.id == i.c.report_id)
        .where(and_(*conditions))
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        ranks = _token_ranks(conn, terms, [row.id for row in rows]) if rows else {}
    hits = [
        Hit(
            row.agency_code,
            row.fiscal_year,
            row.indicator_id,
            row.seq,
            row.kpi_code,
            row.name,
            row.quarter,
            row.field,
            snippet(row.body, row.norm, terms),
            ranks.get(row.id, 0.0)
            + sum(row.norm.count(t) for t in terms) * 0.1
            + (0.5 if row.field == "name" else 0.0),
        )
        for row in rows
    ]
    hits.sort(key=lambda h: (-h.score, -h.fiscal_year, h.agency_code, h.indicator_seq or 0, h.quarter or 0))
    return hits[:limit]


def _token_ranks(conn: Connection, terms: list[str], doc_ids: list[int]) -> dict[int, float]:
    """Full-text rank of the candidate documents whose tokens contain every term's tokens."""
    phrases = [" ".join(tokenize(t)) for t in terms]
    phrases = [p for p in phrases if p]
    if not phrases:
        return {}
    if conn.dialect.name == "sqlite":
        match = " AND ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        rows = conn.execute(
            text("SELECT rowid, -bm25(search_fts) FROM search_fts WHERE search_fts MATCH :q"), {"q": match}
        ).all()
    else:
        # Only placeholder names are formatted into the SQL; the phrases travel as parameters.
        params = {f"p{n}": p for n, p in enumerate(phrases)}
        query = " && ".join(f"phraseto_tsquery('simple', :p{n})" for n in range(len(phrases)))
        rows = conn.execute(
            text(
                f"SELECT id, ts_rank(to_tsvector('simple', tokens), {query}) * 10 FROM search_docs "
                f"WHERE to_tsvector('simple', tokens) @@ ({query})"
            ),
            params,
        ).all()
    wanted = set(doc_ids)
    return {int(doc): float(rank) for doc, rank in rows if doc in wanted}


def snippet(body: str, norm: str, terms: list[str], radius: int = SNIPPET_RADIUS) -> str:
    """A window of the text around the first match, with ``…`` where it was cut."""
    found = [norm.find(t) for t in terms]
    found = [f for f in found if f >= 0]
    at = min(found) if found else 0
    start, end = max(0, at - radius), min(len(body), at + radius * 2)
    return ("…" if start else "") + body[start:end].replace("\n", " ") + ("…" if end < len(body) else "")
