"""Keywords of an indicator: TF-IDF over PyThaiNLP tokens of its narratives against the corpus.

No model download (PyThaiNLP's keybert needs one): term frequency in the indicator's own text,
weighted by how rare the term is across all indicators, after Thai and project stop words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from kpi_core.reading.thai import tokenize

# Words every report uses: they say nothing about one indicator.
PROJECT_STOP_WORDS = frozenset(
    {
        "ร้อยละ",
        "ดำเนินการ",
        "โครงการ",
        "การดำเนินงาน",
        "ดำเนินงาน",
        "กรุงเทพมหานคร",
        "กทม.",
        "ตัวชี้วัด",
        "เรียบร้อย",
        "แล้ว",
        "จำนวน",
        "ระหว่าง",
        "อยู่ระหว่าง",
        "ขั้นตอน",
        "เพื่อ",
        "ได้",
        "มี",
        "การ",
        "ความ",
        "ไตรมาส",
        "ผลการดำเนินงาน",
        "ที่",
        "และ",
        "ของ",
        "ใน",
        "ให้",
        "กับ",
        "โดย",
        "เป็น",
        "จาก",
        "ตาม",
        "แห่ง",
        "วันที่",
        "เมื่อ",
        "ครั้ง",
        "งวด",
        "ราย",
        "ซึ่ง",
        "ดังกล่าว",
        "ทั้ง",
        "หรือ",
        "ประจำ",
        "สำนักงาน",
        "โครง",
        "ที่จะ",
        "ทำ",
        "งาน",
        "ระบบ",
        "ข้อมูล",
    }
)
_WORD = re.compile(r"^[\u0e01-\u0e4e]{2,}$|^[a-z][a-z\-]{2,}$")
# Nominalisers: การฝึกงาน and ฝึกงาน are one keyword.
_PREFIXES = ("การ", "ความ")


def _stem(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) >= len(prefix) + 3:
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """PyThaiNLP's Thai stop words (bundled, nothing fetched) plus the project's list."""
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | PROJECT_STOP_WORDS


def terms(text: str) -> list[str]:
    """Content words of a text: tokens that are Thai or Latin words and not stop words.

    >>> terms("ขอยกเลิกโครงการฝึกงาน เนื่องจากสถานการณ์ COVID")
    ['ยกเลิก', 'ฝึกงาน', 'สถานการณ์', 'covid']
    """
    stops = stop_words()
    words = (_stem(t.lower()) for t in tokenize(text))
    return [w for w in words if _WORD.match(w) and w not in stops]


class KeywordIndex:
    """Term counts of every document of a corpus, computed once; ``top()`` is then cheap."""

    def __init__(self, corpus: Mapping[object, Sequence[str]]):
        self.docs = {key: Counter(t for text in texts for t in terms(text)) for key, texts in corpus.items()}
        self.df = Counter(t for counts in self.docs.values() for t in counts)

    def top(self, doc_id: object, n: int = 8) -> list[tuple[str, float]]:
        """The ``n`` terms of one document by TF-IDF, with a smoothed IDF,
        ``log((1 + N) / (1 + df)) + 1``, so a term found everywhere still counts a little."""
        own = self.docs.get(doc_id)
        if not own:
            return []
        total = sum(own.values())
        size = len(self.docs)
        scored = [(t, (c / total) * (math.log((1 + size) / (1 + self.df[t])) + 1)) for t, c in own.items()]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        return scored[:n]


def keywords(doc_id: object, corpus: Mapping[object, Sequence[str]], top: int = 8) -> list[tuple[str, float]]:
    """The ``top`` terms of one document by TF-IDF against ``corpus`` (id → its texts)."""
    return KeywordIndex(corpus).top(doc_id, top)


def corpus_from_rows(rows: Iterable[tuple[object, str]]) -> dict[object, list[str]]:
    """Group (indicator id, text) pairs into the corpus shape :func:`keywords` takes."""
    corpus: dict[object, list[str]] = {}
    for key, text in rows:
        if text:
            corpus.setdefault(key, []).append(text)
    return corpus
