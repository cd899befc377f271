"""Tools around the core: ``cli`` (``python -m kpi_core``), ``bench`` (speed as ratios against a
same-process baseline, written to BENCHMARKS.md) and ``synth`` (demo data).

May import: every other subpackage of ``kpi_core``.
"""
