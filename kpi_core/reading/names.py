"""What a report's file name says about it: the agency code, for files that do not name their own.

Single-indicator pages are saved under their address (``mykpi.php?pid=5024-0941``) or a name made
from it (``mykpi_pid_5001-0808__q1.txt``); agency reports under ``index101.php?selDEP=07000000``.
DESIGN.md §6: a file that does not name its agency takes it from its file name, or from the
analyst. This module only reads the name; deciding when to trust it is the store's business.
"""

from __future__ import annotations

import re

# One rule per way an address or a saved name carries the agency, tried in order.
_SEL_DEP = re.compile(r"seldep[_=](?P<code>\d{8})(?!\d)", re.IGNORECASE)
# An indicator code: four digits of the agency, a dash, the indicator's number.
_PID = re.compile(r"pid[_=](?P<agency>\d{4})-\d", re.IGNORECASE)
# A bare agency code: eight digits ending in 0000 (so never a date such as 20201026).
_BARE_CODE = re.compile(r"(?<!\d)(?P<code>\d{4}0000)(?!\d)")


def agency_from_name(source_name: str) -> str | None:
    """The 8-digit agency code a file name or address carries, or None.

    >>> agency_from_name("mykpi_pid_5001-0808__q1.txt")
    '50010000'
    >>> agency_from_name("http://dp1.bangkok.go.th/mobile/mykpi.php?pid=5024-941")
    '50240000'
    >>> agency_from_name("export_22000000-4221.txt")
    '22000000'
    >>> agency_from_name("index101_selDEP_07000000__q19.txt")
    '07000000'

    ``pid=106`` is a row of the city-indicator database, not an indicator code: no agency.

    >>> agency_from_name("mykpi2563_pid_106__q10.txt") is None
    True
    """
    name = re.split(r"[/\\]", source_name.rstrip("/\\"))[-1]
    if m := _SEL_DEP.search(name):
        return _agency(m["code"])
    if m := _PID.search(name):
        return _agency(m["agency"] + "0000")
    if m := _BARE_CODE.search(name):
        return _agency(m["code"])
    return None


def _agency(code: str) -> str | None:
    return None if code == "00000000" else code


# An indicator code standing alone in a name: pid_1100-6501, pid=5024-0941.
_KPI_CODE = re.compile(r"(?<!\d)(\d{4})-\d{3,4}(?!\d)")


def kpi_code_from_name(source_name: str) -> str | None:
    """The indicator code a page's file name carries (``pid_1100-6501`` → ``1100-6501``), or None.

    >>> kpi_code_from_name("dp_mykpi_pid_1100-6501__q7.txt")
    '1100-6501'
    >>> kpi_code_from_name("index101_selDEP_07000000__q19.txt") is None
    True
    """
    name = re.split(r"[/\\]", source_name.rstrip("/\\"))[-1]
    m = _KPI_CODE.search(name)
    return m.group(0) if m else None
