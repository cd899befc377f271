"""Highlighting and risk words as pure functions: a table of cases, then the hostile ones."""

from __future__ import annotations

import html
import re

import pytest

from kpi_core.analysis.highlight import highlight, risk_spans
from kpi_core.analysis.keywords import keywords, terms
from kpi_core.analysis.lexicon import load_risk_lexicon
from kpi_core.analysis.status import RISK_FLAGS, risk_flags
from kpi_core.reading.errors import KpiError

MARKED = re.compile(r'<mark class="search">(.*?)</mark>')


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("การกระจายอำนาจสู่ประชาชน", "อำนาจ", ["อำนาจ"]),
        ("ปรึกษากับที่ปรึกษาของโครงการ", "ปรึกษา", ["ปรึกษา", "ปรึกษา"]),
        ("กรุงเทพมหานคร", "กร", ["กรุ"]),  # never split ร from its vowel ุ
        ("ที่ปรึกษา", "ี", ["ที่"]),  # a lone mark widens to its whole cluster
        ("สถานการณ์ (COVID 19)", "covid", ["COVID"]),  # Latin ignores case, keeps the original
        ("Best Practice และ best", "BEST", ["Best", "best"]),
        ("ขยายสัญญา 60 วัน", '"ขยายสัญญา 60"', ["ขยายสัญญา 60"]),
        ("ไม่มีคำนี้", "โควิด", []),
        ("aaa", "aa", ["aa"]),  # matches do not overlap themselves
        ("ค่า ๑๐๐", "100", []),  # the parser converts digits; raw Thai digits stay what they are
    ],
)
def test_search_terms_are_marked(text: str, query: str, marked: list[str]) -> None:
    assert MARKED.findall(highlight(text, query, risks=False)) == marked


def test_several_terms_each_marked_and_overlaps_merge() -> None:
    out = highlight("ที่ปรึกษาขอขยายสัญญา", "ปรึกษา ที่ปรึกษา", risks=False)
    assert MARKED.findall(out) == ["ที่ปรึกษา"]  # overlapping matches become one mark
    assert highlight("abc", "") == "abc"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("ขอยกเลิกโครงการ", ["cancelled"]),
        ("มีมติให้ชะลอโครงการไว้ก่อน", ["delayed"]),
        ("ขอเลื่อนการดำเนินการ", ["delayed"]),
        ("การแพร่ระบาด (COVID 19)", ["covid"]),
        ("ไวรัส โควิด-19", ["covid"]),
        ("ที่ปรึกษาขอขยายสัญญา", ["contract-extended"]),
        ("ขอขยายระยะเวลาดำเนินการ", ["contract-extended"]),
        ("งบประมาณถูกปรับลด", ["budget-cut"]),
        ("ดำเนินการแล้วเสร็จ", []),
    ],
)
def test_risk_words_by_category(text: str, codes: list[str]) -> None:
    assert sorted({s.label for s in risk_spans(text)}) == codes
    assert risk_flags([text]) == codes
    for code in codes:
        assert f'class="risk risk-{code}"' in highlight(text)


def test_search_wins_where_it_overlaps_a_risk_word() -> None:
    out = highlight("ยกเลิก", "ยกเลิก")
    assert out == '<mark class="search">ยกเลิก</mark>'


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script> โควิด",
        '<img src=x onerror="alert(1)"> ยกเลิก',
        "ข้อความ</mark><b>หนา</b> ที่ปรึกษา",
        "AT&T และ &amp; &lt;ไม่ใช่แท็ก&gt;",
        '" onmouseover="alert(1)',
    ],
)
def test_markup_inside_a_narrative_stays_text(hostile: str) -> None:
    out = highlight(hostile, "ที่ปรึกษา โควิด ยกเลิก")
    without_marks = re.sub(r'<mark class="[a-z -]+">|</mark>', "", out)
    assert "<" not in without_marks and ">" not in without_marks  # every other bracket is escaped
    assert html.unescape(without_marks.replace("<br>", "\n")) == hostile  # and nothing was lost


def test_lexicon_file_is_the_source_of_the_flags(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert [f.code for f in RISK_FLAGS] == ["cancelled", "delayed", "covid", "contract-extended", "budget-cut"]
    custom = tmp_path / "terms.csv"
    custom.write_text(
        "category,label_th,label_en,colour,term\nflood,น้ำท่วม,Flood,#0000ff,น้ำท่วม\nflood,น้ำท่วม,Flood,#0000ff,น้ำท่วมขัง\n",
        encoding="utf-8",
    )
    (flood,) = load_risk_lexicon(custom)
    assert (flood.code, flood.terms, flood.colour) == ("flood", ("น้ำท่วม", "น้ำท่วมขัง"), "#0000ff")
    broken = tmp_path / "broken.csv"
    broken.write_text("category,label_th,label_en,colour,term\nflood,,Flood,#00f,น้ำ\n", encoding="utf-8")
    with pytest.raises(KpiError, match=r"broken\.csv:2: every row needs"):
        load_risk_lexicon(broken)


def test_keywords_on_a_small_corpus() -> None:
    corpus = {
        "a": ["จัดอบรมหลักสูตรการป้องกันทุจริต", "เผยแพร่หลักสูตรบนเว็บไซต์"],
        "b": ["จัดประชุมคณะกรรมการ", "จัดประชุมคณะกรรมการอีกครั้ง"],
        "c": ["ตรวจรับพัสดุงวดที่ 1", "ตรวจรับพัสดุงวดที่ 2 และประชุม"],
    }
    # Twice in its own document and nowhere else ranks first.
    assert keywords("a", corpus)[0][0] == "หลักสูตร"
    # Both twice in b, but ประชุม also occurs in c: rarer across the corpus ranks higher.
    assert [w for w, _ in keywords("b", corpus, top=2)] == ["คณะกรรมการ", "ประชุม"]
    assert sorted(w for w, _ in keywords("c", corpus, top=2)) == ["ตรวจรับ", "พัสดุ"]
    assert keywords("c", corpus)[-1][0] == "ประชุม"
    assert keywords("missing", corpus) == []
    assert "ร้อยละ" not in terms("ร้อยละของโครงการที่ดำเนินการ")
