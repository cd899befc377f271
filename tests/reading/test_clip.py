"""Indicator names shortened for a preview line: never cut inside a letter's vowels and marks, and
always saying that they were cut."""

from __future__ import annotations

import unicodedata

import pytest

from kpi_core.reading.thai import ELLIPSIS, clip

NAMES = (
    "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้ สำนักงานเขตเป็นหน่วยดำเนินการ",
    "ความสำเร็จในการส่งเสริมคุณธรรมจริยธรรมตามหลักธรรมาภิบาลเพื่อป้องกันการทุจริต",
    "จำนวนกลุ่มภารกิจที่มีการจัดทำเส้นทางความก้าวหน้า ในสายอาชีพ (Career Path)",
    "ที่ปรึกษา" * 20,  # one word over and over: cut between words
    "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 3,  # no word the dictionary knows
)


@pytest.mark.parametrize("name", NAMES)
def test_a_clipped_name_is_a_whole_prefix_with_an_ellipsis(name: str) -> None:
    for width in range(4, len(name) + 2):
        shown = clip(name, width)
        if len(name) <= width:
            assert shown == name
            continue
        assert len(shown) <= width and shown.endswith(ELLIPSIS)
        kept = shown.removesuffix(ELLIPSIS)
        assert kept and name.startswith(kept), (width, shown)
        following = name[len(kept)]
        assert unicodedata.category(following) != "Mn" and following not in "ะาำ", (width, shown)
        assert kept[-1] not in "เแโใไ", (width, shown)
