"""The library API (re-exported by ``engine``): parse or load a notice, load rules, check.

>>> import engine
>>> rules = engine.load_rules()
>>> notice = engine.parse("一、关于问题方面\\n1.问题一。\\n整改情况:该项已办结。")
>>> report = engine.check(notice, rules, backend="python")
>>> report.summary.rules == len(rules.rules)
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from engine.errors import InputError
from engine.evaluation.runner import Backend, build_pack
from engine.evaluation.runner import check as _run_check
from engine.model import Notice
from engine.reports.model import Report
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, select_rules
from engine.rule_language.loader import load_pack, resolve_pack
from engine.structured import STRUCTURED_SUFFIXES, load_notice

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
TEXT_PATH = "<text>"


def parse(path_or_text: str | Path) -> Notice:
    """Parse a notice from a file or from its text.

    A ``Path``, or a one-line string naming an existing file, is read as a file: .txt, .docx and
    .html are parsed, .yaml/.yml/.json are loaded as structured notices. Any other string that
    contains a line break or Chinese text is parsed as the notice text itself (normalised as a
    .txt file would be). Anything else is an ``InputError`` (no such file).

    >>> notice = parse("fixtures/raw/yuzhou-2021-01-07.txt")
    >>> notice.source.format, len(list(notice.iter_findings()))
    ('txt', 28)
    >>> notice = parse("一、存在的问题\\n1.问题一。\\n整改情况:该项持续整改中。")
    >>> [(chain[-1].number, finding.number) for chain, finding in notice.iter_findings()]
    [('一、', '1.')]
    >>> parse("no/such/notice.txt")
    Traceback (most recent call last):
    ...
    engine.errors.InputError: ZG100 no/such/notice.txt: no such file
    """
    if isinstance(path_or_text, Path):
        return _parse_path(path_or_text)
    text = path_or_text
    if "\n" not in text and "\r" not in text and _is_file(text):
        return _parse_path(Path(text))
    if "\n" in text or "\r" in text or _CJK.search(text):
        return parse_text_notice(text)
    raise InputError("no such file", path=text)


def parse_text_notice(text: str, path: str = TEXT_PATH) -> Notice:
    """Parse a notice text given as a string (``path`` only names it in the notice and errors)."""
    from engine.parsing import parse_text
    from engine.reading import SourceText

    if not text.strip():
        raise InputError("notice text is empty", path=path)
    source = SourceText.from_original(path, "txt", "utf-8", text)
    notice = parse_text(source.text, source, path=path)
    notice.source.format = "txt"
    return notice


def load_rules(paths: Sequence[str | Path] | None = None, config: Config | None = None) -> CompiledPack:
    """Load, select and compile rules into the pack ``check`` runs.

    ``paths``: pack names (``"core"``) or rule folders/files; default: the packs of ``config``
    (the core pack when there is no config). ``config`` applies select/ignore; pass the same
    config to ``check`` for its severity overrides. Rule problems raise ``RuleError``, unknown ids
    in the config ``ConfigError``.

    >>> pack = load_rules()
    >>> "status-missing" in pack.by_id()
    True
    >>> pack = load_rules(config=Config(select=["status-missing"]))
    >>> [rule.id for rule in pack.rules]
    ['status-missing']
    """
    config = config if config is not None else Config()
    if paths is None:
        specs: list[str | Path] = list(config.packs)
        base: Path | None = config.base
    else:
        specs, base = list(paths), None
    packs = [load_pack(spec if Path(spec).is_file() else resolve_pack(str(spec), base)) for spec in specs]
    select_rules(packs, config)  # unknown ids in the config fail here, before compiling
    return build_pack(packs, config)


def check(notice: Notice, rules: CompiledPack, *, backend: Backend = "durable", config: Config | None = None,
          source: str | None = None) -> Report:
    """Check one notice against a compiled rule pack; ``source`` names it in the report.

    ``backend``: ``"durable"`` (durable_rules, the default) or ``"python"`` (the reference
    evaluator); both give the same report. ``config`` supplies severity overrides.

    >>> notice = load_notice("fixtures/structured/huainan-tzb-2020-12-17.yaml")
    >>> report = check(notice, load_rules(), backend="python")
    >>> sorted({v.rule_id for v in report.violations if v.rule_id.startswith("sum")})
    ['sum-mismatch']
    """
    return _run_check(notice, rules, config, backend, source)


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # names too long, NUL bytes
        return False


def _parse_path(path: Path) -> Notice:
    if path.suffix.lower() in STRUCTURED_SUFFIXES:
        return load_notice(path)
    from engine.parsing import parse_file

    return parse_file(path)


__all__ = ["check", "load_notice", "load_rules", "parse", "parse_text_notice"]
