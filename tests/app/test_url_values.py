"""Hostile values in the URL: a sentence on the page, never an exception box (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from builders import SEED
from kpi_core.storage.store import ingest, open_store

APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")
PAGES = Path(__file__).resolve().parents[2] / "pages"
THOUSAND_TERMS = " ".join(f"คำ{n}" for n in range(1200))  # SQLite: "Expression tree is too large"
MANY_TERMS = " ".join(["ก"] * 21)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kpi.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    engine.dispose()
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return url


def visit(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def said(at: AppTest) -> str:
    return " ".join(x.value for kind in (at.info, at.warning, at.error) for x in kind)


@pytest.mark.parametrize(
    "raw",
    [
        "²",  # str.isdigit() accepts it, int() does not
        "๘",  # a Thai digit
        "１２",  # full-width digits, which int() would accept
        "99999999999999999999999",  # overflows SQLite's integer
        "2147483648",  # one past PostgreSQL's integer
        "0",
        "-1",
        " 8",
        "8\x00",
        "1e3",
    ],
    ids=[
        "superscript",
        "thai-digit",
        "full-width",
        "sqlite-overflow",
        "pg-overflow",
        "zero",
        "minus",
        "space",
        "nul",
        "exp",
    ],
)
def test_a_bad_indicator_id_says_so(db: str, raw: str) -> None:
    at = visit("indicator", id=raw)
    assert "หมายเลขตัวชี้วัดในลิงก์ไม่ถูกต้อง" in said(at)
    assert not at.title[1:]  # nothing but the page's own title... and no indicator shown
    assert not at.get("plotly_chart")


def test_an_id_in_range_that_does_not_exist(db: str) -> None:
    at = visit("indicator", id="2147483647")
    assert "ไม่พบตัวชี้วัดหมายเลข 2147483647" in said(at)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("\x00", "อักขระที่ใช้ค้นหาไม่ได้"),
        ("โควิด\x00", "อักขระที่ใช้ค้นหาไม่ได้"),
        (MANY_TERMS, "ไม่เกิน 20 คำ"),
        (THOUSAND_TERMS, "ไม่เกิน 200 ตัวอักษร"),
        ("ก" * 5000, "ไม่เกิน 200 ตัวอักษร"),
    ],
    ids=["nul", "nul-after-a-word", "21-terms", "1200-terms", "5000-letters"],
)
def test_a_bad_search_says_so(db: str, query: str, expected: str) -> None:
    at = visit("search", q=query)
    assert expected in said(at)
    assert not at.get("page_link")


def test_a_bad_search_on_the_indicator_page_highlights_nothing(db: str) -> None:
    at = visit("indicator", id="1", q=MANY_TERMS)
    assert "ไม่เกิน 20 คำ" in said(at)
    assert not any('<mark class="search">' in h.proto.body for h in at.get("html"))


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        # A bookmark of an agency whose report was deleted, a year not loaded: said as such.
        ("agency", "07000000", "ไม่มีข้อมูลปัจจุบันของ agency = 07000000"),
        ("fy", "2570", "ไม่มีข้อมูลปัจจุบันของ fy = 2570"),
        # Not an agency code or a year at all: an invalid value.
        ("agency", "7000000", "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: agency = 7000000"),
        ("fy", "๒๕๗๐", "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: fy = ๒๕๗๐"),
        ("fy", "9999", "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: fy = 9999"),
        # Past the 4,300 digits int() converts: it raised, and the page showed an exception box.
        ("fy", "2" * 5000, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: fy = 22222"),
        ("agency", "0" * 100_000, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: agency = 00000"),
    ],
    ids=[
        "agency-deleted",
        "fy-not-loaded",
        "agency-7-digits",
        "fy-thai-digits",
        "fy-9999",
        "fy-5000-digits",
        "agency-long",
    ],
)
def test_a_link_value_without_data_says_so_apart_from_an_invalid_one(
    db: str, param: str, value: str, expected: str
) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params[param] = value
    at.run()
    assert not at.exception
    assert expected in said(at).replace("\\", "")


def test_an_indicator_link_with_a_year_of_5000_digits_opens_the_indicator(db: str) -> None:
    """The indicator page follows its indicator's year unless the link's years include it; reading
    those years with int() raised on 5,000 digits."""
    at = visit("indicator", id="1", fy="2" * 5000)
    assert at.title and not at.exception
