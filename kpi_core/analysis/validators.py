"""Checks on values people give: URL parameters and command-line arguments.

Each check takes the raw value and returns it parsed, or raises :class:`InputError` whose ``rule``
names what was broken (the app translates it) and whose message says what is accepted (the CLI
prints it). Report files are not checked here: the parser reads those and lists their issues.
"""

from __future__ import annotations

import re
import unicodedata

from kpi_core.analysis.query_terms import parse_query
from kpi_core.reading.errors import ErrorCode, KpiError

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2500, 2700  # B.E.: 1957–2157, wide of any report
MAX_TERMS = 20  # each term is one more condition in the search's SQL
MAX_QUERY_LENGTH = 200
MAX_TEXT_LENGTH = 500
# ASCII only: str.isdigit() also accepts "²" and "๘", and int() accepts "１２", " 8" and "1_0".
_DIGITS = re.compile(r"-?[0-9]+")
_PLAN_DIMENSION = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
_AGENCY_CODE = re.compile(r"[0-9]{8}")


class InputError(KpiError):
    """A value from a URL or the command line that is not accepted; ``rule`` says which check failed.

    Rules: ``not-a-number``, ``out-of-range``, ``control-character``, ``too-long``,
    ``too-many-terms``, ``bad-format``.
    """

    def __init__(
        self,
        source: str,
        reason: str,
        rule: str,
        limit: int | None = None,
        *,
        code: ErrorCode | None = None,
        params: dict[str, str | int] | None = None,
    ):
        self.rule = rule
        self.limit = limit
        super().__init__(source, reason, code=code, params=params)


def whole_number(value: str | int, what: str, low: int, high: int) -> int:
    """An integer from ASCII digits (an optional minus) within ``low..high``.

    >>> whole_number("8", "id", 1, MAX_ID)
    8
    >>> whole_number("²", "id", 1, MAX_ID)
    Traceback (most recent call last):
    ...
    kpi_core.analysis.validators.InputError: id: '²' is not a whole number written with the digits 0-9
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(what, f"{_show(str(value))} is not a whole number", "not-a-number")
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise InputError(what, f"{_show(value)} is not a whole number written with the digits 0-9", "not-a-number")
        if len(value.lstrip("-").lstrip("0")) > 19:  # far out of any range; int() of a huge one is slow
            raise InputError(what, f"{_cut(value)} is not between {low} and {high}", "out-of-range", high)
        value = int(value)
    if not low <= value <= high:
        raise InputError(what, f"{value} is not between {low} and {high}", "out-of-range", high)
    return value


def record_id(value: str | int, what: str = "id") -> int:
    """A database id: 1 to 2,147,483,647 (PostgreSQL's integer; SQLite overflows past 2**63)."""
    return whole_number(value, what, 1, MAX_ID)


def fiscal_year(value: str | int, what: str = "fiscal year") -> int:
    """A Buddhist Era fiscal year, 2500 to 2700: refuses a Gregorian 2020 or a typo like 25633.

    >>> fiscal_year("2563")
    2563
    >>> fiscal_year(2020)
    Traceback (most recent call last):
    ...
    kpi_core.analysis.validators.InputError: fiscal year: 2020 is not a B.E. fiscal year (2500 to 2700)
    """
    try:
        return whole_number(value, what, FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR)
    except InputError as exc:
        shown = _cut(str(value)) if exc.rule == "out-of-range" else _show(str(value))
        reason = f"{shown} is not a B.E. fiscal year ({FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR})"
        raise InputError(
            what, reason, exc.rule, LAST_FISCAL_YEAR, code="not-a-fiscal-year", params={"value": _cut(str(value))}
        ) from None


def text(value: str, what: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text without control characters (NUL breaks PostgreSQL and SQLite's full-text query),
    without lone surrogates (a command-line byte that is not UTF-8), and not too long."""
    if any(_control(ch) for ch in value):
        raise InputError(
            what, "contains a control character (such as NUL) or bytes that are not UTF-8", "control-character"
        )
    if len(value) > max_length:
        raise InputError(what, f"is longer than {max_length} characters", "too-long", max_length)
    return value


def search_query(value: str, what: str = "search") -> str:
    """A search as typed, stripped: at most 200 characters and 20 terms, no control characters.

    >>> search_query('  โควิด "ขยาย สัญญา" ')
    'โควิด "ขยาย สัญญา"'
    """
    value = text(value.strip(), what, MAX_QUERY_LENGTH)
    if len(parse_query(value)) > MAX_TERMS:
        raise InputError(what, f"has more than {MAX_TERMS} terms", "too-many-terms", MAX_TERMS)
    return value


def agency_code(value: str) -> str:
    """An agency code: eight ASCII digits, ``03000000``."""
    if not _AGENCY_CODE.fullmatch(value):
        raise InputError("agency", f"{_show(value)} is not an 8-digit agency code", "bad-format")
    return value


def plan_dimension(value: str) -> str:
    """A plan dimension code: ``5.3``."""
    if not _PLAN_DIMENSION.fullmatch(value):
        raise InputError("plan dimension", f"{_show(value)} is not a code like 5.3", "bad-format")
    return value


def _control(ch: str) -> bool:
    """C0/C1 controls other than whitespace, and surrogates: a command-line byte that is not
    UTF-8 arrives as one, and no database stores it."""
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cs")


def _cut(value: str, width: int = 40) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _show(value: str, width: int = 40) -> str:
    """A value quoted for a message: control characters visible, long values cut."""
    return repr(value if len(value) <= width else value[: width - 1] + "…")
