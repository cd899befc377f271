"""What a report's file name says about it: single-indicator pages carry no agency code in their
text, but their addresses do (``mykpi.php?pid=5024-941``: the indicator code, whose first four
digits + ``0000`` are the agency), and so do saved agency reports (``selDEP=07000000``)."""

from __future__ import annotations

import re

# An 8-digit agency code standing alone (selDEP=07000000, _22000000-4221).
_AGENCY = re.compile(r"(?<!\d)(\d{8})(?!\d)")
# An indicator code NNNN-NNN(N): pid_5001-808, pid=5024-0941.
_KPI_CODE = re.compile(r"(?<!\d)(\d{4})-\d{3,4}(?!\d)")


def agency_from_name(source_name: str) -> str | None:
    """The agency code a file name carries, or None.

    >>> agency_from_name("mykpi_pid_5001-808__q1.txt")
    '50010000'
    >>> agency_from_name("http://dp.bangkok.go.th/mobile/mykpi.php?pid=5024-0941")
    '50240000'
    >>> agency_from_name("export_22000000-4221.txt")
    '22000000'
    >>> agency_from_name("index11_selDEP_08000000_selYear_2564__q8.txt")
    '08000000'
    >>> agency_from_name("mykpi2563_pid_106__q10.txt") is None
    True
    """
    name = source_name.replace("\\", "/").rsplit("/", 1)[-1] if "?" not in source_name else source_name
    m = _AGENCY.search(name)
    if m:
        return m.group(1)
    m = _KPI_CODE.search(name)
    return m.group(1) + "0000" if m else None


def kpi_code_from_name(source_name: str) -> str | None:
    """The indicator code a page's file name carries (``pid_1100-6501`` → ``1100-6501``), or None.

    >>> kpi_code_from_name("dp_mykpi_pid_1100-6501__q7.txt")
    '1100-6501'
    >>> kpi_code_from_name("index101_selDEP_07000000__q19.txt") is None
    True
    """
    name = source_name.replace("\\", "/").rsplit("/", 1)[-1] if "?" not in source_name else source_name
    m = _KPI_CODE.search(name)
    return m.group(0) if m else None
