"""Words a reviewer found misleading, as a reader meets them (Streamlit AppTest over SQLite): a
view with no result yet read "0.0 % met" and "no indicator is below its target" (all fine); a
cut file's banner read as if the narratives shown were not the agency's; a garbled upload was
called "not a text file"; and a passage without agency or year was refused for one, then the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from builders import SEED, garbled, page, page_cut_at_q3, without_fiscal_year
from kpi_core.access.auth import hash_password
from kpi_core.storage.query import indicators
from kpi_core.storage.store import ingest, open_store
from kpi_core.storage.versions import history
from ui.i18n import STRINGS
from ui.markdown import unplain

ROOT = Path(__file__).resolve().parents[2]
APP = str(Path(__file__).resolve().parents[1] / "apptest_entry.py")  # runs app.py; see that file for why
PASSWORD = "correct horse battery"
LANGS = {"th": 0, "en": 1}  # the place of each language in a STRINGS pair


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    engine = open_store(url, seed=False)
    ingest(engine, SEED, "seed.txt", uploaded_by="t", agency_name="สำนักงาน ก.ก.")
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    monkeypatch.setenv("KPI_USERS", f"somchai:analyst:{hash_password(PASSWORD)}")
    return engine


def app(page_file: str | None = None, *, signed_in: bool = False, **params: str) -> AppTest:
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


def said(at: AppTest, *kinds: str) -> str:
    kinds = kinds or ("error", "warning", "info", "success", "markdown", "caption")
    return "\n".join(unplain(str(e.value)) for kind in kinds for e in at.get(kind))


def words(key: str, lang: str, **values: object) -> str:
    text = STRINGS[key][LANGS[lang]]
    if "|" in text:
        one, many = text.split("|", 1)
        text = one if values.get("n") == 1 else many
    return text.format(**values)


def pages_of_49990000(engine: Engine, *results: str) -> None:
    """Pages of agency 49990000 (no registered name), fiscal year 2565: "" is a page with no result."""
    for n, result in enumerate(results):
        ingest(engine, page(f"4999-000{n}", result=result), f"p{n}.txt", uploaded_by="t")


# 1: a view in which no indicator has a result yet


@pytest.mark.parametrize("lang", LANGS)
def test_a_view_with_no_result_yet_shows_no_percent_met_and_says_nothing_is_known(engine: Engine, lang: str) -> None:
    pages_of_49990000(engine, "", "")
    at = app(lang=lang, fy="2565", agency="49990000")
    (percent,) = [m for m in at.metric if m.label == words("m_percent", lang)]
    assert percent.value == "—"
    assert words("percent_none", lang) in said(at, "caption")  # why "—": under the cards
    box = said(at, "info")
    assert words("follow_up_unknown", lang) in box and words("percent_basis_no_data", lang, n=2) in box
    everything = said(at)
    assert words("no_exceptions", lang) not in everything and "0.0%" not in everything


@pytest.mark.parametrize("lang", LANGS)
def test_the_follow_up_box_counts_the_indicators_it_cannot_judge_yet(engine: Engine, lang: str) -> None:
    pages_of_49990000(engine, "", "90")  # one with no result, one met (90 of 80)
    at = app(lang=lang, fy="2565", agency="49990000")
    assert [m.value for m in at.metric if m.label == words("m_percent", lang)] == ["50.0%"]
    expected = f"{words('no_exceptions_of', lang, n=1)} · {words('percent_basis_no_data', lang, n=1)}"
    assert expected in said(at, "caption")
    # The seed's year has one indicator not met; a page with no result joins it: listed apart.
    ingest(engine, page("0300-0042", result="", year=2563), "p42.txt", uploaded_by="t")
    at = app(lang=lang, fy="2563", agency="03000000")
    also = words("follow_up_also", lang, parts=words("percent_basis_no_data", lang, n=1))
    assert also in said(at, "caption") and at.get("page_link")


# 3: the banner of an indicator whose file was cut


@pytest.mark.parametrize("lang", LANGS)
def test_the_cut_banner_says_the_shown_text_is_what_the_file_holds(engine: Engine, lang: str) -> None:
    ingest(engine, page_cut_at_q3(), "mykpi_pid_5008-2005.txt", uploaded_by="t")
    df = indicators(engine)
    ident = int(df.loc[df.kpi_code == "5008-2005", "indicator_id"].item())
    at = app("indicator.py", lang=lang, id=str(ident))
    (banner,) = [unplain(str(w.value)) for w in at.warning]
    if lang == "th":
        assert "จบที่บรรทัด 54" in banner and "ส่วนที่อยู่หลังจุดนั้นไม่มีอยู่ในไฟล์" in banner
        assert "ข้อความที่แสดงคือสิ่งที่มีอยู่ในไฟล์" in banner and "ไม่ใช่สิ่งที่หน่วยงานรายงาน" not in banner
    else:
        assert "ends at line 54" in banner and "The parts after that point are not in the file" in banner
        assert "what is shown is what the file holds" in banner and "agency's report" not in banner
    assert "✂️" in banner and said(at, "markdown").count("✂️") == 2  # Q3 and Q4, marked as the banner says


# 4: an upload garbled by a wrong conversion


@pytest.mark.parametrize(
    ("lang", "cause", "fix", "not_said"),
    [
        ("th", "ถูกแปลงรหัสอักขระผิด", "บันทึกหน้าเว็บต้นฉบับใหม่เป็น UTF-8", "ไม่ใช่ไฟล์ข้อความ"),
        ("en", "garbled by a wrong conversion", "save the page again as UTF-8", "Not a text file"),
    ],
    ids=LANGS,
)
def test_a_garbled_upload_says_its_cause_line_and_fix_only(
    engine: Engine, lang: str, cause: str, fix: str, not_said: str
) -> None:
    data = b"Back Home\r\n\r\n" + garbled(page())
    at = upload(app(signed_in=True, lang=lang), ("mykpi_pid_5008-2005__mojibake.txt", data))
    (error,) = [unplain(str(e.value)) for e in at.error]
    line = "ตั้งแต่บรรทัด 3" if lang == "th" else "from line 3"
    assert cause in error and line in error and fix in error and "à¸" in error
    assert not_said not in error and error.count(cause) == 1 and error.count("UTF-8") == 1  # nothing glued on
    if lang == "th":
        assert not re.search("[A-Za-z]{3,}", error.replace("UTF-8", "")), error  # no English reason after it
    assert at.button(key="confirm").disabled


# 5: a passage that names neither its agency nor its fiscal year


@pytest.mark.parametrize("lang", LANGS)
def test_a_passage_without_agency_and_year_asks_for_both_at_once(engine: Engine, lang: str) -> None:
    data = without_fiscal_year(page("0300-0042", year=2563).replace(b": 0300-0042", b""))
    at = upload(app(signed_in=True, lang=lang), ("passage.txt", data))
    both = {
        "th": "ไม่พบทั้งรหัสหน่วยงาน (ในไฟล์หรือชื่อไฟล์) และปีงบประมาณ",
        "en": "Neither an agency code (in the file or its name) nor a fiscal year was found",
    }[lang]
    assert both in said(at, "warning") and at.button(key="confirm").disabled
    at.text_input(key="agency_0_passage.txt").input("03000000")
    at.text_input(key="year_0_passage.txt").input("2563").run()
    assert not at.exception and not at.button(key="confirm").disabled, said(at)
    at.button(key="confirm").click().run()
    saved = next(v for v in history(engine) if v.source_name == "passage.txt")
    assert (saved.agency_code, saved.fiscal_year, saved.current) == ("03000000", 2563, True)
