"""What a field may hold: plan and evaluation codes of the lengths real ones have, and texts no
longer than anything written by hand.

The parser reads any digits and any length, so that a line is still recognised for what it is;
these limits then decide what is kept. A code too long to be one is left out with a warning (its
title stays); a text too long for a field is an error, and the store refuses the file
(:func:`kpi_core.storage.store.refusal`): what the preview accepts, the database can save, and
ingest never spends minutes on a text nobody wrote.
"""

from __future__ import annotations

import re

from kpi_core.reading.model import Indicator, Issue
from kpi_core.reading.table import QUARTER_KEYS

# Plan codes as the 20-year plan numbers them: pillar 1–7, dimension 5.3, goal 5.3.1. The line
# shapes in blocks and parse take any digits, so that a line with a longer number is still known
# for a plan line; two digits a part is room to spare, and a longer number is no code: it is
# reported and left out (a 20-digit "pillar" overflowed the database's integer column when
# saving, after the preview had said the file could be saved; a 29-character goal code
# overflows PostgreSQL's String(16)).
PLAN_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,2}")
EVAL_DIMENSION = re.compile(r"\d{1,2}")  # มิติที่ 1–4 as evaluated; two digits to spare


def bad_code(code: str, line: int, what: str, rule: re.Pattern[str] = PLAN_CODE) -> Issue | None:
    """A warning when ``code`` is too long to be a code (its title is kept, the code left out).

    >>> bad_code("5.3.1", 10, "plan goal") is None
    True
    >>> bad_code("99999999999999999999.3", 5, "plan dimension").message[:70]
    "the plan dimension code '99999999999999999999.3' is too long to be one"
    """
    if rule.fullmatch(code):
        return None
    shown = code if len(code) <= 40 else code[:39] + "…"
    shape = "at most two digits a part, as in 5.3 or 5.3.1" if rule is PLAN_CODE else "at most two digits, as in 1"
    message = f"the {what} code {shown!r} is too long to be one ({shape}): left out, the rest of the line kept"
    return Issue(line, "warning", "bad-code", message)


# The longest text one field may hold. Real narratives run to a few hundred characters (the longest
# in the real samples is 673), a long summary or definition to a few thousand. Ingest tokenises
# every text for keywords and search: 100,000 characters in one narrative took 5 s, six million
# did not finish in five minutes. Twenty thousand is many times anything written by hand.
MAX_FIELD_CHARS = 20_000


def too_long(text: str, line: int, what: str) -> Issue | None:
    """An error-severity issue when ``text`` is longer than a field may be: the file is refused.

    >>> too_long("ก" * 20_001, 57, "the report for quarter 1").message[:70]
    'the report for quarter 1 is 20,001 characters long; a field holds at m'
    >>> too_long("ก" * 20_000, 57, "the report for quarter 1") is None
    True
    """
    if len(text) <= MAX_FIELD_CHARS:
        return None
    return Issue(
        line,
        "error",
        "field-too-long",
        f"{what} is {len(text):,} characters long; a field holds at most {MAX_FIELD_CHARS:,}"
        " (a long real one, a few thousand): shorten it to save the file",
    )


HEAD_TEXTS = {
    "name": "the indicator's name",
    "name_detail": "the indicator's name as repeated under its plan line",
    "eval_label": "the evaluation tag",
    "plan_dimension_title": "the plan dimension's title",
    "plan_goal_title": "the plan goal's title",
    "unit": "the unit",
    "kpi_type": "the indicator type",
}
_TEXTS = {"summary": "the summary", "projects": "the supporting projects", "definition": "the definition"}


def check_lengths(indicator: Indicator, head: list[tuple[object, str]], starts: dict[str, int]) -> list[Issue]:
    """An error for each text of ``indicator`` longer than a field may be, at the line where that
    text begins (``starts``: "q1" … "q4", "summary", "projects", "definition"); ``head`` holds
    the head's own texts, with what to call each (:data:`HEAD_TEXTS`)."""
    texts = [str(text) for text, _ in head] + [q.report for q in indicator.quarters]
    texts += [indicator.summary, indicator.supporting_projects, indicator.definition]
    if max(map(len, texts)) <= MAX_FIELD_CHARS:  # every real indicator: no issue to build
        return []
    found = [too_long(str(text), indicator.line, what) for text, what in head]
    for q in indicator.quarters:
        where = starts.get(QUARTER_KEYS[q.quarter], indicator.line)
        found.append(too_long(q.report, where, f"the report for quarter {q.quarter}"))
    for key, text in (
        ("summary", indicator.summary),
        ("projects", indicator.supporting_projects),
        ("definition", indicator.definition),
    ):
        found.append(too_long(text, starts.get(key, indicator.line), _TEXTS[key]))
    return [issue for issue in found if issue is not None]
