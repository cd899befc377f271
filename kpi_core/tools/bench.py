"""``python -m kpi_core bench``: parse speed as a ratio against decoding and splitting the same bytes.

Both are timed in the same process on the same corpus, so the ratio travels between machines
where absolute seconds do not. The figure lands in BENCHMARKS.md; no test asserts it.
"""

from __future__ import annotations

import platform
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kpi_core.reading.parse import parse_report
from kpi_core.reading.thai import decode, repair
from kpi_core.tools.synth import SEED, demo_reports

PARSE_BUDGET_RATIO = 10.0
_SEQ = re.compile(r"^\((\d+)\)", re.MULTILINE)


def concatenated_report(size_mb: float, seed: Path = SEED) -> bytes:
    """One agency report of at least ``size_mb`` MB: the seed's indicators repeated, renumbered."""
    text = seed.read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    parts = [header]
    seq = 0
    target = int(size_mb * 1_000_000)
    size = len(header.encode())

    def renumber(_: re.Match[str]) -> str:
        nonlocal seq
        seq += 1
        return f"({seq})"

    while size < target:
        chunk = _SEQ.sub(renumber, body)
        parts.append(chunk)
        size += len(chunk.encode())
    return "\n".join(parts).encode("utf-8")


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def store_rows(agencies: int = 10, years: tuple[int, ...] = (2563, 2564), repeat: int = 3) -> list[str]:
    """Ingest, query and search on a fresh SQLite database, against decode+split of the same files."""
    import tempfile

    from kpi_core.storage.query import indicators
    from kpi_core.storage.search import search
    from kpi_core.storage.store import ingest, open_store

    files = list(demo_reports(agencies, years))
    size = sum(len(data) for _, data in files)
    unit = _best(lambda: [data.decode("utf-8").splitlines() for _, data in files], repeat * 3)
    parse_s = _best(lambda: [parse_report(data, name) for name, data in files], repeat)
    corpus = f"{len(files)} files, {size / 1e6:.1f} MB"
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{folder}/bench.db", seed=False)
        start = time.perf_counter()
        for name, data in files:
            ingest(engine, data, name, uploaded_by="bench")
        ingest_s = time.perf_counter() - start
        query_s = _best(lambda: indicators(engine), repeat)
        search_s = _best(lambda: search(engine, "โควิด"), repeat)
        engine.dispose()
    return [
        f"| {what} | {corpus} | {unit * 1000:.1f} ms | {seconds * 1000:,.1f} ms | {seconds / unit:,.0f}× | — |"
        for what, seconds in (
            ("parse (all files)", parse_s),
            ("ingest (parse, store, tokenise for search; one transaction a file)", ingest_s),
            ("query: every current indicator with status and flags", query_s),
            ("search: one Thai word (โควิด)", search_s),
        )
    ]


def run_bench(size_mb: float = 10.0, repeat: int = 5) -> str:
    """The parse benchmark as a Markdown document (BENCHMARKS.md's form)."""
    data = concatenated_report(size_mb)
    baseline = _best(lambda: data.decode("utf-8").splitlines(), repeat)
    text = decode(data)
    decode_s = _best(lambda: decode(data), repeat)
    repair_s = _best(lambda: repair(text), repeat)
    parse_s = _best(lambda: parse_report(data, "bench"), repeat)
    report = parse_report(data, "bench")
    ratio = parse_s / baseline
    verdict = "within" if ratio <= PARSE_BUDGET_RATIO else "OVER"
    line = (
        f"| parse | {len(data) / 1e6:.1f} MB, {len(report.indicators):,} indicators | "
        f"{baseline * 1000:.1f} ms | {parse_s * 1000:.1f} ms | {ratio:.1f}× | ≤ {PARSE_BUDGET_RATIO:g}× ({verdict}) |"
    )
    rows = "\n".join(store_rows(repeat=max(1, repeat // 2)))
    rest = parse_s - decode_s - repair_s
    phases = "\n".join(
        f"| {name} | {seconds * 1000:.1f} ms | {seconds / baseline:.1f}× |"
        for name, seconds in (
            ("decode (BOM, UTF-8, cp874 checks)", decode_s),
            ("repair (numpy)", repair_s),
            ("lines, headings, blocks, fields", rest),
        )
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    doc = f"""# Benchmarks

Produced by `python -m kpi_core bench` ({stamp}, Python {platform.python_version()},
{platform.machine()}). Each figure is a ratio against a baseline timed in the same process on
the same data (best of {repeat} runs), so it is comparable across machines; the budget is the
issue's, not a timed test. The parse corpus is the seed report's indicators repeated and
renumbered under one header, at least {size_mb:g} MB of UTF-8; the store rows use
`python -m kpi_core demo-data`'s files (the seed re-issued for other agencies and years) on a
fresh SQLite database; only the parse row has a budget (issue 2).

| what | corpus | baseline: decode + split lines | measured | ratio | budget |
|---|---|---|---|---|---|
{line}
{rows}

Where the parse time goes (same run):

| phase | time | × baseline |
|---|---|---|
{phases}
"""
    return doc
