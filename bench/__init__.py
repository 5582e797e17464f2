"""Benchmarks of Amends: `python bench/run.py` (see docs/benchmarks.md)."""
