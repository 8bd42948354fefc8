"""Benchmark of the import and evaluation data path at province scale (not part of the tests)."""
