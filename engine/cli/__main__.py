"""``python -m engine.cli``: the same as the ``zhenggai`` command."""

from engine.cli import main

main()
