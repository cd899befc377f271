"""What ingest derives from stored text with the analysts' tables in ``data/``, kept true when a
table changes.

Analysts extend the spelling variants, the risk words and the word lists without code, and ingest
stores what those tables made of each text: the folded search text and its words, an indicator's
risk flags and keywords. A table edited after the data was loaded left every stored row as the old
table made it: a new variant (``เว็บไซท์``) hid the texts written that way from every search, a
new risk word flagged new uploads only. So the store keeps a fingerprint of each table (its bytes
and :data:`VERSION`) in ``settings`` and, on opening, remakes what a changed table derives, once:

- ``search_variants.csv``: every text folded again; the words of a text whose folding changed;
- ``risk_terms.csv``, ``risk_exceptions.csv``: every indicator's risk flags;
- ``domain_words.txt``, ``keyword_stopwords.txt``: every text's words and every indicator's
  keywords (the tokeniser's dictionary changed: the slow one, about a minute at BMA scale).

Rows are rewritten only where the result differs; the data version moves on if any did.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, select, text, update

from kpi_core.analysis.fold import VARIANTS_FILE, fold, fold_tokens
from kpi_core.analysis.keywords import terms
from kpi_core.analysis.lexicon import RISK_EXCEPTIONS_FILE, RISK_TERMS_FILE
from kpi_core.analysis.vocabulary import DOMAIN_WORDS_FILE, STOP_WORDS_FILE, raw_tokens
from kpi_core.storage import schema as s
from kpi_core.storage.rows import KEYWORD_FIELDS, keyword_list, risk_list

_log = logging.getLogger(__name__)

VERSION = 1  # raise when the code that derives these rows changes, to remake them everywhere
SETTING = "derived_tables"
TABLES: dict[str, tuple[Path, ...]] = {
    "fold": (VARIANTS_FILE,),
    "risks": (RISK_TERMS_FILE, RISK_EXCEPTIONS_FILE),
    "words": (DOMAIN_WORDS_FILE, STOP_WORDS_FILE),
}


def fingerprints(tables: dict[str, tuple[Path, ...]] = TABLES) -> dict[str, str]:
    """Each group of tables' fingerprint: a hash of :data:`VERSION` and the files' bytes."""
    out = {}
    for name, paths in tables.items():
        digest = hashlib.sha256(f"{VERSION}:{name}".encode())
        for path in paths:
            digest.update(b"\0" + (path.read_bytes() if path.exists() else b"(missing)"))
        out[name] = digest.hexdigest()[:32]
    return out


def _stored(conn: Connection) -> dict[str, str] | None:
    raw = conn.execute(select(s.settings.c.value).where(s.settings.c.key == SETTING)).scalar()
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def stale(engine: Engine) -> list[str]:
    """The groups of tables whose derived rows were made by another version of them (all, for
    a database that never recorded them)."""
    with engine.connect() as conn:
        return stale_in(conn)


def stale_in(conn: Connection) -> list[str]:
    """:func:`stale`, in a transaction (a writer checks again once it holds the write lock)."""
    stored = _stored(conn)
    now = fingerprints()
    return [name for name, value in now.items() if stored is None or stored.get(name) != value]


def record(conn: Connection) -> None:
    """Say that the stored rows are what the tables make now (a new database, or after a remake)."""
    value = json.dumps(fingerprints(), sort_keys=True)
    if conn.execute(select(s.settings.c.key).where(s.settings.c.key == SETTING)).first() is None:
        conn.execute(s.settings.insert().values(key=SETTING, value=value))
    else:
        conn.execute(update(s.settings).where(s.settings.c.key == SETTING).values(value=value))


def refresh(conn: Connection, groups: Iterable[str]) -> int:
    """Remake what the ``groups`` of tables derive, in this write transaction; how many rows
    changed. The data version moves on when any did."""
    wanted = set(groups)
    changed = 0
    found: dict[int, Counter[str]] | None = {} if "words" in wanted else None
    if wanted & {"fold", "words"}:
        changed += _search_texts(conn, found)
    if "risks" in wanted:
        changed += _risks(conn)
    if found is not None:
        changed += _keywords(conn, found)
    record(conn)
    if changed:
        if conn.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO search_tri(search_tri) VALUES ('rebuild')"))
        conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))
    return changed


def _search_texts(conn: Connection, found: dict[int, Counter[str]] | None) -> int:
    """Fold every search text again and tokenise again those whose folding changed; with
    ``found`` (the tokeniser's dictionary changed) tokenise every text, and gather the keyword
    candidates of each indicator's narratives and summary into it."""
    d = s.search_docs
    changed = 0
    rows = select(d.c.id, d.c.indicator_id, d.c.field, d.c.body, d.c.folded, d.c.tokens).order_by(d.c.id)
    for row in conn.execute(rows).all():
        values: dict[str, str] = {}
        folded = fold(row.body)
        if folded != row.folded:
            values["folded"] = folded
        if values or found is not None:
            words = raw_tokens(row.body)
            tokens = fold_tokens(row.body, words)
            if tokens != row.tokens:
                values["tokens"] = tokens
            if found is not None and row.field in KEYWORD_FIELDS:
                found.setdefault(row.indicator_id, Counter()).update(terms(row.body, tokens=words))
        if values:
            conn.execute(update(d).where(d.c.id == row.id).values(**values))
            changed += 1
    return changed


def _risks(conn: Connection) -> int:
    """Every indicator's risk flags, from its quarterly reports (in quarter order) and summary."""
    q, i = s.quarters, s.indicators
    reports: dict[int, list[str]] = {}
    for row in conn.execute(select(q.c.indicator_id, q.c.report).order_by(q.c.indicator_id, q.c.quarter)):
        reports.setdefault(row.indicator_id, []).append(row.report or "")
    changed = 0
    for row in conn.execute(select(i.c.id, i.c.summary, i.c.risks)).all():
        risks = risk_list(reports.get(row.id, []), row.summary or "")
        if risks != row.risks:
            conn.execute(update(i).where(i.c.id == row.id).values(risks=risks))
            changed += 1
    return changed


def _keywords(conn: Connection, found: dict[int, Counter[str]]) -> int:
    """Every indicator's keywords, from the candidates gathered by :func:`_search_texts`."""
    i = s.indicators
    changed = 0
    for row in conn.execute(select(i.c.id, i.c.keywords)).all():
        keywords = keyword_list(found.get(row.id, Counter()))
        if keywords != row.keywords:
            conn.execute(update(i).where(i.c.id == row.id).values(keywords=keywords))
            changed += 1
    return changed
