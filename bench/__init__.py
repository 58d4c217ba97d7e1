"""kpd benchmarks: each figure measured beside its raw baseline in the same run.

Run ``uv run python -m bench`` (full, ~30 minutes on 2 cores) or ``--quick``
(CI smoke, under 2 minutes, results not for comparison). Results go to
``bench/results/*.json``; pyinstrument profiles beside them. Benchmarks never
assert timings: they measure and print, and the table says which targets held.
"""
