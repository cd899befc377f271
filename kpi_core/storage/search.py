"""Thai search over every text a reader sees of the current indicators (DESIGN.md §6).

Stored text and query are folded the same way (:mod:`kpi_core.analysis.fold`: spaces inside
words, hyphens, case, spelling variants), and each term is matched as a substring of the folded
text through a trigram index (SQLite FTS5 ``trigram``, PostgreSQL ``pg_trgm``), so ``อำนาจ``
finds ``กระจายอำนาจ`` without a scan. Terms shorter than three characters cannot use a trigram
index: when every term is that short, the scan is bounded. A hit where the term is a whole word
(PyThaiNLP tokens, project dictionary) ranks above one inside a longer word, which is marked
partial (``รถ`` in ``สามารถ``). Past :data:`MAX_CANDIDATES` matches only the newest are ranked,
and with them the newest texts holding a term as a whole word, from an index of the tokens
(schema 12), so that a word older than hundreds of partial matches still comes first. Several
terms must all match; quotes make a phrase.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    FromClause,
    Integer,
    Select,
    Text,
    and_,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, array

from kpi_core.analysis.excerpt import around
from kpi_core.analysis.fold import fold, fold_tokens
from kpi_core.analysis.highlight import find_spans
from kpi_core.analysis.query_terms import parse_query
from kpi_core.analysis.validators import search_query
from kpi_core.reading.thai import normalise
from kpi_core.storage import schema as s

SNIPPET_RADIUS = 60
MAX_TERMS = 20  # a query is a few words; a thousand terms is an attack on the SQL planner
MAX_CANDIDATES = 500  # rows read for ranking, newest first; a common word over a decade stops here
COUNT_CAP = 10_000  # texts counted for "how many"; past it a page says "10,000 or more"
TRIGRAM = 3
FIELD_WEIGHT = {"name": 1.0, "plan": 0.6, "summary": 0.3, "narrative": 0.0, "projects": 0.0, "definition": 0.0}


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
    partial: bool = False  # every match is inside a longer word
    group: str = ""  # hits with the same group key are near-identical texts

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
            "partial": self.partial,
        }


def search_terms(query: str) -> list[str]:
    """The folded terms of a query, at most :data:`MAX_TERMS`; NUL and other control characters
    are dropped.

    >>> search_terms('COVID-19 "เบิกจ่าย งบประมาณ"')
    ['โควิด19', 'เบิกจ่ายงบประมาณ']
    """
    clean = "".join(c for c in query[:1000] if unicodedata.category(c) != "Cc" or c in " \t")
    terms = [fold(t) for t in parse_query(clean)]
    return list(dict.fromkeys(t for t in terms if t))[:MAX_TERMS]


@dataclass(frozen=True)
class Results:
    """The best hits, and how many texts matched in all (read for ranking, at most
    :data:`MAX_CANDIDATES`), per agency too: a page shows 100 and says how many there are."""

    hits: list[Hit]
    total: int = 0
    by_agency: dict[str, int] | None = None

    @property
    def capped(self) -> bool:
        """More texts match than were read: the total is a lower bound."""
        return self.total >= MAX_CANDIDATES


def search(
    engine: Engine,
    query: str,
    *,
    agency_codes: Sequence[str] = (),
    fiscal_years: Sequence[int] = (),
    quarters: Sequence[int] = (),
    limit: int = 100,
) -> list[Hit]:
    """Hits best first (whole words before partial ones); an empty query gives no hits.

    Raises :class:`~kpi_core.analysis.validators.InputError` for a query that cannot be run (a NUL,
    a thousand terms).
    """
    return results(
        engine, query, agency_codes=agency_codes, fiscal_years=fiscal_years, quarters=quarters, limit=limit
    ).hits


def results(
    engine: Engine,
    query: str,
    *,
    agency_codes: Sequence[str] = (),
    fiscal_years: Sequence[int] = (),
    quarters: Sequence[int] = (),
    limit: int = 100,
) -> Results:
    """:func:`search`, with the number of matching texts in all and per agency."""
    terms = search_terms(search_query(query))
    if not terms:
        return Results([], 0, {})
    raw_terms = parse_query(query)[:MAX_TERMS]
    words = [_word_tokens(t) for t in raw_terms]
    with engine.connect() as conn:
        rows = list(conn.execute(*_candidates(engine, terms, (), (), agency_codes, fiscal_years, quarters)))
        wanted = [w for w in words if _indexable(w)]
        if len(rows) >= MAX_CANDIDATES and wanted and sum(_whole(row.tokens, words) > 0 for row in rows) < limit:
            # Only the newest matches were read, and too few of them hold a term as a whole word
            # to fill the list: older texts holding it whole may lie beyond hundreds holding it
            # inside longer words (ปรึกษา, ที่ปรึกษา). The index of whole words brings them.
            seen = [row.id for row in rows]
            more = _candidates(engine, terms, wanted, seen, agency_codes, fiscal_years, quarters)
            rows += conn.execute(*more).all()
    scored = []
    for row in rows:
        whole = _whole(row.tokens, words)
        score = (
            2.0 * whole
            + FIELD_WEIGHT.get(row.field, 0.0)
            + min(1.0, sum(row.folded.count(t) for t in terms) * 0.1)
            - (1.0 if whole == 0 else 0.0)
        )
        scored.append((score, whole == 0, row))
    scored.sort(key=lambda x: (-x[0], -x[2].fiscal_year, x[2].agency_code, x[2].seq or 0, x[2].quarter or 0))
    # Snippets and group keys only for what is shown.
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
            snippet(row.body, raw_terms),
            score,
            partial,
            _signature(row.folded),
        )
        for score, partial, row in scored[:limit]
    ]
    return Results(hits, len(rows), dict(Counter(row.agency_code for row in rows)))


def _candidates(
    engine: Engine,
    terms: Sequence[str],
    whole: Sequence[str],
    seen: Sequence[int],
    agency_codes: Sequence[str],
    fiscal_years: Sequence[int],
    quarters: Sequence[int],
) -> tuple[Select[Any], dict[str, str]]:
    """The query of the texts to rank, at most :data:`MAX_CANDIDATES`, newest first where the
    index allows, with its parameters: those holding every term, or (``whole``) those holding
    every term and one of the ``whole`` token sequences as whole words, but not those ``seen``."""
    d, i, r = s.search_docs, s.indicators, s.reports
    docs, conditions, params, newest = _matching(engine, terms, agency_codes, fiscal_years, quarters, whole)
    if seen:
        conditions.append(d.c.id.not_in(list(seen)))
    stmt = (
        select(
            d.c.id,
            d.c.quarter,
            d.c.field,
            d.c.body,
            d.c.folded,
            d.c.tokens,
            i.c.id.label("indicator_id"),
            i.c.seq,
            i.c.kpi_code,
            i.c.name,
            r.c.agency_code,
            r.c.fiscal_year,
        )
        .select_from(docs.join(i, i.c.id == d.c.indicator_id).join(r, r.c.id == i.c.report_id))
        .where(and_(*conditions))
        .limit(MAX_CANDIDATES)
    )
    # Newest stored first, so that past the cap the latest reports are kept. On PostgreSQL an
    # ORDER BY walks the primary key backwards through every text when a term is rare, so the
    # planner is left free to take the pg_trgm index (a common word then gives 500 matches in no
    # particular order, which ranking sorts).
    if newest is not None:
        stmt = stmt.order_by(newest.desc())
    return stmt, params


def _matching(
    engine: Engine,
    terms: Sequence[str],
    agency_codes: Sequence[str],
    fiscal_years: Sequence[int],
    quarters: Sequence[int],
    whole: Sequence[str] = (),
) -> tuple[FromClause, list[ColumnElement[bool]], dict[str, str], ColumnElement[int] | None]:
    """The texts of current indicators holding every term, within the filters: what to join
    (an FTS5 index first on SQLite), the conditions, the parameters of the index match, and on
    SQLite the column whose descending order is newest first at no cost. With ``whole`` (token
    sequences), only texts holding one of them as whole words."""
    d, i, r = s.search_docs, s.indicators, s.reports
    indexed = [t for t in terms if len(t) >= TRIGRAM]
    sqlite = engine.dialect.name == "sqlite"
    # With only short terms SQLite scans the texts newest first and stops at the cap; driven
    # from the index on indicators.current it would read and sort every match (``+`` stops that).
    current = text("+indicators.current = 1") if sqlite and not indexed else i.c.current
    conditions: list[ColumnElement[bool]] = [current]  # type: ignore[list-item]
    conditions += [d.c.folded.contains(t, autoescape=True) for t in terms]
    if agency_codes:
        conditions.append(r.c.agency_code.in_(list(agency_codes)))
    if fiscal_years:
        conditions.append(r.c.fiscal_year.in_(list(fiscal_years)))
    if quarters:
        conditions.append(d.c.quarter.in_(list(quarters)))
    docs: FromClause = d
    params: dict[str, str] = {}
    newest: ColumnElement[int] | None = d.c.id if sqlite else None
    if whole:
        padded = literal(" ") + d.c.tokens + literal(" ")
        found = [padded.contains(f" {w} ", autoescape=True) for w in whole]
        if not sqlite:  # the GIN index of token arrays narrows, the LIKE decides
            tokens = func.string_to_array(d.c.tokens, literal_column("' '"))
            found = [
                and_(tokens.op("@>")(cast(array(w.split(" ")), ARRAY(Text))), like)
                for w, like in zip(whole, found, strict=True)
            ]
        conditions.append(or_(*found))
    if whole and sqlite:
        # FTS5 over the tokens drives: any text holding one of the sequences.
        words = (
            text("SELECT rowid AS id FROM search_words WHERE search_words MATCH :words")
            .columns(column("id", Integer))
            .subquery("words")
        )
        docs, newest = words.join(d, d.c.id == words.c.id), words.c.id
        params["words"] = " OR ".join(_phrase(w) for w in whole)
    elif indexed and sqlite:
        # FTS5 drives: its trigram index gives the documents with every long term, the join
        # brings their rows, LIKE then checks every term exactly. (As an IN (subquery) SQLite
        # planned it per indicator and took seconds for a common word.) Ordered by the FTS5
        # rowid, the index yields the newest first; an ORDER BY inside the subquery was dropped
        # when SQLite flattened it, and the oldest 500 were ranked; by search_docs.id it sorts
        # every match.
        tri = (
            text("SELECT rowid AS id FROM search_tri WHERE search_tri MATCH :match")
            .columns(column("id", Integer))
            .subquery("tri")
        )
        docs, newest = tri.join(d, d.c.id == tri.c.id), tri.c.id
        params["match"] = " AND ".join(_phrase(t) for t in indexed)
    return docs, conditions, params, newest


def counts(
    engine: Engine,
    query: str,
    *,
    agency_codes: Sequence[str] = (),
    fiscal_years: Sequence[int] = (),
    quarters: Sequence[int] = (),
) -> dict[str, int]:
    """How many texts match, per agency, counting up to :data:`COUNT_CAP` texts: what a page says
    beside the best hits, which are ranked among the newest :data:`MAX_CANDIDATES` only."""
    terms = search_terms(search_query(query))
    if not terms:
        return {}
    d, i, r = s.search_docs, s.indicators, s.reports
    docs, conditions, params, _ = _matching(engine, terms, agency_codes, fiscal_years, quarters)
    found = (
        select(r.c.agency_code)
        .select_from(docs.join(i, i.c.id == d.c.indicator_id).join(r, r.c.id == i.c.report_id))
        .where(and_(*conditions))
        .limit(COUNT_CAP)
        .subquery("found")
    )
    stmt = select(found.c.agency_code, func.count()).group_by(found.c.agency_code)
    with engine.connect() as conn:
        return {str(code): int(n) for code, n in conn.execute(stmt, params)}


def _phrase(words: str) -> str:
    """An FTS5 phrase: the text in double quotes, its own double quotes doubled."""
    return '"' + words.replace('"', '""') + '"'


def _indexable(words: str) -> bool:
    """Whether a token sequence has a letter or digit for the index of whole words to hold
    (punctuation alone is no word of it).

    >>> _indexable("ปรึกษา"), _indexable("- /")
    (True, False)
    """
    return any(c.isalnum() for c in words)


def _word_tokens(term: str) -> str:
    return fold_tokens(normalise(term))


def _whole(tokens: str, words: Sequence[str]) -> int:
    """How many of the query's token sequences ``tokens`` holds as whole words."""
    return sum(_has_words(tokens, w) for w in words if w)


def _has_words(tokens: str, words: str) -> bool:
    """Whether the token sequence ``words`` occurs as whole tokens in ``tokens``."""
    return f" {words} " in f" {tokens} "


_DIGITS = re.compile(r"\d+")


def _signature(folded: str) -> str:
    """Near-identical texts share a signature: the same folded words, numbers aside (38 agencies
    pasting the same COVID-19 paragraph with their own figures)."""
    return _DIGITS.sub("#", folded[:600])[:400]


@dataclass(frozen=True)
class HitGroup:
    """Near-identical hits shown as one row, with how many and whose."""

    first: Hit
    hits: tuple[Hit, ...]

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h.agency_code for h in self.hits))


def group_hits(hits: Sequence[Hit]) -> list[HitGroup]:
    """Hits grouped by near-identical text, in the order of each group's best hit.

    >>> a = Hit("1", 2563, 1, 1, None, "x", 1, "narrative", "…", 1.0, group="g")
    >>> b = Hit("2", 2563, 2, 1, None, "x", 1, "narrative", "…", 0.5, group="g")
    >>> [len(g.hits) for g in group_hits([a, b])]
    [2]
    """
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.group or f"#{h.indicator_id}:{h.quarter}:{h.field}", []).append(h)
    return [HitGroup(members[0], tuple(members)) for members in groups.values()]


def snippet(body: str, terms: Sequence[str], radius: int = SNIPPET_RADIUS) -> str:
    """A window of ``body`` around the first match of a query term, found as the highlighting
    finds it (any spelling, spaces or hyphens inside: ``โควิด`` in ``COVID-19``), cut at spaces
    where there are some nearby, else between grapheme clusters (:mod:`kpi_core.analysis.excerpt`).

    >>> snippet("ก" * 100 + "ที่ปรึกษา" + "ข" * 200, ["ปรึกษา"], radius=10).startswith("…")
    True
    >>> "COVID-19" in snippet("โครงการ " * 40 + "งดเพราะ COVID-19 ระบาด" + " ต่อ" * 40, ["โควิด"])
    True
    """
    lowered = body.lower()
    found = [at for at in (lowered.find(t.lower()) for t in terms if t) if at >= 0]
    if not found:  # written otherwise than typed (COVID-19 for โควิด, a space inside a word)
        found = [span.start for span in find_spans(body, [fold(t) for t in terms], "search")]
    return around(body, min(found, default=0), radius, radius * 2)
