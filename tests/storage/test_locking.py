"""Readers never wait for a writer, and a long ingest holds the write lock only for its inserts:
sign-in and the CLI's read commands keep working meanwhile (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine

import kpi_core.storage.rows as rows
from builders import SEED
from kpi_core.access.auth import Account, hash_password, login
from kpi_core.storage.store import ingest, open_store, write_transaction
from kpi_core.storage.versions import history


def _in_thread(target: object) -> threading.Thread:
    th = threading.Thread(target=target, daemon=True)  # type: ignore[arg-type]
    th.start()
    return th


def test_opening_the_store_and_reading_do_not_wait_for_a_writer(db_url: str) -> None:
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with write_transaction(engine):
            holding.set()
            release.wait(30)

    held = _in_thread(writer)
    assert holding.wait(10)
    results: list[int] = []
    reader = _in_thread(lambda: results.append(len(history(open_store(db_url, seed=False)))))
    reader.join(10)  # the lock is held for 30 s: a reader that waits for it is still stuck here
    stuck = reader.is_alive()
    release.set()
    held.join(10)
    assert not stuck and results == [1]


def test_sign_in_works_while_a_big_file_is_being_prepared(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine: Engine = open_store(db_url, seed=False)
    preparing, go_on = threading.Event(), threading.Event()
    real = rows.prepare

    def slow_prepare(agency: str, ind: object) -> object:
        preparing.set()
        go_on.wait(30)
        return real(agency, ind)  # type: ignore[arg-type]

    monkeypatch.setattr(rows, "prepare", slow_prepare)
    head, body = SEED.decode("utf-8").split("\n", 1)
    big = (head + "\n" + body * 20).encode("utf-8")
    ingesting = _in_thread(lambda: ingest(engine, big, "big.txt", uploaded_by="a"))
    assert preparing.wait(30)
    accounts = {"somchai": Account("somchai", "analyst", hash_password("correct horse battery"))}
    signed: list[object] = []
    signer = _in_thread(lambda: signed.append(login(engine, accounts, "somchai", "correct horse battery").account))
    signer.join(10)
    stuck = signer.is_alive()
    go_on.set()
    ingesting.join(60)
    assert not stuck and signed and signed[0] is not None
    assert len(history(engine)) == 1
