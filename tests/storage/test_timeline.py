"""The indicator page's timeline: dated events of the narratives, spans shown with both ends."""

from __future__ import annotations

import pandas as pd

from kpi_core.storage.narratives import timeline


def test_timeline_shows_spans_and_sorts_them_by_their_first_day() -> None:
    quarters = pd.DataFrame(
        {
            "quarter": [1, 2],
            "report": ["รวบรวมข้อมูลช่วง ต.ค. - ธ.ค. 62 แล้วเสร็จ", "ประชุมเมื่อวันที่ 9 ธันวาคม 2562"],
        }
    )
    out = timeline(quarters)
    assert out["when"].tolist() == ["1 ต.ค. – 31 ธ.ค. 2562", "9 ธ.ค. 2562"]
    assert out["quarter"].tolist() == [1, 2]
