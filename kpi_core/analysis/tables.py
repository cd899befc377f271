"""Where the analysts' tables are: ``data/`` beside the code, or the directory ``KPI_TABLES_DIR``
names (a deployment can keep analysts' edits apart from the code it updates).

The tables (``search_variants.csv``, ``risk_terms.csv``, ``risk_exceptions.csv``,
``domain_words.txt``, ``keyword_stopwords.txt``) are read once, at start-up; what they made of the
stored texts is remade on the next start after one changes (:mod:`kpi_core.storage.derived`).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "data"
ENV = "KPI_TABLES_DIR"


def table(name: str) -> Path:
    """The path of the table ``name`` in the tables' directory.

    >>> table("risk_terms.csv").name
    'risk_terms.csv'
    """
    return Path(os.environ.get(ENV) or DEFAULT) / name
