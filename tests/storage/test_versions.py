"""Versions follow the documents (DESIGN.md §6), on SQLite and PostgreSQL: a page replaces only its
own indicator, a report replaces the report, restore and delete work per file, and nothing that
went in is hidden by a file about something else."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from builders import SEED, corrected, page, seed_indicator_name
from kpi_core.storage.agencies import AgencyError
from kpi_core.storage.query import indicators
from kpi_core.storage.store import StoreError, data_version, delete, ingest, open_store, restore, successor
from kpi_core.storage.versions import history


@pytest.fixture
def engine(db_url: str) -> Engine:
    return open_store(db_url, seed=False)


def shown(engine: Engine) -> dict[str, tuple[str, float | None]]:
    """The current view: indicator (code, else seq) -> (file it came from, result)."""
    df = indicators(engine)
    return {(row.kpi_code or f"({int(row.seq)})"): (row.source_name, row.result) for row in df.itertuples()}


def test_page_then_page_of_another_indicator_keeps_both(engine: Engine) -> None:
    ingest(engine, page("5024-0941"), "mykpi_pid_5024-0941.txt", uploaded_by="a")
    second = ingest(engine, page("5024-0945", result="70"), "mykpi_pid_5024-0945.txt", uploaded_by="a")
    assert second.outcome == "added" and second.replaced_id is None
    assert shown(engine) == {
        "5024-0941": ("mykpi_pid_5024-0941.txt", 51.44),
        "5024-0945": ("mykpi_pid_5024-0945.txt", 70.0),
    }
    assert all(v.current for v in history(engine))


def test_page_then_newer_page_of_the_same_indicator_replaces_it(engine: Engine) -> None:
    first = ingest(engine, page("5024-0941"), "old.txt", uploaded_by="a")
    second = ingest(engine, page("5024-0941", result="99"), "new.txt", uploaded_by="a")
    assert second.outcome == "new-version" and second.replaced_id == first.report_id
    assert shown(engine) == {"5024-0941": ("new.txt", 99.0)}


def test_report_then_page_replaces_only_that_indicator(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    name = seed_indicator_name(3)
    ingest(engine, page("0300-0003", name=name, result="42", year=2563), "p3.txt", uploaded_by="a")
    ingest(engine, page("0300-0099", name="ตัวชี้วัดที่รายงานมีแต่หน้าเดียว", year=2563), "p99.txt", uploaded_by="a")
    view = shown(engine)
    assert len(view) == 9  # 8 of the report, one of them from the page, plus the new one
    assert view["0300-0003"] == ("p3.txt", 42.0)
    assert "(3)" not in view
    assert view["(1)"][0] == "seed.txt" and view["0300-0099"][0] == "p99.txt"


def test_page_then_report_the_report_wins_for_its_indicators(engine: Engine) -> None:
    ingest(engine, page("0300-0003", name=seed_indicator_name(3), result="42", year=2563), "p3.txt", uploaded_by="a")
    ingest(engine, page("0300-0099", name="ตัวชี้วัดที่รายงานมีแต่หน้าเดียว", year=2563), "p99.txt", uploaded_by="a")
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    view = shown(engine)
    assert len(view) == 9
    assert "0300-0003" not in view and view["(3)"][0] == "seed.txt"
    assert view["0300-0099"][0] == "p99.txt"  # a page the report does not cover stays


def test_new_report_replaces_the_old_reports_indicators_but_not_later_pages(engine: Engine) -> None:
    ingest(engine, SEED, "v1.txt", uploaded_by="a")
    ingest(engine, page("0300-0003", name=seed_indicator_name(3), result="42", year=2563), "p3.txt", uploaded_by="a")
    v2 = ingest(engine, corrected(), "v2.txt", uploaded_by="a")
    assert v2.outcome == "new-version"
    view = shown(engine)
    assert len(view) == 8
    assert view["(8)"] == ("v2.txt", 75.0)
    assert view["(3)"][0] == "v2.txt"  # the newer report wins over the older page


def test_restore_of_an_older_file_makes_it_win(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "v1.txt", uploaded_by="a")
    ingest(engine, corrected(), "v2.txt", uploaded_by="a")
    p = ingest(
        engine, page("0300-0008", name=seed_indicator_name(8), result="60", year=2563), "p8.txt", uploaded_by="a"
    )
    assert shown(engine)["0300-0008"] == ("p8.txt", 60.0)
    restore(engine, v1.report_id, by="a")
    view = shown(engine)
    assert view["(8)"] == ("v1.txt", 0.0) and "0300-0008" not in view
    assert {v.report_id: v.current for v in history(engine)}[p.report_id]  # the page stays current
    restore(engine, p.report_id, by="a")
    assert shown(engine)["0300-0008"] == ("p8.txt", 60.0)


def test_delete_of_one_page_brings_the_reports_version_back(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    p3 = ingest(engine, page("0300-0003", name=seed_indicator_name(3), year=2563), "p3.txt", uploaded_by="a")
    p99 = ingest(engine, page("0300-0099", name="อีกตัวหนึ่ง", year=2563), "p99.txt", uploaded_by="a")
    assert delete(engine, p3.report_id, by="a") is None
    view = shown(engine)
    assert view["(3)"][0] == "seed.txt" and "0300-0003" not in view and "0300-0099" in view
    delete(engine, p99.report_id, by="a")
    assert len(shown(engine)) == 8


def test_delete_of_the_current_report_makes_the_previous_one_current(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "v1.txt", uploaded_by="a")
    v2 = ingest(engine, corrected(), "v2.txt", uploaded_by="a")
    assert delete(engine, v2.report_id, by="a") == v1.report_id
    assert shown(engine)["(8)"] == ("v1.txt", 0.0)
    assert len(shown(engine)) == 8
    by_id = {v.report_id: v for v in history(engine)}
    assert by_id[v1.report_id].current and by_id[v2.report_id].deleted and not by_id[v2.report_id].current


def test_successor_says_beforehand_what_a_delete_makes_current(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "v1.txt", uploaded_by="a")
    v2 = ingest(engine, corrected(), "v2.txt", uploaded_by="a")
    p3 = ingest(engine, page("0300-0003", name=seed_indicator_name(3), year=2563), "p3.txt", uploaded_by="a")
    assert successor(engine, v2.report_id) == v1.report_id
    assert successor(engine, v1.report_id) is None  # not current: deleting it changes nothing
    assert successor(engine, p3.report_id) is None  # a page's scope is its own: the report does not count
    delete(engine, v1.report_id, by="a")
    assert successor(engine, v2.report_id) is None  # the only other version is deleted
    assert delete(engine, v2.report_id, by="a") is None


def test_uploading_a_deleted_file_again_brings_it_back(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "v1.txt", uploaded_by="a")
    delete(engine, v1.report_id, by="a")
    assert indicators(engine).empty
    again = ingest(engine, SEED, "v1-again.txt", uploaded_by="a")
    assert again.outcome == "restored" and again.report_id == v1.report_id
    assert len(shown(engine)) == 8
    assert ingest(engine, SEED, "v1.txt", uploaded_by="a").outcome == "already-loaded"


def test_a_deleted_file_without_year_or_agency_comes_back_without_asking_again(engine: Engine) -> None:
    """A reviewer re-uploaded the bytes of a deleted year-less passage and was asked for its year
    (and agency) again, instead of being told it would come back as it was."""
    from builders import without_fiscal_year
    from kpi_core.access.upload import preview

    passage = without_fiscal_year(page("0300-0042", year=2563).replace(b": 0300-0042", b""))
    first = ingest(engine, passage, "p.txt", uploaded_by="a", fiscal_year=2563, agency_code="05000000")
    delete(engine, first.report_id, by="a")
    seen = preview(engine, passage, "p-again.txt")
    assert (seen.state, seen.agency_code, seen.fiscal_year) == ("restore", "05000000", 2563)
    again = ingest(engine, passage, "p-again.txt", uploaded_by="a")
    assert again.outcome == "restored" and again.report_id == first.report_id
    # Other bytes still need their year and agency.
    assert preview(engine, passage + b"\n", "p-edited.txt").state == "needs-agency"


def test_two_nameless_passages_both_stay_and_the_same_one_again_is_already_loaded(
    engine: Engine, samples_dir: Path
) -> None:
    """The reviewer's two real mid-page passages, renamed so that no code comes from the file name:
    both were scoped ``name:`` and the second replaced the first. A passage that names no
    indicator is a version of itself alone: both stay; the same bytes again change nothing; an
    edited copy cannot be told from a third passage, and is added beside them."""
    from kpi_core.access.upload import preview

    real = samples_dir / "real"
    a = (real / "dp_mykpi_pid_1000-1016__q4.txt").read_bytes()
    b = (real / "dp_mykpi_pid_1500-2091__q9.txt").read_bytes()
    given = {"uploaded_by": "a", "agency_code": "10000000", "fiscal_year": 2566}
    first = ingest(engine, a, "passage_a.txt", **given)
    seen = preview(engine, b, "passage_b.txt", agency_code="10000000", fiscal_year=2566)
    assert (seen.state, seen.current_report_id, seen.effect.replaced, seen.effect.stays) == ("new", None, (), 1)
    second = ingest(engine, b, "passage_b.txt", **given)
    assert (first.outcome, second.outcome, second.replaced_id) == ("added", "added", None)
    versions = {v.source_name: v for v in history(engine)}
    assert versions["passage_a.txt"].scope == f"file:{hashlib.sha256(a).hexdigest()}"
    assert versions["passage_b.txt"].scope == f"file:{hashlib.sha256(b).hexdigest()}"
    assert all(v.current and v.indicators == 1 for v in versions.values())
    assert sorted(indicators(engine)["source_name"]) == ["passage_a.txt", "passage_b.txt"]
    assert ingest(engine, a, "passage_a_again.txt", **given).outcome == "already-loaded"
    edited = ingest(engine, a + "\nแก้ไขแล้ว".encode(), "passage_a_edited.txt", **given)
    assert (edited.outcome, edited.replaced_id) == ("added", None)
    assert len(indicators(engine)) == 3
    assert successor(engine, first.report_id) is None  # deleting one brings no other passage back
    delete(engine, first.report_id, by="a")
    assert sorted(indicators(engine)["source_name"]) == ["passage_a_edited.txt", "passage_b.txt"]


def test_history_says_what_each_file_is_and_how_many_of_its_indicators_show(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    ingest(engine, page("0300-0003", name=seed_indicator_name(3), year=2563), "p3.txt", uploaded_by="a")
    versions = {v.source_name: v for v in history(engine)}
    assert versions["seed.txt"].format == "agency_report" and versions["seed.txt"].indicators == 7
    assert versions["p3.txt"].format == "kpi_page" and versions["p3.txt"].scope == "kpi:0300-0003"
    assert versions["p3.txt"].indicators == 1
    assert versions["seed.txt"].agency_name == "สำนักงาน ก.ก."


def test_two_analysts_uploading_pages_of_one_agency_year_at_once_both_land(db_url: str) -> None:
    engines = [open_store(db_url, seed=False) for _ in range(2)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def upload(n: int) -> None:
        try:
            barrier.wait()
            ingest(engines[n % 2], page(f"5024-09{n:02d}", result=str(n)), f"p{n}.txt", uploaded_by=f"analyst{n}")
        except BaseException as exc:  # surfaced below with the thread's own exception
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(shown(engines[0])) == [f"5024-09{n:02d}" for n in range(4)]


def test_agency_from_the_file_name_or_typed_and_where_it_came_from(engine: Engine) -> None:
    text = page("5024-0941").replace(b": 5024-0941", b"")  # a page whose text names no code
    with pytest.raises(StoreError, match="names no agency code"):
        ingest(engine, text, "page.txt", uploaded_by="a")
    from_name = ingest(engine, text, "mykpi_pid_5024-0941__q27.txt", uploaded_by="a")
    assert (from_name.agency_code, from_name.agency_code_source) == ("50240000", "file-name")
    typed = ingest(engine, page("5024-0945", name="อีกตัวชี้วัดหนึ่ง"), "x.txt", uploaded_by="a", agency_code="50240000")
    assert typed.agency_code_source == "analyst"
    with pytest.raises(AgencyError, match="not an agency code"):
        ingest(engine, page("5024-0946"), "y.txt", uploaded_by="a", agency_code="5024")
    df = indicators(engine)
    assert set(df["agency_name"]) == {"สำนักงานเขตราษฎร์บูรณะ"}
    assert set(df["agency_code_source"]) == {"file-name", "analyst"}


def test_an_agency_nobody_named_shows_as_words_and_a_code(engine: Engine) -> None:
    ingest(engine, page("4999-0001"), "p.txt", uploaded_by="a")
    row = indicators(engine).iloc[0]
    assert row["agency_name"] == "หน่วยงาน 49990000"
    assert row["agency_name_en"] is None  # no English name was given: none is made up (exports show this column)


def test_history_counts_shown_indicators_in_one_grouped_pass(engine: Engine) -> None:
    """A superseded version shows 0 indicators (not None); the current one its own count. The
    counts come from one grouped pass, not a subquery per report: on SQLite that subquery took
    the index on ``current`` and read every current indicator once per report (7 s at BMA
    scale, on every rerun of the History page)."""
    from sqlalchemy import event

    ingest(engine, SEED, "v1.txt", uploaded_by="a")
    ingest(engine, corrected(SEED), "v2.txt", uploaded_by="a")
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        versions = {v.source_name: v for v in history(engine)}
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert versions["v1.txt"].indicators == 0 and not versions["v1.txt"].current
    assert versions["v2.txt"].indicators == 8 and versions["v2.txt"].current
    assert engine.dialect.name != "sqlite" or not any(
        "CORRELATED" in str(row)
        for sql, parameters in statements
        for row in engine.connect().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all()
    )


def test_nameless_passages_stored_under_the_old_scope_both_show_again_after_schema_9(
    db_url: str, samples_dir: Path
) -> None:
    """Before schema 9 a passage naming no indicator was scoped ``name:`` and the second of an
    agency-year replaced the first. Opening such a database scopes each by its own bytes and
    shows both again; a deleted one stays deleted."""
    from sqlalchemy import select, update

    from kpi_core.storage import schema as s
    from kpi_core.storage.versions import recompute

    engine = open_store(db_url, seed=False)
    real = samples_dir / "real"
    a = (real / "dp_mykpi_pid_1000-1016__q4.txt").read_bytes()
    b = (real / "dp_mykpi_pid_1500-2091__q9.txt").read_bytes()
    c = a + "\nแก้ไขแล้ว".encode()
    given = {"uploaded_by": "a", "agency_code": "10000000", "fiscal_year": 2566}
    ids = [ingest(engine, data, name, **given).report_id for data, name in ((a, "a.txt"), (b, "b.txt"), (c, "c.txt"))]
    delete(engine, ids[2], by="a")
    r = s.reports
    with engine.begin() as conn:  # as schema 8 stored them: one scope, the last one current
        conn.execute(update(r).where(r.c.id.in_(ids)).values(scope="name:", current=False))
        conn.execute(update(r).where(r.c.id == ids[1]).values(current=True))
        recompute(conn, "10000000", 2566)
        conn.execute(update(s.meta).where(s.meta.c.key == "schema_version").values(value=8))
    assert sorted(indicators(engine)["source_name"]) == ["b.txt"]
    version = data_version(engine)
    engine.dispose()
    engine = open_store(db_url, seed=False)
    assert sorted(indicators(engine)["source_name"]) == ["a.txt", "b.txt"]
    with engine.connect() as conn:
        scopes = dict(conn.execute(select(r.c.id, r.c.scope).where(r.c.id.in_(ids))).all())
        deleted = conn.execute(select(r.c.deleted, r.c.current).where(r.c.id == ids[2])).one()
    assert scopes == {i: f"file:{hashlib.sha256(d).hexdigest()}" for i, d in zip(ids, (a, b, c), strict=True)}
    assert tuple(deleted) == (True, False) and data_version(engine) == version + 1
    engine.dispose()
