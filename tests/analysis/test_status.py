"""The status rules, one case per rule and its edges (DESIGN.md section 5), and the flags."""

from __future__ import annotations

import pytest

from kpi_core.analysis.status import STATUS_RULES, percent_of_target, quality_flags, status


@pytest.mark.parametrize(
    ("target", "result", "direction", "expected"),
    [
        (70.0, None, "up", "no-data"),  # no result, whatever else
        (None, None, "up", "no-data"),  # first match wins: no data before no target
        (None, 5.0, "up", "no-target"),
        (0.0, 5.0, "up", "no-target"),  # target 0 when higher is better says nothing
        (0.0, 0.0, "down", "met"),  # ... but 0 is a real target when lower is better
        (80.0, 80.0, "up", "met"),  # reaching the target is enough
        (80.0, 100.0, "up", "met"),
        (100.0, 90.0, "up", "near"),  # exactly 10 % short
        (100.0, 89.99, "up", "not-met"),
        (10.0, 8.0, "down", "met"),  # lower is better: at most the target
        (10.0, 11.0, "down", "near"),
        (10.0, 12.0, "down", "not-met"),
        (70.0, 0.0, "up", "not-met"),  # the seed's indicator 8
        (1.0, 100.0, "up", "met"),  # a count unit with a percent result: met, and flagged below
    ],
)
def test_status_rules(target: float | None, result: float | None, direction: str, expected: str) -> None:
    assert status(target, result, direction) == expected  # type: ignore[arg-type]


def test_every_rule_has_words_for_the_legend() -> None:
    assert [r.code for r in STATUS_RULES] == ["no-data", "no-target", "met", "near", "not-met"]
    assert all(r.label_th and r.label_en and r.explain_th and r.explain_en for r in STATUS_RULES)


def test_percent_of_target() -> None:
    assert percent_of_target(80.0, 100.0) == 125.0
    assert percent_of_target(0.0, 5.0) is None and percent_of_target(5.0, None) is None


@pytest.mark.parametrize(
    ("target", "result", "values", "reports", "expected"),
    [
        (1.0, 100.0, [0, 0, 0, 100], ["a", "b", "c", "d"], ["result-outlier"]),  # ฉบับ 1, result 100
        (80.0, 100.0, [20, 0, 0, 90], ["a", "b", "c", "d"], ["q4-mismatch"]),
        (80.0, 100.0, [20, 0, 0, 100], ["a", "", "c", "d"], []),  # Q2 has no value: nothing to explain
        (80.0, 100.0, [20, 50, 0, 100], ["a", "", "c", "d"], ["missing-narrative"]),
        (80.0, None, [None, None, None, None], ["", "", "", ""], []),
    ],
)
def test_quality_flags(
    target: float, result: float | None, values: list[float | None], reports: list[str], expected: list[str]
) -> None:
    assert quality_flags(target, result, values, reports) == expected
