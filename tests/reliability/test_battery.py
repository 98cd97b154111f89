"""The bad-input battery: every bad input gets one clear line, and nothing else is lost.

Each notice case runs ``zhenggai check BAD GOOD_RAW GOOD_STRUCTURED --format json`` (in-process
through ``engine.cli.main``, which still checks each notice in a forked worker) and asserts the
exit code, the one error line (code, file name, place), no traceback, and that the two good
notices' reports are exactly those of a clean run. Big inputs are generated in tmp dirs.
Rule and config cases stop the whole run (nothing can be checked without rules) with one line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD_RAW = "fixtures/raw/yuzhou-2021-01-07.txt"
GOOD_STRUCTURED = "fixtures/structured/huainan-tzb-2020-12-17.yaml"
SEED = (ROOT / GOOD_RAW).read_text(encoding="utf-8")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TRADITIONAL = ("中共某縣委關於巡察整改情況的通報\n"
               "根據市委統一部署，市委第一巡察組於2020年4月至6月對我縣開展了巡察。\n"
               "一、關於黨的建設方面\n"
               "1.理論學習不深入。\n整改情況：該項已辦結。一是強化理論學習。二是建立學習臺賬。\n"
               "2.制度執行不嚴格。\n整改情況：該項持續整改中。一是完善制度，2021年6月底前完成。\n"
               "聯繫電話：0371-12345678\n")
CATASTROPHIC = r"^(?:.|..)+(?<!\S)\d{40}"  # times out on any finding text without 40 digits


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(*args: str) -> Run:
    """``zhenggai ARGS`` in this process (cwd: the repository root)."""
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code
    return Run(int(code or 0), out.getvalue(), err.getvalue())


def reports_by_source(out: str) -> dict[str, Any]:
    return {report["source"]: report for report in json.loads(out)["reports"]}


@pytest.fixture(scope="module")
def clean() -> dict[str, Any]:
    run = run_cli("check", GOOD_RAW, GOOD_STRUCTURED, "--format", "json", "--fail-on", "never")
    assert run.code == 0, run.err
    return reports_by_source(run.out)


# --- the inputs: each writes a file (or folder) under tmp and returns its path ----------------

Maker = Callable[[Path], Path]


def _write(name: str, data: bytes) -> Maker:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return make


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _missing(tmp: Path) -> Path:
    return tmp / "missing.txt"


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "nothing-here"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def _big_html(tmp: Path) -> Path:
    body = "".join(f"<p>{line}</p>\n" for line in SEED.splitlines())
    junk = ('<div class="x"><span style="color:red"><script>var a = "<p>不是正文</p>";'
            "for (var i = 0; i < 10; i++) {}</script></span></div>\n")
    count = 10 * 1024 * 1024 // len(junk.encode("utf-8"))
    markup = ('<!doctype html><html><head><meta charset="utf-8"><script>alert(1)</script>'
              f"<style>p {{}}</style></head><body>{body}{junk * count}</body></html>")
    path = tmp / "big.html"
    path.write_text(markup, encoding="utf-8")
    return path


def _huge_text(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    block = SEED.encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            handle.write(block)
    return path


def _chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")) or "零"


def _many_findings(tmp: Path) -> Path:
    """3,010 findings: 10 sections of 1.–301."""
    lines = ["中共某县委关于巡察整改情况的通报",
             "根据市委统一部署，市委第一巡察组于2020年4月至6月对我县开展了巡察。"]
    for section in range(1, 11):
        lines.append(f"{_chinese(section)}、关于第{section}方面的问题")
        for number in range(1, 302):
            lines.append(f"{number}.问题{number}：工作落实不到位。")
            lines.append("整改情况：该项持续整改中。一是建立台账。" if number % 7 else "整改情况：一是建立台账。")
    lines.append("联系电话：0371-12345678")
    path = tmp / "many.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _python_tag(tmp: Path) -> Path:
    path = tmp / "python-tag.yaml"
    path.write_text(f'title: !!python/object/apply:os.system ["touch {tmp / "pwned"}"]\n', encoding="utf-8")
    return path


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=True))
WRONG_TYPES = """\
title: {text: 测试通报}
sections:
  - number: 一、
    ordinal: 1
    heading: {text: 关于测试的问题}
    findings:
      - number: "1."
        ordinal: one
        problem: {text: 问题}
"""


@dataclass(frozen=True)
class Case:
    """A bad (or odd) notice: its maker, the exit codes allowed, and what the error line says."""

    id: str
    make: Maker
    codes: tuple[int, ...]
    fragments: tuple[str, ...] = ()  # all in the one error line; "{name}" is the file as shown
    reported: bool = False  # the bad notice itself has a report


CASES = [
    Case("missing-file", _missing, (2,), ("ZG100 {name}: file not found",)),
    Case("folder-without-notices", _empty_folder, (2,), ("ZG100 {name}: folder holds no notice files",)),
    Case("empty", _write("empty.txt", b""), (2,), ("ZG100 {name}: empty file",)),
    Case("whitespace-only", _write("blank.txt", b" \n\t\r\n \xe3\x80\x80\n"), (2,), ("ZG100 {name}: empty file",)),
    Case("png", _write("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), (2,),
         ("ZG100 {name}: binary file, not text", "PNG image")),
    Case("zip-as-txt", _write("archive.txt", _zip({"a.bin": bytes(range(256)) * 20})), (2,),
         ("ZG100 {name}: binary file, not text", "zip archive")),
    Case("truncated-utf8", _write("cut.txt", SEED.encode("utf-8")[:3001] + "整".encode()[:2]), (2,),
         ("ZG110 {name}:", "invalid UTF-8 at byte")),
    Case("gbk", _write("gbk.txt", "".join(c for c in SEED if c.encode("gbk", "ignore")).encode("gbk")), (0, 1),
         reported=True),
    Case("gb18030", _write("gb18030.txt", SEED.encode("gb18030")), (0, 1), reported=True),
    Case("big5", _write("big5.txt", TRADITIONAL.encode("big5")), (0, 1), reported=True),
    Case("utf16-no-bom", _write("utf16.txt", SEED.encode("utf-16-le")), (0, 1), reported=True),
    Case("utf8-bom-crlf", _write("bom.txt", b"\xef\xbb\xbf" + SEED.replace("\n", "\r\n").encode()), (0, 1),
         reported=True),
    Case("docx-of-junk", _write("junk.docx", _zip({"junk.bin": os.urandom(2048)})), (2,),
         ("ZG100 {name}: not a valid .docx",)),
    Case("doc", _write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)), (2,),
         ("ZG100 {name}: unsupported format .doc", "save it as .docx")),
    Case("html-10mb-scripts", _big_html, (0, 1), reported=True),
    Case("text-50mb", _huge_text, (2,), ("ZG100 {name}: file is 50.", "MB limit", "--max-bytes")),
    Case("full-width-digits", _write("fw.txt", SEED.translate(FULL_WIDTH).encode("utf-8")), (0, 1), reported=True),
    Case("3000-findings", _many_findings, (1,), reported=True),
    Case("malformed-yaml", _write("broken.yaml", b"title: [unclosed\nissuer: x\n"), (2,),
         ("ZG200 {name}:2:", "YAML syntax error")),
    Case("yaml-alias-bomb", _write("bomb.yaml", ALIAS_BOMB.encode()), (2,),
         ("ZG200 {name}:2:", "aliases (*name) are not allowed")),
    Case("yaml-python-object", _python_tag, (2,), ("ZG200 {name}:1:", "tag not allowed")),
    Case("structured-wrong-types", _write("types.yaml", WRONG_TYPES.encode()), (2,),
         ("ZG300 {name}:8:9 [sections.0.findings.0.ordinal]:", "integer")),
    Case("json-wrong-top-level", _write("list.json", b"[1, 2, 3]"), (2,), ("ZG300 {name}:1:1:", "mapping")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_notice_in_a_mixed_batch(case: Case, tmp_path: Path, clean: dict[str, Any]) -> None:
    bad = case.make(tmp_path)
    run = run_cli("check", str(bad), GOOD_RAW, GOOD_STRUCTURED, "--format", "json")
    assert run.code in case.codes, (run.code, run.err)
    assert "Traceback" not in run.err
    got = reports_by_source(run.out)
    for good in (GOOD_RAW, GOOD_STRUCTURED):
        assert got.pop(good) == clean[good]  # the good notices' results are all there, unchanged
    if case.reported:
        (report,) = got.values()
        assert not run.err, run.err
        assert report["summary"]["facts"] > 0
        if case.id == "3000-findings":
            assert report["summary"]["facts"] > 3000 and report["summary"]["total"] > 0
        if case.id in ("gbk", "gb18030", "full-width-digits", "utf16-no-bom", "utf8-bom-crlf"):
            assert len(report["violations"]) == len(clean[GOOD_RAW]["violations"])
        return
    assert got == {}
    errors = [line for line in run.err_lines if not line.startswith("zhenggai: note: ")]
    assert len(errors) == 1, run.err
    (line,) = errors
    assert line.startswith("zhenggai: error: ZG")
    for fragment in case.fragments:
        assert fragment.replace("{name}", str(bad)) in line, (fragment, line)
    assert not (tmp_path / "pwned").exists()


def test_max_bytes_flag_raises_and_lowers_the_limit(tmp_path: Path) -> None:
    small = run_cli("check", GOOD_RAW, GOOD_STRUCTURED, "--max-bytes", "1K", "--format", "json")
    assert small.code == 2 and "Traceback" not in small.err
    assert len(small.err_lines) == 2
    assert all("ZG100" in line and "over the 0.0 MB limit" in line and "--max-bytes" in line
               for line in small.err_lines)
    assert run_cli("check", GOOD_RAW, "--max-bytes", "64M", "--fail-on", "never").code == 0
    bad = run_cli("check", GOOD_RAW, "--max-bytes", "lots")
    assert bad.code == 2 and bad.err_lines == [
        "zhenggai: error: Invalid value for --max-bytes: not a size: 'lots' (use bytes or a K/M/G suffix, e.g. 50M)"]


# --- rules and config: the run cannot start; one line naming the file and place --------------

BAD_OPERATOR = """\
pack: {name: bad, description: bad operator, version: "1"}
rules:
  - id: uses-unknown-operator
    title: t
    severity: error
    subject: finding
    assert:
      resembles: {field: problem, value: x}
    message: {zh: 问题, en: finding}
    rationale: r
"""


def _slow_rules(tmp: Path) -> Path:
    path = tmp / "slow.yaml"
    path.write_text(f"""\
pack: {{name: slow, description: a catastrophic pattern, version: "1"}}
rules:
  - id: slow-problem-pattern
    title: a pattern that backtracks catastrophically
    severity: warning
    subject: finding
    assert:
      not: {{matches: {{field: problem, pattern: '{CATASTROPHIC}'}}}}
    message: {{zh: "问题{{finding_number}}", en: "Finding {{finding_number}}"}}
    rationale: r
""", encoding="utf-8")
    return path


def test_rule_file_with_unknown_operator(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(BAD_OPERATOR, encoding="utf-8")
    run = run_cli("check", GOOD_RAW, "--rules", str(rules), "--format", "json")
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith(f"zhenggai: error: ZG400 {rules}:7:5 [uses-unknown-operator: assert]: "
                                       "unknown operator 'resembles'")


def test_config_naming_an_unknown_rule(tmp_path: Path) -> None:
    config = tmp_path / "zhenggai.toml"
    config.write_text('select = ["status-missing", "no-such-rule"]\n', encoding="utf-8")
    run = run_cli("check", GOOD_RAW, "--config", str(config))
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert run.err_lines == [f"zhenggai: error: ZG500 {config} [select]: unknown rule id 'no-such-rule'"]


def test_catastrophic_pattern_times_out_per_rule(tmp_path: Path, clean: dict[str, Any]) -> None:
    """The slow rule becomes an error entry (with its id); every other rule still runs; exit 2."""
    rules = _slow_rules(tmp_path)
    run = run_cli("check", GOOD_RAW, GOOD_STRUCTURED, "--rules", str(rules), "--rules", "core",
                  "--pattern-timeout", "0.05", "--format", "json")
    assert run.code == 2 and "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    line = run.err_lines[0]
    assert line.startswith(f"zhenggai: error: ZG610 {GOOD_RAW}:10 [slow-problem-pattern]: pattern ")
    assert "took longer than 0.05s on field 'problem' of fact finding:1" in line and "--pattern-timeout" in line
    got = reports_by_source(run.out)
    assert list(got) == [GOOD_RAW, GOOD_STRUCTURED]
    for source, report in got.items():
        if source == GOOD_STRUCTURED:  # its problem texts fail fast: the slow rule simply passes there
            assert report["passed"].pop("slow-problem-pattern")
            assert report == clean[source] | {"summary": report["summary"]}
            continue
        (error,) = report.pop("errors")
        assert error["rule_id"] == "slow-problem-pattern" and error["code"] == "ZG610"
        assert "slow-problem-pattern" not in report["passed"]
        assert not any(v["rule_id"] == "slow-problem-pattern" for v in report["violations"])
        expected = clean[source]
        assert report["violations"] == expected["violations"]  # the core rules' results are complete
        assert report["passed"] == expected["passed"]


# --- the error taxonomy: one line by default, the traceback with --debug ----------------------

def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    plain = run_cli("check", str(empty))
    assert plain.code == 2 and plain.err_lines == [f"zhenggai: error: ZG100 {empty}: empty file"]
    debug = run_cli("--debug", "check", str(empty))
    assert debug.code == 2
    assert "Traceback (most recent call last)" in debug.err
    assert f"engine.errors.InputError: ZG100 {empty}: empty file" in debug.err


def test_an_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bug outside any one notice (here: in rendering) is still one line, and a traceback with --debug."""
    from engine.cli import check_cmd

    def broken(*_: object, **__: object) -> str:
        raise KeyError("boom")

    monkeypatch.setattr("engine.reports.streaming.open_writer", broken)  # the other formats
    monkeypatch.setattr(check_cmd, "text_block", broken)  # text to stdout is rendered notice by notice in workers
    for run in (run_cli("check", GOOD_RAW), run_cli("check", GOOD_RAW, "--format", "json")):
        assert run.code == 2
        assert run.err_lines == ["zhenggai: error: ZG600 <input>: internal error: KeyError: 'boom' "
                                 "(rerun with --debug for details)"]
    assert "Traceback" in run_cli("--debug", "check", GOOD_RAW).err
