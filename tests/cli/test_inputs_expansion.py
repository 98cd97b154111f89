"""``engine.inputs``: path expansion in argument order, deduplication, relative display paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from engine.inputs import NoticeInput, display_path, expand_inputs, load_input


def _tree(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "z.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "y.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text("x", encoding="utf-8")


def test_folders_globs_files_and_dedupe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = expand_inputs(["a", "a/y.yaml", "a/**/*.txt", "missing.txt", str(tmp_path / "a" / "y.yaml")])
    assert [item.name for item in found.inputs] == ["a/b/z.txt", "a/y.yaml"]
    assert [(position, error.path) for position, error in found.errors] == [(2, "missing.txt")]
    assert found.notes == ["skipped 1 file(s) that are not notices: a/notes.md"]


def test_display_path(tmp_path: Path) -> None:
    assert display_path(str(tmp_path / "x" / "n.txt"), str(tmp_path)) == "x/n.txt"
    assert display_path("./x/../n.txt", str(tmp_path)) == "n.txt"
    assert display_path("/elsewhere/n.txt", str(tmp_path)) == "/elsewhere/n.txt"


def test_stdin_input_is_named_and_loaded() -> None:
    found = expand_inputs(["-"], stdin=b"", stdin_name="draft.txt")
    assert found.inputs == [NoticeInput("draft.txt", b"")]
    try:
        load_input(found.inputs[0])
    except InputError as exc:
        assert exc.path == "draft.txt"
    else:  # pragma: no cover
        raise AssertionError("an empty stdin must be an input error")


def test_folder_order_is_by_path_components(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's files come in the order of their path components: ``a/z.txt`` before ``a b.txt`` and
    ``a!.txt`` (whose names sort after ``a``), though ``/`` sorts after space and ``!`` as a character."""
    (tmp_path / "d" / "a").mkdir(parents=True)
    for name in ("a/z.txt", "a b.txt", "a!.txt", "A.TXT", "b.Yaml", "a/..txt", "c.", "e.md"):
        (tmp_path / "d" / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = expand_inputs(["d"])
    assert [item.name for item in found.inputs] == ["d/A.TXT", "d/a/z.txt", "d/a b.txt", "d/a!.txt", "d/b.Yaml"]
    assert found.notes == ["skipped 2 file(s) that are not notices: d/c., d/e.md"]
    assert [item.structured for item in found.inputs] == [False, False, False, False, True]
