"""Synthetic report files that look like BMA's: ``python -m kpi_core demo-data``.

Each agency (district offices and departments, named as samples so that nobody mistakes the
figures for a real agency's) gets a set of indicators that it carries from year to year, in the
agency-report layout of the seed (``data/reports/``): plan-dimension headings in Thai digits,
evaluation tags, cut goal lines, units, targets and results, the quarter table and four
narratives with dated events and, now and then, a risk word (or a harmless look-alike such as
``ไม่ล่าช้า``). Results are drawn so that every status occurs: mostly met, some near, some not
met, a few with no result. Everything comes from one seeded generator: the same corpus on every
machine.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kpi_core.reading.dates import ABBR_MONTHS, FULL_MONTHS

SEED = Path(__file__).resolve().parents[2] / "data" / "reports" / "sed_agency_03000000.txt"
DEFAULT_OUT = "demo-reports"  # git-ignored
DISTRICTS = 50  # the first 50 demo agencies are district offices, the rest departments
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
GOAL_CUT = 80  # the SED pages cut the plan goal line at a fixed length

# Plan dimensions (มิติ) of the 20-year plan used by the demo, with their titles.
DIMENSIONS: dict[str, str] = {
    "1.1": "ปลอดมลพิษ",
    "1.2": "ปลอดอุบัติภัย",
    "1.6": "ปลอดโรคคนเมือง อาหารปลอดภัย",
    "2.1": "ลดมลพิษทางน้ำ",
    "2.3": "พื้นที่สีเขียวและสวนสาธารณะ",
    "3.1": "ประชาชนมีสุขภาพดี",
    "3.3": "การศึกษาสำหรับทุกคน",
    "4.1": "การพัฒนาเมืองกระชับ",
    "5.2": "เมืองธรรมาภิบาล",
    "5.3": "การกระจายอำนาจสู่ประชาชน",
    "6.1": "เศรษฐกิจดี",
    "6.2": "สังคมแห่งการเรียนรู้",
    "7.1": "การบริหารจัดการการเงินการคลัง",
    "7.3": "การบริหารทรัพยากรบุคคล",
    "7.4": "การพัฒนาระบบเทคโนโลยีสารสนเทศ",
}
_GOALS = (
    "ประชาชนได้รับบริการที่มีคุณภาพ สะดวก รวดเร็ว โปร่งใส และตรวจสอบได้ตามมาตรฐานที่กรุงเทพมหานครกำหนด",
    "กรุงเทพมหานครมีระบบการบริหารจัดการที่มีประสิทธิภาพ เอื้อต่อการมีส่วนร่วมของประชาชนทุกภาคส่วน",
    "ลดความเสี่ยงและผลกระทบต่อชีวิตและทรัพย์สินของประชาชนในพื้นที่กรุงเทพมหานครอย่างยั่งยืน",
)


@dataclass(frozen=True)
class Template:
    """An indicator an agency may carry: name, plan dimension, unit, target range."""

    name: str
    dimension: str
    unit: str
    low: float
    high: float
    kind: str = "all"  # "district", "department" or "all"


TEMPLATES: tuple[Template, ...] = (
    Template("ร้อยละของถนนและตรอกซอยที่ได้รับการดูแลรักษาความสะอาดตามมาตรฐาน", "1.1", "ร้อยละ", 80, 95, "district"),
    Template("จำนวนครั้งของการตรวจสุขลักษณะร้านจำหน่ายอาหารและแผงลอย", "1.6", "ครั้ง", 200, 1200, "district"),
    Template("ร้อยละของจุดเสี่ยงอุบัติเหตุที่ได้รับการแก้ไข", "1.2", "ร้อยละ", 70, 90),
    Template("ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในระยะเวลาที่กำหนด", "5.2", "ร้อยละ", 80, 95),
    Template("จำนวนผู้สูงอายุที่ได้รับการคัดกรองสุขภาพ", "3.1", "คน", 500, 5000, "district"),
    Template("ร้อยละของนักเรียนในโรงเรียนสังกัดกรุงเทพมหานครที่มีผลสัมฤทธิ์ทางการเรียนผ่านเกณฑ์", "3.3", "ร้อยละ", 60, 80),
    Template("จำนวนคลองที่ได้รับการขุดลอกและเก็บขยะ", "2.1", "คลอง", 5, 40, "district"),
    Template("พื้นที่สีเขียวที่เพิ่มขึ้นในความรับผิดชอบของหน่วยงาน", "2.3", "ตารางเมตร", 2000, 20000),
    Template("ระดับความสำเร็จของการจัดทำแผนป้องกันและบรรเทาสาธารณภัย", "1.2", "ระดับ", 5, 5),
    Template("ร้อยละของบริการสาธารณะที่สำนักงานเขตเป็นหน่วยดำเนินการ", "5.3", "ร้อยละ", 60, 100, "district"),
    Template("ร้อยละของผู้ประกอบการรายย่อยที่ได้รับการส่งเสริมอาชีพ", "6.1", "ร้อยละ", 60, 90),
    Template("จำนวนกิจกรรมส่งเสริมการเรียนรู้ตลอดชีวิตในชุมชน", "6.2", "กิจกรรม", 4, 24),
    Template("ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายประจำปี", "7.1", "ร้อยละ", 85, 96),
    Template("ร้อยละความสำเร็จในการพัฒนาบุคลากรตามหลักสมรรถนะ", "7.3", "ร้อยละ", 80, 100),
    Template("จำนวนระบบงานที่ให้บริการประชาชนผ่านช่องทางออนไลน์", "7.4", "ระบบ", 2, 10, "department"),
    Template("ร้อยละของโครงการลงทุนที่ดำเนินการแล้วเสร็จตามแผน", "4.1", "ร้อยละ", 70, 90, "department"),
    Template("ร้อยละความพึงพอใจของประชาชนต่อการให้บริการของหน่วยงาน", "5.2", "ร้อยละ", 80, 90),
    Template("จำนวนหลักสูตรการฝึกอบรมด้านคุณธรรมจริยธรรม", "7.3", "หลักสูตร", 1, 4),
)
DEPARTMENTS = (
    "สำนักตัวอย่างการโยธา",
    "สำนักตัวอย่างการระบายน้ำ",
    "สำนักตัวอย่างสิ่งแวดล้อม",
    "สำนักตัวอย่างการแพทย์",
    "สำนักตัวอย่างอนามัย",
    "สำนักตัวอย่างการศึกษา",
    "สำนักตัวอย่างการคลัง",
    "สำนักตัวอย่างพัฒนาสังคม",
)

# Narrative pieces: what was done, what went wrong (risk words), and wording that only looks risky.
_DONE = (
    "ดำเนินการตามแผนงาน โดยจัดประชุมคณะทำงานเมื่อวันที่ {d}",
    "ลงพื้นที่ตรวจติดตามผลการดำเนินงานร่วมกับชุมชน ครั้งล่าสุด {d}",
    "จัดทำรายงานเสนอผู้อำนวยการเขตตามหนังสือ ลว. {d}",
    "ได้รับอนุมัติงบประมาณและดำเนินการจัดซื้อจัดจ้างแล้ว เมื่อ {d}",
    "สามารถดำเนินการได้ตามตัวชี้วัด",
    "ประชาสัมพันธ์โครงการผ่านช่องทางออนไลน์และป้ายประกาศในชุมชน",
)
_RISK = (
    "ผู้รับจ้างขอขยายสัญญาออกไปอีก 60 วัน",
    "การดำเนินงานล่าช้ากว่าแผนเนื่องจากฝนตกหนัก",
    "ชะลอการดำเนินโครงการไว้ก่อน",
    "ขอยกเลิกกิจกรรมอบรมในไตรมาสนี้",
    "งบประมาณถูกปรับลดตามมติสภากรุงเทพมหานคร",
    "เลื่อนการจัดกิจกรรมออกไปเป็นไตรมาสถัดไป",
)
_COVID = "เนื่องจากสถานการณ์การแพร่ระบาดของโรคโควิด-19"
_HARMLESS = ("ดำเนินการแล้วเสร็จ ไม่ล่าช้า", "จัดทำบัญชีเลื่อนเงินเดือนข้าราชการเรียบร้อยแล้ว")


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    name_en: str
    kind: str  # "district" or "department"


def demo_agency(n: int) -> DemoAgency:
    """The ``n``-th demo agency (from 1): districts ``9001…9050`` then departments ``9101…``.

    Codes outside BMA's numbering, so the shipped registry's real names never label made-up figures.

    >>> demo_agency(7)
    DemoAgency(code='90070000', name='สำนักงานเขตตัวอย่าง 07', name_en='Sample District Office 07', kind='district')
    >>> demo_agency(51).code, demo_agency(51).name
    ('91010000', 'สำนักตัวอย่างการโยธา 01')
    >>> demo_agency(949).code, demo_agency(950).code, demo_agency(1200).code
    ('99990000', '80010000', '82510000')
    """
    if n <= DISTRICTS:
        code = f"{9000 + n:04d}0000"
        return DemoAgency(code, f"สำนักงานเขตตัวอย่าง {n:02d}", f"Sample District Office {n:02d}", "district")
    k = n - DISTRICTS
    base = DEPARTMENTS[(k - 1) % len(DEPARTMENTS)]
    # 9101…9999, then 8001…8999: national scale has 1,150 departments and a code keeps 4 digits
    prefix = 9100 + k if k <= 899 else 8000 + k - 899
    if prefix > 8999 and k > 899:
        raise ValueError(f"at most {DISTRICTS + 899 + 999} demo agencies")
    return DemoAgency(f"{prefix:04d}0000", f"{base} {k:02d}", f"Sample Department {k:02d}", "department")


def agency_code(n: int) -> str:
    """The 8-digit code of the ``n``-th demo agency (four digits plus ``0000``, as BMA numbers them)."""
    return demo_agency(n).code


def agencies_csv(agencies: int) -> str:
    """The demo agencies as a registry CSV (``python -m kpi_core agencies import``)."""
    rows = ["code,name,name_en,kind,district_group"]
    rows += [f"{a.code},{a.name},{a.name_en},{a.kind}," for a in map(demo_agency, range(1, agencies + 1))]
    return "\n".join(rows) + "\n"


def _thai(code: str) -> str:
    return code.translate(_THAI_DIGITS)


def _quarter_day(rng: random.Random, year: int, quarter: int) -> date:
    """A day inside the quarter of fiscal year ``year`` (B.E.; Q1 = Oct–Dec of the year before)."""
    month = (9 + 3 * (quarter - 1) + rng.randrange(3)) % 12 + 1
    ad = year - 543 - (1 if month >= 10 else 0)
    return date(ad, month, rng.randint(1, 28))


def _written(rng: random.Random, day: date) -> str:
    """A date as the reports write them: ``9 ธันวาคม 2562``, ``2 เม.ย. 63`` or ``25/01/2565``."""
    be = day.year + 543
    form = rng.randrange(3)
    if form == 0:
        return f"{day.day} {FULL_MONTHS[day.month - 1]} {be}"
    if form == 1:
        return f"{day.day} {ABBR_MONTHS[day.month - 1]} {be % 100:02d}"
    return f"{day.day:02d}/{day.month:02d}/{be}"


def _narrative(rng: random.Random, year: int, quarter: int, risky: bool) -> str:
    done = rng.sample(_DONE, 2 if rng.random() < 0.5 else 1)
    parts = [d.format(d=_written(rng, _quarter_day(rng, year, quarter))) for d in done]
    if risky:
        parts.append(rng.choice(_RISK) + (" " + _COVID if year in (2563, 2564) and rng.random() < 0.5 else ""))
    elif rng.random() < 0.1:
        parts.append(rng.choice(_HARMLESS))
    return " ".join(parts)


def _number(value: float) -> str:
    return f"{value:,.2f}"


def _outcome(rng: random.Random, target: float) -> float | None:
    """A result against ``target``: about 55 % met, 15 % near, 22 % not met, 8 % no result."""
    draw = rng.random()
    if draw < 0.08:
        return None
    if draw < 0.63:
        return target * rng.uniform(1.0, 1.25)
    if draw < 0.78:
        return target * rng.uniform(0.905, 0.995)
    return target * rng.uniform(0.2, 0.88)


def _indicator(rng: random.Random, seq: int, tpl: Template, target: float, year: int) -> list[str]:
    result = _outcome(rng, target)
    reported = 4 if result is not None else rng.randint(0, 2)
    shares = [*sorted(rng.uniform(0.1, 1.0) for _ in range(3)), 1.0]
    final = result if result is not None else 0.0
    risky = result is None or final < target * 0.9
    dim = tpl.dimension
    goal = f"{dim}.1 {rng.choice(_GOALS)}"
    lines = [
        f"({seq}) {tpl.name}",
        f"[มิติที่ 1 : {'ตัวชี้วัดเจรจา' if rng.random() < 0.7 else ''}]",
        "",
        _thai(goal[:GOAL_CUT]),
        tpl.name,
        "",
        f"หน่วยนับ :{tpl.unit}",
        "",
        f"เป้าหมาย :{_number(target)}",
        "",
        f"ผลงาน :{_number(result) if result is not None else ''}",
        "",
        "ผลงานเทียบกับเป้าหมายรายไตรมาส",
        "",
        "ไตรมาสที่",
        "(1 - 4)",
        "*ผลงาน*",
        f"({tpl.unit})",
        "*ผลประเมินตัวชี้วัด*",
        "(* 2.1 / 2.2 *)",
    ]
    for q in range(1, 5):
        value = final * shares[q - 1] if q <= reported else 0.0
        score = "100 / 100" if q <= reported else "0 / 0"
        lines += [str(q), _number(value), "", score]
    lines.append("")
    for q in range(1, 5):
        text = _narrative(rng, year, q, risky and q >= 2 and rng.random() < 0.6) if q <= reported else "-"
        lines += [f"รายงานผลฯ ไตรมาสที่ {q}", "", text, ""]
    lines += ["** สรุปผลการดำเนินงาน **", "", "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด", ""]
    return lines


def _portfolio(rng: random.Random, kind: str) -> list[tuple[Template, float]]:
    """The indicators an agency carries (8–10, grouped by plan dimension), each with its base target."""
    fitting = [t for t in TEMPLATES if t.kind in ("all", kind)]
    chosen = sorted(rng.sample(fitting, min(len(fitting), rng.randint(8, 10))), key=lambda t: t.dimension)
    return [(t, round(rng.uniform(t.low, t.high))) for t in chosen]


def report(agency: DemoAgency, year: int, rng: random.Random, portfolio: Sequence[tuple[Template, float]]) -> bytes:
    """One agency report for ``year`` in the SED layout, header year included."""
    lines = [f"ผลการปฏิบัติราชการประจำปี : {year} ของหน่วยงาน : {agency.code}", "", "Home Home SED", ""]
    dimension = None
    for seq, (tpl, base) in enumerate(portfolio, start=1):
        if tpl.dimension != dimension:
            dimension = tpl.dimension
            lines += [f"{_thai(dimension)} - {DIMENSIONS[dimension]}", ""]
        target = base if tpl.low == tpl.high else round(base * rng.uniform(0.95, 1.1))
        if rng.random() < 0.02:
            target = 0  # a data-quality trap seen in real reports: "no target"
        lines += _indicator(rng, seq, tpl, float(min(target, 100) if tpl.unit == "ร้อยละ" else target), year)
    return "\n".join(lines).encode("utf-8")


def demo_reports(agencies: int, years: Sequence[int], seed: int = 2563) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for every agency and year, agency by agency."""
    rng = random.Random(seed)
    for n in range(1, agencies + 1):
        agency = demo_agency(n)
        portfolio = _portfolio(rng, agency.kind)
        for year in years:
            yield f"demo_{agency.code}_{year}.txt", report(agency, year, rng, portfolio)


def write_demo(out: Path, agencies: int, years: Sequence[int]) -> list[Path]:
    """The report files plus ``agencies.csv`` (the sample names) in ``out``; the report paths."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "agencies.csv").write_text(agencies_csv(agencies), encoding="utf-8")
    paths = []
    for name, data in demo_reports(agencies, years):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths
