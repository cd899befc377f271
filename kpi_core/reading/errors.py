"""One error family for the whole core; each error carries the file, line and offending text.

Messy input is not an error (the parser returns issues beside what it read); these are raised
only when there is nothing sensible to return. The CLI and the UI turn them into one sentence:
the CLI prints ``message`` (English, naming its own options where they help); the app says the
error's ``code`` in the page's language, filled in with its ``params``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

ErrorCode = Literal[
    "error",  # no sentence of its own: the reason is shown as it is (configuration, the CLI's checks)
    "unreadable",
    "empty-file",
    "not-text",
    "garbled",  # params: line (the first line of Thai garbled by a wrong conversion: "à¸œà¸¥")
    "not-a-report",
    "no-indicator",
    "too-large",  # params: size, limit (MB)
    "too-many-indicators",  # params: n, limit
    "no-agency",
    "no-agency-or-year",  # neither the agency nor the fiscal year: both asked for at once
    "agency-mismatch",  # params: named (the report's code), typed
    "no-fiscal-year",
    "year-mismatch",  # params: named (the report's own year), typed
    "not-a-fiscal-year",  # params: value
    "bad-agency-code",  # params: value
    "bad-agency-kind",  # params: value, kinds
    "no-code-column",
    "unknown-column",  # params: value (the heading's unknown column), columns (the known ones)
    "not-utf8",
    "too-many-values",  # params: n (values in the row), columns (in the heading)
    "duplicate-agency",  # params: code, first (the line that gave it first)
    "value-too-long",  # params: limit (characters the CSV reader takes in one value)
    "name-too-long",  # params: n, limit (characters)
    "refused",  # a report read with an error-severity issue: the issues say which and where
    "already-deleted",  # params: id (a version deleted meanwhile, by another analyst)
    "already-current",  # params: id
]


class KpiError(Exception):
    """Base of every error the core raises on purpose.

    ``code`` says what went wrong for a program (the app words it in Thai or English) and
    ``params`` holds the values its sentence names; ``reason`` is the English sentence.
    """

    code: ErrorCode = "error"

    def __init__(
        self,
        source: str,
        reason: str,
        line: int | None = None,
        text: str | None = None,
        *,
        code: ErrorCode | None = None,
        params: Mapping[str, str | int] | None = None,
    ):
        self.source = source
        self.reason = reason
        self.line = line
        self.text = text
        if code is not None:
            self.code = code
        self.params: Mapping[str, str | int] = dict(params or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """``FILE[:LINE]: reason`` — the one line a user sees."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


class ReportError(KpiError):
    """The bytes are not a readable report."""

    code: ErrorCode = "unreadable"


class EmptyReportError(ReportError):
    """Nothing but whitespace."""

    code: ErrorCode = "empty-file"


class NotTextError(ReportError):
    """Binary data, an image, or text in an encoding we do not read."""

    code: ErrorCode = "not-text"


class GarbledTextError(NotTextError):
    """Thai text garbled on the way (UTF-8 read as Latin-1 or Windows-1252 and saved again):
    readable bytes, unreadable words, and a fix the analyst can make."""

    code: ErrorCode = "garbled"


class NotAReportError(ReportError):
    """Readable text, but not a BMA indicator report (JSON, prose, …)."""

    code: ErrorCode = "not-a-report"


class NoIndicatorError(ReportError):
    """A report header was found but not a single indicator could be read."""

    code: ErrorCode = "no-indicator"
