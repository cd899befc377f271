"""Read models of the texts: quarterly narratives with their risk words, search results grouped
by near-identical text, hits per agency, and the dated events of an indicator's notes.

They take the DataFrames of :mod:`kpi_core.storage.query` (with ``texts``) or a search's hits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from kpi_core.analysis.excerpt import excerpt
from kpi_core.analysis.status import risk_flags
from kpi_core.reading.dates import DatedEvent, find_dates, thai_when
from kpi_core.storage.agencies import display_name
from kpi_core.storage.query import QUARTERS, Filters, agencies, indicators
from kpi_core.storage.search import COUNT_CAP, MAX_CANDIDATES, Hit, counts, results

NARRATIVE_COLUMNS = [
    "indicator_id",
    "agency_code",
    "agency_name",
    "fiscal_year",
    "seq",
    "kpi_code",
    "name",
    "quarter",
    "report",
    "risks",
    "score",
]


def narratives(df: pd.DataFrame, risk_codes: Sequence[str] = ()) -> pd.DataFrame:
    """One row per non-empty quarterly narrative of the given indicators, with its risk flags;
    only narratives with one of ``risk_codes`` when given. Newest year and quarter first."""
    rows = [
        {
            **{
                c: row[c]
                for c in ("indicator_id", "agency_code", "agency_name", "fiscal_year", "seq", "kpi_code", "name")
            },
            "quarter": n,
            "report": row[f"q{n}_report"],
            "risks": risk_flags([row[f"q{n}_report"]]),
            "score": 0.0,
        }
        for row in df.to_dict("records")
        for n in QUARTERS
        if row[f"q{n}_report"]
    ]
    out = pd.DataFrame(rows, columns=NARRATIVE_COLUMNS)
    if risk_codes:
        out = out[out["risks"].map(lambda rs: any(r in rs for r in risk_codes))]
    return out.sort_values(
        ["fiscal_year", "quarter", "agency_code", "seq"], ascending=[False, False, True, True]
    ).reset_index(drop=True)


HIT_COLUMNS = ["field", "snippet", "partial", "group"]


def grouped_hits(hits: pd.DataFrame) -> list[pd.DataFrame]:
    """Search rows grouped by near-identical text (the same paragraph pasted by many agencies),
    each group in rank order, groups in the order of their best row; rows without a group key
    (risk narratives) stand alone."""
    if hits.empty:
        return []
    keys = hits["group"] if "group" in hits else pd.Series("", index=hits.index)
    keys = keys.fillna("").where(keys.fillna("") != "", pd.Series(range(len(hits)), index=hits.index).astype(str))
    order = list(dict.fromkeys(keys))
    return [hits[keys == k] for k in order]


def search_hits(
    engine: Engine, text: str, filters: Filters, quarters: Sequence[int] = (), risk_codes: Sequence[str] = ()
) -> pd.DataFrame:
    """Search results as rows shaped like :func:`narratives` (plus field and snippet), best first.

    The sidebar's fiscal-year and agency filters apply; so do quarters and risk categories.
    """
    return search_page(engine, text, filters, quarters, risk_codes).hits


@dataclass(frozen=True)
class HitPage:
    """What the search page shows: the best hits, how many texts match in all, and per agency."""

    hits: pd.DataFrame
    total: int  # texts that match, counted up to COUNT_CAP (with a risk filter: among ``ranked``)
    ranked: int  # texts read and ranked for the list: every match, or the newest MAX_CANDIDATES
    by_agency: pd.DataFrame  # agency_code, agency_name, hits: over every match counted

    @property
    def newest_only(self) -> bool:
        """More texts match than were ranked: the list is the best of the newest."""
        return self.ranked >= MAX_CANDIDATES

    @property
    def total_capped(self) -> bool:
        return self.total >= COUNT_CAP


def search_page(
    engine: Engine,
    text: str,
    filters: Filters,
    quarters: Sequence[int] = (),
    risk_codes: Sequence[str] = (),
    shown: int = 100,
) -> HitPage:
    """The best ``shown`` hits, with the matches counted in all and per agency (up to
    ``COUNT_CAP``). A risk filter is checked on every text ranked (up to ``MAX_CANDIDATES``), so
    with one the count is of those."""
    agency_codes, fiscal_years = filters.agency_codes, filters.fiscal_years
    found = results(
        engine,
        text,
        agency_codes=agency_codes,
        fiscal_years=fiscal_years,
        quarters=quarters,
        limit=MAX_CANDIDATES if risk_codes else shown,
    )
    rows = _hit_rows(engine, found.hits, risk_codes)
    if risk_codes:
        by_agency, total = counts_by_agency(rows), len(rows)
    else:
        per_agency = found.by_agency or {}
        if found.total >= MAX_CANDIDATES:  # only the newest were read: count them all
            per_agency = counts(engine, text, agency_codes=agency_codes, fiscal_years=fiscal_years, quarters=quarters)
        names = dict(zip(*(agencies(engine)[c] for c in ("code", "name")), strict=True))
        by_agency = pd.DataFrame(
            [(code, names.get(code, display_name(code, None)), n) for code, n in per_agency.items()],
            columns=["agency_code", "agency_name", "hits"],
        )
        total = sum(per_agency.values())
    by_agency = by_agency.sort_values(["hits", "agency_code"], ascending=[False, True]).reset_index(drop=True)
    return HitPage(rows.head(shown).reset_index(drop=True), total, found.total, by_agency)


def _hit_rows(engine: Engine, hits: Sequence[Hit], risk_codes: Sequence[str]) -> pd.DataFrame:
    if not hits:
        return pd.DataFrame(columns=[*NARRATIVE_COLUMNS, *HIT_COLUMNS])
    df = indicators(engine, ids=sorted({h.indicator_id for h in hits}))
    by_id = {int(r["indicator_id"]): r for r in df.to_dict("records")}
    rows = []
    for h in hits:
        row = by_id[h.indicator_id]
        body = row[f"q{h.quarter}_report"] if h.quarter else (row["summary"] if h.field == "summary" else row["name"])
        risks = risk_flags([body])
        if risk_codes and not any(r in risks for r in risk_codes):
            continue
        rows.append(
            {
                "indicator_id": h.indicator_id,
                "agency_code": h.agency_code,
                "agency_name": row["agency_name"],
                "fiscal_year": h.fiscal_year,
                "seq": h.indicator_seq,
                "kpi_code": h.kpi_code,
                "name": h.indicator_name,
                "quarter": h.quarter,
                "report": body,
                "risks": risks,
                "score": h.score,
                "field": h.field,
                "snippet": h.snippet,
                "partial": h.partial,
                "group": h.group,
            }
        )
    return pd.DataFrame(rows, columns=[*NARRATIVE_COLUMNS, *HIT_COLUMNS])


def counts_by_agency(hits: pd.DataFrame) -> pd.DataFrame:
    """How many hits each agency has, most first."""
    if hits.empty:
        return pd.DataFrame(columns=["agency_code", "agency_name", "hits"])
    return (
        hits.groupby(["agency_code", "agency_name"], dropna=False)
        .size()
        .reset_index(name="hits")
        .sort_values(["hits", "agency_code"], ascending=[False, True])
        .reset_index(drop=True)
    )


# A row of the timeline spans at most this many characters of its text, however many dates are
# written close together there (a hostile narrative may hold thousands in a row).
LONGEST_PASSAGE = 400


def timeline(quarters_df: pd.DataFrame, radius: int = 50, lang: str = "th") -> pd.DataFrame:
    """Dated events pulled out of the narratives, in date order, each with the text around it;
    ``when`` names the months in ``lang`` (B.E. years either way, as the reports count them).

    Dates written within ``radius`` characters of each other are one row, their dates in the
    order written: each row's excerpt would show the others, and the page listed the same
    sentence once per date (``รายงานประจำเดือน มีนาคม 2564 … ตั้งแต่ 1 ตุลาคม 2563 - 31 มีนาคม
    2564`` twice). Such a row sorts by its earliest day.

    >>> row = timeline(pd.DataFrame({"quarter": [2], "report": ["กิจกรรมในวันที่ 19 พ.ย. 62 และ 4 ธ.ค. 62"]}))
    >>> row["when"].tolist(), row["excerpt"].tolist()
    (['19 พ.ย. 2562 · 4 ธ.ค. 2562'], ['กิจกรรมในวันที่ 19 พ.ย. 62 และ 4 ธ.ค. 62'])
    """
    rows = []
    for row in quarters_df.to_dict("records"):
        text = str(row["report"] or "")
        for passage in _passages(find_dates(text), radius):
            start, end = passage[0].start, max(e.end for e in passage)
            rows.append(
                {
                    "date": min(e.day for e in passage),
                    "when": " · ".join(dict.fromkeys(thai_when(e, lang) for e in passage)),
                    "quarter": row["quarter"],
                    # Cut at a space or between letters, never before a vowel or tone mark.
                    "excerpt": excerpt(text, max(0, start - radius), min(len(text), end + radius)),
                }
            )
    out = pd.DataFrame(rows, columns=["date", "when", "quarter", "excerpt"])
    return out.sort_values(["date", "quarter"], kind="stable").reset_index(drop=True)


def _passages(events: Sequence[DatedEvent], radius: int) -> list[list[DatedEvent]]:
    """Events in the order written, those less than ``radius`` characters apart together, no
    passage longer than :data:`LONGEST_PASSAGE`."""
    passages: list[list[DatedEvent]] = []
    for event in events:
        last = passages[-1] if passages else None
        if last and event.start - last[-1].end < radius and event.end - last[0].start <= LONGEST_PASSAGE:
            last.append(event)
        else:
            passages.append([event])
    return passages
