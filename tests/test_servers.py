"""The throwaway PostgreSQL really stores Thai text and really isolates each test's database."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from servers import create_database

BANGKOK = "กรุงเทพมหานคร"


def test_postgres_15_round_trips_thai_text(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            version = conn.execute(text("SELECT version()")).scalar_one()
            conn.execute(text("CREATE TABLE district (name text NOT NULL)"))
            conn.execute(text("INSERT INTO district (name) VALUES (:name)"), {"name": BANGKOK})
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT name FROM district")).scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL 15"), version
    assert stored == BANGKOK
    assert len(stored) == 13  # every combining vowel and tone mark survived


def test_each_test_database_is_separate(pg_server: str, pg_url: str) -> None:
    other_url = create_database(pg_server, "other_" + pg_url.rsplit("/", 1)[1])
    assert other_url != pg_url
    first, second = create_engine(pg_url), create_engine(other_url)
    try:
        with first.begin() as conn:
            conn.execute(text("CREATE TABLE only_here (id integer)"))
        assert inspect(first).has_table("only_here")
        assert not inspect(second).has_table("only_here")
    finally:
        first.dispose()
        second.dispose()
