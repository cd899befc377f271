"""The agency code a file name carries (``kpi_core.reading.names.agency_from_name``).

The table lists every file of ``../shared/samples/real/`` by name (only the names are written
here, not the excerpts), with the code read by eye from the name; a test checks that the table
and the folder agree, so a new sample forces a new row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpi_core import parse_report
from kpi_core.reading.names import agency_from_name

REAL_NAMES: dict[str, str | None] = {
    "bmavisions_mykpi_pid_5018-0816__q1.txt": "50180000",
    "context_bangkok_go_th_pipd_news_156045_plan2564.txt": None,
    "context_djop_4_dimensions_opdc.txt": None,
    "dp1_mykpi_pid_5006-0982__q15.txt": "50060000",
    "dp1_mykpi_pid_5010-0957__q18.txt": "50100000",
    "dp1_mykpi_pid_5018-0832__q29.txt": "50180000",
    "dp1_mykpi_pid_5026-2001__q29.txt": "50260000",
    "dp1_mykpi_pid_5035-905__q18.txt": "50350000",
    "dp2_mykpi2563_pid_206__q21.txt": None,
    "dp2_mykpi_pid_1400-2016__q18.txt": "14000000",
    "dp_mykpi_pid_0200-921__q5.txt": "02000000",
    "dp_mykpi_pid_0800-6596__q17.txt": "08000000",
    "dp_mykpi_pid_1000-1016__q4.txt": "10000000",
    "dp_mykpi_pid_1100-6501__q7.txt": "11000000",
    "dp_mykpi_pid_1100-6545__q7.txt": "11000000",
    "dp_mykpi_pid_1500-2091__q9.txt": "15000000",
    "dp_mykpi_pid_1900-6562__q16.txt": "19000000",
    "dp_mykpi_pid_2300-853__q21.txt": "23000000",
    "dp_mykpi_pid_5027-0831__q22.txt": "50270000",
    "dp_mykpi_pid_5037-2029__q4.txt": "50370000",
    "index101_selDEP_07000000__q19.txt": "07000000",
    "index101_selDEP_09000000__q6.txt": "09000000",
    "index101_selDEP_23000000__q21a.txt": "23000000",
    "index11_selDEP_07000000__q19a.txt": "07000000",
    "index11_selDEP_08000000_selYear_2564__q8.txt": "08000000",
    "mykpi2563_pid_106__q10.txt": None,
    "mykpi2563_pid_132__q18.txt": None,
    "mykpi2563_pid_15__q24.txt": None,
    "mykpi2563_pid_235__q17.txt": None,
    "mykpi2563_pid_88__q1.txt": None,
    "mykpi2563_pid_91__q10.txt": None,
    "mykpi_pid_0401-0732__q25.txt": "04010000",
    "mykpi_pid_1700-0830__q23.txt": "17000000",
    "mykpi_pid_1700-0876__q23.txt": "17000000",
    "mykpi_pid_1900-6501__q16.txt": "19000000",
    "mykpi_pid_2100-1037__q5b.txt": "21000000",
    "mykpi_pid_2400-1065__q28.txt": "24000000",
    "mykpi_pid_5001-0763__q1.txt": "50010000",
    "mykpi_pid_5002-0805__q15.txt": "50020000",
    "mykpi_pid_5004-0881__q28.txt": "50040000",
    "mykpi_pid_5010-0926__q7.txt": "50100000",
    "mykpi_pid_5012-0927__q16.txt": "50120000",
    "mykpi_pid_5024-0929__q27.txt": "50240000",
    "mykpi_pid_5026-0855__q27.txt": "50260000",
    "mykpi_pid_5032-0772__q14.txt": "50320000",
    "mykpi_pid_5034-0881__q15.txt": "50340000",
    "mykpi_pid_5038-0750__q15.txt": "50380000",
    "mykpi_pid_5038-0795__q7.txt": "50380000",
    "mykpi_pid_5047-0921__q1.txt": "50470000",
    "policy_mykpi_pid_5047-0895__q7.txt": "50470000",
}

OTHER_NAMES: dict[str, str | None] = {
    # The shapes DESIGN.md §6 names, and addresses as a browser shows them.
    "mykpi_pid_5001-808_ผลงาน.txt": "50010000",
    "mykpi.php?pid=5024-941": "50240000",
    "รายงาน_22000000-4221_ไตรมาส4.txt": "22000000",
    "http://monitor.bangkok.go.th/mobile/index101.php?selDEP=07000000": "07000000",
    "index11.php?selDEP=08000000&selYear=2564": "08000000",
    r"C:\Users\somchai\Downloads\mykpi_pid_5012-0927.txt": "50120000",
    "uploads/2565/mykpi_pid_0401-0732.txt": "04010000",
    # Nothing that only looks like a code.
    "sed_agency_report.txt": None,
    "report_20201026.txt": None,  # a date, not an agency
    "mykpi2563.php?pid=106": None,
    "pid_0000-0001.txt": None,
    "10000000000.txt": None,  # eleven digits: no 8-digit code inside a longer number
    "": None,
}


@pytest.mark.parametrize(("name", "code"), sorted(REAL_NAMES.items()))
def test_real_sample_names(name: str, code: str | None) -> None:
    assert agency_from_name(name) == code


@pytest.mark.parametrize(("name", "code"), sorted(OTHER_NAMES.items()))
def test_other_names(name: str, code: str | None) -> None:
    assert agency_from_name(name) == code


def test_the_table_lists_every_real_sample(samples_dir: Path) -> None:
    assert sorted(p.name for p in (samples_dir / "real").glob("*.txt")) == sorted(REAL_NAMES)


def test_addresses_in_the_manifest_give_the_same_code(samples_dir: Path) -> None:
    with (samples_dir / "real" / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        rows = [(row["file"], row["url"]) for row in csv.DictReader(f, delimiter="\t") if row["url"]]
    assert rows
    assert [(file, agency_from_name(url)) for file, url in rows] == [(file, REAL_NAMES[file]) for file, _ in rows]


@pytest.mark.parametrize("name", sorted(n for n, code in REAL_NAMES.items() if code))
def test_the_name_agrees_with_the_content(samples_dir: Path, name: str) -> None:
    """Where an excerpt names its agency itself (header or indicator code), the name agrees."""
    report = parse_report((samples_dir / "real" / name).read_bytes(), name)
    if report.agency_code is None:
        pytest.skip("a mid-page passage: the file name is the only place its agency is named")
    assert report.agency_code == agency_from_name(name)
