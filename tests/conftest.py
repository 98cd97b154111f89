"""Test-wide settings: hypothesis runs are reproducible and never time individual examples.

Unit tests do not time things (speed is measured in bench/), so the per-example deadline is
off; ``derandomize`` makes every run explore the same examples, so CI results are stable.
"""

from hypothesis import settings

settings.register_profile("zhenggai", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("zhenggai")
