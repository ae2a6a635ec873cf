"""The national-scale benchmark behind `make bench` (see benchmarks/run.py)."""
