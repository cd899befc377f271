"""Time the dashboard's pages through Streamlit's AppTest: ``python -m ui.bench --db URL``.

Why here and not in ``kpi_core.tools.bench``: the core never imports streamlit, and the pages
are the app's. ``python -m kpi_core bench --scale …`` runs this module in a child process over
the database it has just filled, which also makes the child's peak RSS the app's own (no bench
corpus or ingest in it). Prints one JSON object: seconds per page, first run and warm rerun,
and ``peak_rss_mb``.

"First" is the first run of a page after the caches were cleared (what the first visitor after
a data change waits for); "warm" is the best of a few reruns of the same session (what every
click costs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# AppTest (Streamlit 1.67) runs a page file alone when it finds pages/ beside the script, skipping
# app.py; an entry file in a folder without pages/ runs app.py every time (tests/apptest_entry.py).
_ENTRY = f"import runpy\nrunpy.run_path({str(ROOT / 'app.py')!r}, run_name='__main__')\n"


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _page(entry: str, page: str | None, params: dict[str, str], warm: int) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(entry, default_timeout=600)
    for key, value in params.items():
        at.query_params[key] = value

    def first() -> None:
        at.run()
        if page:
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()

    first_s = _timed(first)
    if at.exception:
        raise RuntimeError(f"{page or 'overview'}: {at.exception}")
    warm_s = min(_timed(at.run) for _ in range(warm))
    return {"first_s": round(first_s, 3), "warm_s": round(warm_s, 3)}


def run(url: str, indicator_id: int, search: str, warm: int = 3) -> dict[str, object]:
    os.environ["KPI_DATABASE_URL"] = url
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        entry = Path(folder) / "entry.py"
        entry.write_text(_ENTRY, encoding="utf-8")
        pages = {
            "overview": _page(str(entry), None, {}, warm),
            "overview_all_years": _page(str(entry), None, {"fy": "all"}, warm),
            "indicator": _page(str(entry), "indicator", {"id": str(indicator_id)}, warm),
            # The same page for another indicator once the caches are cleared again: what the
            # first viewer after a data change waits for in a server that has run a while
            # (word lists and dictionaries are loaded once per process, not per data version).
            "indicator_after_change": _page(str(entry), "indicator", {"id": str(max(1, indicator_id - 1))}, warm),
            "search": _page(str(entry), "search", {"q": search}, warm),
        }
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"pages": pages, "peak_rss_mb": round(rss_kb / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="database URL, already filled")
    parser.add_argument("--indicator", type=int, required=True, help="an indicator id for the indicator page")
    parser.add_argument("--search", default="โควิด")
    parser.add_argument("--warm", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.db, args.indicator, args.search, args.warm), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
