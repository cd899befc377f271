"""Keywords of an indicator: the content words its narratives repeat and Thai in general rarely uses.

Candidates are dictionary words only (:mod:`kpi_core.analysis.vocabulary`): PyThaiNLP's
dictionary plus the project's domain words, tokenised after closing the spaces that line wraps
leave inside words. Out go stop words, tokens of one syllable (``ตอ``, ``ลัย``, ``นว``: the
pieces a broken or unknown word leaves), and dictionary words glued to such an unknown piece.
The nominaliser ``การ`` is dropped, so ``การฝึกงาน`` and ``ฝึกงาน`` are one keyword.

Scoring needs no corpus: sublinear term frequency times how rare the word is in the Thai
National Corpus (bundled with PyThaiNLP), so ``ดำเนินการ`` weighs little and ``ทุจริต`` much.
That makes :func:`indicator_keywords` a pure function of one indicator's texts, for ingest.
Where the store also keeps document frequencies over its indicators (:class:`DocumentFrequencies`,
built from each indicator's :func:`indicator_terms`), passing them discounts the words every
BMA report shares; :class:`KeywordIndex` does that over a whole corpus in memory.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kpi_core.analysis.vocabulary import Vocabulary, close_wraps, syllables, tokenize, vocabulary

_THAI = re.compile(r"^[\u0e01-\u0e4e]+$")
_LATIN = re.compile(r"[a-z][a-z\-]*[a-z]")  # newmm leaves punctuation on Latin: "(internship"
# The nominaliser การ makes a verb a noun: การฝึกงาน and ฝึกงาน are one keyword. ความ is kept:
# ความโปร่งใส, ความก้าวหน้า are the nouns reports mean, and read better whole.
_PREFIXES = ("การ",)
RARE_FLOOR = 20  # TNC count below which a Thai word counts as this rare (unknown words included)
# The TNC is Thai, so it cannot say how rare an English word is; take it as a word of middling
# rarity, so that the English glosses reports put in brackets ("(Forward Thinking)") do not
# outrank the Thai words they translate.
LATIN_COUNT = 300


KEYWORDS_KEPT = 8  # stored per indicator at ingest, best first
KEYWORD_SEPARATOR = " "  # keywords are single tokens: Thai words or Latin words, never a space


def stem(word: str) -> str:
    """A word without its nominaliser: ``การฝึกงาน`` → ``ฝึกงาน`` (``การ`` alone stays)."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) >= len(prefix) + 3:
            return word[len(prefix) :]
    return word


def stop_words() -> frozenset[str]:
    """PyThaiNLP's Thai stop words (bundled, nothing fetched) plus ``data/keyword_stopwords.txt``."""
    return vocabulary().stop


def _unknown(token: str, vocab: Vocabulary) -> bool:
    """A Thai token the dictionary does not know: a piece of a name or of a broken word."""
    return bool(_THAI.match(token)) and token not in vocab.words


def _keep_thai(word: str, before: str, after: str, vocab: Vocabulary) -> str | None:
    if word not in vocab.words or _unknown(before, vocab) or _unknown(after, vocab):
        return None  # glued to an unknown piece: ศุภ|ลัย, จำ|นว
    base = stem(word)
    if base in vocab.stop or word in vocab.stop:
        return None
    if base not in vocab.domain and syllables(base) < 2:
        return None
    return base


def terms(text: str, vocab: Vocabulary | None = None, tokens: Sequence[str] | None = None) -> list[str]:
    """Candidate keywords of a text, in order: dictionary words of two syllables or more (or the
    project's domain words) and Latin words, without stop words. ``tokens``: the text's
    :func:`~kpi_core.analysis.vocabulary.raw_tokens` when they are already at hand.

    >>> terms("ขอยกเลิกโครงการฝึกงาน เนื่องจากสถานการณ์ COVID")
    ['ยกเลิก', 'ฝึกงาน', 'สถานการณ์', 'covid']
    >>> terms("หน่วยงานบริหารทรัพยากร บุคคล บริษัท ศุภลัย จำกัด ขั้น ตอนการขุดลอกคลอง จำนว")
    ['บริหาร', 'ทรัพยากรบุคคล', 'ขุดลอก', 'คลอง']
    """
    vocab = vocab or vocabulary()
    words = close_wraps(tokens, vocab) if tokens is not None else tokenize(text, vocab, keep_spaces=True)
    lowered = [t.lower() for t in words]
    found = []
    for i, token in enumerate(lowered):
        if _THAI.match(token):
            before = lowered[i - 1] if i else ""
            after = lowered[i + 1] if i + 1 < len(lowered) else ""
            kept = _keep_thai(token, before, after, vocab)
            if kept:
                found.append(kept)
        else:
            found.extend(w for w in _LATIN.findall(token) if len(w) >= 3 and w not in vocab.stop)
    return found


def indicator_terms(texts: Iterable[str]) -> Counter[str]:
    """How often each candidate keyword occurs in one indicator's texts (its narratives, summary).

    This is the costly step (tokenising); store it at ingest if document frequencies are wanted.
    """
    return Counter(t for text in texts if text for t in terms(text))


@lru_cache(maxsize=1)
def _tnc() -> tuple[dict[str, int], int]:
    from pythainlp.corpus.tnc import word_freqs

    counts = dict(word_freqs())
    return counts, sum(counts.values())


def rarity(word: str) -> float:
    """How rare a word is in general Thai: ``log`` of the Thai National Corpus size over its count.

    >>> rarity("ทุจริต") > rarity("ดำเนินการ") > rarity("ที่")
    True
    """
    counts, total = _tnc()
    if not _THAI.match(word):
        return math.log(total / LATIN_COUNT)
    return math.log(total / max(counts.get(word, 0), RARE_FLOOR))


@dataclass(frozen=True)
class DocumentFrequencies:
    """In how many indicators each term occurs, over ``documents`` indicators.

    Built from the stored :func:`indicator_terms` of every indicator (or, in SQL, a count per
    term); adding an indicator adds one to ``documents`` and to each of its terms.
    """

    documents: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, indicators: Iterable[Iterable[str]]) -> DocumentFrequencies:
        """From the terms of each indicator (a set, a list or a Counter of them)."""
        counts: Counter[str] = Counter()
        n = 0
        for found in indicators:
            counts.update(set(found))
            n += 1
        return cls(n, dict(counts))

    def idf(self, term: str) -> float:
        """Smoothed ``log((1 + N) / (1 + df)) + 1``: a term found everywhere still counts a little."""
        return math.log((1 + self.documents) / (1 + self.counts.get(term, 0))) + 1


def top_keywords(
    counts: Mapping[str, int], k: int = 8, df: DocumentFrequencies | None = None
) -> list[tuple[str, float]]:
    """The ``k`` best terms of one indicator's :func:`indicator_terms`, with their scores."""
    scored = []
    for term, tf in counts.items():
        score = (1 + math.log(tf)) * rarity(term)
        if df is not None and df.documents:
            score *= df.idf(term)
        scored.append((term, score))
    scored.sort(key=lambda kv: -kv[1])  # stable: equal scores keep the order words first appear in
    return scored[:k]


def indicator_keywords(texts: Sequence[str], k: int = 8, df: DocumentFrequencies | None = None) -> list[str]:
    """One indicator's keywords from its own texts, best first; needs no corpus (see the module).

    >>> indicator_keywords(["จัดอบรมหลักสูตรป้องกันการทุจริต", "เผยแพร่หลักสูตรบนเว็บไซต์ ดำเนินการแล้ว"], 3)
    ['หลักสูตร', 'เว็บไซต์', 'ทุจริต']
    """
    return [term for term, _ in top_keywords(indicator_terms(texts), k, df)]


class KeywordIndex:
    """Term counts of every document of a corpus, computed once; ``top()`` is then cheap."""

    def __init__(self, corpus: Mapping[object, Sequence[str]]):
        self.docs = {key: indicator_terms(texts) for key, texts in corpus.items()}
        self.df = DocumentFrequencies.of(self.docs.values())

    def top(self, doc_id: object, n: int = 8) -> list[tuple[str, float]]:
        """The ``n`` best terms of one document, discounted by how many documents share them."""
        own = self.docs.get(doc_id)
        return top_keywords(own, n, self.df) if own else []


def keywords(doc_id: object, corpus: Mapping[object, Sequence[str]], top: int = 8) -> list[tuple[str, float]]:
    """The ``top`` terms of one document against ``corpus`` (id → its texts)."""
    return KeywordIndex(corpus).top(doc_id, top)


def corpus_from_rows(rows: Iterable[tuple[object, str]]) -> dict[object, list[str]]:
    """Group (indicator id, text) pairs into the corpus shape :func:`keywords` takes."""
    corpus: dict[object, list[str]] = {}
    for key, text in rows:
        if text:
            corpus.setdefault(key, []).append(text)
    return corpus
