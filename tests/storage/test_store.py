"""The store on both databases: ingest, versions, restore, delete, audit, directions, atomicity."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, inspect, select, text

from builders import (
    SEED,
    corrected,
    cut,
    for_agency,
    header_line,
    long_narrative,
    overflowing_codes,
    page,
    snapshot,
    with_header_year,
    with_second_report,
    without_fiscal_year,
)
from kpi_core import ReportError
from kpi_core.reading.limits import MAX_FIELD_CHARS
from kpi_core.storage import schema as s
from kpi_core.storage.agencies import AgencyError
from kpi_core.storage.audit import Detail
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.query import Filters, agencies, fiscal_years, indicators
from kpi_core.storage.store import (
    SCHEMA_VERSION,
    RefusedReportError,
    StoreError,
    data_version,
    delete,
    ingest,
    open_store,
    original_bytes,
    restore,
    set_direction,
)
from kpi_core.storage.versions import history


@pytest.fixture
def engine(db_url: str) -> Engine:
    return open_store(db_url, seed=False)


def test_ingest_then_same_bytes_again_changes_nothing(engine: Engine) -> None:
    first = ingest(engine, SEED, "seed.txt", uploaded_by="analyst1")
    assert (first.outcome, first.agency_code, first.fiscal_year, first.indicators) == ("added", "03000000", 2563, 8)
    before = snapshot(engine)
    again = ingest(engine, SEED, "seed-copy.txt", uploaded_by="analyst2")
    assert again.outcome == "already-loaded" and again.report_id == first.report_id
    assert snapshot(engine) == before
    assert data_version(engine) == 1


def test_new_version_becomes_current_and_old_is_restorable(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "seed.txt", uploaded_by="analyst1")
    v2 = ingest(engine, corrected(), "seed-fixed.txt", uploaded_by="analyst1")
    assert (v2.outcome, v2.replaced_id) == ("new-version", v1.report_id)
    versions = {v.report_id: v for v in history(engine)}
    assert versions[v2.report_id].current and not versions[v1.report_id].current
    df = indicators(engine)
    assert len(df) == 8  # only the current version is shown
    assert df.loc[df.seq == 8, "result"].item() == 75.0
    assert df.loc[df.seq == 8, "status"].item() == "met"  # 75 against a target of 70
    restored = restore(engine, v1.report_id, by="analyst2")
    assert restored.current
    df = indicators(engine)
    assert df.loc[df.seq == 8, "result"].item() == 0.0
    assert original_bytes(engine, v2.report_id) == corrected()
    actions = [e["action"] for e in audit_entries(engine)]
    assert actions == ["restore", "ingest", "ingest"]
    assert data_version(engine) == 3


def test_audit_details_are_stored_as_parts_and_read_as_the_sentences_they_always_were(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "seed.txt", uploaded_by="a")
    v2 = ingest(engine, corrected(), "seed_modified.txt", uploaded_by="a")
    delete(engine, v2.report_id, by="a")
    with engine.begin() as conn:  # a database written before details had parts
        conn.execute(
            insert(s.audit_log).values(at=datetime.now(UTC), actor="old", action="restore", detail="x.txt made current")
        )
    with engine.connect() as conn:
        stored = conn.execute(select(s.audit_log.c.detail).order_by(s.audit_log.c.id)).scalars().all()
    assert json.loads(stored[1]) == {"kind": "new-version", "file": "seed_modified.txt", "count": 8}
    entries = audit_entries(engine)
    assert [e["detail"] for e in entries] == [
        "x.txt made current",
        f"seed_modified.txt deleted; report {v1.report_id} is current again",
        "seed_modified.txt: new-version, 8 indicators",
        "seed.txt: added, 8 indicators",
    ]
    assert entries[0]["parts"] is None
    assert entries[1]["parts"] == Detail("deleted", file="seed_modified.txt", report=v1.report_id)


def test_delete_is_soft_and_restorable(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "seed.txt", uploaded_by="a")
    delete(engine, v1.report_id, by="a")
    assert indicators(engine).empty
    assert fiscal_years(engine) == [] and agencies(engine).empty
    assert history(engine)[0].deleted
    restore(engine, v1.report_id, by="a")
    assert len(indicators(engine)) == 8
    with pytest.raises(StoreError, match="no report 999"):
        restore(engine, 999, by="a")


def test_a_file_that_does_not_parse_changes_nothing(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    before = snapshot(engine)
    with pytest.raises(ReportError):
        ingest(engine, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "photo.txt", uploaded_by="a")
    with pytest.raises(ReportError):
        ingest(engine, "ข่าวทั่วไป ไม่ใช่รายงาน".encode(), "news.txt", uploaded_by="a")
    assert snapshot(engine) == before


def test_a_field_longer_than_any_real_one_is_refused_at_its_line_and_changes_nothing(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    before = snapshot(engine)
    with pytest.raises(RefusedReportError) as refused:
        ingest(engine, long_narrative(MAX_FIELD_CHARS + 1), "long.txt", uploaded_by="a")
    assert refused.value.line == 44  # the heading of indicator 1's report for quarter 1
    assert refused.value.message.startswith("long.txt:44: the report for quarter 1 is 20,001 characters long")
    assert snapshot(engine) == before
    at_the_limit = ingest(engine, long_narrative(MAX_FIELD_CHARS), "limit.txt", uploaded_by="a")
    assert at_the_limit.outcome == "new-version"


def test_a_file_holding_a_second_agencys_report_is_refused_at_its_header_and_changes_nothing(engine: Engine) -> None:
    """The reviewer's file: stored whole under 03000000 with 16 indicators. Now refused at the line
    of the second header; the same report's header again (pages saved twice) is stored, each
    indicator once."""
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    before = snapshot(engine)
    header = "ผลการปฏิบัติราชการประจำปี : 2563 ของหน่วยงาน : 50010000"
    data = with_second_report(header)
    with pytest.raises(RefusedReportError) as refused:
        ingest(engine, data, "two_agencies.txt", uploaded_by="a")
    assert refused.value.line == header_line(data, header)
    assert "a second report header, of agency 50010000" in refused.value.message
    assert snapshot(engine) == before
    twice = ingest(engine, with_second_report(SEED.decode().split("\n", 1)[0]), "twice.txt", uploaded_by="a")
    assert (twice.outcome, twice.agency_code, twice.indicators) == ("new-version", "03000000", 8)
    stored = indicators(engine)
    assert len(stored) == 8 and stored["seq"].is_unique
    assert not stored["supporting_projects"].str.contains("ผลการปฏิบัติราชการ").any()


def test_codes_longer_than_any_real_one_are_left_out_so_that_the_file_saves(engine: Engine) -> None:
    """A 20-digit pillar overflowed SQLite's INTEGER (and PostgreSQL's), a 29-character goal code
    PostgreSQL's String(16): the preview had said the file could be saved."""
    result = ingest(engine, overflowing_codes(), "overflow.txt", uploaded_by="a")
    assert result.outcome == "added"
    stored = indicators(engine).sort_values("seq")
    first, second = stored.iloc[0], stored.iloc[1]
    assert first.plan_dimension_code is None and first.plan_goal_code is None and pd.isna(first.plan_pillar)
    assert pd.isna(first.eval_dimension) and first.plan_dimension_title == "การกระจายอำนาจสู่ประชาชน"
    assert (second.plan_dimension_code, second.plan_goal_code, second.plan_pillar) == ("7.3", None, 7)


def test_a_failure_midway_rolls_everything_back(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    before = snapshot(engine)

    def fail_at_half(_what: str, done: float) -> None:
        if done >= 0.5:  # indicators are already written by now
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        ingest(engine, corrected(), "fixed.txt", uploaded_by="a", progress=fail_at_half)
    assert snapshot(engine) == before


def test_no_fiscal_year_is_refused_unless_given(engine: Engine) -> None:
    data = without_fiscal_year()
    with pytest.raises(StoreError, match="no fiscal year"):
        ingest(engine, data, "noyear.txt", uploaded_by="a")
    assert history(engine) == []
    result = ingest(engine, data, "noyear.txt", uploaded_by="a", fiscal_year=2563)
    assert result.fiscal_year == 2563


def test_filters_narrow_the_indicators(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a", agency_name="สำนักงาน ก.ก.")
    assert len(indicators(engine, Filters(pillars=(7,)))) == 7
    assert indicators(engine, Filters(plan_dimensions=("5.3",)))["seq"].tolist() == [1]
    assert indicators(engine, Filters(statuses=("not-met",)))["seq"].tolist() == [8]
    assert indicators(engine, Filters(flags=("covid",)))["seq"].tolist() == [7, 8]
    assert indicators(engine, Filters(fiscal_years=(2564,))).empty
    assert agencies(engine).to_dict("records") == [{"code": "03000000", "name": "สำนักงาน ก.ก.", "reports": 1}]


def test_direction_is_stored_audited_and_changes_status(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    df = indicators(engine)
    ident = df.loc[df.seq == 7, "ident"].item()  # target 80, result 100
    assert df.loc[df.seq == 7, "status"].item() == "met"
    set_direction(engine, ident, "down", by="planner")
    df = indicators(engine)
    assert df.loc[df.seq == 7, ["direction", "status"]].values.tolist() == [["down", "not-met"]]
    assert audit_entries(engine)[0]["action"] == "direction"
    with pytest.raises(StoreError):
        set_direction(engine, ident, "sideways", by="planner")
    with pytest.raises(StoreError):
        set_direction(engine, "nobody|nothing", "up", by="planner")


def test_schema_has_the_tables_design_names(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"agencies", "reports", "indicators", "quarters", "audit_log", "meta", "search_docs", "directions"} <= names


def test_agency_names_come_from_the_names_table_when_the_upload_gives_none(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")  # reports carry only the code
    assert agencies(engine).to_dict("records") == [{"code": "03000000", "name": "สำนักงาน ก.ก.", "reports": 1}]


def test_a_typed_agency_name_that_renames_is_an_audited_registry_change(engine: Engine) -> None:
    """``--agency-name`` (the upload page's name field) renamed an already named agency and wrote no
    registry audit entry; the same name again is no change at all."""
    ingest(engine, SEED, "seed.txt", uploaded_by="a", agency_name=" สำนักงาน ก.ก. ")  # the stored name
    assert [e["action"] for e in audit_entries(engine)] == ["ingest"]
    ingest(engine, corrected(), "seed-fixed.txt", uploaded_by="b", agency_name="สำนักงานคณะกรรมการข้าราชการฯ")
    entries = audit_entries(engine)
    assert [(e["action"], e["actor"]) for e in entries] == [("ingest", "b"), ("agencies", "b"), ("ingest", "a")]
    assert entries[1]["parts"] == Detail("agencies", count=1)
    assert agencies(engine)["name"].tolist() == ["สำนักงานคณะกรรมการข้าราชการฯ"]
    with engine.connect() as conn:  # only the Thai name: the English one and the kind stay
        row = conn.execute(select(s.agencies).where(s.agencies.c.code == "03000000")).one()
    assert (row.name_en, row.kind) == ("Office of the Bangkok Metropolitan Civil Service Commission", "department")
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="c", agency_name="หน่วยงานใหม่")
    assert [e["action"] for e in audit_entries(engine)][:2] == ["ingest", "agencies"]  # a new agency named


def test_a_typed_agency_name_over_the_limit_stores_nothing(engine: Engine) -> None:
    with pytest.raises(AgencyError, match="at most 200") as caught:
        ingest(engine, SEED, "seed.txt", uploaded_by="a", agency_name="ก" * 201)
    assert caught.value.code == "name-too-long"
    assert history(engine) == [] and audit_entries(engine) == []
    assert agencies(engine)["name"].tolist() == []  # the registry row is only the shipped one, unused
    ingest(engine, SEED, "seed.txt", uploaded_by="a", agency_name="ก" * 200)
    assert agencies(engine)["name"].tolist() == ["ก" * 200]


def test_a_schema_5_database_gains_the_sign_in_tables(db_url: str) -> None:
    """A database from before schema 6 (no settings, no revoked_sessions) is brought up to date on
    opening, its data kept."""
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    with engine.begin() as conn:
        s.revoked_sessions.drop(conn)
        s.settings.drop(conn)
        conn.execute(text("ALTER TABLE indicators DROP COLUMN keywords"))  # schema 7's
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value=5))
    engine.dispose()
    engine = open_store(db_url, seed=False)
    assert {"settings", "revoked_sessions"} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        version = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar()
        # no signing key made on opening; only the record of the analysts' tables (store.keep_derived)
        assert version == SCHEMA_VERSION == 12 and conn.execute(select(s.settings.c.key)).scalars().all() == [
            "derived_tables"
        ]
        # indicators stored before schema 7 have no keywords yet (the app reads them at view)
        assert set(conn.execute(select(s.indicators.c.keywords)).scalars()) == {None}
    assert len(indicators(engine)) == 8
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="a")  # new ones have them
    with engine.connect() as conn:
        stored = conn.execute(select(s.indicators.c.keywords).where(s.indicators.c.keywords.is_not(None))).scalars()
        assert len([k for k in stored if k]) == 8
    engine.dispose()


def test_a_schema_7_database_loses_the_hidden_characters_it_stored(db_url: str) -> None:
    """Rows stored before the parser took out control and direction characters lose them on
    opening: names, narratives, the registry, the search texts (found again by search); a file
    name keeps them written out; the token index no query used is dropped."""
    from kpi_core.storage.search import search

    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    i, q, d, r = s.indicators, s.quarters, s.search_docs, s.reports
    rlo, bell = "\u202e", "\x07"
    with engine.begin() as conn:  # as schema 7 stored a hostile file
        seventh = conn.execute(select(i.c.id).where(i.c.seq == 7)).scalar_one()
        conn.execute(i.update().where(i.c.id == seventh).values(name=i.c.name + f"{rlo}ตัวอย่าง{bell}พิเศษ"))
        conn.execute(q.update().where(q.c.indicator_id == seventh, q.c.quarter == 1).values(report=f"งาน{rlo}ล่าช้า"))
        conn.execute(
            d.update()
            .where(d.c.indicator_id == seventh, d.c.field == "name")
            .values(body=d.c.body + f"{rlo}ตัวอย่าง{bell}พิเศษ", folded=d.c.folded + f"{rlo}ตัวอย่าง{bell}พิเศษ")
        )
        conn.execute(r.update().values(source_name=f"seed{rlo}txt.exe"))
        conn.execute(s.agencies.update().where(s.agencies.c.code == "03000000").values(name_en=f"Office{rlo} A"))
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value=7))
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_docs', "
                    "content_rowid='id', tokenize='ascii')"
                )
            )
            conn.execute(text("INSERT INTO search_tri(search_tri) VALUES ('rebuild')"))
        else:
            conn.execute(
                text("CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (to_tsvector('simple', tokens))")
            )
    assert not search(engine, '"ตัวอย่าง พิเศษ"')  # the hidden characters stand between the words
    engine.dispose()
    engine = open_store(db_url, seed=False)
    with engine.connect() as conn:
        assert conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar() == SCHEMA_VERSION
        name = conn.execute(select(i.c.name).where(i.c.id == seventh)).scalar_one()
        assert name.endswith("ตัวอย่าง พิเศษ") and rlo not in name  # a control character becomes a space
        assert conn.execute(select(q.c.report).where(q.c.indicator_id == seventh, q.c.quarter == 1)).scalar() == (
            "งานล่าช้า"
        )
        assert set(conn.execute(select(r.c.source_name)).scalars()) == {"seed\\u202etxt.exe"}
        assert conn.execute(select(s.agencies.c.name_en).where(s.agencies.c.code == "03000000")).scalar() == "Office A"
        bodies = "".join(conn.execute(select(d.c.body, d.c.folded, d.c.tokens)).all().__str__())
        assert rlo not in bodies and bell not in bodies
        tables = set(inspect(conn).get_table_names())
        indexes = {x["name"] for x in inspect(conn).get_indexes("search_docs")}
    assert "search_fts" not in tables and "ix_search_docs_tsv" not in indexes
    assert [h.indicator_id for h in search(engine, '"ตัวอย่าง พิเศษ"')] == [seventh]  # the index was remade
    engine.dispose()


def test_the_versions_of_an_agency_year_are_found_by_an_index(db_url: str) -> None:
    """Every ingest asks for all versions of its agency-year (versions.recompute). Without an
    index that read the whole reports table, original bytes and all: 27 ms a file at the start of
    a national-scale load, 273 ms at its end. A schema-10 database gains the index on opening."""
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_reports_agency_year"))
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value=10))
    engine.dispose()
    engine = open_store(db_url, seed=False)
    lookup = "SELECT id FROM reports WHERE agency_code = '03000000' AND fiscal_year = 2563"
    with engine.begin() as conn:
        assert "ix_reports_agency_year" in {x["name"] for x in inspect(conn).get_indexes("reports")}
        if engine.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {lookup}")))
        else:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # one row: a scan would win otherwise
            plan = " ".join(str(r[0]) for r in conn.execute(text(f"EXPLAIN {lookup}")))
    assert "ix_reports_agency_year" in plan, plan
    engine.dispose()


def test_keywords_are_stored_at_ingest_and_agree_with_reading_them_from_the_texts(engine: Engine) -> None:
    """Ingest tokenises each text once for search and keywords; the stored keywords are what
    reading the indicator's own texts gives (the app's fallback for rows older than schema 7)."""
    from kpi_core.analysis.keywords import KEYWORD_SEPARATOR, indicator_keywords

    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    df = indicators(engine)
    assert len(df) == 8
    for row in df.to_dict("records"):
        texts = [row[f"q{q}_report"] for q in (1, 2, 3, 4)] + [row["summary"]]
        expected = indicator_keywords(texts, 8)
        assert row["keywords"].split(KEYWORD_SEPARATOR) == expected, row["seq"]
        assert expected, "every seed indicator has narratives with content words"


def test_a_typed_year_may_not_replace_the_year_the_report_states(engine: Engine) -> None:
    """The reviewer's `ingest --fiscal-year 2570` stored a report whose header says 2563 as 2570,
    where a conflicting agency code was refused."""
    stated = with_header_year(2563)
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="a")
    before = snapshot(engine)
    with pytest.raises(StoreError) as caught:
        ingest(engine, stated, "stated.txt", uploaded_by="a", fiscal_year=2570)
    assert caught.value.code == "year-mismatch" and dict(caught.value.params) == {"named": 2563, "typed": 2570}
    assert caught.value.message == "stated.txt: the report itself says fiscal year 2563, not 2570"
    assert snapshot(engine) == before
    same = ingest(engine, stated, "stated.txt", uploaded_by="a", fiscal_year=2563)  # typed as the report says
    assert same.fiscal_year == 2563
    assert {v.source_name: v.fiscal_year for v in history(engine)}["stated.txt"] == 2563
    with engine.connect() as conn:  # the year is the report's, not the analyst's
        source = select(s.reports.c.fiscal_year_source).where(s.reports.c.id == same.report_id)
        assert conn.execute(source).scalar() == "header"


def test_a_typed_year_corrects_a_year_the_report_only_implies_or_gets_wrong(engine: Engine) -> None:
    """A year voted from the dated events is an estimate, and a Gregorian 2020 in a header is no
    fiscal year: the analyst's year stands for either."""
    guessed = ingest(engine, SEED, "seed.txt", uploaded_by="a", fiscal_year=2564)  # the seed's 2563 is from dates
    ce = with_header_year(2020, for_agency("05000000"))
    gregorian = ingest(engine, ce, "ce.txt", uploaded_by="a", fiscal_year=2563)
    assert (guessed.fiscal_year, gregorian.fiscal_year) == (2564, 2563)


@pytest.mark.parametrize("year", [20, -5, 2499, 2701, 2**31 + 1, 99_999_999_999])
def test_the_store_refuses_a_year_that_is_no_fiscal_year(engine: Engine, year: int) -> None:
    """The 2500-2700 rule held only in the command line and the upload page: the Python API
    stored 20 and -5, and PostgreSQL refused 2**31 with a raw DataError."""
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    before = snapshot(engine)
    with pytest.raises(StoreError) as caught:
        ingest(engine, without_fiscal_year(for_agency("05000000")), "noyear.txt", uploaded_by="a", fiscal_year=year)
    assert caught.value.code == "not-a-fiscal-year" and caught.value.params == {"value": str(year)}
    assert caught.value.message == f"noyear.txt: {year} is not a B.E. fiscal year (2500 to 2700)"
    with pytest.raises(StoreError) as own:  # the report's own year, nothing typed
        ingest(engine, with_header_year(2020, for_agency("05000000")), "ce.txt", uploaded_by="a")
    assert own.value.code == "not-a-fiscal-year" and "says fiscal year 2020" in own.value.reason
    assert snapshot(engine) == before


def test_deleting_a_deleted_version_is_refused_and_changes_nothing(engine: Engine) -> None:
    """It said "deleted" again, wrote a second audit entry and raised the data version."""
    v1 = ingest(engine, SEED, "seed.txt", uploaded_by="a")
    delete(engine, v1.report_id, by="a")
    before = snapshot(engine)
    with pytest.raises(StoreError) as caught:
        delete(engine, v1.report_id, by="b")
    assert caught.value.code == "already-deleted" and caught.value.params == {"id": v1.report_id}
    assert caught.value.message == f"delete: report {v1.report_id} is already deleted"
    assert snapshot(engine) == before


def test_restoring_the_version_that_is_current_and_shown_is_refused_and_changes_nothing(engine: Engine) -> None:
    v1 = ingest(engine, SEED, "seed.txt", uploaded_by="a")
    v2 = ingest(engine, corrected(), "fixed.txt", uploaded_by="a")
    before = snapshot(engine)
    with pytest.raises(StoreError) as caught:
        restore(engine, v2.report_id, by="b")
    assert caught.value.code == "already-current"
    assert caught.value.message == f"restore: report {v2.report_id} is already current"
    assert snapshot(engine) == before
    assert restore(engine, v1.report_id, by="b").current  # an older one still comes back


def test_a_cut_download_says_how_many_indicators_of_the_report_it_replaces_are_withdrawn(engine: Engine) -> None:
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    result = ingest(engine, cut(), "cut.txt", uploaded_by="a", fiscal_year=2563)
    assert (result.outcome, result.indicators, result.withdrawn) == ("new-version", 4, 4)
    assert "(replaces report 1; 4 of its indicators withdrawn) (report 2, 4 indicators)" in result.message
    whole = ingest(engine, corrected(), "fixed.txt", uploaded_by="a")  # more indicators: none withdrawn
    assert whole.withdrawn == 0 and "withdrawn" not in whole.message


def test_rows_come_in_the_same_order_on_both_databases(engine: Engine) -> None:
    """Pages have no indicator number: PostgreSQL sorted them after a report's numbered
    indicators, SQLite before (the reviewer's exports differed)."""
    ingest(engine, SEED, "seed.txt", uploaded_by="a")
    ingest(engine, page("0300-0042", name="ตัวชี้วัดที่มีแต่หน้าเดียว", year=2563), "p42.txt", uploaded_by="a")
    ingest(engine, page("0300-0041", name="อีกหน้าหนึ่ง", year=2563), "p41.txt", uploaded_by="a")
    df = indicators(engine)
    order = [int(seq) if pd.notna(seq) else code for seq, code in zip(df.seq, df.kpi_code, strict=True)]
    assert order == [1, 2, 3, 4, 5, 6, 7, 8, "0300-0042", "0300-0041"]  # numbered first, then pages as stored
