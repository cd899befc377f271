"""A file cut off mid-indicator, stored and read back on both databases: where it ends, which
quarters it never reached, the flag that says so, and schema 10's marking of files stored before."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, text, update

from builders import SEED, page, page_cut_at_q3
from kpi_core.storage import schema as s
from kpi_core.storage.query import Filters, indicators, quarters
from kpi_core.storage.store import SCHEMA_VERSION, data_version, ingest, open_store


def test_a_cut_page_is_flagged_cut_and_its_unreached_quarters_are_no_omission(db_url: str) -> None:
    engine = open_store(db_url, seed=False)
    ingest(engine, page_cut_at_q3(), "cut.txt", uploaded_by="a")
    ingest(engine, page("5008-2006"), "whole.txt", uploaded_by="a")
    df = indicators(engine).set_index("kpi_code")
    cut, whole = df.loc["5008-2005"], df.loc["5008-2006"]
    assert (cut["cut_line"], cut["cut_in"], bool(cut["by_position"])) == (54, "", False)
    assert "file-cut" in cut["flags"] and "missing-narrative" not in cut["flags"]  # Q3, Q4: 41.20, 51.44
    assert [bool(cut[f"q{n}_in_file"]) for n in (1, 2, 3, 4)] == [True, True, False, False]
    assert "file-cut" not in whole["flags"] and pd.isna(whole["cut_line"])
    rows = quarters(engine, [int(cut["indicator_id"])])
    assert rows["in_file"].tolist() == [True, True, False, False]
    flagged = indicators(engine, Filters(flags=("file-cut",)))
    assert flagged["kpi_code"].tolist() == ["5008-2005"]
    engine.dispose()


def test_a_quarter_the_file_reached_without_a_report_is_still_flagged(db_url: str) -> None:
    """The flag is for the agency's omission where the file shows it: Q2's heading is there, empty."""
    data = (
        page("5008-2005")
        .decode("utf-8")
        .replace("รับคำขอสะสม 110 ราย พิจารณาแล้วเสร็จ 33 ราย\nอยู่ระหว่างตรวจสอบแบบแปลน 77 ราย", "-")
    )
    engine = open_store(db_url, seed=False)
    ingest(engine, data.encode("utf-8"), "p.txt", uploaded_by="a")
    (flags,) = indicators(engine)["flags"].tolist()
    assert "missing-narrative" in flags and "file-cut" not in flags
    engine.dispose()


def test_schema_10_marks_the_cut_files_stored_before(db_url: str) -> None:
    """A database of schema 9 has no word of where its files end: opening it reads each stored
    file again and marks the indicators it was cut in; whole files stay as they were."""
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    ingest(engine, page_cut_at_q3(), "cut.txt", uploaded_by="a")
    with engine.begin() as conn:  # as schema 9 stored them
        for table, column in (("indicators", "cut_line"), ("indicators", "cut_in"), ("indicators", "by_position"),
                              ("quarters", "in_file")):  # fmt: skip
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(update(s.meta).where(s.meta.c.key == "schema_version").values(value=9))
    before = data_version(engine)
    engine.dispose()
    engine = open_store(db_url, seed=False)
    with engine.connect() as conn:
        assert conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar() == SCHEMA_VERSION
    df = indicators(engine)
    cut = df[df["kpi_code"] == "5008-2005"].iloc[0]
    assert (cut["cut_line"], "file-cut" in cut["flags"], bool(cut["q3_in_file"])) == (54, True, False)
    seed = df[df["agency_code"] == "03000000"]
    assert len(seed) == 8 and seed["cut_line"].isna().all() and seed["q4_in_file"].all()
    assert data_version(engine) == before + 1  # the caches see the marks
    engine.dispose()
