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
- ``domain_words.txt``, ``keyword_stopwords.txt``: the words of the texts holding a word added
  or taken out, and their indicators' keywords (the lists are kept beside the fingerprints; a
  database that never recorded them records them as they are).

Rows are rewritten only where the result differs; the data version moves on if any did.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, select, update

from kpi_core.analysis.fold import VARIANTS_FILE, fold, fold_tokens
from kpi_core.analysis.keywords import terms
from kpi_core.analysis.lexicon import RISK_EXCEPTIONS_FILE, RISK_TERMS_FILE
from kpi_core.analysis.vocabulary import DOMAIN_WORDS_FILE, STOP_WORDS_FILE, raw_tokens, read_word_list
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


def word_entries() -> list[str]:
    """The word lists as entries (``word``, ``-word`` taken out, ``stop:word``), kept beside the
    fingerprints: an edit then remakes only the texts holding a word it added or took out."""
    add, remove = read_word_list(DOMAIN_WORDS_FILE)
    stops, _ = read_word_list(STOP_WORDS_FILE)
    return sorted({*add, *(f"-{w}" for w in remove), *(f"stop:{w}" for w in stops)})


def record(conn: Connection) -> None:
    """Say that the stored rows are what the tables make now (a new database, or after a remake)."""
    value = json.dumps({**fingerprints(), "word_list": word_entries()}, sort_keys=True, ensure_ascii=False)
    if conn.execute(select(s.settings.c.key).where(s.settings.c.key == SETTING)).first() is None:
        conn.execute(s.settings.insert().values(key=SETTING, value=value))
    else:
        conn.execute(update(s.settings).where(s.settings.c.key == SETTING).values(value=value))


def refresh(conn: Connection, groups: Iterable[str]) -> int:
    """Remake what the ``groups`` of tables derive, in this write transaction; how many rows
    changed. The data version moves on when any did.

    For the word lists only the texts holding a word added or taken out are tokenised again (a
    word a text does not hold cannot change how it splits, nor its keywords), and the keywords
    of their indicators made again. A database that never recorded the lists has them recorded
    as they are: which lists its texts were tokenised with is not known, and tokenising every text
    again took four minutes at national scale, in the first page's request."""
    wanted = set(groups)
    changed = 0
    words: set[int] | None = None  # the indicators whose words are made again; None: none
    if "words" in wanted:
        words = _touched(conn, _changed_words(conn) or set())
    found: dict[int, Counter[str]] = {}
    if wanted & {"fold", "words"}:
        changed += _search_texts(conn, words, found)
    if "risks" in wanted:
        changed += _risks(conn)
    if words is not None:
        changed += _keywords(conn, words, found)
    record(conn)
    if changed:
        s.rebuild_text_indexes(conn)
        conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))
    return changed


def _changed_words(conn: Connection) -> set[str] | None:
    """The words the lists gained or lost since they were recorded; None when not known."""
    kept = (_stored(conn) or {}).get("word_list")
    if not isinstance(kept, list):
        return None
    return {e.removeprefix("stop:").removeprefix("-") for e in set(kept) ^ set(word_entries())}


def _touched(conn: Connection, changed: set[str]) -> set[int]:
    """The indicators with a text holding one of the ``changed`` words."""
    d = s.search_docs
    if not changed:
        return set()
    return {
        row.indicator_id
        for row in conn.execute(select(d.c.indicator_id, d.c.norm))
        if any(w in row.norm for w in changed)
    }


def _search_texts(conn: Connection, words: set[int] | None, found: dict[int, Counter[str]]) -> int:
    """Fold every search text again and tokenise again those whose folding changed and those of
    the indicators in ``words``, whose keyword candidates (narratives, summary) go to ``found``."""
    d = s.search_docs
    changed = 0
    rows = select(d.c.id, d.c.indicator_id, d.c.field, d.c.body, d.c.folded, d.c.tokens).order_by(d.c.id)
    for row in conn.execute(rows).all():
        values: dict[str, str] = {}
        folded = fold(row.body)
        if folded != row.folded:
            values["folded"] = folded
        again = words is not None and row.indicator_id in words
        if values or again:
            tokens = raw_tokens(row.body)
            made = fold_tokens(row.body, tokens)
            if made != row.tokens:
                values["tokens"] = made
            if again and row.field in KEYWORD_FIELDS:
                found.setdefault(row.indicator_id, Counter()).update(terms(row.body, tokens=tokens))
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


def _keywords(conn: Connection, indicators: set[int], found: dict[int, Counter[str]]) -> int:
    """The keywords of ``indicators``, from the candidates :func:`_search_texts` gathered."""
    i = s.indicators
    changed = 0
    for row in conn.execute(select(i.c.id, i.c.keywords)).all():
        if row.id not in indicators:
            continue
        keywords = keyword_list(found.get(row.id, Counter()))
        if keywords != row.keywords:
            conn.execute(update(i).where(i.c.id == row.id).values(keywords=keywords))
            changed += 1
    return changed
