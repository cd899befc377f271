"""Excerpts of report text (search snippets, timeline) never start on a vowel or tone mark that
belongs to a cut-off letter, nor end on a leading vowel whose consonant was cut off."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from kpi_core.analysis.excerpt import excerpt
from kpi_core.reading.errors import KpiError
from kpi_core.reading.parse import parse_report
from kpi_core.storage.narratives import timeline

LEANING = set("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")
LEADING = set("เแโใไ")


def _narratives(samples_dir: Path) -> list[str]:
    texts = []
    for path in sorted((samples_dir / "real").glob("*.txt")):
        try:
            report = parse_report(path.read_bytes(), path.name)
        except KpiError:  # the two context pages are not reports
            continue
        texts += [q.report for ind in report.indicators for q in ind.quarters if q.report]
    return texts


def _clean_edges(piece: str) -> bool:
    inner = piece.removeprefix("…").removesuffix("…")
    return bool(inner) and inner[0] not in LEANING and inner[-1] not in LEADING


def test_cuts_anywhere_in_the_real_narratives_land_between_letters(samples_dir: Path) -> None:
    texts = _narratives(samples_dir)
    assert len(texts) > 20
    rng = random.Random(12)
    checked = 0
    for text in texts:
        for _ in range(40):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randrange(5, 200))
            piece = excerpt(text, start, end)
            if piece.strip("…"):
                assert _clean_edges(piece), (text, start, end, piece)
                checked += 1
    assert checked > 1000


def test_the_timeline_of_the_real_narratives_has_no_orphan_marks(samples_dir: Path) -> None:
    texts = _narratives(samples_dir)
    events = timeline(pd.DataFrame({"quarter": [1] * len(texts), "report": texts}))
    assert len(events) > 10
    assert [e for e in events["excerpt"] if not _clean_edges(e)] == []


def test_the_cut_seen_in_review_is_gone() -> None:
    # The reviewer's timeline row read "…ุมัติงบประมาณ": the cut fell between น and its vowel.
    text = "ได้รับอนุมัติงบประมาณ เมื่อวันที่ 9 ธันวาคม 2562"
    radius = text.index("9 ธันวาคม") - text.index("ุ")  # 50 characters back lands on the vowel
    out = timeline(pd.DataFrame({"quarter": [1], "report": [text]}), radius=radius)["excerpt"][0]
    assert out.startswith("…นุมัติ")
