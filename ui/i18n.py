"""Every UI string in one table, Thai first. ``t("key")`` picks the session's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import streamlit as st

from kpi_core.outputs.clock import when_text
from kpi_core.reading.thai import show_hidden
from kpi_core.storage.agencies import shown_name, with_code

if TYPE_CHECKING:
    from kpi_core.storage.audit import Detail
    from kpi_core.storage.store import IngestResult

LANGS = ("th", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and titles
    "app_title": ("ผลการปฏิบัติราชการ กรุงเทพมหานคร", "BMA performance indicators"),
    "nav_overview": ("ภาพรวม", "Overview"),
    "nav_indicator": ("รายละเอียดตัวชี้วัด", "Indicator detail"),
    "nav_compare": ("เปรียบเทียบ", "Compare"),
    "nav_search": ("ค้นหา", "Search"),
    "language": ("ภาษา", "Language"),
    # filters
    "filters": ("ตัวกรอง", "Filters"),
    "all": ("ทั้งหมด", "All"),
    "f_fy": ("ปีงบประมาณ", "Fiscal year"),
    "f_agency": ("หน่วยงาน", "Agency"),
    "f_eval": ("มิติการประเมิน", "Evaluation dimension"),
    "f_pillar": ("ยุทธศาสตร์ (ด้าน)", "Plan pillar"),
    "f_dim": ("มิติของแผน", "Plan dimension"),
    "f_status": ("สถานะ", "Status"),
    "f_flag": ("สัญญาณเตือน", "Flags"),
    "bad_param": ("ค่าในลิงก์ไม่ถูกต้องจึงถูกละไว้: {param} = {values}", "Ignored invalid link values: {param} = {values}"),
    "absent_param": (
        "ไม่มีข้อมูลปัจจุบันของ {param} = {values} (อาจถูกลบหรือยังไม่ได้อัปโหลด) จึงไม่ได้กรองด้วยค่านี้",
        "No current data for {param} = {values} (deleted, or not uploaded yet), so the view is not filtered by it",
    ),
    "pillar_n": ("ด้านที่ {n}", "Pillar {n}"),
    "eval_n": ("มิติที่ {n}", "Dimension {n}"),
    "fy_n": ("ปีงบประมาณ {n}", "FY {n}"),
    # overview
    "m_indicators": ("ตัวชี้วัดทั้งหมด", "Indicators"),
    "m_met": ("บรรลุ", "Met"),
    "m_near": ("ใกล้เคียง", "Near"),
    "m_not_met": ("ไม่บรรลุ", "Not met"),
    "m_no_data": ("ไม่มีข้อมูล/ไม่มีเป้า", "No data / no target"),
    "m_no_data_help": (
        "ไม่มีข้อมูลผลงาน {no_data:,} · ไม่มีค่าเป้าหมาย {no_target:,}",
        "No result reported {no_data:,} · no target set {no_target:,}",
    ),
    "m_percent": ("ร้อยละที่บรรลุ", "Percent met"),
    # Percent met divides by every indicator, those with no result or no target yet too: say so.
    "percent_basis": (
        "ร้อยละที่บรรลุนับจากตัวชี้วัดทั้งหมด: บรรลุ {met:,} จาก {total:,} ตัวชี้วัด",
        "Percent met counts every indicator: {met:,} of {total:,} met",
    ),
    "percent_basis_no_data": ("ยังไม่มีผลงาน {n:,} ตัวชี้วัด", "{n:,} has no result yet|{n:,} have no result yet"),
    "percent_basis_no_target": ("ไม่มีค่าเป้าหมาย {n:,} ตัวชี้วัด", "{n:,} has no target|{n:,} have no target"),
    # No indicator has a result to hold against a target: 0.0 % would read as "all missed".
    "percent_none": (
        "ร้อยละที่บรรลุยังคำนวณไม่ได้ (—): ยังไม่มีตัวชี้วัดใดมีผลงานให้เทียบกับค่าเป้าหมาย",
        "Percent met does not apply yet (—): no indicator has a result to compare with a target",
    ),
    "percent_basis_column": (
        "บรรลุ ÷ ตัวชี้วัดทั้งหมด รวมตัวที่ยังไม่มีผลงานหรือไม่มีค่าเป้าหมาย",
        "Met ÷ all indicators, those with no result or no target yet included",
    ),
    "points": ("{delta} จุด", "{delta} pp"),  # a change of a percentage: percentage points
    "by_dimension": ("สถานะตามมิติของแผน", "Status per plan dimension"),
    "by_pillar": ("สถานะตามยุทธศาสตร์", "Status per plan pillar"),
    "by_eval": ("สถานะตามมิติการประเมิน", "Status per evaluation dimension"),
    "heatmap": ("ร้อยละที่บรรลุ: หน่วยงาน × ยุทธศาสตร์", "Percent met: agencies × pillars"),
    "table": ("ตัวชี้วัด", "Indicators"),
    "exceptions": ("ต้องติดตาม: ไม่บรรลุและใกล้เคียง (แย่ที่สุดก่อน)", "To follow up: not met and near (worst first)"),
    "of_target": ("{pct} ของเป้าหมาย", "{pct} of target"),
    "more_exceptions": ("และอีก {n} รายการ ในตารางด้านล่าง", "and {n} more in the table below"),
    "no_exceptions": ("ไม่มีตัวชี้วัดที่ไม่บรรลุหรือใกล้เคียง", "No indicator is below its target"),
    # The follow-up box when some indicators cannot be held against a target yet: an empty list
    # there is no "all fine", and the box says how many it could not judge.
    "no_exceptions_of": (
        "ไม่มีตัวชี้วัดที่ไม่บรรลุหรือใกล้เคียง ในบรรดา {n:,} ตัวชี้วัดที่มีผลงานให้เทียบกับค่าเป้าหมาย",
        "Of the {n:,} indicator with a result to compare with a target, none is below it"
        "|Of the {n:,} indicators with a result to compare with a target, none is below its target",
    ),
    "follow_up_unknown": (
        "ยังบอกไม่ได้ว่าตัวชี้วัดใดต้องติดตาม: ยังไม่มีตัวชี้วัดใดมีผลงานให้เทียบกับค่าเป้าหมาย",
        "Not known yet which indicators need following up: no indicator has a result to compare with a target",
    ),
    "follow_up_also": (
        "ไม่อยู่ในรายการนี้ เพราะยังเทียบกับค่าเป้าหมายไม่ได้: {parts}",
        "Not in this list, as they cannot be compared with a target yet: {parts}",
    ),
    "by_year": ("ผลรายปีงบประมาณ", "By fiscal year"),
    "pillar_progress": ("ความก้าวหน้ารายไตรมาส จำแนกตามด้าน", "Quarterly progress by pillar"),
    "pillar_note": (
        "แท่ง: ในบรรดาตัวชี้วัดที่รายงานไตรมาสนั้นแล้ว ร้อยละที่เป็นไปตามแผน · ใต้แท่ง: รายงานแล้ว/ทั้งหมด · เส้นประ: เป้าหมาย {goal:.0f}%",
        "Bars: of the indicators that reported that quarter, the share on track · under each bar:"
        " reported/all · dashed line: the {goal:.0f}% goal",
    ),
    # instead of the panels when no indicator of the view names a pillar (single-indicator pages do not)
    "no_pillar": (
        "ตัวชี้วัดในมุมมองนี้ไม่ระบุยุทธศาสตร์ (ด้าน) จึงไม่มีความก้าวหน้าจำแนกตามด้าน",
        "No indicator in this view names a plan pillar, so there is no progress by pillar",
    ),
    "heatmap_top": (
        "แสดง {n} หน่วยงานที่มีตัวชี้วัดไม่บรรลุและใกล้เคียงมากที่สุด จากทั้งหมด {total} หน่วยงาน (มากที่สุดก่อน)"
        " · เลือกหน่วยงานที่แถบด้านข้างเพื่อดูหน่วยงานอื่น",
        "The {n} agencies with the most indicators not met or near, of {total} (most first)"
        " · pick agencies in the sidebar to see others",
    ),
    "click_to_filter": (
        "คลิกแท่งกราฟหรือช่องในตารางสีเพื่อกรองตามด้าน มิติ หรือหน่วยงานนั้น (ล้างตัวกรองได้ที่แถบด้านข้าง)",
        "Click a bar or a heat-map cell to filter by that pillar, dimension or agency (clear it in the sidebar)",
    ),
    "table_page": ("หน้า", "Page"),
    "table_rows": ("แถว {a}–{b} จาก {n} · เลือกแถวเพื่อเปิดตัวชี้วัด", "Rows {a}–{b} of {n} · select a row to open it"),
    "prepare": ("เตรียมไฟล์ Excel และสรุปผู้บริหาร", "Prepare Excel and briefing"),
    "preparing": ("กำลังเตรียมไฟล์ CSV, Excel และสรุปผู้บริหาร…", "Preparing the CSV, Excel and briefing files…"),
    "progress": ("ความก้าวหน้ารายไตรมาสเทียบค่าเป้าหมาย", "Quarterly progress against target"),
    # under that chart, the indicators it draws no line for, by why
    "progress_no_target": (
        "ไม่มีเส้นสำหรับ {n} ตัวชี้วัดที่ไม่มีค่าเป้าหมาย (เทียบเป้าหมายไม่ได้):",
        "No line for {n} indicator without a target (nothing to compare with):"
        "|No line for {n} indicators without a target (nothing to compare with):",
    ),
    "progress_no_values": (
        "ไม่มีเส้นสำหรับ {n} ตัวชี้วัดที่ยังไม่รายงานค่ารายไตรมาส:",
        "No line for {n} indicator with no quarter value reported:"
        "|No line for {n} indicators with no quarter value reported:",
    ),
    "legend": ("คำอธิบายสถานะและสัญญาณเตือน", "What the statuses and flags mean"),
    "open": ("เปิด", "open"),
    "col_status": ("สถานะ", "Status"),
    "col_name": ("ตัวชี้วัด", "Indicator"),
    "col_agency": ("หน่วยงาน", "Agency"),
    "col_unit": ("หน่วยนับ", "Unit"),
    "col_target": ("เป้าหมาย", "Target"),
    "col_result": ("ผลงาน", "Result"),
    "col_percent": ("% ของเป้าหมาย", "% of target"),
    "col_flags": ("สัญญาณเตือน", "Flags"),
    "col_detail": ("รายละเอียด", "Detail"),
    "col_fy": ("ปีงบประมาณ", "Fiscal year"),
    "empty_db": (
        "ยังไม่มีรายงานในฐานข้อมูล — เพิ่มด้วยคำสั่ง `python -m kpi_core ingest ไฟล์รายงาน.txt` หรือหน้าอัปโหลด",
        "No reports yet — add some with `python -m kpi_core ingest REPORT.txt` or the upload page",
    ),
    "empty_filter": ("ไม่มีตัวชี้วัดตรงกับตัวกรอง", "No indicator matches the filters"),
    "relax": (
        "ลองเอาตัวกรอง “{name}” ออก จะเห็น {n} ตัวชี้วัด",
        "Remove the “{name}” filter to see {n} indicator|Remove the “{name}” filter to see {n} indicators",
    ),
    # exports
    "export": ("ส่งออกมุมมองนี้", "Export this view"),
    "csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "briefing": ("ดาวน์โหลดสรุปสำหรับผู้บริหาร (HTML)", "Download executive briefing (HTML)"),
    "export_failed": (
        "สร้างไฟล์ {kind} ไม่สำเร็จ — ลองอีกครั้ง หรือแจ้งผู้ดูแลระบบ (รายละเอียดอยู่ในบันทึกของเซิร์ฟเวอร์)",
        "The {kind} file could not be made — try again, or tell the administrator (details in the server log)",
    ),
    "data_version": ("ข้อมูลฉบับที่ {n}", "Data version {n}"),
    # detail
    "pick_indicator": ("เลือกตัวชี้วัดจากรายการด้านบน หรือจากหน้าภาพรวม", "Pick an indicator above, or on the overview"),
    "pick_one": (
        "ตัวชี้วัดในมุมมองนี้ ({n}) — พิมพ์ชื่อ รหัส หรือหน่วยงาน",
        "Indicators in this view ({n}): type a name, code or agency",
    ),
    "pick_placeholder": ("เลือกตัวชี้วัด", "Choose an indicator"),
    "previous": ("← ตัวชี้วัดก่อนหน้า", "← Previous indicator"),
    "next": ("ตัวชี้วัดถัดไป →", "Next indicator →"),
    "no_indicator": ("ไม่พบตัวชี้วัดหมายเลข {id}", "There is no indicator {id}"),
    "bad_id": (
        "หมายเลขตัวชี้วัดในลิงก์ไม่ถูกต้อง: {id} (ต้องเป็นเลข 1 ถึง {max})",
        "The indicator number in the link is not valid: {id} (a number from 1 to {max})",
    ),
    "no_quarter_values": (
        "รายงานนี้ไม่มีค่ารายไตรมาส จึงไม่มีกราฟเทียบกับค่าเป้าหมาย",
        "This report gives no quarterly values, so there is no chart against the target",
    ),
    "quarter_table": ("ผลงานรายไตรมาส", "Quarter by quarter"),
    "quarter": ("ไตรมาส", "Quarter"),
    "value": ("ผลงาน", "Value"),
    "sed_score": ("คะแนน สยป.", "SED score"),
    "assessment": ("ผลประเมิน (2.1 / 2.2)", "Assessment (2.1 / 2.2)"),
    "narratives": ("รายงานผลการดำเนินงานรายไตรมาส", "Quarterly narratives"),
    "quarter_n": ("ไตรมาสที่ {n}", "Quarter {n}"),
    "cards_status_filtered": (
        "ตัวเลขด้านล่างนับเฉพาะตัวชี้วัดสถานะ {statuses} ตามตัวกรองสถานะ ไม่ใช่ภาพรวมทั้งหมด",
        "The figures below count only indicators that are {statuses} (the status filter), not the whole picture",
    ),
    "no_report": ("(ไม่มีรายงาน)", "(no report)"),
    "not_in_file": (
        "ไม่อยู่ในไฟล์: ไฟล์ต้นฉบับจบก่อนถึงรายงานของไตรมาสนี้ (ไม่ได้แปลว่าหน่วยงานไม่รายงาน)",
        "Not in the file: the source file ends before this quarter's report (not a sign the agency did not report)",
    ),
    "text_cut": (
        "ข้อความถูกตัด: ไฟล์ต้นฉบับจบกลางรายงานนี้ที่บรรทัด {line} ส่วนที่เหลือไม่อยู่ในไฟล์",
        "Cut off: the source file ends inside this report, at line {line}; the rest is not in the file",
    ),
    # Plainly: where the file ends, that what comes after is not in it (and is marked so below),
    # and that what is shown is what the file holds. An earlier wording ("what is shown below
    # after that point is not what the agency reported") read as if the narratives shown were not
    # the agency's.
    "file_cut": (
        "ไฟล์ต้นฉบับ ({file}) จบที่บรรทัด {line} กลาง{where} ส่วนที่อยู่หลังจุดนั้นไม่มีอยู่ในไฟล์ "
        "(ด้านล่างกำกับไว้ด้วย ✂️) ข้อความที่แสดงคือสิ่งที่มีอยู่ในไฟล์",
        "The source file ({file}) ends at line {line}, inside {where}. The parts after that point are not in "
        "the file (marked ✂️ below); what is shown is what the file holds.",
    ),
    "cut_in_q": ("รายงานผลไตรมาสที่ {n}", "the report for quarter {n}"),
    "cut_in_": ("หัวข้อของส่วนถัดไป", "the next section's heading"),
    "cut_in_head": ("ส่วนหัวของตัวชี้วัด", "the indicator's heading"),
    "cut_in_table": ("ตารางผลงานรายไตรมาส", "the quarter table"),
    "cut_in_summary": ("สรุปผลการดำเนินงาน", "the summary"),
    "cut_in_projects": ("โครงการ/กิจกรรมที่สนับสนุน", "the supporting projects"),
    "cut_in_definition": ("นิยามของตัวชี้วัด", "the definition"),
    "section_cut": (
        "ข้อความถูกตัด: ไฟล์ต้นฉบับจบกลางส่วนนี้ที่บรรทัด {line} ส่วนที่เหลือไม่อยู่ในไฟล์",
        "Cut off: the source file ends inside this section, at line {line}; the rest is not in the file",
    ),
    "by_position": (
        'ข้อความช่วงนี้ไม่มีหัวข้อ "รายงานผลฯ ไตรมาสที่ …" จึงจัดเข้าไตรมาสตามลำดับบรรทัด (บรรทัดแรกเป็นไตรมาสที่ 1) '
        "ไตรมาสที่แสดงอาจไม่ตรงกับความจริง ควรดูวันที่ในข้อความประกอบ",
        'This passage has no "รายงานผลฯ ไตรมาสที่ …" headings, so its reports were given to quarters by their order '
        "(the first line as quarter 1): the quarter shown may be wrong; check the dates in the text",
    ),
    "summary": ("สรุปผลการดำเนินงาน", "Summary"),
    "projects": ("โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด", "Supporting projects"),
    "definition": ("นิยามของตัวชี้วัด", "Definition"),
    "source": ("ที่มา: {file} บรรทัด {line}", "Source: {file}, line {line}"),
    "years": ("ตัวชี้วัดเดียวกันในปีงบประมาณอื่น", "The same indicator in other fiscal years"),
    "only_year": ("มีข้อมูลปีงบประมาณเดียว", "Only one fiscal year on record"),
    "deleted_version": (
        "ฉบับนี้ถูกลบแล้ว — ผู้ใช้ทั่วไปไม่เห็น (กู้คืนได้ที่หน้าประวัติรายงาน)",
        "This version was deleted: viewers do not see it (restore it on the History page)",
    ),
    "old_version": ("นี่คือรายงานฉบับเก่า (ไม่ใช่ฉบับปัจจุบัน)", "This is an older version of the report, not the current one"),
    "plan": (
        "แผน: {pillar} › {dim} {dim_title} › {goal} {goal_title}",
        "Plan: {pillar} › {dim} {dim_title} › {goal} {goal_title}",
    ),
    "truncated": ("(ข้อความถูกตัดในต้นฉบับ)", "(cut off in the source)"),
    "back": ("← กลับไปภาพรวม", "← Back to the overview"),
    # reading and search
    "search_box": ("ค้นหาในรายงาน (ไทยหรืออังกฤษ)", "Search the reports (Thai or English)"),
    "search_placeholder": ('เช่น โควิด, ที่ปรึกษา, "ขยายสัญญา"', 'e.g. โควิด, covid, "ขยายสัญญา"'),
    "risk_legend": ("คำเสี่ยง", "Risk words"),
    "mentions": ("ข้อความรายงานมีคำว่า {terms}", "mentions {terms}"),
    "flag_result-outlier": (
        "ผลงานสูงกว่าค่าเป้าหมายตั้งแต่ {factor:g} เท่าขึ้นไป มักเกิดจากกรอกหน่วยนับผิด (เช่น จำนวนแทนร้อยละ) ควรตรวจกับหน่วยงาน",
        "The result is {factor:g} or more times the target: usually a unit mix-up (a count typed where a "
        "percentage belongs); check it with the agency",
    ),
    "flag_q4-mismatch": (
        "ผลงานไตรมาสที่ 4 ไม่เท่ากับผลงานทั้งปี ทั้งที่ไตรมาสที่ 4 ควรเป็นผลสะสมทั้งปี ค่าใดค่าหนึ่งอาจกรอกผิด",
        "The quarter 4 value differs from the annual result, though quarter 4 should be the year's total: "
        "one of them may be mistyped",
    ),
    "flag_missing-narrative": (
        "มีค่าผลงานในไตรมาสใดไตรมาสหนึ่ง แต่ไม่มีรายงานผลการดำเนินงาน (คำบรรยาย) ของไตรมาสนั้น",
        "A quarter has a value but no narrative report for that quarter",
    ),
    "flag_level-scale": (
        "หน่วยนับเป็นระดับ (ระดับความสำเร็จ 1–5) แต่ค่าเป้าหมาย ผลงาน หรือผลงานรายไตรมาสเกิน 5 มักเป็นร้อยละหรือจำนวนที่กรอกแทนระดับ "
        "ควรตรวจกับหน่วยงาน",
        "The unit is a level (success levels 1–5) but the target, the result or a quarter value is above 5: "
        "usually a percentage or a count typed where a level belongs; check it with the agency",
    ),
    "flag_file-cut": (
        "ไฟล์รายงานที่นำเข้าขาดตอนกลางตัวชี้วัดนี้ ข้อความหลังบรรทัดที่ไฟล์จบไม่อยู่ในไฟล์ "
        "ไตรมาสที่ไม่อยู่ในไฟล์จึงไม่ได้แปลว่าหน่วยงานไม่รายงาน ควรนำเข้าไฟล์ฉบับเต็ม",
        "The stored file was cut off inside this indicator: what follows the line where it ends is not in the file, "
        "so a quarter missing from it does not mean the agency did not report; load the whole file",
    ),
    "keywords": ("คำสำคัญของตัวชี้วัด (เลือกเพื่อไฮไลต์)", "Keywords of this indicator (pick one to highlight)"),
    "timeline": ("เหตุการณ์ตามวันที่ในรายงาน", "Dated events in the reports"),
    "no_dates": ("ไม่พบวันที่ในรายงาน", "No dates in the reports"),
    "date": ("วันที่", "Date"),
    "excerpt": ("ข้อความ", "Text"),
    "search_title": ("ค้นหารายงานผลการดำเนินงาน", "Search the quarterly reports"),
    "f_quarter": ("ไตรมาส", "Quarter"),
    "f_risk": ("หมวดความเสี่ยง", "Risk category"),
    "hits": ("พบ {n} รายการ", "{n} result|{n} results"),
    "more_hits": ("แสดงเพิ่มอีก {n} (เหลือ {rest})", "Show {n} more ({rest} left)"),
    "no_match_here": ("ไม่พบ “{q}” ในรายงานผลของตัวชี้วัดนี้", "“{q}” is not in this indicator's quarterly reports"),
    "hits_shown": ("พบ {n} รายการ แสดง {shown} รายการที่ตรงที่สุด", "{n} results; the best {shown} are listed"),
    "hits_newest": (
        "พบ {n} รายการ แสดง {shown} รายการที่ตรงที่สุดจาก {among} รายการที่อ่าน (รายการล่าสุด และรายการล่าสุดที่ตรงทั้งคำ)"
        " — เพิ่มคำค้นหรือเลือกปี/หน่วยงานเพื่อให้แคบลง",
        "{n} results; the best {shown} of the {among} read (the newest, and the newest whole-word matches) are listed"
        " — add a word, a year or an agency to narrow it",
    ),
    "no_hits": (
        "ไม่พบ “{q}” — ลองคำที่สั้นลงหรือเอาตัวกรองออก",
        "Nothing found for “{q}” — try a shorter word or fewer filters",
    ),
    "query_control-character": (
        "คำค้นมีอักขระที่ใช้ค้นหาไม่ได้ (อักขระควบคุม เช่น NUL)",
        "The search has a character that cannot be searched (a control character such as NUL)",
    ),
    "query_too-long": ("คำค้นยาวเกินไป ใช้ได้ไม่เกิน {n} ตัวอักษร", "The search is too long: at most {n} characters"),
    "query_too-many-terms": ("คำค้นมากเกินไป ใช้ได้ไม่เกิน {n} คำ", "Too many search terms: at most {n}"),
    "recent_risks": ("รายงานล่าสุดที่มีคำเสี่ยง", "Latest narratives with risk words"),
    "per_agency": ("จำนวนที่พบต่อหน่วยงาน", "Results per agency"),
    "per_agency_capped": ("นับใน {n} รายการแรกที่พบ", "Counted in the first {n} results"),
    "field_name": ("ชื่อตัวชี้วัด", "indicator name"),
    "field_summary": ("สรุปผล", "summary"),
    "field_plan": ("แผนพัฒนากรุงเทพมหานคร (มิติ/เป้าหมาย)", "BMA plan (dimension/goal)"),
    "field_projects": ("โครงการ/กิจกรรมที่สนับสนุน", "supporting projects"),
    "field_definition": ("นิยามตัวชี้วัด", "definition"),
    "field_narrative": ("รายงานผล", "narrative"),
    "hit_here": ("ผลการค้นหาที่เปิดหน้านี้อยู่ที่นี่", "The search result you opened is here"),
    "partial_hit": ("พบเป็นส่วนหนึ่งของคำที่ยาวกว่า", "found inside a longer word"),
    "same_text": (
        "ข้อความเกือบเหมือนกันอีก {n} รายการ: {agencies}",
        "{n} more near-identical text: {agencies}|{n} more near-identical texts: {agencies}",
    ),
    # access
    "signed_in": ("เข้าสู่ระบบแล้ว: {name} ({role})", "Signed in: {name} ({role})"),
    "role_analyst": ("นักวิเคราะห์", "analyst"),
    "role_viewer": ("ผู้ชม", "viewer"),
    "signed_in_until": ("เข้าสู่ระบบค้างไว้ในเบราว์เซอร์นี้ถึง {when}", "Stays signed in on this browser until {when}"),
    "logout": ("ออกจากระบบ", "Log out"),
    "login": ("เข้าสู่ระบบ", "Log in"),
    "login_sso": ("เข้าสู่ระบบด้วยบัญชีองค์กร (SSO)", "Log in with your organisation (SSO)"),
    "username": ("ชื่อผู้ใช้", "User name"),
    "password": ("รหัสผ่าน", "Password"),
    "login_failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong user name or password"),
    "login_wait": (
        "ลองผิดหลายครั้ง กรุณารอ {n} วินาทีแล้วลองใหม่",
        "Too many failed attempts: wait {n} second and try again"
        "|Too many failed attempts: wait {n} seconds and try again",
    ),
    "read_only": (
        "โหมดอ่านอย่างเดียว: ผู้ดูแลระบบเปิดการอัปโหลดได้โดยสร้างบัญชีนักวิเคราะห์ (ดู README หัวข้อ Accounts)",
        "Read-only: an administrator enables uploads by creating an analyst account (README, Accounts)",
    ),
    "upload_needs_analyst": (
        "การอัปโหลดรายงานต้องเข้าสู่ระบบด้วยบัญชีนักวิเคราะห์ (เข้าสู่ระบบได้ที่แถบด้านข้าง)",
        "Uploading reports needs an analyst sign-in (sign in from the sidebar)",
    ),
    "upload_read_only": (
        "แอปนี้เปิดให้อ่านอย่างเดียว จึงอัปโหลดรายงานที่นี่ไม่ได้",
        "This app is read-only: reports cannot be uploaded here",
    ),
    # upload
    "nav_upload": ("อัปโหลดรายงาน", "Upload reports"),
    "nav_history": ("ประวัติรายงาน", "Report history"),
    "upload_title": ("อัปโหลดไฟล์รายงาน", "Upload report files"),
    "choose_files": ("เลือกไฟล์รายงาน (.txt หลายไฟล์ได้)", "Choose report files (.txt, several at once)"),
    "upload_help": (
        "ไฟล์จะถูกอ่านและแสดงผลให้ตรวจก่อน ยังไม่มีอะไรถูกบันทึกจนกว่าจะกดยืนยัน จำกัดขนาด {mb} MB ต่อไฟล์",
        "Files are read and shown for checking first; nothing is saved until you confirm. Limit {mb} MB per file.",
    ),
    "reading": ("กำลังอ่าน {name}", "Reading {name}"),
    "saving": ("กำลังบันทึก {name}", "Saving {name}"),
    "nav_agencies": ("หน่วยงาน", "Agencies"),
    "agencies_title": ("ทะเบียนหน่วยงาน", "Agency registry"),
    "agencies_help": (
        "ชื่อที่แสดงแทนรหัสหน่วยงานในทุกหน้า แผนภูมิ และไฟล์ส่งออก หน่วยงานที่ยังไม่มีชื่อจะแสดงเป็น «หน่วยงาน รหัส»",
        "The names shown instead of agency codes on every page, chart and export; an agency without a name "
        "shows as «Agency CODE»",
    ),
    "agencies_save": ("บันทึกการแก้ไข", "Save changes"),
    "agencies_export": ("ดาวน์โหลด CSV", "Download CSV"),
    "agencies_import": (
        "นำเข้าจาก CSV (code,name,name_en,kind,district_group)",
        "Import a CSV (code,name,name_en,kind,district_group)",
    ),
    "agencies_import_limit": (
        "ไฟล์ CSV UTF-8 ขนาดไม่เกิน {mb} MB ตรวจทุกแถวก่อน ยังไม่บันทึกจนกว่าจะกดยืนยัน "
        "คอลัมน์ที่ไฟล์ไม่มีและช่องที่เว้นว่างจะไม่ลบค่าเดิม (ใส่เฉพาะ code กับคอลัมน์ที่จะแก้ก็ได้)",
        "A CSV UTF-8 file of at most {mb} MB; every row is checked first, and nothing is saved until you confirm. "
        "A column the file does not have, or an empty cell, leaves the stored value as it is "
        "(code and the columns to correct are enough)",
    ),
    "agencies_import_found": (
        "พบ {n} หน่วยงานในไฟล์ จะเพิ่มหรือแก้ไข {changed} หน่วยงาน",
        "{n} agency in the file; {changed} added or changed|{n} agencies in the file; {changed} added or changed",
    ),
    "agencies_import_confirm": (
        "ยืนยันนำเข้า: เพิ่มหรือแก้ไข {n} หน่วยงาน",
        "Import: {n} agency added or changed|Import: {n} agencies added or changed",
    ),
    "agencies_saved": (
        "บันทึกแล้ว: เพิ่มหรือแก้ไข {n} หน่วยงาน",
        "Saved: {n} agency added or changed|Saved: {n} agencies added or changed",
    ),
    "agencies_bad": ("บันทึกไม่ได้: {message}", "Not saved: {message}"),
    "col_agency_code": ("รหัส", "Code"),
    "col_agency_th": ("ชื่อภาษาไทย", "Thai name"),
    "col_agency_en": ("ชื่อภาษาอังกฤษ", "English name"),
    "col_agency_kind": ("ประเภท", "Kind"),
    "col_district_group": ("กลุ่มเขต", "District group"),
    "kind_district": ("สำนักงานเขต", "District office"),
    "kind_department": ("สำนัก", "Department"),
    "kind_other": ("อื่น ๆ", "Other"),
    "state_new": ("รายงานใหม่", "New report"),
    "state_identical": ("เหมือนฉบับที่บันทึกไว้แล้ว — จะไม่บันทึกซ้ำ", "Identical to a stored version — nothing to save"),
    "state_new-version": (
        "ฉบับใหม่ของรายงานที่มีอยู่ — จะเป็นฉบับปัจจุบัน",
        "A new version of a stored report — it becomes current",
    ),
    "state_needs-year": ("ไม่พบปีงบประมาณ — กรุณาระบุ", "No fiscal year found — please give one"),
    "state_needs-agency": (
        "ไม่พบรหัสหน่วยงานในไฟล์หรือชื่อไฟล์ — กรุณาระบุรหัส 8 หลัก",
        "No agency code in the file or its name — please give the 8-digit code",
    ),
    "state_restore": (
        "ไฟล์นี้เคยถูกลบ — บันทึกเพื่อนำกลับมาเป็นฉบับปัจจุบัน",
        "This file was deleted before — saving brings it back as current",
    ),
    "effect": (
        "การบันทึกจะเปลี่ยนตัวชี้วัดของ {agency} ปีงบประมาณ {year} ดังนี้: เพิ่ม {added} · แทนที่ {replaced}"
        " · ถอนออก {removed} · คงเดิม {stays}",
        "Saving changes {agency}, FY {year}: {added} added · {replaced} replaced · {removed} withdrawn"
        " · {stays} unchanged",
    ),
    "effect_added": ("เพิ่ม", "adds"),
    "effect_replaced": ("แทนที่ฉบับที่แสดงอยู่", "replaces the version shown"),
    "effect_removed": ("ถอนออก (ไม่อยู่ในรายงานฉบับใหม่)", "withdrawn (not in the new report)"),
    "agency_code_edit": ("รหัสหน่วยงาน (8 หลัก)", "Agency code (8 digits)"),
    "agency_from": ("ที่มาของรหัส: {source}", "Code taken from: {source}"),
    "source_header": ("หัวรายงาน", "the report header"),
    "source_text": ("รหัสตัวชี้วัดในไฟล์", "the indicator code in the file"),
    "source_file-name": ("ชื่อไฟล์", "the file name"),
    "source_analyst": ("ผู้ใช้ระบุ", "typed by you"),
    "state_error": ("อ่านไฟล์นี้ไม่ได้", "This file cannot be read"),
    "state_refused": ("อ่านไฟล์ได้ แต่บันทึกไม่ได้", "Read, but it cannot be saved"),
    "state_duplicate": (
        "ไฟล์เดียวกับไฟล์ก่อนหน้าในการอัปโหลดนี้ — จะบันทึกครั้งเดียว",
        "Same file as an earlier one in this upload — saved once",
    ),
    "state_too-large": ("ไฟล์ใหญ่เกินกำหนด", "The file is over the size limit"),
    "found": (
        "{agency} · ปีงบประมาณ {year} · {n} ตัวชี้วัด",
        "{agency} · fiscal year {year} · {n} indicator|{agency} · fiscal year {year} · {n} indicators",
    ),
    "agency_name": ("ชื่อหน่วยงาน (ภาษาไทย)", "Agency name in Thai (as stored)"),
    "fiscal_year_edit": ("ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)"),
    "issues": ("สิ่งที่อ่านไม่ได้หรือน่าสงสัย ({n})", "What could not be read or looks doubtful ({n})"),
    "issue_line": ("บรรทัด {line}: {what}", "Line {line}: {what}"),
    "audit_actions": ("ประเภทรายการ", "Actions"),
    "audit_page": ("หน้า (จาก {n})", "Page (of {n})"),
    # The log narrowed to the agency or year picked above it: what it holds, and what belongs to none.
    "audit_of_agency": (
        "แสดงเฉพาะรายการของหน่วยงานที่เลือก: ไฟล์ของหน่วยงาน (บันทึก ทำให้เป็นฉบับปัจจุบัน ลบ) และการตั้งทิศทางของตัวชี้วัด"
        " ส่วนการเข้าสู่ระบบและการแก้ทะเบียนหน่วยงานไม่เป็นของหน่วยงานใด เลือกหน่วยงาน “ทั้งหมด” เพื่อดูรายการเหล่านั้น",
        "Only the chosen agency's entries: its files (saved, made current, deleted) and the directions set for its"
        " indicators. Sign-ins and registry edits belong to no agency: choose “All” agencies to see them.",
    ),
    "audit_of_year": (
        "แสดงเฉพาะรายการของไฟล์ปีงบประมาณ {year} ส่วนการตั้งทิศทาง (ใช้กับทุกปี) การเข้าสู่ระบบและการแก้ทะเบียนหน่วยงาน"
        "ไม่เป็นของปีใด เลือกปีงบประมาณ “ทั้งหมด” เพื่อดูรายการเหล่านั้น",
        "Only the entries of fiscal year {year}'s files. Directions (they hold in every year), sign-ins and registry"
        " edits belong to no year: choose “All” years to see them.",
    ),
    "audit_of_both": (
        "แสดงเฉพาะรายการของไฟล์ของหน่วยงานที่เลือก ปีงบประมาณ {year} ส่วนการตั้งทิศทาง (ใช้กับทุกปี) การเข้าสู่ระบบ"
        "และการแก้ทะเบียนหน่วยงานไม่เป็นของปีใด เลือก “ทั้งหมด” เพื่อดูรายการเหล่านั้น",
        "Only the entries of the chosen agency's files of fiscal year {year}. Directions (they hold in every year),"
        " sign-ins and registry edits belong to no one year: choose “All” to see them.",
    ),
    "more_issues": ("… และอีก {n} รายการที่ไม่ได้แสดง", "… and {n} more, not shown"),
    "issue_missing": (" ขาด: {parts}", "; missing: {parts}"),
    "where_line": ("{source} บรรทัด {line}", "{source}, line {line}"),
    "where_row": ("แถวที่ {row}", "Row {row}"),
    "line_n": ("บรรทัด {line}", "line {line}"),
    "year_ce_hint": (
        " — ถ้าเป็นปี ค.ศ. {ce} ปีงบประมาณ พ.ศ. คือ {be}",
        " — if {ce} is the Gregorian year, the B.E. fiscal year is {be}",
    ),
    "changes": ("สิ่งที่จะเปลี่ยน ({n})", "What changes ({n})"),
    "change_added": ("เพิ่ม", "added"),
    "change_removed": ("ลบ", "removed"),
    "change_changed": ("แก้ไข", "changed"),
    "col_summary": ("สรุปผล", "Summary"),
    "report_qn": ("รายงานผลไตรมาสที่ {n}", "Quarter {n} report"),
    "text_changed": ("{what} (ข้อความแก้ไข)", "{what} (text changed)"),
    "no_changes": (
        "ทุกค่าและข้อความเหมือนฉบับปัจจุบัน ไฟล์ต่างกันเพียงการเข้ารหัสหรือรูปแบบ — บันทึกแล้วจะเป็นฉบับใหม่ที่ไม่มีอะไรเปลี่ยน",
        "Every value and text is the same as the current version; only the file's encoding or layout "
        "differs — saving makes a new version in which nothing changes",
    ),
    "batch_replaced_by": (
        "{other} ในการอัปโหลดนี้เป็นรายงานเดียวกัน (หน่วยงานและปีเดียวกัน) และอยู่ถัดไป: "
        "เมื่อบันทึก ไฟล์นั้นจะแทนที่ไฟล์นี้ทันที ไฟล์นี้จะไม่เป็นฉบับปัจจุบัน",
        "{other}, later in this upload, is the same report (same agency and year): on saving it "
        "replaces this file at once, so this one will not stay current",
    ),
    "batch_replaces": (
        "{other} ในการอัปโหลดนี้เป็นรายงานเดียวกัน (หน่วยงานและปีเดียวกัน) และอยู่ก่อน: "
        "เมื่อบันทึก ไฟล์นี้จะแทนที่ไฟล์นั้น — เลือกบันทึกเพียงไฟล์เดียวหากไม่แน่ใจ",
        "{other}, earlier in this upload, is the same report (same agency and year): on saving this "
        "file replaces it — upload only one of them if unsure",
    ),
    "confirm": ("ยืนยันบันทึก {n} ไฟล์", "Confirm: save {n} file|Confirm: save {n} files"),
    "cancel": ("ยกเลิก", "Cancel"),
    "nothing_to_save": ("ไม่มีไฟล์ที่จะบันทึก", "Nothing to save"),
    "not_saved": ("{name}: ไม่ได้บันทึก — {why}", "{name}: not saved — {why}"),
    "not_saved_kept": (
        "{name}: ยังไม่ได้บันทึก — {why} ไฟล์ยังอยู่ด้านล่างพร้อมค่าที่กรอกไว้ แก้ไขแล้วกดยืนยันอีกครั้ง",
        "{name}: not saved yet — {why}. The file is still below with what you typed: complete it and confirm again",
    ),
    "kept_note": (
        "ยังไม่ได้บันทึก: เก็บไว้จากการยืนยันครั้งก่อนพร้อมค่าที่กรอกไว้",
        "Not saved yet: kept from the last confirm, with what you typed",
    ),
    "kept_drop": ("นำออก", "Remove"),
    "bad_year": (
        "ปีงบประมาณที่กรอกไม่ใช่ปี พ.ศ. 2500 ถึง 2700",
        "The fiscal year typed is not a B.E. year from 2500 to 2700",
    ),
    "save_failed": ("บันทึกไม่สำเร็จ ฐานข้อมูลไม่เปลี่ยนแปลง: {message}", "Not saved, the database is unchanged: {message}"),
    # history
    "history_title": ("รายงานและฉบับต่างๆ", "Reports and their versions"),
    "col_report": ("รหัสรายงาน", "Report"),
    "col_file": ("ไฟล์", "File"),
    "col_by": ("ผู้อัปโหลด", "Uploaded by"),
    "col_at": ("เวลา", "When"),
    "col_current": ("ฉบับปัจจุบัน", "Current"),
    "col_deleted": ("ลบแล้ว", "Deleted"),
    "pick_version": ("เลือกฉบับ", "Choose a version"),
    "restore": ("ทำให้เป็นฉบับปัจจุบัน", "Make current"),
    "delete": ("ลบ (กู้คืนได้)", "Delete (restorable)"),
    "download_original": ("ดาวน์โหลดไฟล์ต้นฉบับ", "Download the original file"),
    "restored": ("ฉบับ {id} เป็นฉบับปัจจุบันแล้ว", "Version {id} is now current"),
    "deleted": ("ลบฉบับ {id} แล้ว (กู้คืนได้ด้วยปุ่มทำให้เป็นฉบับปัจจุบัน)", "Version {id} deleted (restore it with Make current)"),
    "audit": ("บันทึกการเปลี่ยนแปลง", "Audit log"),
    "direction": ("ทิศทางของตัวชี้วัด", "Direction of this indicator"),
    "direction_up": ("ยิ่งมากยิ่งดี", "Higher is better"),
    "direction_down": ("ยิ่งน้อยยิ่งดี", "Lower is better"),
    "direction_saved": ("บันทึกทิศทางแล้ว", "Direction saved"),
    # compare
    "compare_mode": ("สิ่งที่จะเปรียบเทียบ", "What to compare"),
    "mode_years": ("หน่วยงานเดียว หลายปีงบประมาณ", "One agency across fiscal years"),
    "mode_agencies": ("หลายหน่วยงาน ปีงบประมาณเดียว", "Several agencies in one fiscal year"),
    "pick_agency": ("หน่วยงาน", "Agency"),
    "pick_year": ("ปีงบประมาณ", "Fiscal year"),
    "need_more": ("ต้องมีอย่างน้อยสองรายการจึงจะเปรียบเทียบได้", "Comparing needs at least two entries"),
    "years_all": (
        "เปรียบเทียบทุกปีงบประมาณ (ตัวกรองปีเลือกไว้ปีเดียว) — เลือกหลายปีที่แถบด้านข้างเพื่อจำกัดช่วงปี",
        "Every fiscal year is compared (the year filter holds one) — choose several years in the sidebar to narrow",
    ),
    "ranking_top": (
        "แสดง {top} หน่วยงานที่ร้อยละที่บรรลุสูงสุดและ {bottom} หน่วยงานที่ต่ำสุด จากทั้งหมด {total} หน่วยงาน"
        " (ไม่แสดง {hidden} หน่วยงาน ทุกหน่วยงานอยู่ในตารางด้านล่าง)"
        " · เลือกหน่วยงานที่แถบด้านข้างเพื่อเปรียบเทียบเฉพาะหน่วยงานที่ต้องการ",
        "The {top} agencies with the highest share met and the {bottom} with the lowest, of {total}"
        " ({hidden} not drawn; every agency is in the table below)"
        " · pick agencies in the sidebar to compare only those",
    ),
    # times, data version, history and audit (issue 14)
    "updated_by": ("ข้อมูลปรับปรุงล่าสุด {when} โดย {who}", "Data updated {when} by {who}"),
    "updated_at": ("ข้อมูลปรับปรุงล่าสุด {when}", "Data updated {when}"),
    "never_updated": ("ข้อมูลตั้งต้น ยังไม่มีการแก้ไข", "Initial data, not changed yet"),
    "col_audit_at": ("เวลา", "When"),
    "col_audit_actor": ("ผู้ดำเนินการ", "By"),
    "col_audit_action": ("รายการ", "Action"),
    "col_audit_report": ("รหัสรายงาน", "Report"),
    "col_audit_sha": ("ลายนิ้วมือไฟล์ (sha256)", "File fingerprint (sha256)"),
    "col_audit_detail": ("รายละเอียด", "Detail"),
    "action_ingest": ("บันทึกไฟล์", "file saved"),
    "action_restore": ("ทำให้เป็นฉบับปัจจุบัน", "made current"),
    "action_delete": ("ลบ", "deleted"),
    "action_direction": ("ตั้งทิศทาง", "direction set"),
    "action_agencies": ("แก้ทะเบียนหน่วยงาน", "agency registry edited"),
    "action_login": ("เข้าสู่ระบบ", "signed in"),
    "action_login-failed": ("เข้าสู่ระบบไม่สำเร็จ", "failed sign-in"),
    "action_logout": ("ออกจากระบบ", "signed out"),
    "audit_added": (
        "{file}: รายงานใหม่ {n} ตัวชี้วัด",
        "{file}: new report, {n} indicator|{file}: new report, {n} indicators",
    ),
    "audit_new-version": (
        "{file}: ฉบับใหม่แทนฉบับเดิม {n} ตัวชี้วัด",
        "{file}: new version in place of the one before, {n} indicator"
        "|{file}: new version in place of the one before, {n} indicators",
    ),
    "audit_uploaded-again": (
        "{file}: อัปโหลดอีกครั้งหลังถูกลบ กลับเป็นฉบับปัจจุบัน",
        "{file}: uploaded again after a delete, current again",
    ),
    "audit_made-current": ("{file}: ทำให้เป็นฉบับปัจจุบัน", "{file}: made current"),
    "audit_deleted": ("ลบ {file}", "{file} deleted"),
    "audit_deleted_successor": (
        "ลบ {file} — รายงาน {report} กลับเป็นฉบับปัจจุบัน",
        "{file} deleted; report {report} is current again",
    ),
    "audit_agencies": ("เพิ่มหรือแก้ไข {n} หน่วยงาน", "{n} agency added or changed|{n} agencies added or changed"),
    "audit_direction": ("{ident}: {direction}", "{ident}: {direction}"),
    "confirm_delete": ("ยืนยันการลบฉบับ {id}?", "Delete version {id}?"),
    "confirm_delete_current": (
        "ฉบับนี้เป็นฉบับปัจจุบัน เมื่อลบแล้ว ฉบับ {successor} ซึ่งเป็นฉบับล่าสุดที่เหลืออยู่ของ{same}จะกลายเป็นฉบับปัจจุบัน",
        "This is the current version: once it is deleted, version {successor}, the newest remaining version of "
        "{same}, becomes current",
    ),
    "confirm_delete_last": (
        "ฉบับนี้เป็นฉบับปัจจุบัน และไม่มีฉบับอื่นของ{same}เหลืออยู่ เมื่อลบแล้วจึงไม่มีฉบับใดเป็นฉบับปัจจุบันแทน (กู้คืนได้ภายหลัง)",
        "This is the current version and no other version of {same} is left: once it is "
        "deleted, none becomes current in its place (it can be restored)",
    ),
    "same_report": ("หน่วยงานและปีเดียวกัน", "the same agency and year"),
    "same_indicator": ("ตัวชี้วัดเดียวกัน", "the same indicator"),
    "confirm_delete_other": ("ฉบับปัจจุบันไม่เปลี่ยน กู้คืนได้ภายหลัง", "The current version stays as it is; it can be restored"),
    "delete_yes": ("ลบฉบับนี้", "Delete it"),
    "deleted_successor": (
        "ลบฉบับ {id} แล้ว — ฉบับ {successor} เป็นฉบับปัจจุบันแทน (กู้คืนได้ด้วยปุ่มทำให้เป็นฉบับปัจจุบัน)",
        "Version {id} deleted — version {successor} is current again (restore with Make current)",
    ),
    "deleted_none_left": (
        "ลบฉบับ {id} แล้ว — ไม่มีฉบับอื่นเหลือ หน่วยงานและปีนี้จึงไม่แสดงจนกว่าจะกู้คืน",
        "Version {id} deleted — no other version is left, so this agency and year are hidden until restored",
    ),
    "outcome_added": (
        "{agency} ปีงบประมาณ {year}: บันทึกแล้ว {n} ตัวชี้วัด (รายงาน {id})",
        "{agency}, FY {year}: saved, {n} indicator (report {id})"
        "|{agency}, FY {year}: saved, {n} indicators (report {id})",
    ),
    "outcome_new-version": (
        "{agency} ปีงบประมาณ {year}: บันทึกเป็นฉบับปัจจุบันแทนรายงาน {replaced} ({n} ตัวชี้วัด, รายงาน {id})",
        "{agency}, FY {year}: saved as the current version in place of report {replaced} "
        "({n} indicator, report {id})"
        "|{agency}, FY {year}: saved as the current version in place of report {replaced} "
        "({n} indicators, report {id})",
    ),
    "outcome_already-loaded": (
        "{agency} ปีงบประมาณ {year}: ไฟล์นี้มีอยู่แล้ว ไม่มีอะไรเปลี่ยน (รายงาน {id})",
        "{agency}, FY {year}: this file was already stored; nothing changed (report {id})",
    ),
    "outcome_restored": (
        "{agency} ปีงบประมาณ {year}: ไฟล์ที่เคยลบถูกนำกลับมาเป็นฉบับปัจจุบัน (รายงาน {id})",
        "{agency}, FY {year}: the deleted file is current again (report {id})",
    ),
    # the upload preview's table of what was read (ui/preview_read.py)
    "read_values": (
        "ค่าที่อ่านได้จากไฟล์ ({n:,} ตัวชี้วัด)",
        "Values read from the file ({n:,} indicator)|Values read from the file ({n:,} indicators)",
    ),
    "read_values_more": ("แสดง {n} ตัวชี้วัดแรก", "The first {n} indicators are shown"),
    "read_narratives": ("ไตรมาสที่มีรายงานผล", "Reported quarters"),
}


def lang() -> str:
    """The session's language: ``?lang=en`` in the URL, Thai otherwise."""
    value = st.query_params.get("lang", "th")
    return value if value in LANGS else "th"


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the session's language, formatted with ``values``; a string with
    English singular and plural forms (``{n} file|{n} files``) agrees with ``n``."""
    th, en = STRINGS[key]
    text = one_or_many(en if lang() == "en" else th, values.get("n"))
    return text.format(**values) if values else text


def one_or_many(text: str, n: object) -> str:
    """The form of ``text`` for a count of ``n``: English writes ``singular|plural`` (the first
    for exactly one), Thai has no plural and writes one form.

    >>> one_or_many("{n} file|{n} files", 1), one_or_many("{n} file|{n} files", 0), one_or_many("{n} ไฟล์", 1)
    ('{n} file', '{n} files', '{n} ไฟล์')
    """
    if "|" not in text:
        return text
    one, many = text.split("|", 1)
    return one if n == 1 else many


def when(moment: datetime) -> str:
    """A stored time in Bangkok, to the minute, as the session's language writes dates:
    ``26 พ.ย. 2569 14:05`` or ``26 Nov 2026 14:05``."""
    return when_text(moment, lang())


def agency_name(code: object, name: object, english: Mapping[str, str] | None = None) -> str:
    """An agency's name on a page: as registered (its English name in English, where the registry
    has one), else ``หน่วยงาน 08000000`` or, in English, ``Agency 08000000`` (the queries make up
    the Thai one, which exports keep). Callers naming many agencies pass :func:`english_lookup`
    once instead of a lookup per name."""
    english = english_lookup() if english is None else english
    return shown_name(str(code), english.get(str(code)) or _text(name), lang())


def agency_label(code: object, name: object, english: Mapping[str, str] | None = None) -> str:
    """Code and name for a pick list, the code once: ``03000000 สำนักงาน ก.ก.``, ``Agency 07000000``."""
    english = english_lookup() if english is None else english
    return with_code(str(code), english.get(str(code)) or _text(name), lang())


def english_lookup() -> Mapping[str, str]:
    """Registered English agency names by code on a page in English (one cached read per data
    version), nothing in Thai."""
    if lang() != "en":
        return {}
    from ui.data import english_names  # here: ui.data reads the store, this table needs none of it

    return english_names()


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)  # NaN


def audit_detail(parts: Detail | None, stored: str) -> str:
    """An audit entry's detail in the session's language, from its parts; an entry written before
    parts were stored (``stored`` is then an English sentence) as it was written.

    File names and identities stay as they are: they are what the analyst's computer called them."""
    if parts is None:
        return show_hidden(stored)
    if parts.kind == "deleted" and parts.report:
        return t("audit_deleted_successor", file=show_hidden(parts.file), report=parts.report)
    direction = t(f"direction_{parts.direction}") if parts.direction in ("up", "down") else parts.direction
    file = show_hidden(parts.file)  # an entry written before file names were stored written out
    return t(f"audit_{parts.kind}", file=file, n=parts.count, ident=parts.ident, direction=direction)


def ingest_sentence(result: IngestResult, agency: str) -> str:
    """What saving one file did, in the session's language (``agency`` as people read it)."""
    return t(
        f"outcome_{result.outcome}",
        agency=agency,
        year=result.fiscal_year,
        n=result.indicators,
        id=result.report_id,
        replaced=result.replaced_id,
    )
