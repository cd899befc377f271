"""What a passage cut out of a page leaves behind: a heading's first letters at its end.

Excerpts of the SED pages are often cut mid-text (DESIGN.md §2). A file cut inside a heading
ends in that heading's first letters (``รา`` of ``รายงานผลฯ ไตรมาสที่ 3``, ``นิยาม`` of ``นิยาม
หรือความหมายของตัวชี้วัด``); they belong to no section, least of all the one before them.
"""

from __future__ import annotations

import re

# Section headings as they are written; a line is their fragment when it is a *proper* prefix
# (without spaces). The narrative heading is whole only with its quarter's number, and the
# summary heading with its closing stars, so those two are fragments even when all the words are
# there.
_HEADINGS: tuple[str, ...] = (
    "รายงานผลฯ ไตรมาสที่ N",
    "รายงานผล ไตรมาสที่ N",
    "** สรุปผลการดำเนินงาน **",
    "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด",
    "นิยาม หรือความหมายของตัวชี้วัด",
    "ผลงานเทียบกับเป้าหมายรายไตรมาส",
)
_BARE: tuple[tuple[str, str], ...] = tuple((h.replace(" ", ""), h) for h in _HEADINGS)
_NUMBERED = re.compile(r"^\d+\.(?=\S)")  # "1.นิยาม …" on the city-database pages


def heading_fragment(line: str) -> str | None:
    """The heading whose first letters ``line`` is, or None (``line`` stripped).

    A whole heading is no fragment, nor is anything else.

    >>> heading_fragment("รา")
    'รายงานผลฯ ไตรมาสที่ N'
    >>> heading_fragment("** สรุปผล"), heading_fragment("** สรุปผลการดำเนินงาน **")
    ('** สรุปผลการดำเนินงาน **', None)
    >>> heading_fragment("1.นิยาม"), heading_fragment("1."), heading_fragment("รายได้")
    ('นิยาม หรือความหมายของตัวชี้วัด', None, None)
    """
    bare = _NUMBERED.sub("", line.replace(" ", ""), count=1)
    if not bare:
        return None
    if bare[0] == "*":  # any number of stars opens the summary heading
        return _HEADINGS[2] if "สรุปผลการดำเนินงาน".startswith(bare.lstrip("*")) else None
    for text, heading in _BARE:
        if text.startswith(bare) and bare != text:
            return heading
    return None
