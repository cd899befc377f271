"""The scale benchmark runs end to end at its small size (it works; no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_small_scale_prints_every_row_and_writes_nothing(tmp_path: Path) -> None:
    before = (ROOT / "BENCHMARKS.md").read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "kpi_core", "bench", "--scale", "small"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={"PYTHAINLP_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    for row in (
        "| ingest |",
        "| query.indicators (every current indicator, as the views ask: no texts) |",
        "| query.indicators (every current indicator, with every text: the exports) |",
        "| overview page: first run |",
        "| overview page: warm rerun |",
        "| indicator page: first run |",
        "| search page: warm rerun |",
        "| app peak RSS (MB) |",
    ):
        assert row in out.stdout, out.stdout
    assert "Scale `small`: baseline: decode + split 20 files" in out.stdout
    assert (ROOT / "BENCHMARKS.md").read_bytes() == before  # only --out writes a file
