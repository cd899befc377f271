"""Times as people in Bangkok read them: Asia/Bangkok, to the minute, Thai or English.

Everything is stored in UTC; this is the one place that turns a stored time into what a page, an
export or the command line shows. Thai dates name the month short and count Buddhist Era years
(``26 พ.ย. 2569 14:05``); English ones the Christian Era (``26 Nov 2026 14:05``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bangkok(when: datetime) -> datetime:
    """``when`` in Bangkok time, cut to the minute; a naive time is taken as UTC (SQLite's)."""
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware.astimezone(BANGKOK).replace(second=0, microsecond=0)


def when_text(when: datetime, lang: str = "th") -> str:
    """A stored time as people read it, in Bangkok.

    >>> when_text(datetime(2026, 11, 26, 7, 5, 59, tzinfo=UTC))
    '26 พ.ย. 2569 14:05'
    >>> when_text(datetime(2026, 11, 26, 7, 5, tzinfo=UTC), "en")
    '26 Nov 2026 14:05'
    """
    local = bangkok(when)
    if lang == "en":
        return f"{local.day} {ENGLISH_MONTHS[local.month - 1]} {local.year} {local:%H:%M}"
    return f"{local.day} {THAI_MONTHS[local.month - 1]} {local.year + BE_OFFSET} {local:%H:%M}"


def stamp(when: datetime) -> str:
    """A sortable Bangkok time for terminals and logs: ``2026-11-26 14:05``.

    >>> stamp(datetime(2026, 11, 26, 7, 5, tzinfo=UTC))
    '2026-11-26 14:05'
    """
    return f"{bangkok(when):%Y-%m-%d %H:%M}"


def day(when: datetime) -> str:
    """The Bangkok date, for file names: ``2026-11-26``."""
    return f"{bangkok(when):%Y-%m-%d}"
