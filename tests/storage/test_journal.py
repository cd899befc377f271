"""The audit log read back for one agency or fiscal year: the History page's filters apply to it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select

from builders import SEED, for_agency, without_fiscal_year
from kpi_core.storage import schema as s
from kpi_core.storage.journal import audit_count, audit_entries
from kpi_core.storage.store import delete, ingest, open_store, restore, set_direction


@pytest.fixture
def engine(db_url: str) -> Engine:
    """Two agencies' files over two years, a delete and a restore, directions for indicators of
    both agencies, a sign-in and a registry edit (which belong to no agency)."""
    engine = open_store(db_url, seed=False)
    ingest(engine, SEED, "kk-2563.txt", uploaded_by="a")  # 03000000, 2563
    ingest(engine, for_agency("07000000"), "seven-2563.txt", uploaded_by="a")
    seven = ingest(
        engine, without_fiscal_year(for_agency("07000000")), "seven-2564.txt", uploaded_by="a", fiscal_year=2564
    )
    delete(engine, seven.report_id, by="b")
    restore(engine, seven.report_id, by="b")
    with engine.connect() as conn:
        idents = dict(
            conn.execute(select(s.reports.c.agency_code, s.indicators.c.ident).join_from(s.indicators, s.reports)).all()
        )
    set_direction(engine, idents["07000000"], "down", by="b")
    set_direction(engine, idents["03000000"], "down", by="b")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(s.audit_log).values(at=now, actor="b", action="login", detail=""))
        conn.execute(
            insert(s.audit_log).values(at=now, actor="b", action="agencies", detail='{"kind": "agencies", "count": 2}')
        )
        # A direction written before details were stored as parts: the sentence, identity first.
        conn.execute(insert(s.audit_log).values(at=now, actor="old", action="direction", detail="07000000|old: up"))
    return engine


def _seen(engine: Engine, **scope: object) -> list[tuple[str, str]]:
    return [(str(e["action"]), str(e["detail"])) for e in audit_entries(engine, **scope)]  # type: ignore[arg-type]


def test_an_agencys_entries_are_its_files_and_its_directions(engine: Engine) -> None:
    seen = _seen(engine, agency="07000000")
    assert [action for action, _ in seen] == ["direction", "direction", "restore", "delete", "ingest", "ingest"]
    assert seen[0] == ("direction", "07000000|old: up")
    assert seen[1][1].startswith("07000000|")
    assert not [d for _, d in seen if "kk-2563" in d or d.startswith("03000000")]
    assert audit_count(engine, agency="07000000") == 6
    # The action filter and the agency filter together, as the page asks for them.
    assert audit_count(engine, ["ingest", "login"], agency="07000000") == 2


def test_a_years_entries_are_the_files_of_that_year(engine: Engine) -> None:
    assert [d for _, d in _seen(engine, fiscal_year=2563)] == [
        "seven-2563.txt: added, 8 indicators",
        "kk-2563.txt: added, 8 indicators",
    ]
    # A direction holds in every year: it is not one year's entry, nor is a sign-in.
    assert [a for a, _ in _seen(engine, agency="07000000", fiscal_year=2564)] == ["restore", "delete", "ingest"]
    assert audit_count(engine, agency="07000000", fiscal_year=2564) == 3


def test_an_agency_or_year_with_no_entries_has_none_and_no_filter_has_all(engine: Engine) -> None:
    assert _seen(engine, agency="99999999") == [] and audit_count(engine, fiscal_year=2570) == 0
    everything = _seen(engine)
    assert len(everything) == audit_count(engine) == 10
    assert {"login", "agencies"} <= {a for a, _ in everything}
