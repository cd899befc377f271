"""History, upload and compare as an analyst works through them: Bangkok times in the page's
language, an audit table people can read, a confirm step before a delete that says what becomes
current, result messages, an upload page that clears once saved, the compare mode in the URL."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, update
from streamlit.testing.v1 import AppTest

from builders import SEED, corrected, for_agency, without_fiscal_year
from kpi_core.access.auth import hash_password
from kpi_core.storage import schema
from kpi_core.storage.store import delete, ingest, open_store
from kpi_core.storage.versions import history

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")
PASSWORD = "correct horse battery"
UPLOADED = datetime(2026, 11, 26, 7, 5, tzinfo=UTC)  # 14:05 in Bangkok


@pytest.fixture(scope="module")
def users() -> str:
    return f"somchai:analyst:{hash_password(PASSWORD)}"


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users: str) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="somchai")
    ingest(engine, corrected(), "seed-fixed.txt", uploaded_by="malee")
    with engine.begin() as conn:  # a known upload time, to read back in Bangkok time
        conn.execute(update(schema.reports).values(uploaded_at=UPLOADED))
        conn.execute(update(schema.audit_log).values(at=UPLOADED))
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_USERS", users)
    return engine


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.text_input(key="login_name").input("somchai")
    at.text_input(key="login_password").input(PASSWORD)
    next(b for b in at.button if b.label in ("เข้าสู่ระบบ", "Log in")).click().run()
    if page:
        # As a click in the menu does: the overview's own filters (it puts ?fy= in the URL) stay
        # behind, the link's parameters go along. AppTest would carry them to the page instead.
        at.query_params = dict(params)
        at.switch_page(str(ROOT / "pages" / page)).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "success", "markdown", "caption") for e in at.get(kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def test_history_times_in_bangkok_thai_dates_and_a_readable_audit(engine: Engine) -> None:
    at = app("history.py")
    versions, audit = at.dataframe[0].value, at.dataframe[1].value
    assert set(versions["เวลา"]) == {"26 พ.ย. 2569 14:05"}
    assert list(audit.columns) == ["เวลา", "ผู้ดำเนินการ", "รายการ", "รหัสรายงาน", "รายละเอียด", "ลายนิ้วมือไฟล์ (sha256)"]
    assert set(audit["รายการ"]) == {"บันทึกไฟล์", "เข้าสู่ระบบ"}  # saved files, and this sign-in
    assert set(audit.loc[audit["รายการ"] == "บันทึกไฟล์", "เวลา"]) == {"26 พ.ย. 2569 14:05"}
    assert "None" not in audit.to_string() and "nan" not in audit.to_string()
    assert "ข้อมูลปรับปรุงล่าสุด 26 พ.ย. 2569 14:05 โดย malee" in texts(at)
    assert "ข้อมูลฉบับที่" not in texts(at)


def test_viewers_see_when_the_data_changed_but_not_which_account_changed_it(engine: Engine) -> None:
    """An attacker review found "โดย malee" on the history page and the Excel cover for viewers:
    an analyst's account name, the half of a sign-in that a guesser lacks."""
    from kpi_core.storage.query import ALL

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(str(ROOT / "pages" / "history.py")).run()
    assert not at.exception, at.exception
    assert "ข้อมูลปรับปรุงล่าสุด 26 พ.ย. 2569 14:05" in texts(at)
    assert "malee" not in texts(at) and "somchai" not in texts(at)
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()
    assert "malee" not in texts(at)
    # The Excel cover a viewer downloads: when, not who.
    from openpyxl import load_workbook

    from ui import data

    _csv, xlsx, _html = data._export_files(None, 1, ALL, UPLOADED, "th", False)
    assert xlsx is not None
    workbook = load_workbook(io.BytesIO(xlsx))
    cover = " ".join(str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row if c.value)
    assert "malee" not in cover and "26 พ.ย. 2569" in cover


def test_audit_details_in_the_page_language_and_old_sentences_as_written(engine: Engine) -> None:
    with engine.begin() as conn:  # an entry from a database written before details had parts
        conn.execute(
            insert(schema.audit_log).values(at=UPLOADED, actor="old", action="restore", detail="x.txt made current")
        )
    for lang, expected in (
        ("th", {"seed.txt: รายงานใหม่ 8 ตัวชี้วัด", "seed-fixed.txt: ฉบับใหม่แทนฉบับเดิม 8 ตัวชี้วัด"}),
        (
            "en",
            {
                "seed.txt: new report, 8 indicators",
                "seed-fixed.txt: new version in place of the one before, 8 indicators",
            },
        ),
    ):
        audit = (app("history.py", lang=lang) if lang == "en" else app("history.py")).dataframe[1].value
        details = list(audit[audit.columns[4]])
        assert expected <= set(details), details
        assert "x.txt made current" in details
        assert not [d for d in details if "new-version" in d]  # no machine code in either language


def test_english_dates_in_english(engine: Engine) -> None:
    at = app("history.py", lang="en")
    assert set(at.dataframe[0].value["When"]) == {"26 Nov 2026 14:05"}
    assert "Data updated 26 Nov 2026 14:05 by malee" in texts(at)


def test_delete_asks_first_says_what_becomes_current_and_reports(engine: Engine) -> None:
    at = app("history.py")
    fixed = next(v for v in history(engine) if v.source_name == "seed-fixed.txt")
    seed = next(v for v in history(engine) if v.source_name == "seed.txt")
    at.selectbox(key="version").set_value(fixed.report_id).run()
    at.button(key="delete").click().run()
    assert "ยืนยันการลบฉบับ" in texts(at) and f"ฉบับ {seed.report_id} ซึ่งเป็นฉบับล่าสุดที่เหลืออยู่" in texts(at)
    assert next(v for v in history(engine) if v.report_id == fixed.report_id).current  # nothing yet
    at.button(key="delete_yes").click().run()
    assert not at.exception, at.exception
    assert f"ลบฉบับ {fixed.report_id} แล้ว — ฉบับ {seed.report_id} เป็นฉบับปัจจุบันแทน" in texts(at)
    assert at.selectbox(key="version").value == fixed.report_id  # the selection stays on it
    assert next(v for v in history(engine) if v.report_id == seed.report_id).current
    at.button(key="restore").click().run()
    assert f"ฉบับ {fixed.report_id} เป็นฉบับปัจจุบันแล้ว" in texts(at)
    assert at.selectbox(key="version").value == fixed.report_id


@pytest.mark.parametrize(
    ("lang", "none_left", "successor"),
    [
        ("th", "ไม่มีฉบับอื่นของหน่วยงานและปีเดียวกันเหลืออยู่", "ฉบับล่าสุดที่เหลืออยู่"),
        ("en", "no other version of the same agency and year is left", "newest remaining version"),
    ],
    ids=["th", "en"],
)
def test_delete_of_the_only_version_left_says_none_becomes_current(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, lang: str, none_left: str, successor: str
) -> None:
    """Only another version that is not deleted can take its place: the sentence says so either way."""
    # AppTest labels the picker's value with its format_func in the test's thread, where there is
    # no ?lang=en: in English its Thai label would match no option.
    monkeypatch.setattr("ui.i18n.lang", lambda: lang)
    alone = ingest(engine, for_agency("05000000"), "alone.txt", uploaded_by="somchai")
    seed = next(v for v in history(engine) if v.source_name == "seed.txt")
    delete(engine, seed.report_id, by="somchai")  # seed-fixed.txt stays, with nothing left behind it
    fixed = next(v for v in history(engine) if v.source_name == "seed-fixed.txt")
    at = app("history.py", lang=lang)
    for report_id in (alone.report_id, fixed.report_id):
        at.selectbox(key="version").set_value(report_id).run()
        at.button(key="delete").click().run()
        assert none_left in texts(at) and successor not in texts(at), report_id


def test_cancelling_a_delete_changes_nothing(engine: Engine) -> None:
    at = app("history.py")
    before = history(engine)
    at.button(key="delete").click().run()
    at.button(key="delete_no").click().run()
    assert history(engine) == before and "ยืนยันการลบ" not in texts(at)


def test_after_saving_the_previews_go_and_the_result_is_in_the_page_language(engine: Engine) -> None:
    at = app("upload.py", lang="en")
    at.file_uploader[0].set_value([("agency05.txt", for_agency("05000000"), "text/plain")]).run()
    at.text_input(key="name_0_agency05.txt").input("Test office")
    at.button(key="confirm").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Test office (05000000), FY 2563: saved, 8 indicators (report" in shown
    assert "Saved:" not in shown  # the sentence says it was saved; once is enough
    assert not any(b.key == "confirm" for b in at.button)  # the previews and the confirm button are gone
    assert "New report" not in shown


def test_compare_mode_lives_in_the_url(engine: Engine) -> None:
    at = app("compare.py", mode="years")
    assert at.segmented_control(key="url_mode").value == "years"
    at.segmented_control(key="url_mode").set_value("agencies").run()
    assert "mode" not in at.query_params  # the default stays out of the URL
    at.segmented_control(key="url_mode").set_value("years").run()
    assert at.query_params["mode"] in ("years", ["years"])


def test_versions_name_an_unnamed_agency_once_in_the_page_language(engine: Engine) -> None:
    ingest(engine, for_agency("07000000"), "seven.txt", uploaded_by="somchai")
    registered = {"th": "สำนักงาน ก.ก.", "en": "Office of the Bangkok Metropolitan Civil Service Commission"}
    for lang, unnamed in (("th", "หน่วยงาน 07000000"), ("en", "Agency 07000000")):
        at = app("history.py", lang=lang)
        agencies = at.dataframe[0].value.iloc[:, 1].tolist()
        assert unnamed in agencies and f"03000000 {registered[lang]}" in agencies
        picker = [o for o in at.selectbox(key="version").options if "07000000" in o]
        assert len(picker) == 1 and picker[0].startswith(f"#3 · {unnamed} · 2563 · seven.txt"), picker


def test_history_narrows_to_an_agency_and_a_year_newest_upload_first(engine: Engine) -> None:
    """With a thousand versions the table and the picker of one agency-year, newest upload
    first: what an analyst just uploaded is at the top, not somewhere among agency codes."""
    from datetime import timedelta

    ingest(engine, for_agency("07000000"), "seven.txt", uploaded_by="somchai")
    seven_2564 = without_fiscal_year(for_agency("07000000"))
    ingest(engine, seven_2564, "seven-2564.txt", uploaded_by="somchai", fiscal_year=2564)
    with engine.begin() as conn:  # the 2564 report uploaded last
        latest = conn.execute(select(func.max(schema.reports.c.id))).scalar_one()
        conn.execute(
            update(schema.reports).where(schema.reports.c.id == latest).values(uploaded_at=UPLOADED + timedelta(days=1))
        )
    at = app("history.py")
    table = at.dataframe[0].value
    assert table["รหัสรายงาน"].tolist()[0] == latest and len(table) == 4  # newest first
    at.selectbox(key="history_agency").set_value("07000000").run()
    assert set(at.dataframe[0].value["ปีงบประมาณ"]) == {2563, 2564}
    assert at.selectbox(key="history_year").options == ["ทั้งหมด", "2564", "2563"]
    at.selectbox(key="history_year").set_value(2563).run()
    table = at.dataframe[0].value
    assert len(table) == 1 and table["ไฟล์"].tolist() == ["seven.txt"]
    picker = at.selectbox(key="version").options
    assert len(picker) == 1 and picker[0].startswith("#") and "seven.txt" in picker[0]
