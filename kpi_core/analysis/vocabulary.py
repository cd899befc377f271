"""The words keywords are made of: PyThaiNLP's dictionary plus the project's, minus stop words.

Two plain word lists in ``data/`` that analysts extend without code:

- ``domain_words.txt``: BMA words the dictionary lacks (``ขุดลอก``, ``เบี้ยยังชีพ``), which the
  tokeniser then keeps whole and which may be keywords of one syllable (``คลอง``); a line
  ``-word`` takes a compound out of the dictionary (``-งานบริหาร``, which split
  ``หน่วยงานบริหาร`` into ``หน่วย|งานบริหาร``).
- ``keyword_stopwords.txt``: words every report uses (``ดำเนินการ``, month names), added to
  PyThaiNLP's Thai stop words.

This is the keyword side only. :func:`kpi_core.reading.thai.tokenize` serves the search index
with its own word list, and its tokens are not changed by anything here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise

if TYPE_CHECKING:
    from pythainlp.util import Trie

DATA = Path(__file__).resolve().parents[2] / "data"
DOMAIN_WORDS_FILE = DATA / "domain_words.txt"
STOP_WORDS_FILE = DATA / "keyword_stopwords.txt"

# A space between two Thai letters is usually a line wrap inside a word (ขั้น ตอน, จำนว น): it is
# taken out before tokenising, and the dictionary finds the word boundaries again.
_INNER_SPACE = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])")


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
    from pythainlp.tokenize import syllable_tokenize

    return len(syllable_tokenize(word, engine="dict"))


def tokenize(text: str, vocab: Vocabulary | None = None, *, keep_spaces: bool = False) -> list[str]:
    """Words of a text for keywords: spaces inside Thai words closed, then PyThaiNLP's newmm.

    >>> tokenize("หน่วยงานบริหารทรัพยากร บุคคลดำเนินการขุดลอกคลอง")
    ['หน่วยงาน', 'บริหาร', 'ทรัพยากรบุคคล', 'ดำเนินการ', 'ขุดลอก', 'คลอง']
    """
    from pythainlp.tokenize import word_tokenize

    vocab = vocab or vocabulary()
    tokens = word_tokenize(_INNER_SPACE.sub("", text), custom_dict=vocab.trie, engine="newmm")
    return [str(w) for w in tokens if keep_spaces or w.strip()]
