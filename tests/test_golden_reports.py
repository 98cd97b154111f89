"""Golden reports: every fixture's report, regenerated in memory, equals ``reports/`` byte for byte.

Regenerate with ``.venv/bin/python -m engine.tools.regenerate_reports`` (see reports/README.md)
after a deliberate change, and review the diff.
"""

from __future__ import annotations

import difflib
import json
import re

import pytest

from engine.tools.regenerate_reports import ROOT, Fixture, expected, fixtures, render_fixture, stale

FIXTURES = fixtures()
REGENERATE = ".venv/bin/python -m engine.tools.regenerate_reports"


def _diff(path: str, want: str, got: str) -> str:
    lines = difflib.unified_diff(want.splitlines(keepends=True), got.splitlines(keepends=True),
                                 fromfile=f"{path} (committed)", tofile=f"{path} (regenerated)", n=2)
    text = "".join(list(lines)[:80])
    return f"{path} differs from the regenerated report; review, then run `{REGENERATE}`:\n{text}"


def test_every_fixture_group_has_reports() -> None:
    groups = {fixture.group for fixture in FIXTURES}
    assert groups == {"structured", "cases", "raw"}
    assert len(FIXTURES) >= 30


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f"{f.group}/{f.name}" for f in FIXTURES])
def test_golden_report(fixture: Fixture) -> None:
    for path, text in render_fixture(fixture).items():
        file = ROOT / path
        assert file.is_file(), f"{path} is missing; run `{REGENERATE}`"
        committed = file.read_bytes().decode("utf-8")
        assert committed == text, _diff(path, committed, text)


def test_no_stale_reports() -> None:
    assert stale(ROOT, expected()) == []


def test_reports_hold_no_absolute_paths_or_timestamps() -> None:
    for path, text in expected().items():
        assert str(ROOT) not in text, path
        if path.endswith(".json"):
            assert json.loads(text)["reports"][0]["source"].startswith("fixtures/"), path
        assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text), path
