"""Keywords judged by people: golden narratives with the keywords a reader expects and the ones
that must never show (fragments of broken words, words split wrong, report boilerplate).

``keyword_golden/NN_*.txt`` are narratives written for these tests in the style of BMA reports,
with the artefacts real pages have (a space inside a word, a word cut at the end, a company
name the dictionary does not know); ``seed_sed_agency_03000000.tsv`` labels the seed report's
eight indicators. The labels were written before the keyword code was changed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpi_core import parse_report
from kpi_core.analysis.keywords import (
    DocumentFrequencies,
    KeywordIndex,
    indicator_keywords,
    indicator_terms,
    stem,
    terms,
    top_keywords,
)
from kpi_core.analysis.vocabulary import load_vocabulary, read_word_list, syllables, tokenize
from kpi_core.reading.errors import KpiError

GOLDEN = Path(__file__).with_name("keyword_golden")
SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "sed_agency_03000000.txt"


def _words(line: str) -> list[str]:
    return [w.strip().lower() for w in line.split(":", 1)[1].split(",")]


def _narrative(path: Path) -> tuple[list[str], list[str], list[str]]:
    """``# good: …``, ``# bad: …``, then texts each under a ``--- N`` line."""
    good, bad, *rest = path.read_text(encoding="utf-8").splitlines()
    texts: list[list[str]] = []
    for line in rest:
        if line.startswith("---"):
            texts.append([])
        else:
            texts[-1].append(line)
    return _words(good), _words(bad), ["\n".join(t) for t in texts]


def _cases() -> dict[str, tuple[list[str], list[str], list[str]]]:
    cases = {p.stem: _narrative(p) for p in sorted(GOLDEN.glob("*.txt"))}
    report = parse_report(SEED.read_bytes(), SEED.name)
    by_seq = {ind.seq: ind for ind in report.indicators}
    with (GOLDEN / "seed_sed_agency_03000000.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ind = by_seq[int(row["seq"])]
            texts = [q.report for q in ind.quarters] + [ind.summary]
            cases[f"seed_{row['seq']}"] = (_words(":" + row["good"]), _words(":" + row["bad"]), texts)
    return cases


CASES = _cases()


def _found(good: list[str], shown: list[str]) -> list[str]:
    """Expected keywords that show, as themselves or inside a longer keyword (ภาษี in ภาษีที่ดิน)."""
    return [g for g in good if any(stem(g) in word for word in shown)]


def _judge(shown_by_case: dict[str, list[str]], at_least: float = 0.5) -> None:
    """No bad keyword anywhere; of the expected ones, ``at_least`` of each case and 80 % of all."""
    found = total = 0
    for name, (good, bad, _) in CASES.items():
        shown = shown_by_case[name]
        assert not set(bad) & set(shown), f"{name}: bad keywords {sorted(set(bad) & set(shown))} in {shown}"
        hits = _found(good, shown)
        assert len(hits) >= at_least * len(good), f"{name}: only {hits} of {good} in {shown}"
        found, total = found + len(hits), total + len(good)
    print(f"\nkeywords: {found} of {total} expected shown, no bad one")
    assert found >= 0.8 * total


def test_the_golden_set_is_big_enough() -> None:
    assert sum(1 for name in CASES if not name.startswith("seed")) >= 10
    assert sum(len(good) + len(bad) for good, bad, _ in CASES.values()) >= 150


def test_keywords_of_one_indicator_without_a_corpus() -> None:
    _judge({name: indicator_keywords(texts, 8) for name, (_, _, texts) in CASES.items()})


def test_keywords_against_the_corpus() -> None:
    """What the app shows today. Weaker on seed 2: against a corpus, the English glosses in its
    brackets ("(Forward Thinking)") are unique to it and outrank two of the Thai words expected."""
    index = KeywordIndex({name: texts for name, (_, _, texts) in CASES.items()})
    _judge({name: [w for w, _ in index.top(name, 8)] for name in CASES}, at_least=0.4)


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("อยู่ระหว่างขั้น ตอนการขุดลอกคลอง", ["ขั้น", "ตอ"], ["ขุดลอก", "คลอง"]),  # a space inside a word
        ("สรุปผลจำนว", ["จำ", "นว"], []),  # a word cut at the end of an excerpt
        ("คอนโดมิเนียมของบริษัท ศุภลัย จำกัด (มหาชน)", ["ศุภ", "ลัย", "บริษัท", "จำกัด"], ["คอนโดมิเนียม"]),
        ("หน่วยงานบริหารทรัพยากรบุคคล", ["หน่วย", "งานบริหาร"], ["ทรัพยากรบุคคล"]),  # split at the right place
        ("การฝึกงานและฝึกงาน", ["การฝึกงาน"], ["ฝึกงาน"]),  # one keyword for both forms
        ("เส้นทางความก้าวหน้า", ["ก้าวหน้า"], ["ความก้าวหน้า"]),  # ความ nouns stay whole
        ("ประชุม (Focus Group) และ e-bidding", ["(focus"], ["focus", "group", "e-bidding"]),
        ("ประสานสำนักการโยธาและสำนักสิ่งแวดล้อม", ["นักการ", "สำ", "นักสิ่งแวดล้อม"], []),  # departments whole
        ("ดำเนินการแล้วเสร็จ ร้อยละ 100 ในเดือนมีนาคม", ["ดำเนินการ", "ร้อยละ", "มีนาคม", "100"], []),
    ],
)
def test_what_a_text_yields(text: str, absent: list[str], present: list[str]) -> None:
    found = terms(text)
    assert not set(absent) & set(found), found
    assert set(present) <= set(found), found


def test_one_syllable_words_only_from_the_domain_list() -> None:
    assert syllables("คลอง") == 1 and "คลอง" in terms("ขุดลอกคลอง")  # a domain word
    assert syllables("เงิน") == 1 and "เงิน" not in terms("เบิกจ่ายเงิน")


def test_scores_are_pure_and_need_no_corpus() -> None:
    texts = ["จัดอบรมหลักสูตรป้องกันการทุจริต", "เผยแพร่หลักสูตรบนเว็บไซต์"]
    first = indicator_keywords(texts, 3)
    indicator_keywords(["ขุดลอกคลองและล้างท่อระบายน้ำ"])  # nothing carries over between calls
    assert indicator_keywords(texts, 3) == first and first[0] == "หลักสูตร"
    assert indicator_keywords([], 8) == [] and indicator_keywords(["", "ดำเนินการแล้ว"]) == []


def test_document_frequencies_discount_what_every_indicator_says() -> None:
    mine = indicator_terms(["ขุดลอกคลอง ขุดลอกคลอง ติดตั้งเครื่องสูบน้ำ"])
    assert [w for w, _ in top_keywords(mine, 1)] == ["ขุดลอก"]
    # Every indicator of the store speaks of ขุดลอก, only this one of เครื่องสูบน้ำ.
    df = DocumentFrequencies.of([mine, *([indicator_terms(["ขุดลอกคลอง"])] * 20)])
    assert (df.documents, df.counts["ขุดลอก"], df.counts["เครื่องสูบน้ำ"]) == (21, 21, 1)
    assert [w for w, _ in top_keywords(mine, 1, df)] == ["เครื่องสูบน้ำ"]
    assert indicator_keywords(["ขุดลอกคลอง ขุดลอกคลอง ติดตั้งเครื่องสูบน้ำ"], 1, df) == ["เครื่องสูบน้ำ"]


def test_word_lists_are_files_an_analyst_extends(tmp_path: Path) -> None:
    domain = tmp_path / "domain.txt"
    domain.write_text("# comment\nแก้มลิง\n\n-งานบริหาร\nบ่อหน่วงน้ำ\n", encoding="utf-8")
    stops = tmp_path / "stop.txt"
    stops.write_text("ท่อ\n", encoding="utf-8")
    assert read_word_list(domain) == (["แก้มลิง", "บ่อหน่วงน้ำ"], ["งานบริหาร"])
    vocab = load_vocabulary(domain, stops)
    assert "บ่อหน่วงน้ำ" in vocab.words and "งานบริหาร" not in vocab.words and "ท่อ" in vocab.stop
    assert "บ่อหน่วงน้ำ" in tokenize("ก่อสร้างบ่อหน่วงน้ำ", vocab)
    assert "บ่อหน่วงน้ำ" in terms("ก่อสร้างบ่อหน่วงน้ำ", vocab)
    broken = tmp_path / "broken.txt"
    broken.write_text("คลอง\nท่อ ระบาย\n", encoding="utf-8")
    with pytest.raises(KpiError, match=r"broken\.txt:2: one word per line"):
        read_word_list(broken)
