"""The core's errors and the parser's issues as sentences in the session's language.

The core says what went wrong with a code (``KpiError.code``, ``Issue.code``) and the values its
sentence names (``KpiError.params``, ``Issue.missing``); these tables word each code in Thai and
English. The core's own ``reason`` is English and may name the command line's options (``give
one (--agency)``), so the app shows it only for an error without a code of its own (``error``:
a word list that cannot be read, say).
"""

from __future__ import annotations

from kpi_core.reading.errors import ErrorCode, KpiError
from kpi_core.reading.model import Issue, IssueCode, Part
from ui.i18n import lang, t

ERRORS: dict[ErrorCode, tuple[str, str]] = {
    "unreadable": ("อ่านไฟล์นี้ไม่ได้", "This file cannot be read"),
    "empty-file": ("ไฟล์ว่างเปล่า ไม่มีข้อความ", "The file is empty"),
    "not-text": (
        "ไม่ใช่ไฟล์ข้อความ (เช่น รูปภาพ ไฟล์บีบอัด) หรือใช้รหัสอักขระที่ไม่รองรับ",
        "Not a text file (an image, an archive…) or an unsupported encoding",
    ),
    # Cause, line and fix, and nothing else: the file is text, so "not a text file" would be wrong.
    "garbled": (
        "ข้อความภาษาไทยในไฟล์ถูกแปลงรหัสอักขระผิดจนอ่านไม่ออก (ขึ้นเป็น à¸…) ตั้งแต่บรรทัด {line}"
        " — บันทึกหน้าเว็บต้นฉบับใหม่เป็น UTF-8 แล้วอัปโหลดอีกครั้ง",
        "The Thai text was garbled by a wrong conversion (it reads à¸…) from line {line}:"
        " save the page again as UTF-8 and upload it again",
    ),
    "not-a-report": ("ไม่พบรายงานตัวชี้วัดของ สยป. ในไฟล์นี้", "No SED indicator report in this file"),
    "no-indicator": ("พบหัวรายงานแต่อ่านตัวชี้วัดไม่ได้เลย", "A report header but not a single readable indicator"),
    "too-large": ("ไฟล์ขนาด {size} MB เกินกำหนด {limit} MB", "The file is {size} MB, over the {limit} MB limit"),
    "too-many-indicators": (
        "ไฟล์นี้มี {n:,} ตัวชี้วัด เกินกว่าที่รับได้ (ไม่เกิน {limit:,} ต่อไฟล์ หน่วยงานหนึ่งมีเพียงหลักสิบ)",
        "The file holds {n:,} indicators; at most {limit:,} per file (an agency has tens)",
    ),
    "no-agency": (
        "ไม่พบรหัสหน่วยงานในไฟล์หรือชื่อไฟล์ — กรุณาระบุรหัส 8 หลัก",
        "No agency code in the file or its name — please give the 8-digit code",
    ),
    "no-agency-or-year": (
        "ไม่พบทั้งรหัสหน่วยงาน (ในไฟล์หรือชื่อไฟล์) และปีงบประมาณ — กรุณาระบุรหัสหน่วยงาน 8 หลักและปีงบประมาณ",
        "Neither an agency code (in the file or its name) nor a fiscal year was found — please give the 8-digit"
        " agency code and the fiscal year",
    ),
    "agency-mismatch": (
        "รายงานนี้ระบุรหัสหน่วยงาน {named} ไว้เอง ไม่ใช่ {typed} — แก้รหัสให้ตรงกัน หรือลบออกเพื่อใช้รหัสในรายงาน",
        "The report itself names agency {named}, not {typed}: correct the code, or clear it to use the report's",
    ),
    "no-fiscal-year": ("ไม่พบปีงบประมาณ — กรุณาระบุ", "No fiscal year found — please give one"),
    "year-mismatch": (
        "รายงานนี้ระบุปีงบประมาณ {named} ไว้เอง ไม่ใช่ {typed} — แก้ปีให้ตรงกัน หรือลบออกเพื่อใช้ปีในรายงาน",
        "The report itself states fiscal year {named}, not {typed}: correct the year, or clear it to use the report's",
    ),
    "not-a-fiscal-year": (
        "“{value}” ไม่ใช่ปีงบประมาณ พ.ศ. (ระบุปี 2500 ถึง 2700 เช่น 2567)",
        "“{value}” is not a B.E. fiscal year (give one from 2500 to 2700, e.g. 2567)",
    ),
    "bad-agency-code": (
        "“{value}” ไม่ใช่รหัสหน่วยงาน (ตัวเลข 8 หลัก เช่น 50010000)",
        "“{value}” is not an agency code (8 digits, e.g. 50010000)",
    ),
    "bad-agency-kind": (
        "ประเภทหน่วยงาน “{value}” ไม่ถูกต้อง ต้องเป็นหนึ่งใน {kinds}",
        "Kind “{value}” is not one of {kinds}",
    ),
    "no-code-column": (
        "บรรทัดแรกของไฟล์ต้องเป็นชื่อคอลัมน์ ขึ้นต้นด้วย code,name",
        "The first line must name the columns, starting with code,name",
    ),
    "unknown-column": (
        "ไม่รู้จักคอลัมน์ “{value}” คอลัมน์ที่ใช้ได้คือ {columns}",
        "Unknown column “{value}”: the columns are {columns}",
    ),
    "not-utf8": (
        "ไฟล์ไม่ได้บันทึกเป็น UTF-8 — ใน Excel ให้บันทึกเป็นชนิด «CSV UTF-8»",
        "The file is not UTF-8 text: in Excel, save it as «CSV UTF-8»",
    ),
    "too-many-values": (
        "แถวนี้มี {n} ค่า มากกว่าคอลัมน์ในบรรทัดแรก ({columns} คอลัมน์) — ลบค่าที่เกินหรือเพิ่มชื่อคอลัมน์",
        "The row has {n} values, more than the {columns} columns of the first line: remove the extra values",
    ),
    "duplicate-agency": (
        "รหัสหน่วยงาน {code} ซ้ำกับบรรทัด {first} — ให้เหลือแถวเดียวต่อหน่วยงาน",
        "Agency {code} is already given on line {first}: keep one row per agency",
    ),
    "value-too-long": (
        "มีค่าที่ยาวเกิน {limit:,} ตัวอักษร ยาวกว่าชื่อหน่วยงานใด ๆ มาก (เครื่องหมายคำพูดไม่ครบคู่?)",
        "A value is over {limit:,} characters, far longer than any agency name (an unclosed quote?)",
    ),
    "name-too-long": (
        "ชื่อยาว {n:,} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "A name of {n:,} characters, over the limit of {limit}",
    ),
    "refused": (
        "มีข้อผิดพลาดในไฟล์ (ดูรายการด้านล่าง) แก้ไฟล์แล้วอัปโหลดใหม่",
        "The file has errors (listed below): correct it and upload it again",
    ),
    "already-deleted": (
        "ฉบับ {id} ถูกลบไปแล้ว (อาจโดยผู้ใช้อื่น) ไม่มีอะไรเปลี่ยนแปลง",
        "Version {id} is already deleted (perhaps by someone else); nothing changed",
    ),
    "already-current": (
        "ฉบับ {id} เป็นฉบับปัจจุบันอยู่แล้ว ไม่มีอะไรเปลี่ยนแปลง",
        "Version {id} is already current; nothing changed",
    ),
}

# Sentences that say the cause, its line and the fix themselves: nothing is added after them (the
# core's English reason, a line in brackets), which would repeat or contradict them.
WHOLE: frozenset[ErrorCode] = frozenset({"garbled"})

ISSUES: dict[IssueCode, tuple[str, str]] = {
    "truncated-block": ("ข้อความจบกลางตัวชี้วัด (ไฟล์ถูกตัด)", "The text stops inside an indicator (cut-off file)"),
    "missing-section": ("ตัวชี้วัดขาดบางส่วน", "An indicator lacks a section"),
    "bad-number": ("ค่านี้ไม่ใช่ตัวเลข", "This value is not a number"),
    "number-with-text": ("ตัวเลขมีข้อความปน อ่านเฉพาะตัวเลข", "A number with words around it; the number was read"),
    "duplicate-number": ("หมายเลขตัวชี้วัดซ้ำกัน", "The same indicator number twice"),
    "duplicate-quarter": ("ไตรมาสซ้ำในตาราง", "A quarter appears twice in the table"),
    "duplicate-narrative": ("รายงานผลของไตรมาสเดียวกันมีสองครั้ง", "A second report for the same quarter"),
    "unrecognised-line": ("บรรทัดนี้อ่านไม่เข้าใจ", "Line not understood"),
    "unnumbered-rows": (
        "แถวในตารางรายไตรมาสไม่มีเลขไตรมาส จึงอ่านตามลำดับ",
        "Quarter-table rows without their quarter number, read in order",
    ),
    "no-fiscal-year": ("ไม่พบปีงบประมาณ", "No fiscal year found"),
    "no-header": ("ไม่มีหัวรายงาน", "No report header"),
    "no-agency-code": ("หัวรายงานไม่มีรหัสหน่วยงาน", "The header has no agency code"),
    "no-headings": (
        "ไม่มีหัวข้อ จึงอ่านตามลำดับที่หน้ารายงานเรียงไว้",
        "No section headings: read in the order the pages use",
    ),
    "text-before-heading": (
        "ข้อความก่อนหัวข้อแรก อ่านเป็นส่วนท้ายของหัวข้อที่มาก่อน",
        "Text before the first heading, read as the end of the section before it",
    ),
    "passage-start": (
        "ข้อความเริ่มกลางตัวชี้วัดที่ชื่อถูกตัดไป เก็บส่วนที่อ่านได้ไว้โดยไม่มีชื่อ",
        "The passage begins inside an indicator whose name was cut off: its sections are kept, without a name",
    ),
    "cut-heading": (
        "ข้อความจบกลางหัวข้อ (ไฟล์ถูกตัด) หัวข้อที่ไม่ครบถูกละไว้",
        "The text stops inside a heading (cut-off file); the partial heading was left out",
    ),
    "cut-character": (
        "ไฟล์จบกลางตัวอักษร (ดาวน์โหลดไม่ครบ?) ไบต์ที่ไม่ครบถูกละไว้",
        "The file ends inside a character (a broken download?); those bytes were left out",
    ),
    "field-too-long": (
        "ข้อความในช่องนี้ยาวเกินกว่าที่รายงานจริงมี (เกิน 20,000 ตัวอักษร) ต้องแก้ไฟล์ก่อนจึงจะบันทึกได้",
        "This text is longer than any real report's (over 20,000 characters): the file cannot be saved",
    ),
    "bad-code": (
        "รหัสแผนหรือมิติการประเมินยาวเกินกว่ารหัสจริง (ไม่เกินส่วนละ 2 หลัก เช่น 5.3.1) จึงไม่ได้อ่าน ข้อความส่วนอื่นยังเก็บไว้",
        "A plan or evaluation code longer than any real one (two digits a part, as in 5.3.1): left out",
    ),
    "second-report": (
        "หัวรายงานที่สองในไฟล์ระบุหน่วยงานหรือปีงบประมาณอื่น ไฟล์เดียวมีสองรายงาน จึงบันทึกไม่ได้ ให้แยกเป็นไฟล์ละหนึ่งรายงาน",
        "A second report header names another agency or fiscal year: one file holds two reports and cannot be"
        " saved; save each report in a file of its own",
    ),
    "repeated-header": (
        "หัวรายงานซ้ำอีกครั้ง (หน่วยงานและปีเดียวกัน) อ่านต่อเป็นรายงานเดียวกัน",
        "The report header again (same agency and year): read on as the same report",
    ),
    "repeated-indicator": (
        "ตัวชี้วัดนี้ซ้ำกับข้อความก่อนหน้าทุกตัวอักษร จึงอ่านเพียงครั้งเดียว",
        "This indicator repeats an earlier one word for word: read once",
    ),
    "hidden-characters": (
        "บรรทัดนี้มีอักขระควบคุมที่มองไม่เห็น ซึ่งนำออกแล้ว (อักขระควบคุมกลายเป็นช่องว่าง อักขระกำหนดทิศทางข้อความถูกลบ)",
        "Invisible control characters were taken out of this line",
    ),
}

PARTS: dict[Part, tuple[str, str]] = {
    "unit": ("หน่วยนับ", "unit"),
    "target": ("ค่าเป้าหมาย", "target"),
    "result": ("ผลงาน", "result"),
    "table": ("ตารางผลรายไตรมาส", "quarter table"),
    "q1": ("รายงานผลไตรมาสที่ 1", "narrative Q1"),
    "q2": ("รายงานผลไตรมาสที่ 2", "narrative Q2"),
    "q3": ("รายงานผลไตรมาสที่ 3", "narrative Q3"),
    "q4": ("รายงานผลไตรมาสที่ 4", "narrative Q4"),
    "summary": ("สรุปผลการดำเนินงาน", "summary"),
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


def error_sentence(exc: KpiError) -> str:
    """What went wrong, in the session's language, without where; the core's English reason for an
    error with no sentence here."""
    pair = ERRORS.get(exc.code)
    if pair is None:
        return exc.reason
    try:
        return _pick(pair).format(**exc.params)
    except (KeyError, ValueError):  # a raise that forgot a value: its reason beats a traceback
        return exc.reason


def error_where(exc: KpiError, *, row: bool = False) -> str:
    """``bad.csv บรรทัด 2: “123” ไม่ใช่รหัสหน่วยงาน …``: the file and line, then the sentence. With
    ``row``, the line of a CSV written from a table is said as the table's row (line 1 names the
    columns), and the file name, which the analyst never saw, is left out."""
    sentence = error_sentence(exc)
    if row:
        return f"{t('where_row', row=exc.line - 1)}: {sentence}" if exc.line and exc.line > 1 else sentence
    where = t("where_line", source=exc.source, line=exc.line) if exc.line and exc.code not in WHOLE else exc.source
    return f"{where}: {sentence}"


def issue_sentence(issue: Issue) -> str:
    """An issue in the session's language: what the parser found, and what an indicator lacks.

    In English the parser's own sentence says more (which indicator, which value) and is shown."""
    pair = ISSUES.get(issue.code)
    if lang() == "en" or pair is None:
        return issue.message
    missing = ", ".join(_pick(PARTS[part]) for part in issue.missing)
    return _pick(pair) + (t("issue_missing", parts=missing) if missing else "")
