"""Risk flags against a labelled corpus of report sentences, and the rules one case at a time.

``risk_corpus.tsv`` (sentence, expected categories, note) was written before the matcher learnt
negations and exclusions; it holds plain risks in every category, negated ones, wording that is
no risk (promotions, salary steps, the economy slowing, traffic calming), mixed sentences, and a
few hard cases it still gets wrong. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpi_core.analysis.highlight import highlight, risk_spans
from kpi_core.analysis.lexicon import RISK_EXCEPTIONS_FILE, load_risk_exceptions
from kpi_core.analysis.status import RISK_FLAGS, risk_flags
from kpi_core.reading.errors import KpiError

CORPUS = Path(__file__).with_name("risk_corpus.tsv")
CODES = {f.code for f in RISK_FLAGS}


def _corpus() -> list[tuple[str, set[str], str]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(r["sentence"], {c for c in r["expected"].split(",") if c != "-"}, r["note"]) for r in rows]


def test_the_corpus_is_big_and_covers_every_category() -> None:
    rows = _corpus()
    assert len(rows) >= 80
    labelled = set().union(*(expected for _, expected, _ in rows))
    assert labelled == CODES  # no typo in a label, no category left out
    assert sum(1 for _, expected, _ in rows if not expected) >= 40  # as many sentences with no risk


def test_precision_and_recall_on_the_corpus() -> None:
    tp = fp = fn = 0
    wrong = []
    for sentence, expected, _ in _corpus():
        got = set(risk_flags([sentence]))
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
        if got != expected:
            wrong.append(f"  {sentence}: expected {sorted(expected)}, got {sorted(got)}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    report = f"risk flags: precision {precision:.3f}, recall {recall:.3f} ({tp} right, {fp} false, {fn} missed)"
    print("\n" + report + "\n" + "\n".join(wrong))
    assert precision >= 0.95 and recall >= 0.95, report


@pytest.mark.parametrize(("sentence", "expected", "note"), _corpus())
def test_marks_agree_with_flags(sentence: str, expected: set[str], note: str) -> None:
    """A word is marked exactly where it raises a flag, in every sentence of the corpus."""
    assert {s.label for s in risk_spans(sentence)} == set(risk_flags([sentence]))


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("ไม่สามารถดำเนินการได้เนื่องจากล่าช้า", ["delayed"]),  # the negation is about สามารถ
        ("ผู้รับจ้างส่งมอบของไม่ครบ ล่าช้ากว่ากำหนด 30 วัน", ["delayed"]),  # a space ends the clause
        ("ไม่ ล่าช้า", []),  # ... but not one right after the negation
        ("ไม่มีการ ยกเลิก", []),
        ("ไม่ล่าช้า\nยกเลิกกิจกรรม", ["cancelled"]),  # a new line is a new clause
        ("ไม่มีผลกระทบจากโควิด\nขอเลื่อนการประชุม", ["delayed"]),
        ("ไม่ได้รับผลกระทบจากสถานการณ์การแพร่ ระบาดของโรคโควิด", []),  # a clause-wide denial
        ("ไม่มีการยกเลิกหรือเลื่อนกิจกรรม", []),  # one negation, two joined terms
        ("ไม่มีการยกเลิก และไม่ล่าช้า", []),
        ("ไม่มีการยกเลิก ขอเลื่อนกิจกรรม", ["delayed"]),  # not joined: a second clause
        ("สถานการณ์การแพร่ ระบาดของโค วิด", ["covid"]),  # a space inside the term
        ("ที่ปรึกษาขอขยาย สัญญา", ["contract-extended"]),
        ("การเลื่อนเงินเดือนล่าช้า", ["delayed"]),  # the excluded phrase hides only its own เลื่อน
        ("ล่าช้าไม่เกิน 7 วัน", ["delayed"]),  # a negation after the term says nothing of it
        ("COVID ไม่มีการยกเลิก", ["covid"]),
    ],
)
def test_negation_and_exclusion_rules(text: str, codes: list[str]) -> None:
    assert risk_flags([text]) == codes
    assert sorted({s.label for s in risk_spans(text)}) == codes


def test_a_denied_word_is_not_marked_but_a_real_one_is() -> None:
    out = highlight("ไม่มีการยกเลิกโครงการ แต่ขอเลื่อนการอบรม")
    assert "risk-cancelled" not in out
    assert '<mark class="risk risk-delayed">เลื่อน</mark>' in out
    spaced = highlight("ไวรัส โค วิด-19")
    assert '<mark class="risk risk-covid">โค วิด</mark>' in spaced  # the mark spans the space


def test_flags_across_several_texts_keep_the_lexicon_order() -> None:
    texts = ["ไม่ล่าช้า", "ได้รับผลกระทบจากโควิด", "ขอยกเลิกโครงการ"]
    assert risk_flags(texts) == ["cancelled", "covid"]


def test_exceptions_file_is_read_and_an_analyst_can_extend_it(tmp_path: Path) -> None:
    shipped = load_risk_exceptions()
    assert "เลื่อนเงินเดือน" in shipped.exclude and "ไม่มีการ" in shipped.negation
    assert "เนื่องจาก" in shipped.clause_break and "ไม่มีผลกระทบ" in shipped.negation_clause
    extended = tmp_path / "exceptions.csv"
    extended.write_text(
        RISK_EXCEPTIONS_FILE.read_text(encoding="utf-8") + "exclude,ยกเลิกใบอนุญาต,a licence revoked\n",
        encoding="utf-8",
    )
    text = "สั่งยกเลิกใบอนุญาตประกอบกิจการ 3 ราย"
    assert risk_flags([text]) == ["cancelled"]
    assert risk_flags([text], exceptions=load_risk_exceptions(extended)) == []
    assert load_risk_exceptions(tmp_path / "missing.csv").exclude == ()  # no file: no exceptions
    broken = tmp_path / "broken.csv"
    broken.write_text("kind,phrase,note\nexclude,เลื่อนขั้น,\nignore,ไม่,\n", encoding="utf-8")
    with pytest.raises(KpiError, match=r"broken\.csv:3: every row needs a phrase and a kind"):
        load_risk_exceptions(broken)
