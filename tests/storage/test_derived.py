"""An analysts' table in ``data/`` edited after the data was loaded: the next start remakes what
it derives from the stored texts (folded search text, words, risk flags, keywords), once.

Each edit is made as an analyst makes it, in a copy of the tables (``KPI_TABLES_DIR``), and the
store is opened by a new process, as the app does on its next start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from builders import SEED, snapshot
from kpi_core.storage import schema as s
from kpi_core.storage.store import data_version, ingest, make_engine, open_store

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("search_variants.csv", "risk_terms.csv", "risk_exceptions.csv", "domain_words.txt", "keyword_stopwords.txt")


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of the shipped tables, to edit."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for name in TABLES:
        shutil.copy(ROOT / "data" / name, folder / name)
    return folder


def add_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def start(db_url: str, tables: Path, query: str = "") -> dict[str, object]:
    """Open the store in a new process with ``tables``, as the app's next start does; the data
    version, and the hits of ``query`` (agency, quarter, field) if one is given."""
    script = (
        "import json, sys\n"
        "from kpi_core.storage.store import open_store, data_version\n"
        "from kpi_core.storage.search import search\n"
        "e = open_store(sys.argv[1], seed=False)\n"
        "hits = [[h.indicator_seq, h.quarter, h.field] for h in search(e, sys.argv[2])] if sys.argv[2] else []\n"
        "print(json.dumps({'version': data_version(e), 'hits': hits}))\n"
    )
    env = {**os.environ, "KPI_TABLES_DIR": str(tables), "PYTHAINLP_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, db_url, query], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded(db_url: str) -> int:
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    version = data_version(engine)
    engine.dispose()
    return version


def test_a_spelling_variant_added_later_finds_the_texts_stored_before_it(db_url: str, tables: Path) -> None:
    """The seed names its consultant "(SASIN)". An analyst adds ศศินทร์ as its Thai spelling: a
    search for ศศินทร์ finds that narrative, and so does SASIN itself (both fold alike now).
    Before, the stored texts kept the old folding, and neither spelling found it."""
    before = loaded(db_url)
    assert start(db_url, tables, "ศศินทร์")["hits"] == []  # the shipped tables know no such variant
    add_line(tables / "search_variants.csv", "ศศินทร์,sasin,the consultant's English name")
    after = start(db_url, tables, "ศศินทร์")
    assert after["hits"] == [[4, 3, "narrative"]], after  # indicator 4, quarter 3: "(SASIN)"
    assert after["version"] == before + 1  # the caches of every replica see the change
    assert start(db_url, tables, "SASIN")["hits"] == after["hits"]
    engine = make_engine(db_url)  # as it is: opening it with the shipped tables would remake it
    with engine.connect() as conn:
        tokens = conn.execute(select(s.search_docs.c.tokens).where(s.search_docs.c.body.contains("SASIN"))).scalar()
    assert "ศศินทร์" in str(tokens).split()  # the whole-word ranking's words follow too
    engine.dispose()


def test_a_risk_word_added_later_flags_the_indicators_stored_before_it(db_url: str, tables: Path) -> None:
    """A new risk category (lost revenue, ผลกระทบกับรายได้) flags the stored indicators whose
    narratives say it, on the overview as on new uploads; no other indicator changes."""
    before = loaded(db_url)
    add_line(tables / "risk_terms.csv", "revenue,รายได้ลดลง,Revenue loss,#6a1b9a,ผลกระทบกับรายได้")
    assert start(db_url, tables)["version"] == before + 1
    engine = make_engine(db_url)  # as it is: opening it with the shipped tables would remake it
    with engine.connect() as conn:
        says = set(
            conn.execute(
                text("SELECT DISTINCT indicator_id FROM quarters WHERE report LIKE :w"), {"w": "%ผลกระทบกับรายได้%"}
            ).scalars()
        )
        flagged = {r.id for r in conn.execute(select(s.indicators.c.id, s.indicators.c.risks)) if "revenue" in r.risks}
    assert says and flagged == says
    engine.dispose()


def test_a_domain_word_added_later_is_a_whole_word_in_the_stored_texts(db_url: str, tables: Path) -> None:
    """The tokeniser's dictionary grows: the stored texts' words are made again with it."""
    loaded(db_url)
    add_line(tables / "domain_words.txt", "ก่อหนี้ผูกพัน")
    start(db_url, tables)
    engine = make_engine(db_url)  # as it is: opening it with the shipped tables would remake it
    with engine.connect() as conn:
        tokens = list(
            conn.execute(select(s.search_docs.c.tokens).where(s.search_docs.c.body.contains("ก่อหนี้ผูกพัน"))).scalars()
        )
        assert tokens and all("ก่อหนี้ผูกพัน" in t.split() for t in tokens)
    engine.dispose()


def test_a_word_added_then_taken_out_again_leaves_the_texts_as_they_were(db_url: str, tables: Path) -> None:
    """Only the texts holding an edited word are tokenised again; taking the word out again
    (a ``-word`` line) brings back exactly what there was, keywords included."""
    before = loaded(db_url)
    engine = open_store(db_url, seed=False)
    kept = snapshot(engine)
    with engine.connect() as conn:
        shown = " ".join(conn.execute(select(s.indicators.c.keywords)).scalars()).split()
    engine.dispose()
    words = tables / "domain_words.txt"
    shipped = words.read_text(encoding="utf-8")
    add_line(words, "ก่อหนี้ผูกพัน")
    add_line(tables / "keyword_stopwords.txt", "ที่ปรึกษา")
    assert start(db_url, tables)["version"] == before + 1
    engine = make_engine(db_url)  # as it is: opening it with the shipped tables would remake it
    with engine.connect() as conn:
        keywords = " ".join(conn.execute(select(s.indicators.c.keywords)).scalars())
    engine.dispose()
    assert "ที่ปรึกษา" in shown and "ที่ปรึกษา" not in keywords.split()  # a keyword, then a stop word
    words.write_text(shipped, encoding="utf-8")
    (tables / "keyword_stopwords.txt").write_text(
        (ROOT / "data" / "keyword_stopwords.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert start(db_url, tables)["version"] == before + 2
    engine = make_engine(db_url)
    now = snapshot(engine)
    engine.dispose()
    for table in ("search_docs", "indicators", "search_tri"):
        assert now.get(table) == kept.get(table), table


def test_unchanged_tables_change_nothing_and_a_second_start_remakes_nothing(db_url: str, tables: Path) -> None:
    """A database whose rows the shipped tables made is left as it is (data version too); an
    edit is remade once, not at every start."""
    before = loaded(db_url)
    engine = open_store(db_url, seed=False)
    kept = snapshot(engine)
    engine.dispose()
    assert start(db_url, tables)["version"] == before
    engine = open_store(db_url, seed=False)
    assert snapshot(engine) == kept
    engine.dispose()
    add_line(tables / "risk_terms.csv", "revenue,รายได้ลดลง,Revenue loss,#6a1b9a,ผลกระทบกับรายได้")
    assert start(db_url, tables)["version"] == before + 1
    assert start(db_url, tables)["version"] == before + 1
