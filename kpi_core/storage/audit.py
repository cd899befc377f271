"""What an audit entry's detail says, kept as parts so that a page can say it in its own language.

The detail column is plain text, and databases written before this module hold English sentences
there (``seed.txt: new-version, 7 indicators``). New entries store their parts as a small JSON
object in the same column (no schema change); :func:`read` gives them back, and returns ``None``
for an old sentence, which is then shown as it was written. :func:`english` is the sentence the
column used to hold, for programs and the command line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Literal, get_args

Kind = Literal["added", "new-version", "uploaded-again", "made-current", "deleted", "agencies", "direction"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Detail:
    """The parts of one audited change: which file, how many, what became current, which way.

    >>> Detail("deleted", file="seed.txt", report=1250).to_text()
    '{"kind": "deleted", "file": "seed.txt", "report": 1250}'
    """

    kind: Kind
    file: str = ""  # the uploaded file's name, as the analyst's computer called it
    count: int | None = None  # indicators in the file, or agencies changed
    report: int | None = None  # the report that became current again after a delete
    ident: str = ""  # the indicator identity a direction was set for
    direction: str = ""  # "up" or "down"

    def to_text(self) -> str:
        """The JSON stored in the detail column: only the parts that are set."""
        parts = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps({k: v for k, v in parts.items() if v not in ("", None)}, ensure_ascii=False)


def read(text: str) -> Detail | None:
    """The parts of a stored detail; ``None`` for a sentence written before parts were stored
    (or anything else that is not a detail this module wrote).

    >>> read('{"kind": "added", "file": "seed.txt", "count": 7}')
    Detail(kind='added', file='seed.txt', count=7, report=None, ident='', direction='')
    >>> read("seed.txt: new-version, 7 indicators") is None, read('{"kind": "?"}') is None
    (True, True)
    """
    if not text.startswith("{"):
        return None
    try:
        parts = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parts, dict) or parts.get("kind") not in KINDS:
        return None
    return Detail(
        parts["kind"],
        file=_text(parts.get("file")),
        count=_number(parts.get("count")),
        report=_number(parts.get("report")),
        ident=_text(parts.get("ident")),
        direction=_text(parts.get("direction")),
    )


def direction_prefixes(agency: str) -> tuple[str, str]:
    """How the stored detail of a direction set for one of ``agency``'s indicators begins: as
    parts (an indicator's identity is its agency's code, ``|``, then its code or name), and as the
    sentence written before parts were stored (``03000000|5008-2005: up``). The audit log filters
    an agency's entries by them.

    >>> direction_prefixes("03000000")
    ('{"kind": "direction", "ident": "03000000|', '03000000|')
    """
    ident = f"{agency}|"
    # The identity is the last part set, so the stored text runs on from it with '"}' only.
    return Detail("direction", ident=ident).to_text().removesuffix('"}'), ident


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def counted(n: int | None, noun: str, nouns: str) -> str:
    """An English count for the log and the command line, its noun agreeing with it.

    >>> counted(1, "indicator", "indicators"), counted(0, "agency", "agencies")
    ('1 indicator', '0 agencies')
    """
    return f"{n} {noun if n == 1 else nouns}"


def english(detail: Detail) -> str:
    """The detail as one English sentence, as the audit log has always read.

    >>> english(Detail("deleted", file="seed.txt", report=1250))
    'seed.txt deleted; report 1250 is current again'
    >>> english(Detail("new-version", file="seed_modified.txt", count=7))
    'seed_modified.txt: new-version, 7 indicators'
    """
    d = detail
    sentences: dict[str, str] = {
        "added": f"{d.file}: added, {counted(d.count, 'indicator', 'indicators')}",
        "new-version": f"{d.file}: new-version, {counted(d.count, 'indicator', 'indicators')}",
        "uploaded-again": f"{d.file}: uploaded again after a delete",
        "made-current": f"{d.file} made current",
        "deleted": f"{d.file} deleted" + (f"; report {d.report} is current again" if d.report else ""),
        "agencies": f"{counted(d.count, 'agency', 'agencies')} added or changed",
        "direction": f"{d.ident}: {d.direction}",
    }
    return sentences[d.kind]


def shown(text: str) -> str:
    """A stored detail as English text: the sentence for parts, an old sentence as it is."""
    detail = read(text)
    return text if detail is None else english(detail)
