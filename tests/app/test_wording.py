"""What a reviewer reading the app in English (and in Thai) found: agencies by their Thai name on
the upload page, "1 indicators", Thai months and "pp" in the wrong language, raw registry kinds,
flags explained by their own label, a delete sentence about the wrong scope, a password box that
password managers skip, and an issue still listed after the analyst answered it (Streamlit
AppTest over a real SQLite database)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from builders import SEED, for_agency, page, without_fiscal_year
from kpi_core.access.auth import hash_password
from kpi_core.storage.agencies import Agency, upsert
from kpi_core.storage.journal import audit_entries
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store, write_transaction
from kpi_core.storage.versions import history
from ui.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")  # runs app.py; see that file for why
PASSWORD = "correct horse battery"
BANG_NA = Agency("05000000", "สำนักงานเขตบางนา", "Bang Na District Office", "district")


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    with write_transaction(engine) as conn:
        upsert(conn, [BANG_NA])
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_USERS", f"somchai:analyst:{hash_password(PASSWORD)}")
    return engine


def app(page_file: str | None = None, *, signed_in: bool = True, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if signed_in:
        at.text_input(key="login_name").input("somchai")
        at.text_input(key="login_password").input(PASSWORD)
        next(b for b in at.button if b.label in ("เข้าสู่ระบบ", "Log in")).click().run()
    if page_file:
        at.switch_page(str(ROOT / "pages" / page_file)).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.switch_page(str(ROOT / "pages" / "upload.py")).run()
    at.file_uploader[0].set_value([(name, data, "text/plain") for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "success", "markdown", "caption") for e in at.get(kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # undo the Markdown escaping of report text


# 1 and 2: the upload page names agencies in the page's language, counts agree, the effect reads plainly


def test_upload_in_english_names_a_registered_agency_in_english(engine: Engine) -> None:
    at = upload(app(lang="en"), ("bangna.txt", for_agency("05000000")))
    shown = texts(at)
    assert "Bang Na District Office (05000000) · fiscal year 2563 · 8 indicators" in shown
    assert "Saving changes Bang Na District Office (05000000), FY 2563: 8 added · 0 replaced" in shown
    assert "0 withdrawn · 0 unchanged" in shown
    assert "สำนักงานเขตบางนา" not in shown and "Agency Bang Na" not in shown
    name_box = at.text_input(key="name_0_bangna.txt")
    assert name_box.label == "Agency name in Thai (as stored)" and name_box.value == "สำนักงานเขตบางนา"
    assert at.button(key="confirm").label == "Confirm: save 1 file"
    at.button(key="confirm").click().run()
    assert not at.exception, at.exception
    assert "Bang Na District Office (05000000), FY 2563: saved, 8 indicators (report" in texts(at)
    saved = next(v for v in history(engine) if v.source_name == "bangna.txt")
    assert saved.agency_name == "สำนักงานเขตบางนา"  # the Thai name is what is stored


@pytest.mark.parametrize(
    ("lang", "preview", "saved"),
    [
        ("th", "หน่วยงาน 09000000 · ปีงบประมาณ 2563 · 8 ตัวชี้วัด", "หน่วยงาน 09000000 ปีงบประมาณ 2563: บันทึกแล้ว 8"),
        ("en", "Agency 09000000 · fiscal year 2563 · 8 indicators", "Agency 09000000, FY 2563: saved, 8 indicators"),
    ],
    ids=["th", "en"],
)
def test_an_unnamed_agency_is_called_agency_and_its_code(engine: Engine, lang: str, preview: str, saved: str) -> None:
    at = upload(app(lang=lang), ("nine.txt", for_agency("09000000")))
    assert preview in texts(at)
    effect = "Saving changes Agency 09000000, FY 2563" if lang == "en" else "ของ หน่วยงาน 09000000 ปีงบประมาณ 2563"
    assert effect in texts(at)
    at.button(key="confirm").click().run()
    assert saved in texts(at)
    assert "09000000, FY" not in texts(at).replace("Agency 09000000, FY", "")  # never the bare code


def test_one_indicator_and_one_file_are_singular_in_english(engine: Engine) -> None:
    at = upload(app(lang="en"), ("mykpi_pid_0300-0042.txt", page("0300-0042", name="ตัวชี้วัดหน้าเดียว", year=2563)))
    shown = texts(at)
    assert "(03000000) · fiscal year 2563 · 1 indicator ·" in shown and "1 indicators" not in shown
    assert "1 added · 0 replaced · 0 withdrawn · 8 unchanged" in shown
    assert at.button(key="confirm").label == "Confirm: save 1 file"
    at.button(key="confirm").click().run()
    assert "FY 2563: saved, 1 indicator (report" in texts(at)
    at.switch_page(str(ROOT / "pages" / "history.py")).run()
    details = list(at.dataframe[1].value["Detail"])
    assert "mykpi_pid_0300-0042.txt: new report, 1 indicator" in details, details
    assert "seed.txt: new report, 8 indicators" in details


def test_two_files_are_plural_and_thai_counts_stay_as_they_are(engine: Engine) -> None:
    files = (("a.txt", for_agency("05000000")), ("b.txt", for_agency("06000000")))
    assert upload(app(lang="en"), *files).button(key="confirm").label == "Confirm: save 2 files"
    assert upload(app(), files[0]).button(key="confirm").label == "ยืนยันบันทึก 1 ไฟล์"


def test_every_english_plural_has_two_forms_of_the_count_and_thai_has_one() -> None:
    plural = {key: pair for key, pair in STRINGS.items() if "|" in pair[1]}
    assert {"found", "confirm", "same_text", "outcome_added", "audit_added", "hits"} <= set(plural)
    for key, (th, en) in plural.items():
        one, many = en.split("|")
        count = re.compile(r"\{n(:[^}]*)?\}")  # {n} or a formatted {n:,}
        assert "|" not in th and count.search(th) and count.search(one) and count.search(many), key
        assert one != many, key


def test_the_command_line_counts_one_indicator_in_the_singular(engine: Engine) -> None:
    result = ingest(engine, page("0300-0042", name="ตัวชี้วัดหน้าเดียว", year=2563), "one.txt", uploaded_by="t")
    assert result.message.endswith("1 indicator)"), result.message
    assert audit_entries(engine)[0]["detail"]  # stored as parts; the English sentence is below
    from kpi_core.storage.audit import Detail, english

    assert english(Detail("added", file="one.txt", count=1)) == "one.txt: added, 1 indicator"
    assert english(Detail("agencies", count=1)) == "1 agency added or changed"


# 8: a fiscal year typed answers the "no fiscal year" issue


def test_the_missing_year_issue_goes_once_a_year_is_typed(engine: Engine) -> None:
    at = upload(app(lang="en"), ("noyear.txt", without_fiscal_year(for_agency("05000000"))))
    assert "Line 1: no fiscal year in the header" in texts(at)
    at.text_input(key="year_0_noyear.txt").input("2563").run()
    assert not at.exception, at.exception
    assert "no fiscal year" not in texts(at).lower()
    at.text_input(key="year_0_noyear.txt").input("1999").run()  # no B.E. year: the question is open again
    assert "Line 1: no fiscal year in the header" in texts(at)


# 3: the timeline's dates in English


def test_the_timeline_names_months_in_english_and_keeps_the_be_year(engine: Engine) -> None:
    df = indicators(engine)
    five = str(int(df.loc[df.seq == 5, "indicator_id"].item()))
    at = app("indicator.py", signed_in=False, lang="en", id=five)
    assert at.dataframe[1].value["Date"].tolist()[:2] == ["9 Dec 2562", "28 Feb 2563"]
    at = app("indicator.py", signed_in=False, id=five)
    assert at.dataframe[1].value["วันที่"].tolist()[:2] == ["9 ธ.ค. 2562", "28 ก.พ. 2563"]


# 4: percentage points in Thai, registry kinds in the page's language


def test_the_percent_met_change_is_in_thai_points(engine: Engine) -> None:
    next_year = SEED.replace("ประจำปี :".encode(), "ประจำปี : 2564".encode(), 1)
    ingest(engine, next_year, "2564.txt", uploaded_by="t")
    percent = next(m for m in app(signed_in=False).metric if m.label == "ร้อยละที่บรรลุ")
    assert percent.delta == "+0.0 จุด"
    percent = next(m for m in app(signed_in=False, lang="en").metric if m.label == "Percent met")
    assert percent.delta == "+0.0 pp"


def _kind_options(at: AppTest) -> list[dict[str, str]]:
    columns = json.loads(at.dataframe[0].proto.columns)
    return columns["kind"]["type_config"]["options"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("th", ["สำนักงานเขต", "สำนัก", "อื่น ๆ"]), ("en", ["District office", "Department", "Other"])],
    ids=["th", "en"],
)
def test_registry_kinds_read_in_the_page_language_and_stay_codes(engine: Engine, lang: str, labels: list[str]) -> None:
    for signed_in in (False, True):  # the viewers' table and the analysts' editor
        at = app("agencies.py", signed_in=signed_in, lang=lang)
        options = _kind_options(at)
        assert [o["label"] for o in options] == labels
        assert [o["value"] for o in options] == ["district", "department", "other"]  # what is saved
    at.button(key="agencies_save").click().run()  # saving the table as shown keeps the codes
    assert not at.exception, at.exception
    from kpi_core.storage.agencies import registry

    assert next(a for a in registry(engine) if a.code == "05000000").kind == "district"


# 5: the legend explains each flag, and Thai and English name the same thing


def test_the_legend_explains_quality_flags_instead_of_repeating_them(engine: Engine) -> None:
    for lang, labels, explained in (
        (
            "en",
            ("Result ≥ 50× target", "Q4 value ≠ annual result", "Quarter value without narrative"),
            ("50 or more times the target", "quarter 4 should be the year's total", "a value but no narrative"),
        ),
        (
            "th",
            ("ผลงานสูงผิดปกติ", "ไตรมาส 4 ≠ ผลงาน", "มีผลงานไตรมาสแต่ไม่มีรายงานผล"),
            ("ตั้งแต่ 50 เท่าขึ้นไป", "ควรเป็นผลสะสมทั้งปี", "แต่ไม่มีรายงานผลการดำเนินงาน"),
        ),
    ):
        lines = [m.value for m in app(signed_in=False, lang=lang).markdown if str(m.value).startswith("⚑")]
        for label, why in zip(labels, explained, strict=True):
            line = next(x for x in lines if f"**{label}**" in x.replace("\\", ""))
            assert why in line.replace("\\", ""), line
            assert line.replace("\\", "").count(label) == 1, line  # not "X — X"


# 6: a single-indicator page's delete names the indicator, not the agency's year


@pytest.mark.parametrize(
    ("lang", "scope", "wrong"),
    [("th", "ตัวชี้วัดเดียวกัน", "หน่วยงานและปีเดียวกัน"), ("en", "of the same indicator", "agency and year")],
    ids=["th", "en"],
)
def test_deleting_a_page_says_which_page_of_the_same_indicator_becomes_current(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, lang: str, scope: str, wrong: str
) -> None:
    # As in test_analyst_comforts: AppTest formats the picker's value in the test's thread.
    monkeypatch.setattr("ui.i18n.lang", lambda: lang)
    first = ingest(engine, page("0300-0042", year=2563), "p1.txt", uploaded_by="t")
    second = ingest(engine, page("0300-0042", result="60", year=2563), "p2.txt", uploaded_by="t")
    at = app("history.py", lang=lang)
    at.selectbox(key="version").set_value(second.report_id).run()
    at.button(key="delete").click().run()
    assert scope in texts(at) and wrong not in texts(at)
    assert str(first.report_id) in texts(at)
    seed = next(v for v in history(engine) if v.source_name == "seed.txt")  # an agency report says so
    at.selectbox(key="version").set_value(seed.report_id).run()
    at.button(key="delete").click().run()
    assert wrong in texts(at)


# 7: password managers fill the sign-in


def test_the_password_box_asks_for_the_current_password(engine: Engine) -> None:
    at = app(signed_in=False)
    assert at.text_input(key="login_password").proto.autocomplete == "current-password"
    assert at.text_input(key="login_name").proto.autocomplete == "username"
