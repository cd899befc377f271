"""Analyst upload, history and access, as a user goes through them (Streamlit AppTest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.navigation.page import StreamlitPage
from streamlit.testing.v1 import AppTest

from builders import (
    SEED,
    corrected,
    for_agency,
    long_narrative,
    page,
    seed_indicator_name,
    snapshot,
    with_header_year,
    without_fiscal_year,
)
from kpi_core.access.auth import hash_password
from kpi_core.storage.agencies import Agency, registry
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.store import ingest, open_store
from kpi_core.storage.versions import history
from ui.markdown import unplain

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")  # runs app.py; see that file for why
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def users() -> str:
    return f"somchai:analyst:{hash_password(PASSWORD)};malee:viewer:{hash_password('viewer password')}"


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users: str) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t")
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_USERS", users)
    return engine


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str = "somchai", password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label in ("เข้าสู่ระบบ", "Log in")).click().run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.switch_page(str(ROOT / "pages" / "upload.py")).run()
    at.file_uploader[0].set_value([(name, data, "text/plain") for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def year_boxes(at: AppTest) -> list[object]:
    return [box for box in at.text_input if str(box.key).startswith("year_")]


def page_titles(at: AppTest) -> list[str]:
    return [str(p.proto.label) for p in at.get("page_link")] + [str(t.value) for t in at.title]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "success", "markdown", "caption") for e in at.get(kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # undo the Markdown escaping of report text


@pytest.fixture
def menus(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Each run's navigation as app.py passes it: page url path → "visible" or "hidden"."""
    seen: list[dict[str, str]] = []
    real = st.navigation

    def recording(pages: list[StreamlitPage], **kwargs: object) -> StreamlitPage:
        seen.append({p.url_path: p.visibility for p in pages})
        return real(pages, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(st, "navigation", recording)
    return seen


def test_viewers_see_no_upload_and_read_only_without_accounts(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, menus: list[dict[str, str]]
) -> None:
    monkeypatch.delenv("KPI_USERS")
    at = app()
    assert "โหมดอ่านอย่างเดียว" in texts(at)
    assert_no_upload_page(at, menus, "แอปนี้เปิดให้อ่านอย่างเดียว จึงอัปโหลดรายงานที่นี่ไม่ได้")


def test_opening_upload_signed_out_says_why_in_the_page_language(engine: Engine, menus: list[dict[str, str]]) -> None:
    assert_no_upload_page(app(), menus, "การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์")
    at = assert_no_upload_page(app(lang="en"), menus, "Uploading reports needs an analyst sign-in")
    assert "Page not found" not in texts(at)
    sign_in(at)  # signing in on the page opens it, and puts it in the menu
    assert at.file_uploader and menus[-1]["upload"] == "visible"


def assert_no_upload_page(at: AppTest, menus: list[dict[str, str]], sentence: str) -> AppTest:
    """The upload page is hidden from the menu; opened anyway, it says why it cannot upload; run
    on its own (no app.py), it refuses too."""
    assert menus and menus[-1]["upload"] == "hidden"
    assert all(v == "visible" for k, v in menus[-1].items() if k != "upload")
    at.switch_page(str(ROOT / "pages" / "upload.py")).run()
    assert not at.exception and not at.file_uploader
    assert sentence in texts(at)
    page = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    page.session_state["auth_user"] = at.session_state["auth_user"] if "auth_user" in at.session_state else None  # noqa: SIM401
    page.run()
    assert not page.exception and not page.file_uploader
    return at


def test_wrong_password_then_slowed_down_and_logged(engine: Engine) -> None:
    at = app()
    for _ in range(5):  # a browser's own five failures (kpi_core.access.auth.THROTTLES["client"])
        sign_in(at, password="guess")
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in texts(at) or "กรุณารอ" in texts(at)
    sign_in(at)  # even the right password must wait now
    assert "กรุณารอ" in texts(at) and not any(b.label == "ออกจากระบบ" for b in at.button)
    assert [e["action"] for e in audit_entries(engine)][:5] == ["login-failed"] * 5


def test_a_viewer_account_cannot_upload(engine: Engine, menus: list[dict[str, str]]) -> None:
    at = sign_in(app(), "malee", "viewer password")
    assert "malee (ผู้ชม)" in texts(at)
    assert_no_upload_page(at, menus, "การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์")


def test_the_preview_shows_the_numbers_read_from_each_indicator(engine: Engine) -> None:
    """Before confirming a new report the analyst sees, per indicator, what was read: target,
    result, the four quarter values, which quarters have a narrative, and its line."""
    from kpi_core.reading.parse import parse_report

    at = upload(sign_in(app()), ("agency05.txt", for_agency("05000000")))
    table = next(df.value for df in at.dataframe if "ค่าเป้าหมาย" in df.value.columns)
    report = parse_report(for_agency("05000000"), "agency05.txt")
    assert len(table) == len(report.indicators) == 8
    seventh = table[table["ตัวชี้วัด"].str.startswith("(7) ")].iloc[0]
    ind = next(i for i in report.indicators if i.seq == 7)
    assert (seventh["ค่าเป้าหมาย"], seventh["ผลงาน"]) == ("80", "100") == (f"{ind.target:g}", f"{ind.result:g}")
    assert seventh["บรรทัด"] == ind.line
    quarters = [seventh[f"ไตรมาส {q}"] for q in (1, 2, 3, 4)]
    assert quarters == [
        f"{q.value:,.0f}"
        if q.value is not None and q.value.is_integer()
        else f"{q.value:,.2f}"
        if q.value is not None
        else "—"
        for q in ind.quarters
    ]
    eighth = table[table["ตัวชี้วัด"].str.startswith("(8) ")].iloc[0]
    assert eighth["ไตรมาสที่มีรายงานผล"] == "1 2 3"  # quarter 4's narrative is "-"
    english = upload(sign_in(app(lang="en")), ("agency05.txt", for_agency("05000000")))
    columns = next(df.value for df in english.dataframe if "Target" in df.value.columns).columns.tolist()
    assert columns == [
        "Indicator",
        "KPI code",
        "Unit",
        "Target",
        "Result",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Reported quarters",
        "Source line",
    ]


def test_upload_preview_confirm_new_version_and_restore(engine: Engine) -> None:
    at = sign_in(app())
    assert "somchai (นักวิเคราะห์)" in texts(at)
    upload(at, ("agency05.txt", for_agency("05000000")), ("seed-again.txt", SEED))
    shown = texts(at)
    assert "รายงานใหม่" in shown and "หน่วยงาน 05000000 · ปีงบประมาณ 2563 · 8 ตัวชี้วัด" in shown
    assert "เหมือนฉบับที่บันทึกไว้แล้ว" in shown  # the seed is already stored
    before = len(history(engine))
    at.text_input(key="name_0_agency05.txt").input("สำนักงานทดสอบ")
    confirm = at.button(key="confirm")
    assert confirm.label == "ยืนยันบันทึก 1 ไฟล์"
    confirm.click().run()
    assert "บันทึกแล้ว" in texts(at)
    assert len(history(engine)) == before + 1
    # The overview shows it at once.
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()
    assert {m.label: m.value for m in at.metric}["ตัวชี้วัดทั้งหมด"] == "16"

    # A corrected version: previewed as a new version with what changes.
    upload(at, ("seed-fixed.txt", corrected()))
    shown = texts(at)
    assert "ฉบับใหม่ของรายงานที่มีอยู่" in shown and "ผลงาน 0 → 75" in shown and "result" not in shown
    assert re.search(r"seed-fixed\.txt\*\* · \d+\.\d KB", at.markdown[0].value.replace("\\", ""))  # not 0.00 MB
    at.button(key="confirm").click().run()
    current = [v for v in history(engine) if v.agency_code == "03000000" and v.current]
    assert [v.source_name for v in current] == ["seed-fixed.txt"]

    # Restore the first version from the history page.
    at.switch_page(str(ROOT / "pages" / "history.py")).run()
    first = next(v for v in history(engine) if v.source_name == "seed.txt")
    at.selectbox(key="version").set_value(first.report_id).run()
    at.button(key="restore").click().run()
    assert next(v for v in history(engine) if v.source_name == "seed.txt").current
    assert audit_entries(engine)[0]["action"] == "restore"


BAD_FILES = [
    ("empty.txt", b"", "ไฟล์ว่างเปล่า"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "ไม่ใช่ไฟล์ข้อความ"),
    ("binary.txt", bytes(range(256)) * 8, "ไม่ใช่ไฟล์ข้อความ"),
    ("data.txt", b'{"agency": "03000000", "kpis": []}', "ไม่พบรายงานตัวชี้วัด"),
    ("news.txt", "กรุงเทพมหานครจัดงานลอยกระทงริมคลองผดุงกรุงเกษม ประชาชนร่วมงานจำนวนมาก".encode(), "ไม่พบรายงานตัวชี้วัด"),
    ("blank.txt", b"\n" * 100_000, "ไฟล์ว่างเปล่า"),
    ("latin1.txt", "Ceci n'est pas un rapport: état, élève, café".encode("latin-1") + b"\xff\xfe\xfd", "ไม่ใช่ไฟล์ข้อความ"),
    # A report garbled by a wrong conversion on the way (UTF-8 read as Latin-1): "à¸œà¸¥…"
    ("mojibake.txt", SEED.decode("utf-8").encode("utf-8").decode("latin-1").encode("utf-8"), "รหัสอักขระ"),
    # A passage cut from the middle of a page: readable, but whose is it, and of which year?
    ("passage.txt", "ค่าเป้าหมาย ร้อยละ : 10\nผลงานที่ทำได้ ร้อยละ : 45.19\n".encode(), "ไม่พบทั้งรหัสหน่วยงาน"),
    ("header-only.txt", "ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 03000000\n".encode(), "อ่านตัวชี้วัดไม่ได้เลย"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_get_a_clear_message_and_change_nothing(engine: Engine, name: str, data: bytes, message: str) -> None:
    at = sign_in(app())
    before = snapshot(engine)  # after signing in, which is audited
    upload(at, (name, data))
    assert message in " ".join(e.value for e in [*at.error, *at.warning])
    assert at.button(key="confirm").disabled
    assert snapshot(engine) == before


def test_bad_file_message_in_english(engine: Engine) -> None:
    at = upload(sign_in(app(lang="en")), ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    assert "Not a text file" in at.error[0].value and "PNG image" in at.error[0].value


def test_over_the_size_limit(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_MAX_UPLOAD_MB", "0.01")
    at = sign_in(app())
    before = snapshot(engine)
    upload(at, ("big.txt", for_agency("05000000")))
    assert "เกินกำหนด 0.01 MB" in unplain(at.error[0].value)
    assert at.button(key="confirm").disabled and snapshot(engine) == before


def test_same_file_twice_in_one_upload_is_saved_once(engine: Engine) -> None:
    at = upload(sign_in(app()), ("a.txt", for_agency("05000000")), ("b.txt", for_agency("05000000")))
    assert "จะบันทึกครั้งเดียว" in texts(at)
    at.button(key="confirm").click().run()
    assert [v.source_name for v in history(engine) if v.agency_code == "05000000"] == ["a.txt"]


def test_two_files_of_the_same_report_in_one_upload_are_said_to_clash(engine: Engine) -> None:
    """A cp874 and a UTF-16 copy of one report are two files (two hashes) with one target."""
    text = corrected().decode("utf-8")
    at = upload(sign_in(app()), ("seed-cp874.txt", text.encode("cp874")), ("seed-utf16.txt", text.encode("utf-16")))
    cards = [str(w.value).replace("\\", "") for w in at.warning]
    assert any("seed-utf16.txt ในการอัปโหลดนี้เป็นรายงานเดียวกัน" in w and "แทนที่ไฟล์นี้" in w for w in cards), cards
    assert any("seed-cp874.txt ในการอัปโหลดนี้เป็นรายงานเดียวกัน" in w and "อยู่ก่อน" in w for w in cards), cards
    at.button(key="confirm").click().run()
    current = [v.source_name for v in history(engine) if v.agency_code == "03000000" and v.current]
    assert current == ["seed-utf16.txt"]  # the later one, as the warning said


def test_changes_name_their_fields_in_english_and_labels_are_cut_between_words(engine: Engine) -> None:
    at = upload(sign_in(app(lang="en")), ("seed-fixed.txt", corrected()))
    assert "Result 0 → 75" in texts(at) and "result 0" not in texts(at)
    at.button(key="cancel").click().run()
    long_name = "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้สำนักงานเขตเป็นหน่วยดำเนินการ" * 2
    data = SEED.decode("utf-8").replace(seed_indicator_name(8), long_name, 1).encode("utf-8")
    shown = texts(upload(at, ("seed-long.txt", data)))
    labels = [line for line in shown.split("\n") if "(8) ร้อยละของบริการสาธารณะ" in line]
    assert labels and all(line.endswith("…") for line in labels), labels
    cut = labels[0].split("(8) ")[1].removesuffix("…")
    assert long_name.startswith(cut) and len(cut) <= 80
    assert cut.endswith("ร้อยละ"), cut  # a whole word, not "ร้อยล"


def test_file_names_show_literally_in_the_progress_text(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress text renders Markdown, and is gone once the files are read or saved: record it."""
    said: list[str] = []
    real = st.progress

    class Bar:
        def __init__(self, bar: object) -> None:
            self.bar = bar

        def progress(self, value: float, text: str | None = None) -> object:
            said.append(text or "")
            return self.bar.progress(value, text=text)  # type: ignore[attr-defined]

        def empty(self) -> object:
            return self.bar.empty()  # type: ignore[attr-defined]

    monkeypatch.setattr(st, "progress", lambda *args, **kwargs: Bar(real(*args, **kwargs)))
    name = "**x**[a](http://e).txt"
    at = upload(sign_in(app()), (name, for_agency("05000000")))
    at.button(key="confirm").click().run()
    assert not at.exception, at.exception
    shown = [unplain(text) for text in said if text]
    assert f"กำลังอ่าน {name}" in shown and f"กำลังบันทึก {name}" in shown, said
    assert not [text for text in said if "**" in text or "](" in text], said  # escaped, never markup


def test_cut_off_and_duplicate_numbers_are_shown_with_their_lines(engine: Engine) -> None:
    text = for_agency("05000000").decode("utf-8")
    cut = text[: text.index("รายงานผลฯ ไตรมาสที่ 3", text.index("(8)"))]
    duplicated = text.replace("(7) ร้อยละของความพึงพอใจ", "(6) ร้อยละของความพึงพอใจ")
    at = upload(sign_in(app()), ("cut.txt", cut.encode()), ("dup.txt", for_agency("06000000", duplicated.encode())))
    shown = texts(at)
    last_line = len(cut.rstrip("\n").split("\n"))
    assert f"บรรทัด {last_line}: ข้อความจบกลางตัวชี้วัด (ไฟล์ถูกตัด) ขาด: รายงานผลไตรมาสที่ 3, รายงานผลไตรมาสที่ 4" in shown
    assert "หมายเลขตัวชี้วัดซ้ำกัน" in shown and "«(6) ร้อยละของความพึงพอใจ" in shown
    assert at.button(key="confirm").label == "ยืนยันบันทึก 2 ไฟล์"  # both are still readable reports


def test_a_field_longer_than_any_real_one_is_shown_with_its_line_and_not_saved(engine: Engine) -> None:
    at = sign_in(app())
    before = snapshot(engine)
    upload(at, ("long.txt", for_agency("05000000", long_narrative(20_001))))
    assert unplain(at.error[0].value) == (
        "อ่านไฟล์ได้ แต่บันทึกไม่ได้: มีข้อผิดพลาดในไฟล์ (ดูรายการด้านล่าง) แก้ไฟล์แล้วอัปโหลดใหม่ (บรรทัด 44)"
    )
    assert "บรรทัด 44: ข้อความในช่องนี้ยาวเกินกว่าที่รายงานจริงมี" in texts(at)
    assert at.button(key="confirm").disabled and snapshot(engine) == before


def test_missing_fiscal_year_is_asked_for(engine: Engine) -> None:
    at = upload(sign_in(app()), ("noyear.txt", without_fiscal_year(for_agency("05000000"))))
    assert "ไม่พบปีงบประมาณ — กรุณาระบุ" in texts(at)
    assert at.button(key="confirm").disabled
    at.text_input(key="year_0_noyear.txt").input("2563").run()
    at.button(key="confirm").click().run()
    assert [v.fiscal_year for v in history(engine) if v.agency_code == "05000000"] == [2563]


def test_analyst_sets_direction_on_the_indicator_page(engine: Engine) -> None:
    at = sign_in(app())
    at.switch_page(str(ROOT / "pages" / "indicator.py"))
    at.query_params["id"] = "7"
    at.run()
    at.button_group(key="direction").set_value("down").run()
    assert not at.exception
    assert audit_entries(engine)[0]["action"] == "direction"
    assert "ไม่บรรลุ" in " ".join(m.value for m in at.metric)


def test_cancel_leaves_nothing_and_logout_ends_the_session(engine: Engine, menus: list[dict[str, str]]) -> None:
    at = sign_in(app())
    before = snapshot(engine)
    upload(at, ("agency05.txt", for_agency("05000000")))
    at.button(key="cancel").click().run()
    assert snapshot(engine) == before
    assert not at.file_uploader[0].value  # the uploader is empty again
    next(b for b in at.button if b.label == "ออกจากระบบ").click().run()
    assert "เข้าสู่ระบบแล้ว" not in texts(at)
    assert not at.file_uploader  # still on /upload, which now says why it cannot upload
    assert_no_upload_page(at, menus, "การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์")


def test_an_account_from_the_secrets_file(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's other way: [users.NAME] in .streamlit/secrets.toml (here AppTest's secrets)."""
    monkeypatch.delenv("KPI_USERS")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["users"] = {"kanya": {"role": "analyst", "password_hash": hash_password("secret file password")}}
    at.run()
    sign_in(at, "kanya", "secret file password")
    assert "kanya (นักวิเคราะห์)" in texts(at)
    at.switch_page(str(ROOT / "pages" / "upload.py")).run()
    assert at.file_uploader


def test_a_page_without_agency_takes_the_typed_code_and_says_what_it_adds(engine: Engine) -> None:
    """A passage whose text and file name name no agency: the analyst types the code, the preview
    says what the page adds and what it leaves alone, and the save records where the code came from."""
    data = page("0300-0042", name="ตัวชี้วัดที่มีแต่หน้าเดียว", year=2563).replace(b": 0300-0042", b"")
    at = upload(sign_in(app()), ("passage.txt", data))
    assert at.button(key="confirm").disabled
    assert "ไม่พบรหัสหน่วยงานในไฟล์หรือชื่อไฟล์ — กรุณาระบุรหัส 8 หลัก" in texts(at)
    at.text_input(key="agency_0_passage.txt").input("5001").run()
    assert "“5001” ไม่ใช่รหัสหน่วยงาน (ตัวเลข 8 หลัก เช่น 50010000)" in unplain(" ".join(w.value for w in at.warning))
    assert_thai_only(at)
    at.text_input(key="agency_0_passage.txt").input("03000000").run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "เพิ่ม 1 · แทนที่ 0 · ถอนออก 0 · คงเดิม 8" in text
    at.button(key="confirm").click().run()
    saved = next(v for v in history(engine) if v.source_name == "passage.txt")
    assert saved.current and saved.agency_code == "03000000" and saved.agency_code_source == "analyst"


def test_a_page_of_a_reported_indicator_says_it_replaces_only_that_one(engine: Engine) -> None:
    data = page("0300-0003", name=seed_indicator_name(3), result="42", year=2563)
    at = upload(sign_in(app()), ("mykpi_pid_0300-0003.txt", data))
    text = " ".join(m.value for m in at.markdown)
    assert "เพิ่ม 0 · แทนที่ 1 · ถอนออก 0 · คงเดิม 7" in text
    caption = unplain(" ".join(c.value for c in at.caption))
    assert "สำนักงาน ก.ก. (03000000)" in caption and "รหัสตัวชี้วัดในไฟล์" in caption


def test_agency_registry_import_names_every_screen_and_is_audited(engine: Engine) -> None:
    at = sign_in(app())
    at.switch_page(str(ROOT / "pages" / "agencies.py")).run()
    assert not at.exception, at.exception
    bad = "code,name\n03000000,ก.ก.\n0300,ผิด\n".encode()
    at.file_uploader(key="agencies_import").set_value([("bad.csv", bad, "text/csv")]).run()
    said = unplain(" ".join(e.value for e in at.error))
    assert "บันทึกไม่ได้: bad.csv บรรทัด 3: “0300” ไม่ใช่รหัสหน่วยงาน (ตัวเลข 8 หลัก เช่น 50010000)" in said, said
    huge = b"code,name\n" + b"50010000,x\n" * 200_000  # 2.2 MB: refused before a row is read
    at.file_uploader(key="agencies_import").set_value([("huge.csv", huge, "text/csv")]).run()
    said = unplain(" ".join(e.value for e in at.error))
    assert "ไฟล์ขนาด 2.2 MB เกินกำหนด 2 MB" in said, said
    assert not any(b.key == "agencies_import_confirm" for b in at.button)
    good = "code,name,name_en,kind\n03000000,สำนักงานทดสอบ,Test Office,department\n".encode()
    at.file_uploader(key="agencies_import").set_value([("good.csv", good, "text/csv")]).run()
    at.button(key="agencies_import_confirm").click().run()
    assert "1" in at.success[0].value
    assert audit_entries(engine)[0]["action"] == "agencies"
    same = "code,name\n03000000,สำนักงานทดสอบ\n50010000,สำนักงานเขตพระนคร\n".encode()  # as stored: no change
    at.file_uploader(key="agencies_import").set_value([("same.csv", same, "text/csv")]).run()
    caption = unplain(" ".join(c.value for c in at.caption))
    assert "พบ 2 หน่วยงานในไฟล์ จะเพิ่มหรือแก้ไข 0 หน่วยงาน" in caption, caption
    assert not any(b.key == "agencies_import_confirm" for b in at.button)
    assert registry(engine)[0] == Agency("03000000", "สำนักงานทดสอบ", "Test Office", "department")
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table["agency"]) == {"สำนักงานทดสอบ"}, table.columns


def test_viewers_see_the_registry_but_cannot_change_it(engine: Engine) -> None:
    at = app()
    at.switch_page(str(ROOT / "pages" / "agencies.py")).run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == 1 and [b.label for b in at.button] == ["เข้าสู่ระบบ"]  # only the sign-in form
    assert "สำนักงานเขตพระนคร" in at.dataframe[0].value["name"].tolist()


def test_viewers_see_versions_but_not_the_audit_log_nor_who_uploaded(engine: Engine) -> None:
    login_failed = sign_in(app(), password="typed into the wrong box")  # leaves a failed sign-in
    assert not login_failed.exception
    at = app()
    at.switch_page(str(ROOT / "pages" / "history.py")).run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader if "บันทึก" in s.value] == []
    (versions,) = at.dataframe
    assert "ผู้อัปโหลด" not in versions.value.columns and len(versions.value) == 1
    analyst = sign_in(app())
    analyst.switch_page(str(ROOT / "pages" / "history.py")).run()
    assert any("บันทึกการเปลี่ยนแปลง" in s.value for s in analyst.subheader)


def test_files_not_saved_stay_on_the_page_with_what_was_typed_for_them(engine: Engine) -> None:
    """Two files: one ready once its year is typed, one that still lacks a year after its agency
    code was typed. Confirming saves the first; the second stays, with the code typed for it, and
    the outcome says it was not saved and why. Completed, it is saved with that code."""
    passage = without_fiscal_year(page("0300-0042", name="ตัวชี้วัดที่มีแต่หน้าเดียว", year=2563)).replace(b": 0300-0042", b"")
    at = upload(sign_in(app()), ("noyear.txt", without_fiscal_year(for_agency("05000000"))), ("passage.txt", passage))
    at.text_input(key="year_0_noyear.txt").input("2563").run()
    at.text_input(key="agency_1_passage.txt").input("03000000").run()
    at.text_input(key="name_1_passage.txt").input("สำนักงานที่พิมพ์ไว้").run()
    confirm = at.button(key="confirm")
    assert confirm.label == "ยืนยันบันทึก 1 ไฟล์"
    confirm.click().run()
    assert not at.exception, at.exception
    assert [v.source_name for v in history(engine) if v.agency_code == "05000000"] == ["noyear.txt"]
    assert not any(v.source_name == "passage.txt" for v in history(engine))
    said = unplain(" ".join(str(w.value) for w in at.warning))
    assert "passage.txt" in said and "ยังไม่ได้บันทึก" in said and "ไม่พบปีงบประมาณ" in said, said
    assert at.text_input(key="agency_1_passage.txt").value == "03000000"  # what was typed is still there
    assert at.text_input(key="name_1_passage.txt").value == "สำนักงานที่พิมพ์ไว้"
    assert "noyear.txt" not in [unplain(str(m.value)).split("**")[1] for m in at.markdown if m.value.startswith("**")]
    at.switch_page(str(ROOT / "pages" / "overview.py")).run()  # away and back: the widgets' state is gone
    at.switch_page(str(ROOT / "pages" / "upload.py")).run()
    assert at.text_input(key="agency_1_passage.txt").value == "03000000"
    at.text_input(key="year_1_passage.txt").input("2563").run()
    at.button(key="confirm").click().run()
    saved = next(v for v in history(engine) if v.source_name == "passage.txt")
    assert (saved.agency_code, saved.agency_code_source, saved.fiscal_year) == ("03000000", "analyst", 2563)
    assert not at.text_input  # nothing left to complete: the page is back to an empty uploader


def test_a_kept_file_can_be_taken_off_the_page_and_cancel_drops_kept_files(engine: Engine) -> None:
    noyear = ("noyear.txt", without_fiscal_year(for_agency("05000000")))
    at = upload(sign_in(app()), noyear, ("seed.txt", SEED), ("agency06.txt", for_agency("06000000")))
    at.button(key="confirm").click().run()
    assert "noyear.txt: ยังไม่ได้บันทึก" in unplain(" ".join(str(w.value) for w in at.warning))
    assert "seed.txt: ไม่ได้บันทึก — เหมือนฉบับที่บันทึกไว้แล้ว" in unplain(" ".join(str(i.value) for i in at.info))
    assert at.text_input(key="year_0_noyear.txt").value == ""  # the one file kept
    assert len(year_boxes(at)) == 1
    at.button(key="drop_0").click().run()
    assert not year_boxes(at) and "confirm" not in [b.key for b in at.button]
    upload(at, noyear, ("agency07.txt", for_agency("07000000")))
    at.button(key="confirm").click().run()
    assert len(year_boxes(at)) == 1  # kept again
    before = snapshot(engine)
    at.button(key="cancel").click().run()
    assert not year_boxes(at) and "confirm" not in [b.key for b in at.button]
    assert snapshot(engine) == before


ENGLISH_WORDS = re.compile(r"\b(the|is|not|give|missing|agency code|fiscal year|allowed range)\b", re.IGNORECASE)


def assert_thai_only(at: AppTest) -> None:
    """What the page says is Thai: no English sentence of the core, no command-line option."""
    shown = unplain(texts(at))
    assert "--" not in shown, shown
    assert not ENGLISH_WORDS.search(shown), ENGLISH_WORDS.search(shown)


def test_a_fiscal_year_outside_the_buddhist_era_is_refused_in_the_page_language(engine: Engine) -> None:
    """2020 typed for a report without a year: our sentence, saying which B.E. year that is, and
    nothing to save until it is corrected (a number box answered in the browser's English)."""
    at = upload(sign_in(app()), ("noyear.txt", without_fiscal_year(for_agency("05000000"))))
    at.text_input(key="year_0_noyear.txt").input("2020").run()
    said = unplain(" ".join(e.value for e in at.error))
    assert "“2020” ไม่ใช่ปีงบประมาณ พ.ศ." in said and "ปีงบประมาณ พ.ศ. คือ 2563" in said, said
    assert at.button(key="confirm").disabled
    assert_thai_only(at)
    at.text_input(key="year_0_noyear.txt").input("๒๕๖๓").run()  # Thai digits are digits
    assert not at.error and not at.button(key="confirm").disabled
    english = upload(sign_in(app(lang="en")), ("noyear.txt", without_fiscal_year(for_agency("05000000"))))
    english.text_input(key="year_0_noyear.txt").input("25x3").run()
    assert "“25x3” is not a B.E. fiscal year (give one from 2500 to 2700" in unplain(english.error[0].value)
    # Thousands of digits: int() refuses to convert them, and the hint raised; a sentence instead.
    english.text_input(key="year_0_noyear.txt").input("9" * 5000).run()
    assert not english.exception and "is not a B.E. fiscal year" in unplain(english.error[0].value)


def test_a_report_with_its_own_year_and_a_wrong_one_typed_waits(engine: Engine) -> None:
    """A typed year that is no year must not be passed over for the report's own: nothing is saved
    until the box holds a year or is emptied."""
    at = upload(sign_in(app()), ("agency05.txt", for_agency("05000000")))
    assert at.text_input(key="year_0_agency05.txt").value == "2563"
    at.text_input(key="year_0_agency05.txt").input("256").run()
    assert at.error and at.button(key="confirm").disabled
    at.text_input(key="year_0_agency05.txt").input("").run()
    assert not at.error and not at.button(key="confirm").disabled


def test_a_page_without_agency_or_year_is_explained_in_thai_then_english(engine: Engine, samples_dir: Path) -> None:
    """The real excerpt mykpi2563_pid_88__q1.txt names neither agency nor year and is cut off."""
    name = "mykpi2563_pid_88__q1.txt"
    data = (samples_dir / "real" / name).read_bytes()
    at = upload(sign_in(app()), (name, data))
    shown = texts(at)
    assert "ไม่พบทั้งรหัสหน่วยงาน (ในไฟล์หรือชื่อไฟล์) และปีงบประมาณ — กรุณาระบุรหัสหน่วยงาน 8 หลักและปีงบประมาณ" in shown
    assert "ขาด: ผลงาน, ตารางผลรายไตรมาส, รายงานผลไตรมาสที่ 1" in shown
    assert_thai_only(at)
    english = upload(sign_in(app(lang="en")), (name, data))
    shown = texts(english)
    assert (
        "Neither an agency code (in the file or its name) nor a fiscal year was found — please give the 8-digit"
        " agency code and the fiscal year" in shown
    )
    assert "missing: result, quarter table, narrative Q1" in shown and "--" not in shown


def test_the_same_report_in_another_encoding_says_nothing_changes(engine: Engine) -> None:
    at = sign_in(app())
    upload(at, ("seed-cp874.txt", SEED.decode("utf-8").encode("cp874")))
    assert "ทุกค่าและข้อความเหมือนฉบับปัจจุบัน" in texts(at)
    upload(at, ("seed-fixed.txt", SEED.decode("utf-8").replace("เรียบร้อยแล้ว", "ครบแล้ว", 1).encode("utf-8")))
    assert "ทุกค่าและข้อความเหมือนฉบับปัจจุบัน" not in texts(at)
    assert "รายงานผลไตรมาสที่ 1 (ข้อความแก้ไข)" in texts(at)


def test_a_typed_year_other_than_the_files_own_waits_and_says_why(engine: Engine) -> None:
    """The year box is filled with the year the file states; another year typed there would have
    been saved over it. It waits, in the page's language, as a conflicting agency code does."""
    at = upload(sign_in(app()), ("agency05.txt", with_header_year(2563, for_agency("05000000"))))
    assert at.text_input(key="year_0_agency05.txt").value == "2563"
    before = snapshot(engine)  # signed in
    at.text_input(key="year_0_agency05.txt").input("2570").run()
    assert "รายงานนี้ระบุปีงบประมาณ 2563 ไว้เอง ไม่ใช่ 2570" in unplain(" ".join(str(w.value) for w in at.warning))
    assert at.button(key="confirm").disabled and snapshot(engine) == before
    at.text_input(key="year_0_agency05.txt").input("2563").run()  # the file's own year, typed, is fine
    at.button(key="confirm").click().run()
    assert [v.fiscal_year for v in history(engine) if v.agency_code == "05000000"] == [2563]
