"""Mark search terms and risk words in report text, safely.

Matches are found on the raw (normalised) text, widened to whole grapheme clusters so that a Thai
base letter is never split from its vowel and tone marks, and every piece of text is passed
through :func:`html.escape` as it is written out: nothing from a report becomes live HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kpi_core.analysis.fold import variants
from kpi_core.analysis.query_terms import parse_query
from kpi_core.analysis.risk import find_risks
from kpi_core.analysis.status import RISK_FLAGS, Flag
from kpi_core.reading.thai import normalise

SEARCH = "search"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # SEARCH or a risk category code


def _fold(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):  # nearly always (İ is one of the few that grow)
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me") or ch == "\u0e33"  # sara am joins its consonant


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a match to whole grapheme clusters: กร in กรุงเทพ becomes กรุ.

    >>> _widen("กรุงเทพ", 0, 2)
    (0, 3)
    >>> _widen("ที่ปรึกษา", 1, 4)
    (0, 4)
    """
    while start > 0 and _is_mark(text[start]):
        start -= 1
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return start, end


def find_spans(text: str, terms: Sequence[str], label: str) -> list[Span]:
    """Every occurrence of every (normalised, lower-case) term, as search finds them: with spaces
    or hyphens inside (``จัด ซื้อ``, ``COVID-19``) and in every spelling variant of
    ``data/search_variants.csv`` (``covid`` marks ``โควิด``), widened to grapheme clusters.

    >>> [(s.start, s.end) for s in find_spans("การแพร่ ระบาดของ COVID-19", ["แพร่ระบาด", "โควิด19"], "s")]
    [(3, 13), (17, 25)]
    >>> [(s.start, s.end) for s in find_spans("การแพร่ ระบาดของ covid 19", ["COVID-19"], "s")]
    [(17, 25)]
    """
    folded = _fold(text)
    spans = []
    for pattern in _patterns(tuple(t for t in terms if t)):
        spans += [
            Span(*_widen(text, m.start(), m.end()), label) for m in pattern.finditer(folded) if m.end() > m.start()
        ]
    return spans


_GAP = r"[\s\-‐‑‒–—_·]*"


@lru_cache(maxsize=256)
def _patterns(terms: tuple[str, ...]) -> list[re.Pattern[str]]:
    """One regex per term: its letters with optional spaces or hyphens between them, for the term
    and every spelling that folds to the same thing."""
    groups: dict[str, set[str]] = {}
    for variant, canonical in variants():
        groups.setdefault(canonical, {canonical}).add(variant)
    patterns = []
    for term in terms:
        bare = _BARE.sub("", normalise(term).lower())  # the text is matched lower-cased
        if not bare:
            continue
        spellings = {bare}
        for members in groups.values():
            for member in members:
                if member in bare:  # "covid19" → also "โควิด19", "ไวรัสโคโรนา19" …
                    spellings |= {bare.replace(member, other) for other in members}
        alternatives = sorted(spellings, key=len, reverse=True)
        patterns.append(re.compile("|".join(_GAP.join(re.escape(c) for c in s) for s in alternatives)))
    return patterns


_BARE = re.compile(r"[\s\-‐‑‒–—_·]+")


def risk_spans(text: str, flags: Sequence[Flag] = RISK_FLAGS) -> list[Span]:
    """The risk words to mark: the same matches that raise the flags (:func:`risk_flags`), so a
    denied ``ไม่ล่าช้า`` or a salary step ``เลื่อนเงินเดือน`` is neither flagged nor marked."""
    return [Span(*_widen(text, h.start, h.end), h.code) for h in find_risks(text, flags)]


def labels_by_char(length: int, spans: Sequence[Span]) -> list[str | None]:
    """One label per character; search matches win over risk words where they overlap."""
    labels: list[str | None] = [None] * length
    for span in sorted(spans, key=lambda s: s.label == SEARCH):
        for i in range(span.start, span.end):
            labels[i] = span.label
    return labels


def highlight(text: str, query: str = "", *, risks: bool = True, flags: Sequence[Flag] = RISK_FLAGS) -> str:
    """Escaped HTML of ``text`` with ``<mark>`` around search terms and risk words.

    >>> highlight("<b>โควิด</b> & ยกเลิก", "ยก").split("&amp; ")
    ['&lt;b&gt;<mark class="risk risk-covid">โควิด</mark>&lt;/b&gt; ', \
'<mark class="search">ยก</mark><mark class="risk risk-cancelled">เลิก</mark>']
    """
    spans = find_spans(text, parse_query(query), SEARCH) if query else []
    if risks:
        spans += risk_spans(text, flags)
    labels = labels_by_char(len(text), spans)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and labels[j] == labels[i]:
            j += 1
        piece = html.escape(text[i:j]).replace("\n", "<br>")
        label = labels[i]
        if label is None:
            out.append(piece)
        elif label == SEARCH:
            out.append(f'<mark class="search">{piece}</mark>')
        else:
            out.append(f'<mark class="risk risk-{html.escape(label)}">{piece}</mark>')
        i = j
    return "".join(out)


def css(flags: Sequence[Flag] = RISK_FLAGS) -> str:
    """Styles for the marks: search terms yellow, each risk category underlined in its colour."""
    rules = ["mark.search { background: #fff176; color: inherit; padding: 0 1px; }"]
    for f in flags:
        colour = html.escape(f.colour)
        rules.append(
            f"mark.risk-{f.code} {{ background: {colour}22; color: inherit; border-bottom: 2px solid {colour}; }}"
        )
    return "\n".join(rules)
