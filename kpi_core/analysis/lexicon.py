"""The risk lexicon: which words in a narrative raise which flag, and when they do not.

``data/risk_terms.csv`` (category, label_th, label_en, colour, term) is read at start-up, so an
analyst adds a term or a whole category by editing that file, no code involved.
``data/risk_exceptions.csv`` (kind, phrase, note) says when a term is no risk: inside a phrase
that means something else (``exclude``: เลื่อนเงินเดือน), denied by a word shortly before it
(``negation``: ไม่ล่าช้า) or by a phrase that denies the rest of its clause (``negation-clause``:
ไม่มีผลกระทบจากโควิด), and where a clause ends so that a denial stops (``clause-break``:
ไม่สามารถดำเนินการได้เนื่องจากล่าช้า is still a delay). :mod:`kpi_core.analysis.risk` applies them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kpi_core.analysis.tables import table
from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise

RISK_TERMS_FILE = table("risk_terms.csv")
RISK_EXCEPTIONS_FILE = table("risk_exceptions.csv")
COLUMNS = ("category", "label_th", "label_en", "colour", "term")
EXCEPTION_KINDS = ("exclude", "negation", "negation-clause", "clause-break")


@dataclass(frozen=True)
class RiskCategory:
    code: str
    label_th: str
    label_en: str
    colour: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class RiskExceptions:
    """Normalised, lower-cased phrases of ``data/risk_exceptions.csv``, one tuple per kind."""

    exclude: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()
    negation_clause: tuple[str, ...] = ()
    clause_break: tuple[str, ...] = ()


def _rows(path: Path, what: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the {what} ({exc.strerror or exc})") from exc


def load_risk_lexicon(path: Path = RISK_TERMS_FILE) -> tuple[RiskCategory, ...]:
    """Categories in file order, each with its normalised, lower-cased terms."""
    rows = _rows(path, "risk lexicon")
    categories: dict[str, RiskCategory] = {}
    for n, row in enumerate(rows, start=2):
        if any(not (row.get(c) or "").strip() for c in COLUMNS):
            raise KpiError(str(path), f"every row needs {', '.join(COLUMNS)}", line=n)
        code = row["category"].strip()
        term = normalise(row["term"]).lower()
        known = categories.get(code)
        terms = (*known.terms, term) if known else (term,)
        categories[code] = RiskCategory(
            code, row["label_th"].strip(), row["label_en"].strip(), row["colour"].strip(), terms
        )
    return tuple(categories.values())


def load_risk_exceptions(path: Path = RISK_EXCEPTIONS_FILE) -> RiskExceptions:
    """The phrases that make a risk term no risk, by kind (see the module docstring).

    A missing file means no exceptions, so an older deployment without it still starts.
    """
    if not path.exists():
        return RiskExceptions()
    found: dict[str, list[str]] = {kind: [] for kind in EXCEPTION_KINDS}
    for n, row in enumerate(_rows(path, "risk exceptions"), start=2):
        kind, phrase = (row.get("kind") or "").strip(), normalise(row.get("phrase") or "").lower()
        if kind not in found or not phrase:
            kinds = ", ".join(EXCEPTION_KINDS)
            raise KpiError(str(path), f"every row needs a phrase and a kind, one of {kinds}", line=n)
        found[kind].append(phrase)
    return RiskExceptions(
        tuple(found["exclude"]), tuple(found["negation"]), tuple(found["negation-clause"]), tuple(found["clause-break"])
    )
