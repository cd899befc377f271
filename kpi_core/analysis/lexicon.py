"""The risk lexicon: which words in a narrative raise which flag. One table, in a file.

``data/risk_terms.csv`` (category, label_th, label_en, colour, term) is read at start-up, so an
analyst adds a term or a whole category by editing that file, no code involved.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise

RISK_TERMS_FILE = Path(__file__).resolve().parents[2] / "data" / "risk_terms.csv"
COLUMNS = ("category", "label_th", "label_en", "colour", "term")


@dataclass(frozen=True)
class RiskCategory:
    code: str
    label_th: str
    label_en: str
    colour: str
    terms: tuple[str, ...]


def load_risk_lexicon(path: Path = RISK_TERMS_FILE) -> tuple[RiskCategory, ...]:
    """Categories in file order, each with its normalised, lower-cased terms."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise KpiError(str(path), f"cannot read the risk lexicon ({exc.strerror or exc})") from exc
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
