"""One error family for the whole core; each error carries the file, line and offending text.

Messy input is not an error (the parser returns issues beside what it read); these are raised
only when there is nothing sensible to return. The CLI and the UI turn them into one sentence.
"""

from __future__ import annotations


class KpiError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, source: str, reason: str, line: int | None = None, text: str | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        self.text = text
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """``FILE[:LINE]: reason`` — the one line a user sees."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


class ReportError(KpiError):
    """The bytes are not a readable report."""


class EmptyReportError(ReportError):
    """Nothing but whitespace."""


class NotTextError(ReportError):
    """Binary data, an image, or text in an encoding we do not read."""


class NotAReportError(ReportError):
    """Readable text, but not a BMA indicator report (JSON, prose, …)."""


class NoIndicatorError(ReportError):
    """A report header was found but not a single indicator could be read."""
