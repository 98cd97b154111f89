"""``zhenggai check``: exit codes 0/1/2 and one-line errors without tracebacks."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import assert_one_error_line, zhenggai

CLEAN = "fixtures/cases/clean.yaml"
SEED = "fixtures/raw/yuzhou-2021-01-07.txt"


def test_clean_case_exits_0() -> None:
    run = zhenggai("check", CLEAN)
    assert run.code == 0, run.err
    assert run.out.startswith(CLEAN + "\n") and "未发现问题" in run.out
    assert run.err == ""


def test_seed_with_errors_exits_1_unless_fail_on_never() -> None:
    run = zhenggai("check", SEED)
    assert run.code == 1, run.err
    assert run.out.startswith(SEED + "\n") and "错误" in run.out
    assert zhenggai("check", SEED, "--fail-on", "never").code == 0


def test_fail_on_threshold_counts_warnings() -> None:
    # contact-missing is a warning: below the default threshold, at --fail-on warning
    assert zhenggai("check", "fixtures/cases/contact-missing.yaml").code == 0
    assert zhenggai("check", "fixtures/cases/contact-missing.yaml", "--fail-on", "warning").code == 1


def test_missing_file_exits_2_with_one_line() -> None:
    run = zhenggai("check", "no/such/notice.txt")
    assert_one_error_line(run, "ZG100", "no/such/notice.txt", "file not found")


def test_unknown_option_exits_2_with_one_line() -> None:
    run = zhenggai("check", CLEAN, "--no-such-option")
    assert_one_error_line(run, "--no-such-option")


def test_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "zhenggai.toml"
    config.write_text('packs = ["core"]\nunknown_key = 1\n', encoding="utf-8")
    run = zhenggai("check", CLEAN, "--config", str(config))
    assert_one_error_line(run, "ZG500", "unknown_key")


def test_bad_format_spec_exits_2_with_one_line() -> None:
    assert_one_error_line(zhenggai("check", CLEAN, "--format", "pdf"), "unknown format 'pdf'")
    assert_one_error_line(zhenggai("check", CLEAN, "--format", "text", "--format", "json"), "at most one")


def test_folder_without_notices_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("no notices here", encoding="utf-8")
    run = zhenggai("check", str(tmp_path), "--quiet")
    assert_one_error_line(run, "ZG100", "folder holds no notice files")


def test_glob_matching_nothing_is_an_input_error() -> None:
    run = zhenggai("check", "fixtures/raw/*.docx", "--quiet")
    assert_one_error_line(run, "no notice files match", "fixtures/raw/*.docx")


def test_help_has_examples() -> None:
    run = zhenggai("check", "--help")
    assert run.code == 0
    for text in ("Examples:", "--format text --format sarif:", "--jobs", "--fail-on", "--stdin-name", "--waivers"):
        assert text in run.out, text
