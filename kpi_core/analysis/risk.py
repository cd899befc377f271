"""Where a narrative speaks of a risk: the lexicon's terms, minus those that are no risk.

One matcher serves the flags (:func:`kpi_core.analysis.status.risk_flags`) and the marks
(:func:`kpi_core.analysis.highlight.risk_spans`), so a word is flagged exactly where it is marked.

A term found in the text is dropped when

- it lies inside an excluded phrase: ``เลื่อน`` in ``เลื่อนเงินเดือน`` (a salary step);
- a negation stands shortly before it in the same clause: ``ไม่ล่าช้า``, ``ไม่มีการยกเลิก``;
  Thai has little punctuation, so "shortly" is a few characters (:data:`NEGATION_REACH`) with no
  space, punctuation or clause-break word (``เนื่องจาก``, ``แต่`` …) between; so
  ``ไม่สามารถดำเนินการได้เนื่องจากล่าช้า`` is still a delay;
- a clause-wide denial precedes it in its clause: ``ไม่มีผลกระทบจากโควิด``;
- it follows a denied term through ``หรือ``/``และ``: ``ไม่มีการยกเลิกหรือเลื่อน``.

Spaces between two Thai letters are ignored when looking for terms, since report text often has
a space inside a word (``การแพร่ ระบาด``). All phrases come from ``data/risk_exceptions.csv``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kpi_core.analysis.lexicon import RiskExceptions, load_risk_exceptions

NEGATION_REACH = 8  # characters between a negation and the term it denies: ไม่ได้|มีการ|ชะลอ
CLAUSE_REACH = 80  # how far a clause-wide denial reaches at most
RISK_EXCEPTIONS = load_risk_exceptions()

_INNER_SPACE = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])")
_HARD_BREAK = re.compile(r"[\n.;:!?()\[\]\"“”]")
# What may join two terms under one negation: ไม่มีการยกเลิกหรือเลื่อน, ไม่มีการเลื่อน หรือยกเลิก.
_JOIN = re.compile(r" *(?:,|/|หรือ|และ)? *(?:การ|ความ)?")


class Category(Protocol):
    """Anything with a code and its (normalised, lower-case) terms: a Flag, a RiskCategory."""

    @property
    def code(self) -> str: ...

    @property
    def terms(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class RiskHit:
    start: int
    end: int
    code: str
    term: str


def fold(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


class _Squeezed:
    """The text without spaces between Thai letters, and the way back to original offsets."""

    def __init__(self, text: str):
        self.raw = text
        self.text = _INNER_SPACE.sub("", text)
        self._map: tuple[list[int], list[int]] | None = None

    def original(self, i: int) -> int:
        """Original offset of squeezed offset ``i`` (a character, not a gap)."""
        if self._map is None:  # built on the first match only: most texts have none
            at: list[int] = []  # squeezed offsets where spaces were taken out
            gone_by: list[int] = []  # how many had been taken out by there
            gone = 0
            for m in _INNER_SPACE.finditer(self.raw):
                at.append(m.start() - gone)
                gone += m.end() - m.start()
                gone_by.append(gone)
            self._map = at, gone_by
        at, gone_by = self._map
        k = bisect_right(at, i)
        return i + (gone_by[k - 1] if k else 0)

    def find(self, phrase: str) -> list[tuple[int, int]]:
        """Every occurrence of ``phrase`` as (start, end) in the original text."""
        if " " in phrase:
            phrase = _INNER_SPACE.sub("", phrase)
        found, at = [], self.text.find(phrase)
        while phrase and at >= 0:
            found.append((self.original(at), self.original(at + len(phrase) - 1) + 1))
            at = self.text.find(phrase, at + 1)
        return found


def _broken(gap: str, breaks: Sequence[str], *, space_breaks: bool) -> bool:
    """Whether a clause ends somewhere in ``gap`` (the text between a negation and a term)."""
    if _HARD_BREAK.search(gap) or any(b in gap for b in breaks):
        return True
    # A space after other words ends the clause (ไม่ครบ ล่าช้า); one right after the negation is
    # a space inside the phrase (ไม่มีการ ยกเลิก).
    return space_breaks and " " in gap.lstrip(" ")


def _denied(text: str, hit: RiskHit, negations: list[tuple[int, int, bool]], ex: RiskExceptions) -> bool:
    for n_start, n_end, whole_clause in negations:
        if n_end > hit.start or n_start >= hit.start:
            continue
        gap = text[n_end : hit.start]
        if whole_clause:
            if len(gap) <= CLAUSE_REACH and not _broken(gap, ex.clause_break, space_breaks=False):
                return True
        elif len(gap.replace(" ", "")) <= NEGATION_REACH and not _broken(gap, ex.clause_break, space_breaks=True):
            return True
    return False


def find_risks(
    text: str, categories: Sequence[Category], exceptions: RiskExceptions = RISK_EXCEPTIONS
) -> list[RiskHit]:
    """Every risk term of ``categories`` in ``text`` that is a risk there, in text order.

    >>> from kpi_core.analysis.status import RISK_FLAGS
    >>> [(h.code, h.term) for h in find_risks("ไม่มีการยกเลิก แต่ขอเลื่อนการประชุม", RISK_FLAGS)]
    [('delayed', 'เลื่อน')]
    >>> find_risks("เลื่อนเงินเดือนข้าราชการ และไม่ล่าช้า", RISK_FLAGS)
    []
    """
    folded = fold(text)
    squeezed = _Squeezed(folded)
    if not any(t and t in squeezed.text for c in categories for t in c.terms):
        return []  # the common case, decided at C speed
    hits = sorted(
        (RiskHit(s, e, c.code, t) for c in categories for t in c.terms if t for s, e in squeezed.find(t)),
        key=lambda h: (h.start, -h.end),
    )
    excluded = [span for phrase in exceptions.exclude for span in squeezed.find(phrase)]
    hits = [h for h in hits if not any(s <= h.start and h.end <= e for s, e in excluded)]
    negations = [(s, e, False) for p in exceptions.negation for s, e in squeezed.find(p)]
    negations += [(s, e, True) for p in exceptions.negation_clause for s, e in squeezed.find(p)]
    kept: list[RiskHit] = []
    denied_end = -1  # end of the last denied term, for terms joined to it by หรือ/และ
    for h in hits:
        joined = denied_end >= 0 and h.start >= denied_end and _JOIN.fullmatch(folded[denied_end : h.start])
        if joined or _denied(folded, h, negations, exceptions):
            denied_end = max(denied_end, h.end)
        else:
            kept.append(h)
    return kept
