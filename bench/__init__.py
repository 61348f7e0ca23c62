"""Benchmark scripts, run as files (python bench/<name>.py).

A package only so that mypy can tell bench/nlu.py from the nlu package.
"""
