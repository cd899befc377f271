"""What every figure shares: the Thai and English words, the pillar names, number formats, the
escaping of text from report files (:func:`plotly_text`, exactly once), grouping keys, and the
layout (:func:`layout`: a Thai-capable font everywhere). :mod:`kpi_core.outputs.charts` builds
the figures with these; the briefing and the pages number an indicator with :func:`numbered` too.
"""

from __future__ import annotations

import html
import math
import numbers
import textwrap
from collections import Counter
from collections.abc import Hashable, Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from kpi_core.analysis.excerpt import boundary
from kpi_core.analysis.status import STATUS_RULES
from kpi_core.outputs.drill import point_ref
from kpi_core.storage.agencies import shown_name
from kpi_core.storage.query import names_in

THAI_FONT = "Sarabun, 'Noto Sans Thai', Loma, Garuda, 'Tlwg Typo', sans-serif"
NO_GROUP = "—"  # the group of indicators without plan (or other grouping) data
QUARTERS = (1, 2, 3, 4)
BAR_COLOR = "#1565c0"
LINE_COLOR = "#455a64"
GAP_FILL = "rgba(158,158,158,0.15)"  # a quarter nobody reported on, pale, in every chart of quarters

# Chart strings other than the status labels (those come from kpi_core.analysis.status): key → (Thai, English).
PAIRS: dict[str, tuple[str, str]] = {
    "plan_pillar": ("ด้านที่ {}", "Pillar {}"),
    "eval_dimension": ("มิติที่ {}", "Dimension {}"),
    "quarter": ("ไตรมาส {}", "Q{}"),
    "no_group": ("ไม่ระบุ", "Not given"),  # the label of the NO_GROUP bar: no pillar, no dimension
    "count": ("จำนวนตัวชี้วัด", "Indicators"),
    "percent_met": ("ร้อยละที่บรรลุ", "% met"),
    "percent_of_target": ("ร้อยละของค่าเป้าหมาย", "% of target"),
    "target": ("เป้าหมาย", "Target"),
    "result": ("ผลงาน", "Result"),
    "value": ("ค่าที่รายงาน", "Reported value"),
    "sed": ("คะแนน สยป.", "SED score"),
    "assessment": ("ผลการประเมิน", "Assessment"),
    "year": ("ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)"),
    "status_title": ("สถานะตัวชี้วัด", "Indicator status"),
    # Where no heading says what a status chart groups by (the briefing puts two one under the other).
    "status_by_plan_dimension_code": ("สถานะตัวชี้วัด ตามมิติของแผน", "Indicator status per plan dimension"),
    "status_by_eval_dimension": ("สถานะตัวชี้วัด ตามมิติการประเมิน", "Indicator status per evaluation dimension"),
    "status_by_plan_pillar": ("สถานะตัวชี้วัด ตามยุทธศาสตร์", "Indicator status per plan pillar"),
    "heatmap_title": ("ร้อยละของตัวชี้วัดที่บรรลุ จำแนกตามหน่วยงานและด้าน", "Share of indicators met, by agency and pillar"),
    "progress_title": ("ความก้าวหน้ารายไตรมาสเทียบกับค่าเป้าหมาย", "Quarterly progress against target"),
    "compare_title": ("ร้อยละของตัวชี้วัดที่บรรลุ", "Share of indicators met"),
    "ranking_title": ("ร้อยละที่บรรลุ รายหน่วยงาน", "Share met, by agency"),
    # The indicator page's title names the indicator: its charts say what they show, in a phone's width.
    "quarters_title": ("ค่ารายไตรมาสเทียบกับค่าเป้าหมาย", "Quarter values against the target"),
    "years_title": ("ผลงานแต่ละปีงบประมาณเทียบกับค่าเป้าหมาย", "Result each fiscal year against the target"),
    "ranking_gap": ("⋯ อีก {} หน่วยงาน ⋯", "⋯ {} more agencies ⋯"),
    "on_track_title": (
        "ร้อยละของตัวชี้วัดที่เป็นไปตามแผนในแต่ละไตรมาส จำแนกตามด้าน",
        "Share of indicators on track each quarter, by pillar",
    ),
    "on_track": ("ร้อยละที่เป็นไปตามแผน", "% on track"),
    "not_reported": ("ยังไม่รายงาน", "Not reported"),
    "not_in_file": ("ไม่อยู่ในไฟล์", "Not in the file"),  # a quarter the file was cut before
    "line_gap": ("เส้นขาดช่วง: ไตรมาสที่ยังไม่รายงาน", "A break in a line: a quarter not reported"),
    "quarter_axis": ("ไตรมาส · รายงานแล้ว/ทั้งหมด", "Quarter · reported/all"),
    "goal": ("เป้าหมาย", "Goal"),
}
# The seven pillars (ด้าน) of the BMA 20-year plan. Agency reports name only the dimension
# (มิติ x.y) on their plan lines; single-indicator pages also print "ด้านที่ ๕ - มหานครประชาธิปไตย".
PILLAR_TITLES: dict[int, tuple[str, str]] = {
    1: ("มหานครปลอดภัย", "Safe city"),
    2: ("มหานครสีเขียว สะดวกสบาย", "Green, convenient city"),
    3: ("มหานครสำหรับทุกคน", "City for all"),
    4: ("มหานครกระชับ", "Compact city"),
    5: ("มหานครประชาธิปไตย", "Democratic city"),
    6: ("มหานครแห่งเศรษฐกิจและการเรียนรู้", "City of economy and learning"),
    7: ("การบริหารจัดการเมืองมหานคร", "Metropolitan management"),
}


# Short names for small panels and axis ticks, where the full title does not fit a phone; the full
# title stays in the hover and in the filters.
PILLAR_SHORT: dict[int, tuple[str, str]] = {
    1: ("ปลอดภัย", "Safe"),
    2: ("สีเขียว สะดวกสบาย", "Green, convenient"),
    3: ("สำหรับทุกคน", "For all"),
    4: ("กระชับ", "Compact"),
    5: ("ประชาธิปไตย", "Democratic"),
    6: ("เศรษฐกิจและการเรียนรู้", "Economy, learning"),
    7: ("การบริหารจัดการ", "Management"),
}


def pillar_short(pillar: object, lang: str = "th") -> str:
    """``ด้านที่ 6 เศรษฐกิจและการเรียนรู้``: short enough for a panel a phone wide (unescaped)."""
    key = group_key(pillar)
    base = texts(lang)["plan_pillar"].format(key)
    short = PILLAR_SHORT.get(key) if isinstance(key, int) else None
    return f"{base} {short[1 if lang == 'en' else 0]}" if short else base


def pillar_label(pillar: object, lang: str = "th") -> str:
    """``ด้านที่ 7 การบริหารจัดการเมืองมหานคร`` (unescaped; escape where it reaches a figure)."""
    key = group_key(pillar)
    base = texts(lang)["plan_pillar"].format(key)
    titles = PILLAR_TITLES.get(key) if isinstance(key, int) else None
    return f"{base} {titles[1 if lang == 'en' else 0]}" if titles else base


TEXT: dict[str, dict[str, str]] = {lang: {k: v[i] for k, v in PAIRS.items()} for i, lang in enumerate(("th", "en"))}
STATUS_LABELS = {r.code: {"th": r.label_th, "en": r.label_en} for r in STATUS_RULES}


def texts(lang: str) -> dict[str, str]:
    return TEXT["en"] if lang == "en" else TEXT["th"]


def status_label(code: str, lang: str = "th") -> str:
    """The legend label of a status code: ``status_label("not-met")`` → ``"ไม่บรรลุ"``."""
    return STATUS_LABELS.get(code, {}).get("en" if lang == "en" else "th", code)


def num(value: object) -> float | None:
    """A float, or None for SQL NULL / pandas NaN / anything not a number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):  # numbers.Real: numpy's too
        return None
    v = float(value)
    return None if math.isnan(v) else v


def fmt(value: object) -> str:
    """A number for hover text: ``1,234`` when whole, ``1,234.50`` otherwise, ``—`` when absent."""
    v = num(value)
    if v is None:
        return NO_GROUP
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"


def percent_text(value: object) -> str:
    """A percent of target for reading, as the overview and the briefing print it: one decimal
    where it matters, and never "100%" for a result below its target (99.68 of 100 is 99.7%,
    99.96 is 99.9%, 94.0 is 94%); ``—`` when there is none.

    >>> [percent_text(v) for v in (99.68, 99.96, 94.0, 100.0, 1234.5, 1600.0, None, float("nan"))]
    ['99.7%', '99.9%', '94%', '100%', '1,234.5%', '1,600%', '—', '—']
    """
    v = num(value)
    if v is None:
        return NO_GROUP
    shown = f"{v:,.1f}"
    if v < 100 and shown == "100.0":
        shown = "99.9"
    return shown.removesuffix(".0") + "%"


def whole(value: object) -> int | None:
    """A whole number read back from a DataFrame, as an ``int``; None when missing or not whole.

    pandas keeps an integer column with a gap in it (an indicator without a number, a narrative
    without a quarter) as floats, so a row's 5 comes back as 5.0 and would print as "(5.0)".

    >>> whole(5.0), whole(7), whole(None), whole(float("nan")), whole(2.5), whole("5")
    (5, 7, None, None, None, None)
    """
    v = num(value)
    return int(v) if v is not None and v.is_integer() else None


def numbered(seq: object, name: str) -> str:
    """An indicator's name after its number, as the reports write it; the name alone without one.

    >>> numbered(5.0, "ร้อยละของถนนที่ได้รับการดูแล"), numbered(None, "ร้อยละของถนนที่ได้รับการดูแล")
    ('(5) ร้อยละของถนนที่ได้รับการดูแล', 'ร้อยละของถนนที่ได้รับการดูแล')
    """
    n = whole(seq)
    return name if n is None else f"({n}) {name}"


NO_NAME = {
    "th": ("ตัวชี้วัด {code} (ไม่พบชื่อในไฟล์)", "ตัวชี้วัดไม่มีชื่อในไฟล์"),
    "en": ("Indicator {code} (no name in the file)", "Indicator without a name in the file"),
}


def indicator_name(name: object, code: object = None, lang: str = "th") -> str:
    """The indicator's name, or, for a passage cut before its name (real pages are), what is known
    of it: a title, a link or an export's cell is never blank.

    A name is kept exactly as stored (an export is byte-identical to the file).

    >>> indicator_name("ร้อยละ"), indicator_name(" ", "1000-1016", "en"), indicator_name(float("nan"))
    ('ร้อยละ', 'Indicator 1000-1016 (no name in the file)', 'ตัวชี้วัดไม่มีชื่อในไฟล์')
    """
    text = "" if is_missing(name) else str(name)
    if text.strip():
        return text
    known = str(code).strip() if isinstance(code, str) and code.strip() else ""
    with_code, without = NO_NAME["en" if lang == "en" else "th"]
    return with_code.format(code=known) if known else without


def plotly_text(text: str) -> str:
    """Text for a Plotly string that renders HTML: ``<`` and ``&`` escaped, quotes left alone.

    Plotly turns ``&lt;``, ``&gt;``, ``&amp;`` and numeric references back into characters but
    not ``&quot;``, which would show as written: ``ชื่อ "ก"`` must not become ``ชื่อ &quot;ก&quot;``.
    Quotes are harmless where no tag can start.

    >>> plotly_text('<b>"ก" & ข</b>')
    '&lt;b&gt;"ก" &amp; ข&lt;/b&gt;'
    """
    return html.escape(text, quote=False)


def esc(value: object) -> str:
    return "" if is_missing(value) else plotly_text(str(value))


def hover(*lines: str) -> str:
    """A hover template: the lines, and no trace-name box beside it."""
    return "<br>".join(lines) + "<extra></extra>"


def ref(**groups: Hashable) -> str:
    """What a point stands for, as a filter (``pillar=5``); ``""`` for the ``—`` group."""
    return point_ref(groups, missing=NO_GROUP)


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value == "" or (isinstance(value, float) and math.isnan(value))


def group_key(value: object) -> Hashable:
    """A group key: missing → ``—``, 7.0 → 7 (a pillar column with NaN in it is float)."""
    if is_missing(value):
        return NO_GROUP
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, Hashable) else str(value)


def sort_key(key: Hashable) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    """Natural order of codes ("5.3" before "10.1"), with the no-data group last."""
    if key == NO_GROUP:
        return (1, ())
    parts = str(key).split(".")
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


def key_codes(series: pd.Series) -> tuple[npt.NDArray[np.intp], list[Hashable]]:
    """Each row's group as a number, and the group keys those numbers stand for, in order of
    first appearance: :func:`group_key` applied once per distinct value, not once per row (1.3
    million calls were 4 s of the overview at national scale). ``""`` and missing share ``—``.

    >>> codes, keys = key_codes(pd.Series([7.0, None, 5.0, 7.0, float("nan")]))
    >>> codes.tolist(), keys
    ([0, 1, 2, 0, 1], [7, '—', 5])
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    index: dict[Hashable, int] = {}
    # Python scalars (tolist), as group_key read them row by row; two distinct values with one
    # key ("" and None, both "—") become one group.
    remap = [index.setdefault(group_key(v), len(index)) for v in pd.Index(uniques).tolist()]
    return np.asarray(remap, dtype=np.intp)[codes], list(index)


def group_keys(series: pd.Series) -> list[Hashable]:
    """:func:`group_key` of every value, computed once per distinct value."""
    codes, keys = key_codes(series)
    return [keys[c] for c in codes.tolist()]


def tally(df: pd.DataFrame, *by: str) -> dict[tuple[Hashable, ...], Counter[str]]:
    """Statuses counted per combination of group keys, groups and statuses in order of first
    appearance; counted by pandas over group numbers (:func:`key_codes`), not row by row.
    ``status`` is never missing (a SQL ``CASE`` with an ``ELSE``)."""
    found: dict[tuple[Hashable, ...], Counter[str]] = {}
    if df.empty:
        return found
    coded = [key_codes(df[b]) for b in by]
    status_codes, statuses = pd.factorize(df["status"], use_na_sentinel=False)
    names = [str(v) for v in pd.Index(statuses).tolist()]
    columns = {f"by{i}": codes for i, (codes, _) in enumerate(coded)}
    counts = pd.DataFrame({**columns, "status": status_codes}).groupby([*columns, "status"], sort=False).size()
    for combination, n in zip(counts.index.tolist(), counts.tolist(), strict=True):
        *group, status = combination
        keys = tuple(coded[i][1][c] for i, c in enumerate(group))
        found.setdefault(keys, Counter())[names[status]] = int(n)
    return found


def first_text(df: pd.DataFrame, key_col: str, text_col: str) -> dict[Hashable, str]:
    """The first non-empty ``text_col`` per key (plan-dimension titles, agency names)."""
    if key_col not in df or text_col not in df or df.empty:
        return {}
    codes, keys = key_codes(df[key_col])
    text = df[text_col].astype(object)
    there = (text.where(text.notna(), "") != "").to_numpy(dtype=bool)  # is_missing, column-wise
    firsts = pd.Series(codes[there]).drop_duplicates()  # each key's first row with a text
    values = text.to_numpy()[there][firsts.index.to_numpy()]
    return {keys[c]: str(t) for c, t in zip(firsts.tolist(), values.tolist(), strict=True)}


def group_labels(df: pd.DataFrame, by: str, keys: Iterable[Hashable], lang: str) -> list[str]:
    """Readable, escaped labels of group keys: "ด้านที่ 7", "5.3 การกระจายอำนาจ…", an agency name;
    "ไม่ระบุ" for the indicators that have none (a bare "—" bar said nothing)."""
    t = texts(lang)
    titles = first_text(df, "plan_dimension_code", "plan_dimension_title") if by == "plan_dimension_code" else {}
    names = {}
    if by == "agency_code" and "agency_name" in df:  # registered English names in English
        names = first_text(pd.DataFrame({"code": df["agency_code"], "name": names_in(df, lang)}), "code", "name")
    out = []
    for k in keys:
        if k == NO_GROUP:
            label = t["no_group"]
        elif by == "plan_pillar":
            label = pillar_label(k, lang)
        elif by == "eval_dimension":
            label = t[by].format(k)
        elif by == "plan_dimension_code":
            label = f"{k} {titles.get(k, '')}".strip()
        elif by == "agency_code":
            label = shown_name(str(k), names[k], lang) if k in names else str(k)  # "Agency 08000000" in English
        else:
            label = str(k)
        out.append(plotly_text(label))
    return out


def wrap_title(title: str, width: int = 80) -> list[str]:
    """Escaped title lines, at most three: Plotly does not wrap titles, long indicator names run off."""
    lines = textwrap.wrap(title, width, break_long_words=False, max_lines=3, placeholder=" …")
    return [plotly_text(line) for line in lines]


def cut(label: str, width: int) -> str:
    """A label at most ``width`` characters long, ``…`` where it was cut: at a space in its last
    quarter, else between letters (:func:`~kpi_core.analysis.excerpt.boundary`), never between a
    Thai letter and the vowel or tone mark it carries, nor after a leading vowel (เ แ โ ใ ไ)
    whose consonant was cut off.

    >>> cut("สำนักงานเขตป้อมปราบศัตรูพ่าย", 13)  # not "สำนักงานเขตป…", without its ้
    'สำนักงานเขต…'
    >>> cut("ร้อยละของผู้เข้ารับการอบรม", 11), cut("ร้อยละของผู้เข้ารับการอบรม", 14)  # not "…ผู…", "…ผู้เ…"
    ('ร้อยละของ…', 'ร้อยละของผู้…')
    """
    if len(label) <= width:
        return label
    end = boundary(label, width - 1, back=True, reach=max(1, width // 4))
    return label[:end].rstrip() + "…"


def cut_keeping_end(label: str, width: int) -> str:
    """A label cut in the middle: its start, ``…``, and its end (the last word when short, else
    its last third), for labels that differ only at the end.

    >>> cut_keeping_end("สำนักตัวอย่างสิ่งแวดล้อม 38", 24)
    'สำนักตัวอย่างสิ่งแวด… 38'
    >>> cut_keeping_end("สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", 24)
    'สำนักงานคณะกรร…เทพมหานคร'
    """
    if len(label) <= width:
        return label
    if _short_last_word(label, width):
        space = label.rfind(" ")
        head, sep, tail = label[:space].rstrip(), " ", label[space + 1 :]
    else:
        start = boundary(label, len(label) - width // 3, back=False, reach=0)
        head, sep, tail = label[:start], "", label[start:]
    return cut(head, width - len(sep) - len(tail)) + sep + tail


def distinct_cuts(labels: list[str], width: int) -> list[str]:
    """Labels cut to ``width`` (:func:`cut`) that stay as distinct as the labels were: where two
    cuts would read the same (``สำนักตัวอย่างสิ่งแวดล้อ…`` twice), those keep their ends instead
    (:func:`cut_keeping_end`), and so does every label ending in a short word such as a number,
    so that numbered rows of one chart are cut alike.

    >>> names = ["สำนักตัวอย่างสิ่งแวดล้อม 38", "สำนักตัวอย่างสิ่งแวดล้อม 16", "สำนักตัวอย่างการระบายน้ำ 10"]
    >>> distinct_cuts(names, 24)
    ['สำนักตัวอย่างสิ่งแวด… 38', 'สำนักตัวอย่างสิ่งแวด… 16', 'สำนักตัวอย่างการระบา… 10']
    >>> distinct_cuts(names[1:], 24)
    ['สำนักตัวอย่างสิ่งแวดล้อ…', 'สำนักตัวอย่างการระบาย…']
    """
    cuts = [cut(label, width) for label in labels]
    seen = Counter(cuts)
    if len(seen) == len(set(labels)):
        return cuts
    return [
        cut_keeping_end(label, width) if seen[c] > 1 or _short_last_word(label, width) else c
        for label, c in zip(labels, cuts, strict=True)
    ]


def _short_last_word(label: str, width: int) -> bool:
    space = label.rfind(" ")
    return space > 0 and len(label) - space - 1 <= width // 3


def unique_labels(labels: list[str], keys: list[str]) -> list[str]:
    """Labels that tell their rows apart: a label that two keys share (two agencies registered under
    one name) gets its key after it, or a category axis would draw the two as one row.

    >>> unique_labels(["สำนักอนามัย", "สำนักอนามัย", "สำนักการแพทย์"], ["01", "02", "03"])
    ['สำนักอนามัย (01)', 'สำนักอนามัย (02)', 'สำนักการแพทย์']
    """
    seen = Counter(labels)
    return [f"{label} ({key})" if seen[label] > 1 else label for label, key in zip(labels, keys, strict=True)]


DISTRICT_OFFICE = "สำนักงานเขต"
DISTRICT_OFFICE_EN = " District Office"  # "Pom Prap Sattru Phai District Office": 36 characters


def agency_short(name: str, width: int = 24) -> str:
    """An agency name short enough for a heat-map row on a phone: BMA itself calls a district
    office by its district, and a long name is cut (:func:`cut`).

    >>> agency_short("สำนักงานเขตป้อมปราบศัตรูพ่าย"), agency_short("Pom Prap Sattru Phai District Office")
    ('เขตป้อมปราบศัตรูพ่าย', 'Pom Prap Sattru Phai…')
    """
    return cut(district(name), width)


def agency_shorts(names: list[str], width: int = 24) -> list[str]:
    """:func:`agency_short` of each name, kept apart where two would read the same (:func:`distinct_cuts`).

    A district office is called by its district (:func:`district`), which is what tells fifty
    of them apart: "Sample District Offi… 33" had spent its width on the words all of them share.
    Where two names would call two agencies by one district, those two keep their whole names.
    """
    short = [district(n) for n in names]
    seen: dict[str, set[str]] = {}
    for name, s in zip(names, short, strict=True):
        seen.setdefault(s, set()).add(name)
    return distinct_cuts([s if len(seen[s]) == 1 else n for n, s in zip(names, short, strict=True)], width)


def district(name: str) -> str:
    """A district office by its district, as BMA calls it, in Thai and in English.

    >>> district("สำนักงานเขตบางรัก"), district("Bang Rak District Office"), district("Sample District Office 33")
    ('เขตบางรัก', 'Bang Rak District', 'Sample District 33')
    """
    if name.startswith(DISTRICT_OFFICE) and len(name) > len(DISTRICT_OFFICE):
        return "เขต" + name[len(DISTRICT_OFFICE) :]
    at = name.find(DISTRICT_OFFICE_EN)
    if at > 0:  # "X District Office" → "X District"; "… Office" ends the word "Office", not "Offices"
        end = at + len(DISTRICT_OFFICE_EN)
        if end == len(name) or name[end] == " ":
            return name[: at + len(" District")] + name[end:]
    return name


TOOLBAR_BAND = 34  # px along a figure's top where Plotly's toolbar shows: on a phone, after a tap, it stays


def layout(fig: go.Figure, title: str, width: int = 80) -> go.Figure:
    """The look every figure shares: Thai font, margins, legend on top; the title wrapped at
    ``width`` characters (less for a figure that must fit a phone).

    The title starts under :data:`TOOLBAR_BAND`, where a long one ran beneath the toolbar on a
    phone (a legend of several rows goes under it: :func:`legend_under_title`).

    No Plotly template (``"none"``): plotly.js's own defaults are white with light grid lines, and
    the dashboard's theme styles the rest. ``plotly_white`` was three fifths of a small figure's
    bytes and a third of the time to build the overview's eleven figures at BMA scale."""
    lines = wrap_title(title, width)
    extra = 22 * max(len(lines) - 1, 0)  # Plotly centres a multi-line title on its anchor: make room
    fig.update_layout(
        title={"text": "<br>".join(lines), "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "top"},
        title_pad={"t": TOOLBAR_BAND + extra // 2},
        font={"family": THAI_FONT, "size": 14},
        hoverlabel={"font": {"family": THAI_FONT}},
        template="none",
        margin={"l": 60, "r": 30, "t": 76 + TOOLBAR_BAND + extra, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0.0},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


TITLE_LINE = 26  # px: a line of a figure's title


def legend_under_title(fig: go.Figure) -> go.Figure:
    """The legend right under the title and the toolbar's band, from the figure's left edge, for
    a figure of known height: a legend of five statuses is two or three rows on a phone, and
    above the plot it grew up into the title and the toolbar (Plotly makes room for the legend
    or for the title, not for both); placed from the top of the figure it pushes the plot down.
    """
    lines = str(fig.layout.title.text or "").count("<br>") + 1
    top = TOOLBAR_BAND + TITLE_LINE * lines + 8
    legend = {"xref": "container", "yref": "container", "x": 0.0, "y": 1 - top / fig.layout.height, "yanchor": "top"}
    return fig.update_layout(legend=legend)
