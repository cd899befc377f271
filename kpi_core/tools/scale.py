"""``python -m kpi_core bench --scale small|bma|national``: the dashboard at an agency count.

Generates the demo corpus (:mod:`kpi_core.tools.synth`), ingests it into a fresh SQLite
database, times the queries the overview makes, then times the pages themselves in a child
process (``python -m ui.bench``: the core never imports streamlit, and a child's peak RSS is the
app's alone). Every figure is shown beside the same-process baseline, decoding and splitting the
corpus's bytes, as in :mod:`kpi_core.tools.bench`; the budgets are issue 11's, not timed tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from kpi_core.storage import agencies as registry
from kpi_core.storage import query
from kpi_core.storage import schema as s
from kpi_core.storage.search import MAX_CANDIDATES
from kpi_core.storage.store import ingest, open_store, write_transaction
from kpi_core.tools.synth import agencies_csv, demo_reports

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Scale:
    agencies: int
    years: tuple[int, ...]


SCALES = {
    "small": Scale(10, (2566, 2567)),
    "bma": Scale(120, tuple(range(2558, 2568))),  # 120 agencies x 10 years x 8-10 indicators
    "national": Scale(1200, tuple(range(2558, 2568))),
}
# Issue 11's budgets, in seconds (RSS in MB); shown beside the figures, never asserted.
BUDGETS = {
    "ingest": 60.0,
    "query.indicators (every current indicator, as the views ask: no texts)": 0.2,
    "overview page: first run": 3.0,
    "overview page: warm rerun": 0.5,
    "indicator page: first run": 1.0,
    "app peak RSS (MB)": 600.0,
}


def _seconds(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def overview_queries(engine: Engine) -> dict[str, Callable[[], object]]:
    """The core calls the overview makes on a first visit, by name."""
    latest = query.Filters(fiscal_years=tuple(query.fiscal_years(engine)[:1]))
    return {
        "query.indicators (every current indicator, as the views ask: no texts)": lambda: query.indicators(
            engine, texts=False
        ),
        "query.indicators (every current indicator, with every text: the exports)": lambda: query.indicators(engine),
        "query.indicators (latest fiscal year, no texts: the landing view)": lambda: query.indicators(
            engine, latest, texts=False
        ),
        "query.fiscal_years + agencies (filter options)": lambda: (query.fiscal_years(engine), query.agencies(engine)),
    }


# Twenty queries a reader types: Thai words, a word inside longer ones, spelling variants,
# English, a phrase with a space, a short word that cannot use the trigram index.
SEARCH_QUERIES = (
    "โควิด", "COVID-19", "covid 19", "ยกเลิก", "ล่าช้า", "งบประมาณ", "จัดซื้อจัดจ้าง", "การแพร่ระบาด",
    "อำนาจ", "ที่ปรึกษา", "เว็ปไซต์", "โคโรน่า", '"เบิกจ่าย งบประมาณ"', "ขยายสัญญา", "ฝึกอบรม",
    "สำนักงานเขต", "ประชาชน", "รถ", "Best Practice", "ร้อยละ",
)  # fmt: skip


def search_rows(engine: Engine) -> list[tuple[str, float, float | None]]:
    """Search latency over :data:`SEARCH_QUERIES` (best of 3 each), median and p95, beside the
    same texts scanned by pandas ``str.contains`` in this process (issue 12's comparison)."""
    import pandas as pd

    from kpi_core.storage.search import search, search_terms

    with engine.connect() as conn:
        bodies = pd.Series(
            conn.execute(select(s.search_docs.c.folded).join(s.indicators).where(s.indicators.c.current))
            .scalars()
            .all(),
            dtype=object,
        )
    times = sorted(_seconds(lambda q=q: search(engine, q), 3) for q in SEARCH_QUERIES)  # type: ignore[misc]
    scans = sorted(
        _seconds(lambda q=q: [bodies.str.contains(t, regex=False) for t in search_terms(q)], 1)  # type: ignore[misc]
        for q in SEARCH_QUERIES
    )
    lookups = sorted(_seconds(lambda q=q: index_lookup(engine, q), 3) for q in SEARCH_QUERIES)  # type: ignore[misc]
    unranked = sorted(_seconds(lambda q=q: first_hits(engine, q), 3) for q in SEARCH_QUERIES)  # type: ignore[misc]
    median, p95 = times[len(times) // 2], times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    scan = scans[len(scans) // 2]
    return [
        (f"search: median of {len(SEARCH_QUERIES)} queries", median, None),
        (f"search: p95 of {len(SEARCH_QUERIES)} queries", p95, 0.1),
        (f"pandas str.contains over the same {len(bodies):,} texts (median; search should be 20x faster)", scan, None),
        (
            f"index lookup alone: ids of the first {MAX_CANDIDATES} matching texts (median)",
            lookups[len(lookups) // 2],
            None,
        ),
        (
            f"first {UNRANKED} current hits with agency, year, quarter and name, unranked (median): "
            "the least a result list reads",
            unranked[len(unranked) // 2],
            None,
        ),
    ]


UNRANKED = 100  # a search's default limit


def first_hits(engine: Engine, query_text: str) -> list[tuple[object, ...]]:
    """The first texts of current indicators holding every term, with what a result line names
    (agency, year, quarter, indicator), in whatever order the index gives them: a search with no
    ranking, grouping or snippets. The floor under :func:`~kpi_core.storage.search.search`."""
    from sqlalchemy import Integer, column
    from sqlalchemy import text as sql

    from kpi_core.storage.search import TRIGRAM, search_terms

    terms = search_terms(query_text)
    d, i, r = s.search_docs, s.indicators, s.reports
    docs: Any = d
    params: dict[str, str] = {}
    if engine.dialect.name == "sqlite" and all(len(t) >= TRIGRAM for t in terms):
        tri = sql("SELECT rowid AS id FROM search_tri WHERE search_tri MATCH :m").columns(column("id", Integer))
        found = tri.subquery("tri")
        docs = found.join(d, d.c.id == found.c.id)
        params["m"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    stmt = (
        select(d.c.id, d.c.quarter, i.c.seq, i.c.name, r.c.agency_code, r.c.fiscal_year)
        .select_from(docs.join(i, i.c.id == d.c.indicator_id).join(r, r.c.id == i.c.report_id))
        .where(i.c.current, *[d.c.folded.contains(t, autoescape=True) for t in terms])
        .limit(UNRANKED)
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(stmt, params)]


def index_lookup(engine: Engine, query_text: str) -> list[int]:
    """The ids of the texts holding every term, as the index gives them, capped like a search: what
    the trigram index alone costs, beside the ranked, grouped search with snippets."""
    from sqlalchemy import text as sql

    from kpi_core.storage.search import TRIGRAM, search_terms

    terms = search_terms(query_text)
    d = s.search_docs
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite" and all(len(t) >= TRIGRAM for t in terms):
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
            stmt = sql("SELECT rowid FROM search_tri WHERE search_tri MATCH :m LIMIT :n")
            return list(conn.execute(stmt, {"m": match, "n": MAX_CANDIDATES}).scalars())
        where = [d.c.folded.contains(t, autoescape=True) for t in terms]
        return list(conn.execute(select(d.c.id).where(*where).limit(MAX_CANDIDATES)).scalars())


def _pages(url: str, engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        some_id = conn.execute(select(func.max(s.indicators.c.id)).where(s.indicators.c.current)).scalar_one()
    out = subprocess.run(
        [sys.executable, "-m", "ui.bench", "--db", url, "--indicator", str(some_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "ui.bench failed"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_scale(name: str, pages: bool = True) -> list[tuple[str, float, float | None]]:
    """(what, seconds or MB, budget) rows; the first row is the baseline itself."""
    scale = SCALES[name]
    files = list(demo_reports(scale.agencies, scale.years))
    size = sum(len(data) for _, data in files)
    baseline = _seconds(lambda: [data.decode("utf-8").splitlines() for _, data in files], 3)
    rows: list[tuple[str, float, float | None]] = [
        (f"baseline: decode + split {len(files):,} files ({size / 1e6:.1f} MB)", baseline, None)
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/scale.db"
        engine = open_store(url, seed=False)
        with write_transaction(engine) as conn:
            registry.upsert(conn, registry.read_csv(agencies_csv(scale.agencies)))

        def load() -> None:
            for file_name, data in files:
                ingest(engine, data, file_name, uploaded_by="bench")

        rows.append(("ingest", _seconds(load), BUDGETS["ingest"]))
        with engine.connect() as conn:
            n = conn.execute(select(func.count()).where(s.indicators.c.current)).scalar_one()
        rows[0] = (rows[0][0] + f", {n:,} indicators", baseline, None)
        for what, fn in overview_queries(engine).items():
            rows.append((what, _seconds(fn, 3), BUDGETS.get(what)))
        rows += search_rows(engine)
        if pages:
            found = _pages(url, engine)
            if "error" in found:
                raise RuntimeError(f"page timing failed: {found['error']}")
            for page, times in found["pages"].items():
                for kind, key in (("first run", "first_s"), ("warm rerun", "warm_s")):
                    what = f"{page.replace('_', ' ')} page: {kind}"
                    rows.append((what, times[key], BUDGETS.get(what)))
            rows.append(("app peak RSS (MB)", float(found["peak_rss_mb"]), BUDGETS["app peak RSS (MB)"]))
        engine.dispose()
    return rows


def table(name: str, rows: list[tuple[str, float, float | None]]) -> str:
    """A Markdown table: each figure beside the baseline and its budget."""
    baseline = rows[0][1]
    lines = [
        f"Scale `{name}`: {rows[0][0]}, baseline {baseline * 1000:.1f} ms.",
        "",
        "| what | measured | × baseline | budget |",
        "|---|---|---|---|",
    ]
    for what, value, budget in rows[1:]:
        if what.endswith("(MB)"):
            shown, ratio = f"{value:,.0f} MB", "—"
            verdict = "" if budget is None else f"≤ {budget:,.0f} MB ({'within' if value <= budget else 'OVER'})"
        else:
            shown, ratio = f"{value * 1000:,.0f} ms", f"{value / baseline:,.0f}×"
            verdict = "" if budget is None else f"≤ {budget * 1000:,.0f} ms ({'within' if value <= budget else 'OVER'})"
        lines.append(f"| {what} | {shown} | {ratio} | {verdict or '—'} |")
    return "\n".join(lines) + "\n"
