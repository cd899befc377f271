"""Tools around the core: ``cli`` (``python -m kpi_core``) and its ``arguments`` (checked as they
are read), ``bench`` (speed as ratios against a same-process baseline, written to BENCHMARKS.md)
and ``synth`` (demo data).

May import: every other subpackage of ``kpi_core``.
"""
