"""Maintenance tools run with ``python -m engine.tools.<name>`` (not part of the ``zhenggai`` CLI)."""
