"""Text as search compares it: one folded form for stored text and queries alike (DESIGN.md §6).

These reports put spaces inside words (``จัด ซื้อจัดจ้าง``, ``การแพร่ ระบาด``) and spell one thing
several ways (``COVID-19``, ``covid 19``, ``โควิด``, ``ไวรัสโคโรนา``; ``เว็ปไซต์``). Folding removes
whitespace and hyphens, lower-cases, repairs Thai typing (``ำา``, Thai digits …) and rewrites each
spelling variant from ``data/search_variants.csv`` (analysts extend it without code) to its
canonical form, so that a substring match on folded text finds what a reader means.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from kpi_core.analysis.tables import table
from kpi_core.analysis.vocabulary import raw_tokens
from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise

VARIANTS_FILE = table("search_variants.csv")
_DROP = re.compile(r"[\s\-‐‑‒–—_·]+")


@lru_cache(maxsize=4)
def variants(path: Path = VARIANTS_FILE) -> tuple[tuple[str, str], ...]:
    """(variant, canonical) pairs, folded, longest variant first (so ``ไวรัสโคโรนา`` wins over
    ``โคโรนา``)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the search variants ({exc.strerror or exc})") from exc
    pairs = set()
    for n, row in enumerate(rows, start=2):
        canonical, variant = _basic(row.get("canonical") or ""), _basic(row.get("variant") or "")
        if not canonical or not variant:
            raise KpiError(path.name, "each row needs a canonical form and a variant", n)
        if variant != canonical:
            pairs.add((variant, canonical))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def _basic(text: str) -> str:
    return _DROP.sub("", normalise(text).lower())


@lru_cache(maxsize=1)
def _variant_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    table = dict(variants())
    if not table:
        return None, table
    return re.compile("|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))), table


def fold(text: str) -> str:
    """The folded form of ``text``.

    >>> fold("COVID-19") == fold("covid 19") == fold("โควิด19") == fold("ไวรัสโคโรนา 19")
    True
    >>> fold("จัด ซื้อจัดจ้าง") == fold("จัดซื้อจัดจ้าง")
    True
    >>> fold("เว็ปไซต์ของเขต")
    'เว็บไซต์ของเขต'
    """
    folded = _basic(text)
    pattern, table = _variant_pattern()
    return pattern.sub(lambda m: table[m.group(0)], folded) if pattern else folded


_EDGE = re.compile(r"^[^\w\u0e00-\u0e7f]+|[^\w\u0e00-\u0e7f]+$")


def fold_word(word: str) -> str:
    """One token folded like :func:`fold`, without the Thai repair (tokens come from text that is
    already normalised) and without the punctuation around it.

    >>> fold_word("(COVID")
    'โควิด'
    """
    bare = _DROP.sub("", _EDGE.sub("", word.lower()))
    pattern, table = _variant_pattern()
    return pattern.sub(lambda m: table[m.group(0)], bare) if pattern and bare else bare


def fold_tokens(text: str, tokens: Sequence[str] | None = None) -> str:
    """Words of ``text`` (PyThaiNLP, the keyword vocabulary), folded, joined by spaces: what the
    whole-word ranking compares. ``tokens``: the text's :func:`~kpi_core.analysis.vocabulary.raw_tokens`
    when ingest already has them (one tokenisation serves search and keywords).

    >>> fold_tokens("การแพร่ระบาดของไวรัส (COVID 19)")
    'การ แพร่ระบาด ของ ไวรัส โควิด 19'
    """
    words = raw_tokens(text) if tokens is None else tokens
    return " ".join(w for w in (fold_word(t) for t in words if t.strip()) if w)
