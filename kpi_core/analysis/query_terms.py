"""A search query as terms: shared by the search (storage) and the highlighting (analysis)."""

from __future__ import annotations

import re

from kpi_core.reading.thai import normalise

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(query: str) -> list[str]:
    """Normalised, lower-cased terms; a quoted phrase is one term.

    >>> parse_query('โควิด "ขยาย สัญญา"  COVID')
    ['โควิด', 'ขยาย สัญญา', 'covid']
    """
    terms = []
    for m in _TERM.finditer(normalise(query)):
        term = (m.group(1) or m.group(2)).strip().lower()
        if term:
            terms.append(term)
    return terms
