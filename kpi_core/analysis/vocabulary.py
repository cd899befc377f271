"""The words keywords are made of: PyThaiNLP's dictionary plus the project's, minus stop words.

Two plain word lists in ``data/`` that analysts extend without code:

- ``domain_words.txt``: BMA words the dictionary lacks (``ขุดลอก``, ``เบี้ยยังชีพ``), which the
  tokeniser then keeps whole and which may be keywords of one syllable (``คลอง``); a line
  ``-word`` takes a compound out of the dictionary (``-งานบริหาร``, which split
  ``หน่วยงานบริหาร`` into ``หน่วย|งานบริหาร``).
- ``keyword_stopwords.txt``: words every report uses (``ดำเนินการ``, month names), added to
  PyThaiNLP's Thai stop words.

Ingest tokenises each text once (:func:`raw_tokens`): its words, spaces dropped, are what the
search index compares for whole-word ranking (:func:`kpi_core.analysis.fold.fold_tokens`), and
the same tokens with line wraps closed (:func:`close_wraps`) give the keywords.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_core.analysis.tables import table
from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise

if TYPE_CHECKING:
    from pythainlp.util import Trie

DOMAIN_WORDS_FILE = table("domain_words.txt")
STOP_WORDS_FILE = table("keyword_stopwords.txt")

# A space between two Thai tokens is often a line wrap inside a word (ขั้น ตอน, จำนว น):
# close_wraps joins the tokens around it where they make a dictionary word.
_THAI = re.compile(r"^[\u0e01-\u0e4e]+$")


@dataclass(frozen=True)
class Vocabulary:
    """Dictionary words, the project's own, stop words, and the tokeniser's Trie of the first two."""

    words: frozenset[str]
    domain: frozenset[str]
    stop: frozenset[str]
    trie: Trie


def read_word_list(path: Path) -> tuple[list[str], list[str]]:
    """Words to add and words to remove (``-word``) of a word list; ``#`` lines are comments."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the word list ({exc.strerror or exc})") from exc
    add: list[str] = []
    remove: list[str] = []
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word = normalise(line.removeprefix("-")).lower()
        if not word or " " in word:
            raise KpiError(str(path), "one word per line, without spaces", line=n, text=raw)
        (remove if line.startswith("-") else add).append(word)
    return add, remove


def load_vocabulary(domain_file: Path = DOMAIN_WORDS_FILE, stop_file: Path = STOP_WORDS_FILE) -> Vocabulary:
    """Build the vocabulary from PyThaiNLP's bundled lists (nothing is fetched) and the files."""
    from pythainlp.corpus import thai_stopwords, thai_words
    from pythainlp.util import dict_trie

    domain, removed = read_word_list(domain_file)
    stops, _ = read_word_list(stop_file)
    words = (frozenset(thai_words()) | frozenset(domain)) - frozenset(removed)
    return Vocabulary(words, frozenset(domain), frozenset(thai_stopwords()) | frozenset(stops), dict_trie(words))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, built once per process (about half a second)."""
    return load_vocabulary()


@lru_cache(maxsize=1 << 16)
def syllables(word: str) -> int:
    """How many syllables PyThaiNLP's syllable dictionary finds in a Thai word.

    >>> syllables("ทุจริต"), syllables("ตอ"), syllables("ลัย")
    (2, 1, 1)
    """
    from pythainlp.tokenize import syllable_dict_trie, word_tokenize

    # What syllable_tokenize(engine="dict") does, without first splitting the word with PyThaiNLP's
    # default dictionary: that built a second word trie (about 2 s and tens of MB) for nothing.
    return len([s for s in word_tokenize(word, custom_dict=syllable_dict_trie(), engine="newmm") if s.strip()])


def raw_tokens(text: str, vocab: Vocabulary | None = None) -> list[str]:
    """One pass of PyThaiNLP's newmm with this vocabulary, spaces kept as tokens: what ingest
    computes once per text, for the search index's words and for keywords (:func:`close_wraps`).

    >>> raw_tokens("ขั้น ตอนการขุดลอกคลอง")
    ['ขั้น', ' ', 'ตอน', 'การ', 'ขุดลอก', 'คลอง']
    """
    from pythainlp.tokenize import word_tokenize

    vocab = vocab or vocabulary()
    return [str(w) for w in word_tokenize(text, custom_dict=vocab.trie, engine="newmm")]


_WRAP_SPAN = (3, 2, 1)  # tokens each side of a space tried together, longest first


def close_wraps(tokens: Sequence[str], vocab: Vocabulary | None = None) -> list[str]:
    """Tokens on both sides of a space between Thai letters joined where together they make a
    dictionary word: the space was a line wrap inside the word (``ขั้น␠ตอน``, ``จำนว␠น``). A real
    boundary stays (``ดำเนินการ␠ปรึกษา`` is no word), which closing every such space before
    tokenising did not respect.

    >>> close_wraps(raw_tokens("ขั้น ตอนการขุดลอก จำนว น 3 แห่ง ดำเนินการ ปรึกษา"))[:6]
    ['ขั้นตอน', 'การ', 'ขุดลอก', ' ', 'จำนวน', ' ']
    """
    vocab = vocab or vocabulary()
    out = list(tokens)
    i = 1
    while i < len(out) - 1:
        if out[i] == " " and _THAI.match(out[i - 1]) and _THAI.match(out[i + 1]):
            best: tuple[int, int, str] | None = None
            for k in _WRAP_SPAN:
                left = out[max(i - k, 0) : i]
                if len(left) < k or not all(_THAI.match(t) for t in left):
                    continue
                for m in _WRAP_SPAN:
                    right = out[i + 1 : i + 1 + m]
                    if len(right) < m or not all(_THAI.match(t) for t in right):
                        continue
                    joined = "".join(left) + "".join(right)
                    if joined in vocab.words and (best is None or len(joined) > len(best[2])):
                        best = (k, m, joined)
            if best:
                k, m, joined = best
                out[i - k : i + 1 + m] = [joined]
                i = i - k + 1
                continue
        i += 1
    return out


def tokenize(text: str, vocab: Vocabulary | None = None, *, keep_spaces: bool = False) -> list[str]:
    """Words of a text for keywords: PyThaiNLP's newmm, then line wraps inside words closed.

    >>> tokenize("หน่วยงานบริหารทรัพยากร บุคคลดำเนินการขุดลอกคลอง")
    ['หน่วยงาน', 'บริหาร', 'ทรัพยากรบุคคล', 'ดำเนินการ', 'ขุดลอก', 'คลอง']
    """
    vocab = vocab or vocabulary()
    return [w for w in close_wraps(raw_tokens(text, vocab), vocab) if keep_spaces or w.strip()]
