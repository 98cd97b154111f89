"""``zhenggai check`` inputs: folders, globs, stdin, mixed batches with a bad file, several formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_helpers import COMMAND, RAW, ROOT, assert_one_error_line, zhenggai

SEED = "fixtures/raw/yuzhou-2021-01-07.txt"
SEEDS = sorted(f"fixtures/raw/{path.name}" for path in RAW.glob("*.txt"))


def _sources(out: str) -> list[str]:
    return [report["source"] for report in json.loads(out)["reports"]]


def test_folder_is_searched_recursively_in_sorted_order_with_relative_paths() -> None:
    run = zhenggai("check", "fixtures/raw/", "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    assert _sources(run.out) == SEEDS


def test_folder_notes_files_that_are_not_notices() -> None:
    run = zhenggai("check", "fixtures/structured", "--fail-on", "never")
    assert run.code == 0
    assert "CONVENTIONS.md" in run.err and "not notices" in run.err
    assert zhenggai("check", "fixtures/structured", "--fail-on", "never", "--quiet").err == ""


def test_a_rule_error_stops_the_run_before_the_notes_on_every_output_path(tmp_path: Path) -> None:
    # A single notice has its rules loaded while its worker starts; the order of stderr is the same.
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules: [{id: Bad}]\n", encoding="utf-8")
    single = tmp_path / "single"
    single.mkdir()
    shutil.copy(RAW / "yuzhou-2021-01-07.txt", single)
    (single / "README.md").write_text("not a notice", encoding="utf-8")
    assert "not notices" in zhenggai("check", str(single), "--fail-on", "never").err
    for folder in (str(single), "fixtures/structured"):
        for output in ("text", "json"):
            run = zhenggai("check", folder, "--rules", str(rules), "--format", output)
            assert_one_error_line(run, "ZG400")
            assert run.out == ""


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_rule_error_is_reported_without_waiting_for_stdin(tmp_path: Path, output: str) -> None:
    # stdin stays open (a terminal nobody types into): the rules are loaded first, so the run ends at once
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules: [{id: Bad}]\n", encoding="utf-8")
    process = subprocess.Popen([*COMMAND, "check", "-", "--rules", str(rules), "--format", output], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        code = process.wait(timeout=60)
    finally:
        process.kill()
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        process.stdin.close()
        out, err = process.stdout.read(), process.stderr.read()
        process.stdout.close()
        process.stderr.close()
    assert code == 2 and out == b""
    assert err.decode("utf-8").count("\n") == 1 and "ZG400" in err.decode("utf-8")


def test_glob_is_expanded_when_the_shell_did_not() -> None:
    run = zhenggai("check", "fixtures/raw/*.txt", "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    assert _sources(run.out) == SEEDS


def test_paths_relative_to_the_working_directory(tmp_path: Path) -> None:
    run = zhenggai("check", str(ROOT / SEED), "--format", "json", "--fail-on", "never")
    assert _sources(run.out) == [SEED]
    run = zhenggai("check", "yuzhou-2021-01-07.txt", "--format", "json", "--fail-on", "never", cwd=RAW)
    assert _sources(run.out) == ["yuzhou-2021-01-07.txt"]


def test_stdin_with_a_name_gives_the_same_report_as_the_file() -> None:
    data = (ROOT / SEED).read_bytes()
    from_stdin = zhenggai("check", "-", "--stdin-name", SEED, "--format", "json", stdin=data)
    from_file = zhenggai("check", SEED, "--format", "json")
    assert from_stdin.code == from_file.code == 1
    assert from_stdin.out == from_file.out
    unnamed = zhenggai("check", "-", "--format", "json", stdin=data)
    assert _sources(unnamed.out) == ["<stdin>"]


def test_stdin_structured_by_name() -> None:
    data = (ROOT / "fixtures/cases/clean.yaml").read_bytes()
    run = zhenggai("check", "-", "--stdin-name", "clean.yaml", stdin=data)
    assert run.code == 0, run.err
    assert "未发现问题" in run.out


def test_mixed_batch_keeps_the_good_files(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("yuzhou-2021-01-07.txt", "qinxian-2020-07-30.txt"):
        shutil.copy(RAW / name, folder / name)
    (folder / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    run = zhenggai("check", str(folder), str(tmp_path / "missing.txt"), "--format", "json", cwd=tmp_path)
    assert run.code == 2
    assert _sources(run.out) == ["batch/qinxian-2020-07-30.txt", "batch/yuzhou-2021-01-07.txt"]
    lines = run.err_lines
    assert len(lines) == 3, run.err
    assert "Traceback" not in run.err
    assert "ZG200 batch/broken.yaml:2:1: YAML syntax error" in lines[0]
    assert "ZG100 batch/empty.txt" in lines[1]
    assert "ZG100 missing.txt: file not found" in lines[2]
    # the good files' reports are the same as when checked alone
    alone = zhenggai("check", "batch/qinxian-2020-07-30.txt", "batch/yuzhou-2021-01-07.txt", "--format", "json",
                     cwd=tmp_path)
    assert alone.out == run.out


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    sarif, junit, markdown = tmp_path / "out.sarif", tmp_path / "report.xml", tmp_path / "report.md"
    run = zhenggai("check", "fixtures/raw/", "--format", "text", "--format", f"sarif:{sarif}",
                   "--format", f"junit:{junit}", "--format", f"markdown:{markdown}", "--fail-on", "never")
    assert run.code == 0, run.err
    text_only = zhenggai("check", "fixtures/raw/", "--fail-on", "never")
    assert run.out == text_only.out
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    assert ET.fromstring(junit.read_text(encoding="utf-8")).tag == "testsuites"
    assert markdown.read_text(encoding="utf-8").strip()


def test_output_file_for_the_single_format(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run = zhenggai("check", SEED, "--format", "json", "--output", str(target), "--fail-on", "never")
    assert run.code == 0 and run.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["reports"][0]["source"] == SEED


def test_github_format_and_english() -> None:
    run = zhenggai("check", SEED, "--format", "github", "--lang", "en")
    assert run.code == 1
    assert run.out.startswith("::error file=fixtures/raw/yuzhou-2021-01-07.txt,")


def test_quiet_prints_only_the_summary() -> None:
    run = zhenggai("check", "fixtures/raw/", "--quiet", "--fail-on", "never")
    assert run.out.count("\n") == 1 and run.out.startswith("共 5 份通报")
    assert run.err == ""


def test_text_matches_the_golden_report() -> None:
    run = zhenggai("check", SEED)
    assert run.out == (ROOT / "reports/raw/yuzhou-2021-01-07.txt").read_text(encoding="utf-8")
    run = zhenggai("check", "fixtures/structured/longjie-2019-12-30.yaml", "--format", "json")
    assert run.out == (ROOT / "reports/structured/longjie-2019-12-30.json").read_text(encoding="utf-8")
