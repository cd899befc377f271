"""The records a parsed report is made of: frozen, typed, each knowing its source line.

``Report.to_dict()`` is the JSON contract of DESIGN.md section 4, key for key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["warning", "error"]
Format = Literal["agency_report", "kpi_page"]
YearSource = Literal["header", "text", "dates"]
IssueCode = Literal[
    "bad-code",
    "bad-number",
    "cut-character",
    "cut-heading",
    "duplicate-narrative",
    "duplicate-number",
    "duplicate-quarter",
    "field-too-long",
    "hidden-characters",
    "missing-section",
    "no-agency-code",
    "no-fiscal-year",
    "no-header",
    "no-headings",
    "number-with-text",
    "passage-start",
    "repeated-header",
    "repeated-indicator",
    "second-report",
    "text-before-heading",
    "truncated-block",
    "unnumbered-rows",
    "unrecognised-line",
]
# The parts of an indicator a reader expects; an issue names those it did not find.
Part = Literal["unit", "target", "result", "table", "q1", "q2", "q3", "q4", "summary"]
JSON = dict[str, object]


@dataclass(frozen=True)
class Issue:
    """Something the parser could not read, or read with doubt."""

    line: int
    severity: Severity
    code: IssueCode
    message: str
    missing: tuple[Part, ...] = ()  # what a cut-off or incomplete indicator lacks, for the app to name

    def to_dict(self) -> JSON:
        return {"line": self.line, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Quarter:
    """One row of the four-quarter table plus that quarter's narrative."""

    quarter: int
    value: float | None = None
    sed_score: float | None = None
    assessment: tuple[float, float] | None = None
    report: str = ""
    line: int | None = None
    # False when the file was cut before this quarter's report: not "no report", but not known.
    in_file: bool = True

    def to_dict(self) -> JSON:
        return {
            "quarter": self.quarter,
            "value": self.value,
            "sed_score": self.sed_score,
            "assessment": list(self.assessment) if self.assessment is not None else None,
            "report": self.report,
        }


@dataclass(frozen=True)
class Indicator:
    """One indicator (ตัวชี้วัด) with its targets, quarter table and narratives."""

    name: str
    line: int
    seq: int | None = None
    kpi_code: str | None = None
    name_detail: str = ""
    eval_heading: str | None = None
    eval_dimension: int | None = None
    eval_label: str = ""
    plan_dimension_code: str | None = None
    plan_dimension_title: str = ""
    plan_goal_code: str | None = None
    plan_goal_title: str = ""
    plan_goal_truncated: bool = False
    kpi_type: str | None = None
    unit: str = ""
    target: float | None = None
    result: float | None = None
    quarters: tuple[Quarter, ...] = field(default_factory=lambda: tuple(Quarter(q) for q in range(1, 5)))
    summary: str = ""
    supporting_projects: str = ""
    definition: str = ""
    # Where the file ends inside this indicator when it was cut there (1-based), and the section
    # it ends in ("q3", "definition"; "" inside a heading's first letters): not in to_dict().
    cut_line: int | None = None
    cut_in: str = ""
    # Narratives given to quarters by their order alone: the passage had no report headings.
    by_position: bool = False

    @property
    def plan_pillar(self) -> int | None:
        """The 20-year-plan pillar (ด้าน 1–7): the first number of the dimension or goal code."""
        code = self.plan_dimension_code or self.plan_goal_code
        return int(code.split(".")[0]) if code else None

    def to_dict(self) -> JSON:
        return {
            "seq": self.seq,
            "kpi_code": self.kpi_code,
            "name": self.name,
            "name_detail": self.name_detail,
            "eval_heading": self.eval_heading,
            "eval_dimension": self.eval_dimension,
            "eval_label": self.eval_label,
            "plan_dimension_code": self.plan_dimension_code,
            "plan_dimension_title": self.plan_dimension_title,
            "plan_goal_code": self.plan_goal_code,
            "plan_goal_title": self.plan_goal_title,
            "plan_goal_truncated": self.plan_goal_truncated,
            "kpi_type": self.kpi_type,
            "unit": self.unit,
            "target": self.target,
            "result": self.result,
            "quarters": [q.to_dict() for q in self.quarters],
            "summary": self.summary,
            "supporting_projects": self.supporting_projects,
            "definition": self.definition,
            "line": self.line,
        }


@dataclass(frozen=True)
class Report:
    """What one file held: its indicators, plus every problem met on the way."""

    format: Format
    agency_code: str | None
    fiscal_year: int | None
    fiscal_year_source: YearSource | None
    indicators: tuple[Indicator, ...]
    issues: tuple[Issue, ...] = ()
    source_name: str = ""

    def to_dict(self) -> JSON:
        return {
            "format": self.format,
            "agency_code": self.agency_code,
            "fiscal_year": self.fiscal_year,
            "fiscal_year_source": self.fiscal_year_source,
            "indicators": [i.to_dict() for i in self.indicators],
            "issues": [i.to_dict() for i in self.issues],
        }
