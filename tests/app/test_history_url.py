"""The History page's filters live in the URL like every page's (a copied link reopens the same
view), the audit log follows the agency and year picked, and hostile link values are said, not
raised (AppTest)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert
from streamlit.testing.v1 import AppTest

from builders import SEED, for_agency, without_fiscal_year
from kpi_core.access.auth import hash_password
from kpi_core.storage import schema
from kpi_core.storage.store import ingest, open_store

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")
PASSWORD = "history in the link"


@pytest.fixture(scope="module")
def users() -> str:
    return f"somchai:analyst:{hash_password(PASSWORD)}"


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users: str) -> Engine:
    """03000000 in 2563, 07000000 in 2563 and 2564."""
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "kk.txt", uploaded_by="somchai")
    ingest(engine, for_agency("07000000"), "seven-2563.txt", uploaded_by="somchai")
    seven = without_fiscal_year(for_agency("07000000"))
    ingest(engine, seven, "seven-2564.txt", uploaded_by="somchai", fiscal_year=2564)
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_USERS", users)
    return engine


def history(*, signed_in: bool = True, **params: str) -> AppTest:
    """The History page opened from a link carrying ``params``, by an analyst or a viewer."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if signed_in:
        at.text_input(key="login_name").input("somchai")
        at.text_input(key="login_password").input(PASSWORD)
        next(b for b in at.button if b.label == "เข้าสู่ระบบ").click().run()
    at.query_params = dict(params)  # the link, not what the overview put in the URL before it
    at.switch_page(str(ROOT / "pages" / "history.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def url(at: AppTest, param: str) -> list[str]:
    value = at.query_params.get(param, [])
    return [value] if isinstance(value, str) else list(value)


def audit(at: AppTest) -> list[str]:
    """The audit log's details, as shown."""
    return [str(d) for d in at.dataframe[1].value["รายละเอียด"]]


def shown(at: AppTest, key: str) -> str | None:
    """What a picker shows: its option's label, or None for Streamlit's empty placeholder
    ("Choose an option"), which a value of None in the session state brings up."""
    box = at.selectbox(key=key)
    return None if box.index is None else box.options[box.index]


def said(at: AppTest) -> str:
    return " ".join(str(x.value) for kind in (at.warning, at.caption) for x in kind).replace("\\", "")


def test_picking_an_agency_and_a_year_puts_them_in_the_url_and_narrows_the_audit_log(engine: Engine) -> None:
    at = history()
    assert "agency" not in at.query_params and "fy" not in at.query_params
    assert shown(at, "history_agency") == shown(at, "history_year") == "ทั้งหมด"
    assert any(d.startswith("kk.txt") for d in audit(at)) and "แสดงเฉพาะรายการ" not in said(at)
    at.selectbox(key="history_agency").set_value("07000000").run()
    assert url(at, "agency") == ["07000000"]
    assert sorted(audit(at)) == ["seven-2563.txt: รายงานใหม่ 8 ตัวชี้วัด", "seven-2564.txt: รายงานใหม่ 8 ตัวชี้วัด"]
    assert "แสดงเฉพาะรายการของหน่วยงานที่เลือก" in said(at)  # and why sign-ins are not among them
    at.selectbox(key="history_year").set_value(2564).run()
    assert url(at, "fy") == ["2564"]
    assert audit(at) == ["seven-2564.txt: รายงานใหม่ 8 ตัวชี้วัด"]
    at.selectbox(key="history_agency").set_value("all").run()  # back to every agency: the year stays
    assert "agency" not in at.query_params and url(at, "fy") == ["2564"]
    assert shown(at, "history_agency") == "ทั้งหมด"
    assert audit(at) == ["seven-2564.txt: รายงานใหม่ 8 ตัวชี้วัด"]


def test_a_copied_link_reopens_the_same_view(engine: Engine) -> None:
    at = history(agency="07000000", fy="2564", action="ingest")
    assert at.selectbox(key="history_agency").value == "07000000"
    assert at.selectbox(key="history_year").value == 2564
    assert at.dataframe[0].value["ไฟล์"].tolist() == ["seven-2564.txt"]
    assert at.multiselect(key="audit_actions").value == ["ingest"]
    assert audit(at) == ["seven-2564.txt: รายงานใหม่ 8 ตัวชี้วัด"]
    # A viewer's link narrows the versions the same way (viewers see no audit log).
    at = history(signed_in=False, agency="07000000", fy="2563")
    assert at.dataframe[0].value["ไฟล์"].tolist() == ["seven-2563.txt"] and len(at.dataframe) == 1


def test_the_audit_actions_and_page_live_in_the_url(engine: Engine) -> None:
    with engine.begin() as conn:  # two pages of sign-ins
        conn.execute(
            insert(schema.audit_log),
            [{"at": datetime.now(UTC), "actor": "somchai", "action": "login", "detail": ""}] * 150,
        )
    at = history(audit_page="2")
    assert at.number_input(key="audit_page").value == 2 and url(at, "audit_page") == ["2"]
    at.multiselect(key="audit_actions").set_value(["login-failed", "login"]).run()
    assert url(at, "action") == ["login-failed", "login"]
    assert "audit_page" not in at.query_params  # other actions: from the first page again
    at.multiselect(key="audit_actions").set_value([]).run()  # nothing picked is every action
    assert url(at, "action") == ["all"]
    at = history(action="all", audit_page="9")  # past the last page: the last page
    assert at.multiselect(key="audit_actions").value == [] and at.number_input(key="audit_page").value == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"agency": "<script>alert(1)</script>"}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: agency = <script>alert(1)"),
        ({"agency": "9" * 100_000}, "agency = 99999"),
        ({"agency": "๐๗๐๐๐๐๐๐"}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: agency = ๐๗๐๐๐๐๐๐"),
        ({"agency": "99999999"}, "ไม่มีข้อมูลปัจจุบันของ agency = 99999999"),
        ({"fy": "1" * 5000}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: fy = 11111"),
        ({"fy": "2570"}, "ไม่มีข้อมูลปัจจุบันของ fy = 2570"),
        ({"agency": "03000000", "fy": "2564"}, "ไม่มีข้อมูลปัจจุบันของ fy = 2564"),  # a year of another agency
        ({"action": "<b>drop</b>"}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: action = <b>drop</b>"),
        ({"audit_page": "1" * 5000}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: audit_page = 11111"),
        ({"audit_page": "-3"}, "ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: audit_page = -3"),
    ],
    ids=[
        "script",
        "very-long",
        "thai-digits",
        "unknown-code",
        "long-year",
        "year-not-loaded",
        "year-of-another",
        "action",
        "long-page",
        "minus-page",
    ],
)
def test_a_hostile_link_value_is_said_and_ignored(engine: Engine, params: dict[str, str], expected: str) -> None:
    at = history(**params)
    assert expected in said(at)
    assert not [w for w in at.warning if len(str(w.value)) > 300]  # a long value is cut, not echoed whole
    ignored = expected.split(" = ")[0].split()[-1]
    assert params[ignored] not in url(at, ignored)  # and the link written back no longer holds it
    if "agency" in params:
        assert str(shown(at, "history_agency")).startswith(("ทั้งหมด", params["agency"]))
    if "action" in params:  # the usual actions, failed sign-ins left out
        assert "login-failed" not in at.multiselect(key="audit_actions").value
    assert not at.exception


def test_a_hostile_link_value_is_said_to_a_viewer_too(engine: Engine) -> None:
    at = history(signed_in=False, agency="<img src=x onerror=alert(1)>", fy="２５๖๓")
    assert "agency = <img src=x onerror=alert(1)>" in said(at) and "fy = ２５๖๓" in said(at)
    assert len(at.dataframe[0].value) == 3  # every version: nothing was filtered by them
