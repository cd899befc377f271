"""Pieces of report text cut where a reader expects: at a space nearby, else between grapheme
clusters, never leaving an orphan vowel or tone mark at an edge (``…ีงบประมาณ``, ``…่องจาก``).
Search snippets and the timeline's excerpts are both cut here.
"""

from __future__ import annotations

import unicodedata

SPACE_REACH = 15  # how far a cut may move to land on a space

_FOLLOWING = frozenset("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")  # marks and vowels that lean on the letter before them
_LEADING = frozenset("เแโใไ")  # vowels written before the consonant they belong to


def excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with both cuts moved to a boundary, on one line, with "…" where it was
    cut.

    >>> excerpt("ได้รับอนุมัติงบประมาณแล้ว", 8, 25)  # 8 is the vowel under น
    '…นุมัติงบประมาณแล้ว'
    >>> excerpt("ขั้นตอน การจัดซื้อ ล่าช้า", 11, 16)
    '…การจัดซื้อ…'
    """
    start, end = boundary(text, start, back=True), boundary(text, end, back=False)
    if end <= start:
        return ""
    piece = text[start:end].replace("\n", " ").strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def around(text: str, at: int, before: int, after: int) -> str:
    """An excerpt from ``before`` characters ahead of ``at`` to ``after`` characters past it."""
    return excerpt(text, max(0, at - before), min(len(text), at + after))


def boundary(text: str, pos: int, *, back: bool, reach: int = SPACE_REACH) -> int:
    """Move a cut to a space within ``reach`` characters, else to the nearest cluster boundary
    (backwards for a start, forwards for an end).

    >>> boundary("ที่ปรึกษา", 1, back=True)  # not between ท and its vowel
    0
    >>> boundary("ไม่ล่าช้า", 1, back=False)  # nor between ไ and its consonant
    0
    """
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    window = range(pos, max(0, pos - reach), -1) if back else range(pos, min(len(text), pos + reach))
    for p in window:
        if text[p].isspace():
            return p + 1 if back else p
    step = -1 if back else 1
    while 0 < pos < len(text) and _leans_back(text[pos]):
        pos += step
    if 0 < pos < len(text) and text[pos - 1] in _LEADING:
        pos -= 1  # a leading vowel goes with the consonant after it
    return pos


def _leans_back(ch: str) -> bool:
    return ch in _FOLLOWING or unicodedata.category(ch) == "Mn"
