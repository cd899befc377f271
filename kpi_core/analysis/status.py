"""Status of an indicator against its target, and the flags read beside it (DESIGN.md section 5).

One table of rules, tried in order, first match wins; the same table feeds the legend the app
shows, so what the screen says and what the code does cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from kpi_core.analysis.lexicon import RiskExceptions, load_risk_lexicon
from kpi_core.analysis.risk import RISK_EXCEPTIONS, find_risks

Direction = Literal["up", "down"]
NEAR_WITHIN = 0.10  # "near" (ใกล้เคียง): within 10 % of the target
RESULT_OUTLIER_FACTOR = 50.0  # result ≥ 50 × target: probably a unit mix-up
LEVEL_UNIT = "ระดับ"  # a unit that starts so is a level of success, 1 to 5 (ระดับความสำเร็จ)
TOP_LEVEL = 5.0  # a level indicator's target, result or quarter value above it is a percent or a count


@dataclass(frozen=True)
class Measure:
    target: float | None
    result: float | None
    direction: Direction = "up"


@dataclass(frozen=True)
class Rule:
    code: str
    label_th: str
    label_en: str
    explain_th: str
    explain_en: str
    applies: Callable[[Measure], bool]


def _met(m: Measure) -> bool:
    if m.target is None or m.result is None:
        return False
    return m.result <= m.target if m.direction == "down" else m.result >= m.target


def _near(m: Measure) -> bool:
    if m.target is None or m.result is None:
        return False
    return abs(m.result - m.target) <= NEAR_WITHIN * abs(m.target)


STATUS_RULES: tuple[Rule, ...] = (
    Rule("no-data", "ไม่มีข้อมูล", "No data", "ยังไม่มีผลงาน", "No result reported", lambda m: m.result is None),
    Rule(
        "no-target",
        "ไม่มีค่าเป้าหมาย",
        "No target",
        "ไม่มีค่าเป้าหมาย หรือเป้าหมายเป็น 0 สำหรับตัวชี้วัดที่ยิ่งมากยิ่งดี",
        "No target, or a target of 0 where higher is better",
        lambda m: m.target is None or (m.target == 0 and m.direction == "up"),
    ),
    Rule(
        "met",
        "บรรลุ",
        "Met",
        "ผลงานถึงค่าเป้าหมาย (ตัวชี้วัดที่ยิ่งน้อยยิ่งดี: ไม่เกินเป้าหมาย)",
        "Result reaches the target (at most the target where lower is better)",
        _met,
    ),
    Rule(
        "near",
        "ใกล้เคียง",
        "Near",
        "ผลงานห่างจากค่าเป้าหมายไม่เกินร้อยละ 10",
        "Result within 10 % of the target",
        _near,
    ),
    Rule(
        "not-met",
        "ไม่บรรลุ",
        "Not met",
        "ผลงานต่ำกว่าเป้าหมายเกินร้อยละ 10",
        "Result misses the target by more than 10 %",
        lambda m: True,
    ),
)
# Rule order decides; display order reads best to worst, with the unknowns last.
STATUS_ORDER = ("met", "near", "not-met", "no-target", "no-data")
STATUS_COLORS = {
    "met": "#2e7d32",
    "near": "#f9a825",
    "not-met": "#c62828",
    "no-data": "#9e9e9e",
    "no-target": "#6d4c41",
}


def status(target: float | None, result: float | None, direction: Direction = "up") -> str:
    """The first rule that applies.

    >>> status(70.0, 0.0), status(80.0, 100.0), status(100.0, 95.0), status(None, 5.0), status(10.0, 8.0, "down")
    ('not-met', 'met', 'near', 'no-target', 'met')
    """
    m = Measure(target, result, direction)
    return next(r.code for r in STATUS_RULES if r.applies(m))


def percent_of_target(target: float | None, result: float | None) -> float | None:
    """Result as a percentage of the target (None where it means nothing)."""
    if target in (None, 0) or result is None:
        return None
    return 100.0 * result / target  # type: ignore[operator]


# --------------------------------------------------------------------------- flags


@dataclass(frozen=True)
class Flag:
    code: str
    label_th: str
    label_en: str
    kind: Literal["risk", "quality"]
    terms: tuple[str, ...] = ()
    colour: str = "#757575"


# Risk flags come from the analysts' lexicon file (data/risk_terms.csv).
RISK_FLAGS: tuple[Flag, ...] = tuple(
    Flag(c.code, c.label_th, c.label_en, "risk", c.terms, c.colour) for c in load_risk_lexicon()
)
QUALITY_FLAGS: tuple[Flag, ...] = (
    Flag("result-outlier", "ผลงานสูงผิดปกติ", "Result ≥ 50× target", "quality"),
    Flag("q4-mismatch", "ไตรมาส 4 ≠ ผลงาน", "Q4 value ≠ annual result", "quality"),
    Flag("missing-narrative", "มีผลงานไตรมาสแต่ไม่มีรายงานผล", "Quarter value without narrative", "quality"),
    Flag("level-scale", "ค่าเกินระดับ 5", "Value above level 5", "quality"),
    Flag("file-cut", "ไฟล์ต้นฉบับขาดตอน", "Source file cut off", "quality"),
)
ALL_FLAGS = RISK_FLAGS + QUALITY_FLAGS


def risk_flags(
    texts: Sequence[str], flags: Sequence[Flag] = RISK_FLAGS, exceptions: RiskExceptions = RISK_EXCEPTIONS
) -> list[str]:
    """Codes of the risk flags whose terms occur in any of the (normalised) texts as a risk:
    not denied (``ไม่ล่าช้า``) nor inside wording that is no risk (``เลื่อนเงินเดือน``).

    >>> risk_flags(["ขอยกเลิกโครงการ เนื่องจากไวรัส โควิด-19"])
    ['cancelled', 'covid']
    >>> risk_flags(["ไม่มีการยกเลิกโครงการ", "ดำเนินการเลื่อนเงินเดือนแล้ว ไม่ล่าช้า"])
    []
    """
    found = {h.code for h in find_risks("\n".join(texts), flags, exceptions)}
    return [f.code for f in flags if f.code in found]


def quality_flags(
    target: float | None,
    result: float | None,
    values: Sequence[float | None],
    reports: Sequence[str | bool],
    unit: str = "",
    in_file: Sequence[bool] = (True, True, True, True),
    cut_line: int | None = None,
) -> list[str]:
    """Data-quality flags: outlier result, Q4 ≠ result, a quarter value with no narrative
    (``reports``: the narratives, or whether each quarter has one; a quarter the file was cut
    before, ``in_file`` False, is not the agency's omission), a level (``ระดับ``, 1 to 5)
    indicator with a value above level 5 (target 5, result 80: a percent in a level's place), and
    an indicator whose source file was cut inside it (``cut_line``: what follows is not known).

    >>> quality_flags(1.0, 100.0, [0.0, 0.0, 0.0, 100.0], ["a", "b", "c", "d"])
    ['result-outlier']
    >>> quality_flags(5.0, 80.0, [25.0, 50.0, 70.0, 80.0], ["a", "b", "c", "d"], "ระดับ")
    ['level-scale']
    >>> quality_flags(80.0, 32.3, [1.4, 1.5, 25.8, 32.3], ["a", "b", "", ""], "", [True, True, False, False], 53)
    ['file-cut']
    """
    found = []
    if target and result is not None and target > 0 and result >= RESULT_OUTLIER_FACTOR * target:
        found.append("result-outlier")
    q4 = values[3] if len(values) == 4 else None
    if q4 is not None and result is not None and abs(q4 - result) > 1e-9:
        found.append("q4-mismatch")
    # 0.00 is what the tables show for a quarter nobody reported on, so only non-zero counts.
    if any(v not in (None, 0.0) and not r and there for v, r, there in zip(values, reports, in_file, strict=False)):
        found.append("missing-narrative")
    if unit.strip().startswith(LEVEL_UNIT) and any(v is not None and v > TOP_LEVEL for v in (target, result, *values)):
        found.append("level-scale")
    if cut_line is not None:
        found.append("file-cut")
    return found
