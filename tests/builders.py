"""Report files the tests build from the seed (corrected versions, other agencies, no year), and a
snapshot of the database to compare before and after."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, select, text

from kpi_core.reading.model import Indicator
from kpi_core.storage import schema as s

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "reports" / "sed_agency_03000000.txt"
SEED = SEED_PATH.read_bytes()


def corrected(seed: bytes = SEED) -> bytes:
    """A corrected version of the seed: indicator 8's result goes from 0.00 to 75.00."""
    text = seed.decode("utf-8")
    head, sep, tail = text.rpartition("ผลงาน :0.00")
    if not sep:
        raise ValueError("the seed changed: indicator 8 no longer reports 0.00")
    return (head + "ผลงาน :75.00" + tail).encode("utf-8")


def for_agency(code: str, data: bytes = SEED) -> bytes:
    """The same report as published for another agency."""
    return data.replace(b": 03000000", f": {code}".encode())


def with_second_report(header: str, data: bytes = SEED) -> bytes:
    """``data`` with a second report appended under ``header``: the seed's own indicators, as the
    reviewer's file had them (a report of 50010000 pasted below the seed's)."""
    text = data.decode("utf-8")
    body = text.split("\n", 1)[1]
    return (text.rstrip("\n") + "\n\n" + header + "\n" + body).encode("utf-8")


def header_line(data: bytes, header: str) -> int:
    """The 1-based line of the last line of ``data`` that is ``header``."""
    lines = data.decode("utf-8").split("\n")
    return len(lines) - lines[::-1].index(header)


def without_fiscal_year(data: bytes = SEED) -> bytes:
    """The report with its explicit "ปีงบประมาณ พ.ศ. NNNN" and every dated event taken out."""
    from kpi_core.reading.dates import find_dates

    text = data.decode("utf-8").replace("ปีงบประมาณ พ.ศ. 2563", "")
    for event in sorted(find_dates(text), key=lambda e: -e.start):
        text = text[: event.start] + text[event.end :]
    return text.encode("utf-8")


def with_header_year(year: int | str, data: bytes = SEED) -> bytes:
    """The report with its fiscal year in the header (``ประจำปี : 2563 ของหน่วยงาน``), as most
    published reports state it; the seed's own header leaves it out."""
    return replaced("ประจำปี : ของหน่วยงาน", f"ประจำปี : {year} ของหน่วยงาน", data)


def cut(data: bytes = SEED, fraction: float = 1 / 3) -> bytes:
    """A broken download: the first ``fraction`` of the bytes (the seed's third ends inside a
    character, inside indicator (4), at line 182)."""
    return data[: int(len(data) * fraction)]


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: "unchanged" means this is equal."""
    out = {}
    with engine.connect() as conn:
        for table in s.metadata.sorted_tables:
            cols = list(table.c)
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*cols))]
        if engine.dialect.name == "sqlite":
            out["search_tri"] = [
                tuple(r) for r in conn.execute(text("SELECT rowid, folded FROM search_tri ORDER BY rowid"))
            ]
    return out


PAGE_PATH = ROOT / "tests" / "fixtures" / "kpi_page_5008-2005.txt"


def page(code: str = "5008-2005", *, name: str | None = None, result: str = "51.44", year: int = 2565) -> bytes:
    """A single-indicator page (tests/fixtures/kpi_page_5008-2005.txt) for another indicator code,
    name, annual result or fiscal year (its dated events move with the year)."""
    text = PAGE_PATH.read_text(encoding="utf-8")
    text = text.replace(": 5008-2005", f": {code}")
    if name is not None:
        text = text.replace("ร้อยละของคำขออนุญาตก่อสร้างอาคารที่พิจารณาแล้วเสร็จภายในระยะเวลาที่กำหนด", name)
    text = text.replace("ผลงานที่ทำได้ ร้อยละ : 51.44", f"ผลงานที่ทำได้ ร้อยละ : {result}")
    short = year - 2500
    return text.replace("ธ.ค. 64", f"ธ.ค. {short - 1}").replace("มิ.ย. 65", f"มิ.ย. {short}").encode("utf-8")


def seed_indicator_name(seq: int) -> str:
    """The name of the seed's indicator ``seq`` as the parser reads it (to write a page of it)."""
    from kpi_core import parse_report

    return next(i.name for i in parse_report(SEED, "seed.txt").indicators if i.seq == seq)


# Outside addresses that hostile report text points at; nothing on a page may reach them.
EVIL = "https://evil.example"
HOSTILE_MARKUP = (
    f"**ตัวหนา** _เอียง_ :red[แดง] $x^2$ [ยืนยันตัวตน]({EVIL}/login) ![i]({EVIL}/track.png) "
    f"<img src={EVIL}/x.png onerror=alert(1)> :material/warning: :streamlit: <{EVIL}/auto> "
    f"www.{EVIL.removeprefix('https://')}/www phish@{EVIL.removeprefix('https://')} a -> b &amp; &#91;x&#93;"
)
HOSTILE_AGENCY_NAME = f'=HYPERLINK("{EVIL}/a","CLICK") "สำนัก" **ทดสอบ** [a]({EVIL}/a)'


def hostile(data: bytes = SEED) -> bytes:
    """The seed with report text a spreadsheet or a Markdown renderer would act on.

    Indicator 1's name is a spreadsheet formula and Markdown, its unit a formula; narratives open
    with ``@``, ``+``, ``-`` and a tab and carry Markdown links, images, LaTeX, colour directives
    and HTML; a plan-dimension title has a ``"``; indicator 3's result is negative (a number that
    must stay a number).
    """
    text = data.decode("utf-8")

    def once(old: str, new: str) -> None:
        nonlocal text
        if old not in text:
            raise ValueError(f"the seed changed: {old!r} is gone")
        text = text.replace(old, new, 1)

    once("(1) ร้อยละของบริการสาธารณะ", f'(1) =HYPERLINK("{EVIL}/n","CLICK") {HOSTILE_MARKUP} ร้อยละของบริการสาธารณะ')
    once("หน่วยนับ :ร้อยละ", "หน่วยนับ :=1+2")
    once("๕.๓ - การกระจายอำนาจสู่ประชาชน", '๕.๓ - การกระจาย "อำนาจ" สู่ประชาชน')
    once("ได้รับเงินประจำงวดเรียบร้อยแล้ว", f"@SUM(1+1)*cmd|' /C calc'!A0 {HOSTILE_MARKUP} ได้รับเงินประจำงวดเรียบร้อยแล้ว")
    once("นำบางภารกิจที่จะให้สำนักงานเขต", f"+1+2 {HOSTILE_MARKUP} นำบางภารกิจที่จะให้สำนักงานเขต")
    once("ผลงาน :1.00", "ผลงาน :-5.00")  # indicator 3
    once("อยู่ระหว่างการปรับแก้ไขร่างขอบเขต", f"-2+3 {HOSTILE_MARKUP} อยู่ระหว่างการปรับแก้ไขร่างขอบเขต")
    return text.encode("utf-8")


def replaced(old: str, new: str, data: bytes = SEED) -> bytes:
    """``data`` with the first ``old`` replaced by ``new``; an error if the seed no longer has it."""
    text = data.decode("utf-8")
    if old not in text:
        raise ValueError(f"the seed changed: {old!r} is gone")
    return text.replace(old, new, 1).encode("utf-8")


SEED_Q1 = "ได้รับเงินประจำงวดเรียบร้อยแล้ว"  # indicator 1's report for quarter 1, line 46 (heading: 44)
RISK_WORDS = "โควิด ล่าช้า ยกเลิก "  # what the reviewer's 16 MB narrative repeated: ingest's hardest text


def long_narrative(length: int, data: bytes = SEED) -> bytes:
    """The seed with indicator 1's report for quarter 1 made ``length`` characters long."""
    text = (RISK_WORDS * (length // len(RISK_WORDS) + 1))[:length].rstrip()
    text += "ก" * (length - len(text))  # exactly ``length``: no space to fold at either end
    return replaced(next(ln for ln in data.decode("utf-8").split("\n") if ln.startswith(SEED_Q1)), text, data)


def overflowing_codes(data: bytes = SEED) -> bytes:
    """The seed with codes no plan has, in the shapes of the reviewer's files: a 20-digit pillar in
    indicator 1's plan-dimension heading (line 5) and goal line (10), a 20-digit evaluation
    dimension in its tag (8), a 29-character goal code for indicator 2 (69). The preview said it
    could be saved; saving failed ("Python int too large to convert to SQLite INTEGER")."""
    data = replaced("๕.๓ - การกระจายอำนาจสู่ประชาชน", "99999999999999999999.3 - การกระจายอำนาจสู่ประชาชน", data)
    data = replaced("[มิติที่ 1 : ตัวชี้วัดเจรจา]", "[มิติที่ 99999999999999999999 : ตัวชี้วัดเจรจา]", data)
    data = replaced("๕.๓.๑ ลดบทบาท", "99999999999999999999.3.1 ลดบทบาท", data)
    return replaced("๗.๓.๑ บุคลากร", "๗.๓.๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑ บุคลากร", data)


def repeated(times: int) -> bytes:
    """The seed's indicators repeated under one header, each copy's names told apart (a
    word-for-word repeat is read once): every repeat is a duplicate-number issue."""
    head, body = SEED.decode("utf-8").split("\n", 1)
    copies = (re.sub(r"(?m)^\((\d+)\) ", lambda m, k=k: f"({m.group(1)}) ชุด {k} ", body) for k in range(times))
    return (head + "\n" + "".join(copies)).encode("utf-8")


def unmarked(indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
    """The indicators with what says where their file was cut taken off: what was read, alone."""
    return tuple(
        replace(i, cut_line=None, cut_in="", quarters=tuple(replace(q, in_file=True) for q in i.quarters))
        for i in indicators
    )


def page_cut_at_q3(code: str = "5008-2005") -> bytes:
    """A page whose file stops in Q3's heading (``รายงานผลฯ ไต``, line 54), as the real excerpt
    ``dp1_…5010-0957`` does: Q3 and Q4 have values (41.20, 51.44) but their reports are not in the file."""
    lines = page(code).decode("utf-8").split("\n")
    return "\n".join([*lines[:53], "รายงานผลฯ ไต", ""]).encode("utf-8")


def page_without_q4(code: str = "5008-2005", *, target: str = "80") -> bytes:
    """A page whose Q4 reads 0.00 with no report ("-"): how the SED tables show a quarter nobody
    reported on (the real excerpt ``index11_selDEP_07000000`` shows it too). Q1–Q3 are reported:
    12.50, 30.00, 41.20 of the target ``target``."""
    data = page(code)
    data = replaced("4\n51.44\n100.0000\n100 / 50", "4\n0.00\n\n0 / 0", data)
    data = replaced("รับคำขอสะสม 208 ราย พิจารณาแล้วเสร็จ 107 ราย", "-", data)
    return replaced("ค่าเป้าหมาย ร้อยละ : 80", f"ค่าเป้าหมาย ร้อยละ : {target}", data)


def garbled(data: bytes) -> bytes:
    """``data`` after a wrong conversion: its UTF-8 read as Windows-1252 (Latin-1 for the five
    bytes 1252 leaves undefined) and saved again as UTF-8, so that "รายงาน" reads "à¸£à¸²à¸¢à¸‡à¸²à¸™"."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data).encode("utf-8")
