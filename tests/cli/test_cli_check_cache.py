"""``zhenggai check --cache``: the same bytes as without it, on a first and a later run, and clear errors."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from cli_helpers import RAW, ROOT, assert_one_error_line, zhenggai

SHAPES = ROOT / "tests" / "data" / "shapes"


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of raw notices in every reader's format and in a legacy encoding, plus a structured one."""
    import docx

    folder = tmp_path_factory.mktemp("notices")
    for seed in sorted(RAW.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for shape in sorted(SHAPES.glob("*.txt"))[:6]:
        shutil.copy(shape, folder / f"shape-{shape.name}")
    text = (RAW / "qinxian-2020-07-30.txt").read_text(encoding="utf-8")
    (folder / "qinxian-gb18030.txt").write_bytes(text.encode("gb18030"))
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(folder / "qinxian.docx"))
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    (folder / "qinxian.html").write_text(f"<!DOCTYPE html><html><body>{paragraphs}</body></html>", encoding="utf-8")
    shutil.copy(ROOT / "fixtures" / "structured" / "yuzhou-2021-01-07.yaml", folder / "yuzhou.yaml")
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.facts"))


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_first_and_later_runs_match_a_run_without_the_cache(notices: Path, tmp_path: Path, fmt: str) -> None:
    args = ("check", str(notices), "--format", fmt, "--fail-on", "never")
    plain = zhenggai(*args)
    cache = tmp_path / "cache"
    first = zhenggai(*args, "--cache-dir", str(cache))
    later = zhenggai(*args, "--cache-dir", str(cache))
    assert plain.code == first.code == later.code == 0, (first.err, later.err)
    assert plain.out_bytes == first.out_bytes == later.out_bytes
    assert plain.err == first.err == later.err
    raw_inputs = [path for path in notices.iterdir() if path.suffix != ".yaml"]
    assert len(_entries(cache)) == len(raw_inputs)  # structured notices are not cached
    tag = (cache / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_a_rule_change_reuses_the_facts(notices: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert zhenggai("check", str(notices), "--cache-dir", str(cache), "--quiet", "--fail-on", "never").code == 0
    written = {path: path.stat().st_mtime_ns for path in _entries(cache)}
    args = ("check", str(notices), "--format", "sarif", "--ignore", "target-date-missing", "--lang", "en",
            "--fail-on", "never")
    plain = zhenggai(*args)
    cached = zhenggai(*args, "--cache-dir", str(cache), "--jobs", "2")
    assert cached.code == 0, cached.err
    assert cached.out_bytes == plain.out_bytes
    assert {path: path.stat().st_mtime_ns for path in _entries(cache)} == written  # read, not written again


def test_default_folder_is_in_the_current_folder(tmp_path: Path) -> None:
    seed = RAW / "qinxian-2020-07-30.txt"
    run = zhenggai("check", str(seed), "--cache", "--quiet", "--fail-on", "never", cwd=tmp_path)
    assert run.code == 0, run.err
    assert len(_entries(tmp_path / ".zhenggai_cache")) == 1


def test_a_damaged_entry_is_parsed_again_and_rewritten(tmp_path: Path) -> None:
    seed = str(RAW / "yuzhou-2021-01-07.txt")
    cache = tmp_path / "cache"
    args = ("check", seed, "--format", "json", "--fail-on", "never", "--cache-dir", str(cache))
    first = zhenggai(*args)
    (entry,) = _entries(cache)
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])
    again = zhenggai(*args)
    assert again.code == 0, again.err
    assert again.out_bytes == first.out_bytes
    assert entry.read_bytes() == whole


def test_stdin_is_cached_under_its_name(tmp_path: Path) -> None:
    data = (RAW / "qinxian-2020-07-30.txt").read_bytes()
    cache = tmp_path / "cache"
    args = ("check", "-", "--stdin-name", "draft.txt", "--format", "json", "--fail-on", "never")
    plain = zhenggai(*args, stdin=data)
    first = zhenggai(*args, "--cache-dir", str(cache), stdin=data)
    later = zhenggai(*args, "--cache-dir", str(cache), stdin=data)
    assert plain.out_bytes == first.out_bytes == later.out_bytes
    assert len(_entries(cache)) == 1


def test_input_errors_are_the_same_with_the_cache(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    for name in ("empty.txt", "table.xlsx", "binary.txt", "missing.txt"):
        plain = zhenggai("check", name, cwd=tmp_path)
        cached = zhenggai("check", name, "--cache", cwd=tmp_path)
        assert plain.code == cached.code == 2
        assert plain.err == cached.err
    assert _entries(tmp_path / ".zhenggai_cache") == []


def test_a_cache_folder_that_is_a_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    seed = str(RAW / "qinxian-2020-07-30.txt")
    assert_one_error_line(zhenggai("check", seed, "--cache-dir", "taken/cache", cwd=tmp_path),
                          "ZG100", "taken/cache", "cannot use the cache folder")
    run = zhenggai("check", seed, "--cache-dir", "taken", cwd=tmp_path)
    assert_one_error_line(run, "--cache-dir", "taken")
