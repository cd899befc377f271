"""Every UI string in one table, Thai first. ``t("key")`` picks the session's language."""

from __future__ import annotations

import streamlit as st

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
    "pillar_n": ("ด้านที่ {n}", "Pillar {n}"),
    "eval_n": ("มิติที่ {n}", "Dimension {n}"),
    "fy_n": ("ปีงบประมาณ {n}", "FY {n}"),
    # overview
    "m_indicators": ("ตัวชี้วัดทั้งหมด", "Indicators"),
    "m_met": ("บรรลุ", "Met"),
    "m_near": ("ใกล้เคียง", "Near"),
    "m_not_met": ("ไม่บรรลุ", "Not met"),
    "m_no_data": ("ไม่มีข้อมูล", "No data"),
    "m_percent": ("ร้อยละที่บรรลุ", "Percent met"),
    "by_dimension": ("สถานะตามมิติของแผน", "Status per plan dimension"),
    "by_pillar": ("สถานะตามยุทธศาสตร์", "Status per plan pillar"),
    "by_eval": ("สถานะตามมิติการประเมิน", "Status per evaluation dimension"),
    "heatmap": ("ร้อยละที่บรรลุ: หน่วยงาน × ยุทธศาสตร์", "Percent met: agencies × pillars"),
    "table": ("ตัวชี้วัด", "Indicators"),
    "progress": ("ความก้าวหน้ารายไตรมาสเทียบค่าเป้าหมาย", "Quarterly progress against target"),
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
    "relax": ("ลองเอาตัวกรอง “{name}” ออก จะเห็น {n} ตัวชี้วัด", "Remove the “{name}” filter to see {n} indicators"),
    # exports
    "export": ("ส่งออกมุมมองนี้", "Export this view"),
    "csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "briefing": ("ดาวน์โหลดสรุปสำหรับผู้บริหาร (HTML)", "Download executive briefing (HTML)"),
    "data_version": ("ข้อมูลฉบับที่ {n}", "Data version {n}"),
    # detail
    "pick_indicator": ("เลือกตัวชี้วัดจากหน้าภาพรวม", "Pick an indicator on the overview"),
    "no_indicator": ("ไม่พบตัวชี้วัดหมายเลข {id}", "There is no indicator {id}"),
    "quarter_table": ("ผลงานรายไตรมาส", "Quarter by quarter"),
    "quarter": ("ไตรมาส", "Quarter"),
    "value": ("ผลงาน", "Value"),
    "sed_score": ("คะแนน สยป.", "SED score"),
    "assessment": ("ผลประเมิน (2.1 / 2.2)", "Assessment (2.1 / 2.2)"),
    "narratives": ("รายงานผลการดำเนินงานรายไตรมาส", "Quarterly narratives"),
    "quarter_n": ("ไตรมาสที่ {n}", "Quarter {n}"),
    "no_report": ("(ไม่มีรายงาน)", "(no report)"),
    "summary": ("สรุปผลการดำเนินงาน", "Summary"),
    "projects": ("โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด", "Supporting projects"),
    "definition": ("นิยามของตัวชี้วัด", "Definition"),
    "source": ("ที่มา: {file} บรรทัด {line}", "Source: {file}, line {line}"),
    "years": ("ตัวชี้วัดเดียวกันในปีงบประมาณอื่น", "The same indicator in other fiscal years"),
    "only_year": ("มีข้อมูลปีงบประมาณเดียว", "Only one fiscal year on record"),
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
    "keywords": ("คำสำคัญของตัวชี้วัด (เลือกเพื่อไฮไลต์)", "Keywords of this indicator (pick one to highlight)"),
    "timeline": ("เหตุการณ์ตามวันที่ในรายงาน", "Dated events in the reports"),
    "no_dates": ("ไม่พบวันที่ในรายงาน", "No dates in the reports"),
    "date": ("วันที่", "Date"),
    "excerpt": ("ข้อความ", "Text"),
    "search_title": ("ค้นหารายงานผลการดำเนินงาน", "Search the quarterly reports"),
    "f_quarter": ("ไตรมาส", "Quarter"),
    "f_risk": ("หมวดความเสี่ยง", "Risk category"),
    "hits": ("พบ {n} รายการ", "{n} results"),
    "no_hits": (
        "ไม่พบ “{q}” — ลองคำที่สั้นลงหรือเอาตัวกรองออก",
        "Nothing found for “{q}” — try a shorter word or fewer filters",
    ),
    "recent_risks": ("รายงานล่าสุดที่มีคำเสี่ยง", "Latest narratives with risk words"),
    "per_agency": ("จำนวนที่พบต่อหน่วยงาน", "Results per agency"),
    "field_name": ("ชื่อตัวชี้วัด", "indicator name"),
    "field_summary": ("สรุปผล", "summary"),
    # compare
    "compare_mode": ("เปรียบเทียบ", "Compare"),
    "mode_years": ("หน่วยงานเดียว หลายปีงบประมาณ", "One agency across fiscal years"),
    "mode_agencies": ("หลายหน่วยงาน ปีงบประมาณเดียว", "Several agencies in one fiscal year"),
    "pick_agency": ("หน่วยงาน", "Agency"),
    "pick_year": ("ปีงบประมาณ", "Fiscal year"),
    "need_more": ("ต้องมีอย่างน้อยสองรายการจึงจะเปรียบเทียบได้", "Comparing needs at least two entries"),
}


def lang() -> str:
    """The session's language: ``?lang=en`` in the URL, Thai otherwise."""
    value = st.query_params.get("lang", "th")
    return value if value in LANGS else "th"


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the session's language, formatted with ``values``."""
    th, en = STRINGS[key]
    text = en if lang() == "en" else th
    return text.format(**values) if values else text
