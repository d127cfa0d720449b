"""The baselines: the smallest Textual apps that do what a coach screen does.

They are run as scripts (``python benchmarks/baselines/static_app.py``), never
imported by the runner, so each pays exactly the start-up a real app pays.
"""
