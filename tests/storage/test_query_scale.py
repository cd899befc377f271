"""Queries that scale: status in SQL agrees with the rules table; quarters come by a join on the
filter; the filter options and the landing view's summaries."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import update

from builders import SEED, for_agency
from kpi_core.analysis.status import status
from kpi_core.storage import query, summary
from kpi_core.storage import schema as s
from kpi_core.storage.store import ingest, open_store, set_direction, write_transaction

CASES = [  # (target, result, direction)
    (100.0, 100.0, "up"),
    (100.0, 95.0, "up"),
    (100.0, 89.0, "up"),
    (100.0, None, "up"),
    (None, 5.0, "up"),
    (0.0, 5.0, "up"),
    (0.0, 0.0, "down"),
    (10.0, 8.0, "down"),
    (10.0, 10.5, "down"),
    (10.0, 12.0, "down"),
    (-10.0, -10.5, "up"),
    (50.0, 45.0, "up"),
    (50.0, 44.99, "up"),
]


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = open_store(f"sqlite:///{tmp_path / 'kpi.db'}", seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="t")
    return engine


def test_status_in_sql_agrees_with_the_rules_table(engine) -> None:  # type: ignore[no-untyped-def]
    df = query.indicators(engine)
    rows = list(zip(df["indicator_id"], df["ident"], strict=True))[: len(CASES)]
    with write_transaction(engine) as conn:
        for (iid, _), (target, result, _) in zip(rows, CASES, strict=True):
            conn.execute(update(s.indicators).where(s.indicators.c.id == int(iid)).values(target=target, result=result))
    for (_, ident), (_, _, direction) in zip(rows, CASES, strict=True):
        if direction == "down":
            set_direction(engine, str(ident), "down", by="t")
    got = query.indicators(engine).set_index("indicator_id")
    for (iid, _), (target, result, direction) in zip(rows, CASES, strict=True):
        assert got.loc[iid, "status"] == status(target, result, direction), (target, result, direction)  # type: ignore[arg-type]
    # and the database filters on it
    for code in ("met", "near", "not-met", "no-data", "no-target"):
        only = query.indicators(engine, query.Filters(statuses=(code,)))
        assert set(only["status"]) <= {code} and len(only) == (got["status"] == code).sum()


def test_filter_options_are_the_distinct_values(engine) -> None:  # type: ignore[no-untyped-def]
    opts = query.filter_options(engine)
    df = query.indicators(engine)
    assert set(opts["agency_code"]) == set(df["agency_code"])
    assert set(opts["plan_dimension_code"]) == set(df["plan_dimension_code"])
    assert len(opts) < len(df)


def test_landing_summaries(engine) -> None:  # type: ignore[no-untyped-def]
    df = query.indicators(engine)
    cards = summary.scorecards_by_year(df)
    assert list(cards) == [2563] and cards[2563].indicators == 16
    worst = summary.exceptions(df)
    assert set(worst["status"]) <= {"not-met", "near"} and len(worst) == 2
    assert worst["percent_of_target"].is_monotonic_increasing
    progress = summary.pillar_progress(df)
    assert set(progress["plan_pillar"]) == {5, 7} and set(progress["quarter"]) == {1, 2, 3, 4}
    # a quarter nobody reported on is "not reported", not 0 %
    df2 = df.copy()
    for n in (3, 4):
        df2[f"q{n}"], df2[f"q{n}_has_report"] = 0.0, False
    late = summary.pillar_progress(df2)
    assert late.loc[late.quarter == 4, "percent_on_track"].isna().all()
    assert (late.loc[late.quarter == 4, "reported"] == 0).all()


QUALITY_CASES = [  # (target, result, quarter values, which quarters have a narrative, unit)
    (1.0, 100.0, [0.0, 0.0, 0.0, 100.0], [True] * 4),  # outlier
    (5.0, 80.0, [25.0, 50.0, 70.0, 80.0], [True] * 4, "ระดับ"),  # a percent where a level belongs
    (5.0, 5.0, [1.0, 2.0, 4.0, 5.0], [True] * 4, "ระดับความสำเร็จ"),  # levels 1 to 5: nothing
    (5.0, 80.0, [25.0, 50.0, 70.0, 80.0], [True] * 4, "ร้อยละ"),  # not a level
    (1.0, 49.0, [0.0, 0.0, 0.0, 49.0], [True] * 4),  # under 50x: no outlier
    (0.0, 100.0, [None, None, None, 100.0], [True] * 4),  # target 0: no outlier
    (100.0, 90.0, [10.0, 20.0, 30.0, 80.0], [True] * 4),  # Q4 mismatch
    (100.0, None, [10.0, None, None, None], [True] * 4),  # no result: no mismatch
    (100.0, 80.0, [10.0, 0.0, 30.0, 80.0], [True, False, False, True]),  # Q3 value, no narrative
    (100.0, 80.0, [0.0, 0.0, None, 80.0], [False, False, False, True]),  # 0.00 and empty: nobody reported
    (None, None, [None] * 4, [False] * 4),
    # a file cut after Q2's report: Q3 and Q4 were never in it, not missing from the agency's report
    (80.0, 32.3, [1.4, 1.5, 25.8, 32.3], [True, True, False, False], "", [True, True, False, False], 53),
    # cut in its definition: a Q1 value without a narrative is still the agency's omission
    (100.0, 0.0, [5.0, 0.0, 0.0, 0.0], [False, False, True, False], "", [True] * 4, 63),
]


def test_quality_flags_in_columns_agree_with_the_rule(engine) -> None:  # type: ignore[no-untyped-def]
    """The column-wise flags of an unfiltered view give the answers of status.quality_flags."""
    from kpi_core.analysis.status import quality_flags

    defaults = ("", [True] * 4, None)  # unit, which quarters the file reached, where it was cut
    cases = [(*case, *defaults[len(case) - 4 :]) for case in QUALITY_CASES]
    df = query.indicators(engine, texts=False).head(len(cases)).copy()
    assert len(df) == len(cases)
    df["cut_line"] = df["cut_line"].astype(object)
    for row, (target, result, values, has, unit, in_file, cut_line) in zip(df.index, cases, strict=True):
        df.loc[row, ["target", "result", "unit"]] = [target, result, unit]
        df.at[row, "cut_line"] = cut_line
        for n in range(4):
            df.loc[row, f"q{n + 1}"] = values[n]
            df.loc[row, f"q{n + 1}_has_report"] = has[n]
            df.loc[row, f"q{n + 1}_in_file"] = in_file[n]
    got = query.quality_flag_columns(df)
    for row, case in zip(df.index, cases, strict=True):
        expected = quality_flags(*case)
        assert [name for name in got.columns if got.loc[row, name]] == expected, case
    assert got.any().all(), "every flag is exercised"


def test_a_view_without_texts_leaves_them_out_and_knows_where_they_were(engine) -> None:  # type: ignore[no-untyped-def]
    full = query.indicators(engine)
    light = query.indicators(engine, texts=False)
    assert list(light.columns) == query.LIGHT_COLUMNS
    assert not set(query.TEXT_COLUMNS) & set(light.columns)
    assert len(light) == len(full) > 0
    for n in range(1, 5):
        assert (light[f"q{n}_has_report"] == (full[f"q{n}_report"] != "")).all()
        assert light[f"q{n}_has_report"].any(), "the seed has narratives in every quarter"
    same = [c for c in query.LIGHT_COLUMNS if c not in ("flags",)]
    pd_equal = light[same].astype(str).equals(full[same].astype(str))
    assert pd_equal
    assert light["flags"].tolist() == full["flags"].tolist()


def row_by_row_flags(df: pd.DataFrame) -> list[list[str]]:
    """The flags as they were built before, one row at a time: the reference."""
    quality = query.quality_flag_columns(df)
    names = list(quality.columns)
    return [
        (str(risks).split(",") if risks else []) + [name for name, on in zip(names, row, strict=True) if on]
        for risks, row in zip(df["risks"], quality.itertuples(index=False, name=None), strict=True)
    ]


def test_flags_built_per_combination_are_those_of_each_row(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        df = query.frame(conn, query._with_quarters(query._indicator_select(query.ALL, texts=False), False))
    rng = np.random.default_rng(7)
    many = pd.concat([df] * 20, ignore_index=True)  # varied risks and quality flags, some rows alike
    many["risks"] = rng.choice(["", "delayed", "delayed,cancelled", "covid"], len(many))
    many["result"] = np.where(rng.random(len(many)) < 0.3, many["target"] * 3, many["result"])
    many["q4"] = np.where(rng.random(len(many)) < 0.3, np.nan, many["q4"])
    many["cut_line"] = np.where(rng.random(len(many)) < 0.2, 40, np.nan)
    for n in range(1, 5):
        many[f"q{n}_has_report"] = rng.random(len(many)) < 0.5
    for view in (many, many.head(1), many.head(0)):
        got = query._flags(view)
        assert got == row_by_row_flags(view)
        assert len({id(flags) for flags in got}) == len(got), "each row has a list of its own"
    assert len({tuple(f) for f in query._flags(many)}) > 8, "the data vary"


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_a_view_from_driver_tuples_is_the_view_from_rows(db: str, tmp_path: Path, request) -> None:  # type: ignore[no-untyped-def]
    """The DataFrame built from the driver's tuples has the values and dtypes of one built from
    SQLAlchemy's Row objects, on both databases."""
    url = f"sqlite:///{tmp_path / 'kpi.db'}" if db == "sqlite" else request.getfixturevalue("pg_url")
    engine = open_store(url, seed=False)
    try:
        ingest(engine, SEED, "seed.txt", uploaded_by="t")
        ingest(engine, for_agency("05000000"), "other.txt", uploaded_by="t")
        for texts in (False, True):
            for filters in (query.ALL, query.Filters(agency_codes=("05000000",)), query.Filters(fiscal_years=(1,))):
                stmt = query._with_quarters(query._indicator_select(filters, texts=texts), texts)
                with engine.connect() as conn:
                    result = conn.execute(stmt)
                    rows = pd.DataFrame(result.all(), columns=list(result.keys()))
                    tuples = query.frame(conn, stmt)
                pd.testing.assert_frame_equal(tuples, rows)
                assert len(tuples) or filters.fiscal_years
    finally:
        engine.dispose()


def test_filter_options_from_driver_tuples_are_those_from_rows(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    got = query.filter_options(engine)

    def from_rows(conn, stmt):  # type: ignore[no-untyped-def]
        result = conn.execute(stmt)
        return pd.DataFrame(result.all(), columns=list(result.keys()))

    monkeypatch.setattr(query, "frame", from_rows)
    pd.testing.assert_frame_equal(got, query.filter_options(engine))
    assert len(got) > 1
