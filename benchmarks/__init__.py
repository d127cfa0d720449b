"""coach's benchmarks: one script per figure, each a ratio against a baseline run beside it.

Run them all with ``python -m benchmarks`` (``--quick`` for a smoke run,
``--only NAME[,NAME]`` for some); each script also runs alone, e.g.
``python -m benchmarks.startup``. See ``benchmarks/README.md``.
"""
