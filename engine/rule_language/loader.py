"""Loading rule packs: a pack is a folder of ``*.yaml`` rule files (``rules/<pack>/``).

Every error is one RuleError line naming the file, line:column, rule id and the key inside
the rule: invalid YAML, unknown keys, unknown operators, unknown vocabularies, fields the
subject does not have (checked against the fact catalog), bad message placeholders, type
mismatches and duplicate ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.bundled import rules_dir
from engine.errors import ConfigError, RuleError
from engine.rule_language.compiler import Catalog, CompiledRule, RuleProblem, compile_rule
from engine.rule_language.schema import OPERATORS, RuleFile
from engine.vocabulary import load_vocabularies
from engine.yaml_source import LoadedSource, parse_yaml_or_json, read_source_text

RULES_DIR = rules_dir()
RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedRule:
    """A compiled rule and where it was written."""

    compiled: CompiledRule
    pack: str
    path: str
    line: int | None


@dataclass
class Pack:
    """A loaded rule pack."""

    name: str
    path: str
    description: str | None = None
    rules: list[LoadedRule] = field(default_factory=list)


def fact_catalog() -> Catalog | None:
    """The fact catalog of the facts stage (subject -> field -> type), if it is installed."""
    try:
        from engine.facts.catalog import FACT_FIELDS
    except ImportError:  # pragma: no cover - the facts stage is part of the package
        return None
    return FACT_FIELDS


def resolve_pack(spec: str, base: Path | None = None) -> Path:
    """A pack name (``core`` -> ``rules/core``), a folder path or one rule file (relative to ``base``)."""
    candidate = Path(spec)
    if not candidate.is_absolute() and base is not None:
        candidate = base / candidate
    if candidate.is_dir() or (candidate.is_file() and candidate.suffix in RULE_SUFFIXES):
        return candidate
    if "/" not in spec and "\\" not in spec and (RULES_DIR / spec).is_dir():
        return RULES_DIR / spec
    raise ConfigError(f"rule pack {spec!r} not found (a name under {RULES_DIR}, a folder or a "
                      f"{'/'.join(RULE_SUFFIXES)} file)", path=spec)


def load_pack(directory: str | Path, catalog: Catalog | None = None, *, use_catalog: bool = True) -> Pack:
    """Load and compile every rule file of a pack folder (or a single rule file)."""
    path = Path(directory)
    if use_catalog and catalog is None:
        catalog = fact_catalog()
    if path.is_file():
        files = [path]
        name = path.stem
    elif path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in RULE_SUFFIXES and p.is_file())
        name = path.name
        if not files:
            raise RuleError("rule pack folder holds no *.yaml rule files", path=str(path))
    else:
        raise RuleError("rule pack not found", path=str(path))
    pack = Pack(name=name, path=str(path))
    seen: dict[str, LoadedRule] = {}
    for file in files:
        for loaded in load_rule_file(file, catalog, pack_name=name):
            if loaded.compiled.id in seen:
                first = seen[loaded.compiled.id]
                raise RuleError(f"duplicate rule id {loaded.compiled.id!r} "
                                f"(first defined at {first.path}:{first.line})",
                                path=loaded.path, line=loaded.line, where=f"{loaded.compiled.id}: id")
            seen[loaded.compiled.id] = loaded
            pack.rules.append(loaded)
    return pack


# Rule files compiled by this process, by (path as given, pack name) -> (its text, catalog, rules);
# None: not kept (the default). ``zhenggai serve`` keeps the packs it loads at start-up, and each
# command it forks reuses them while the file's text is the same.
_remembered: dict[tuple[str, str], tuple[str, Catalog | None, list[LoadedRule]]] | None = None


def remember_rule_files() -> None:
    """From now on, keep each rule file's compiled rules and reuse them while its text is unchanged.

    For a process that loads the same packs again and again (``zhenggai serve``): the text is read
    each time and compared, so an edited file is compiled anew. The bundled vocabularies (which
    rules may name) are not compared: a server restarts when they change.
    """
    global _remembered
    if _remembered is None:
        _remembered = {}


def load_rule_file(path: Path, catalog: Catalog | None, pack_name: str = "") -> list[LoadedRule]:
    """Load, validate and compile one rule file."""
    text = read_source_text(path, RuleError)
    if _remembered is None:
        return _compile_rule_file(path, text, catalog, pack_name)
    key = (str(path), pack_name)
    known = _remembered.get(key)
    if known is not None and known[0] == text and known[1] is catalog:
        return list(known[2])
    loaded = _compile_rule_file(path, text, catalog, pack_name)
    _remembered[key] = (text, catalog, loaded)
    return list(loaded)


def _compile_rule_file(path: Path, text: str, catalog: Catalog | None, pack_name: str) -> list[LoadedRule]:
    source = parse_yaml_or_json(text, str(path), RuleError)
    if not isinstance(source.data, dict):
        raise RuleError("a rule file is a mapping with a 'rules' list", path=str(path), line=1, column=1)
    try:
        rule_file = RuleFile.model_validate(source.data)
    except ValidationError as exc:
        raise schema_error(source, exc) from None
    vocab_names = set(load_vocabularies())
    loaded: list[LoadedRule] = []
    for index, rule in enumerate(rule_file.rules):
        try:
            compiled = compile_rule(rule, catalog, vocab_names)
        except RuleProblem as problem:
            loc = ("rules", index, *problem.keypath)
            line, column = source.position(loc) or (None, None)
            keypath = ".".join(str(part) for part in problem.keypath)
            raise RuleError(problem.message, path=str(path), line=line, column=column,
                            where=f"{rule.id}: {keypath}", hint=problem.hint) from None
        position = source.position(("rules", index))
        name = pack_name or (rule_file.pack.name if rule_file.pack else None) or path.parent.name
        loaded.append(LoadedRule(compiled, name, str(path), position[0] if position else None))
    return loaded


def schema_error(source: LoadedSource, exc: ValidationError) -> RuleError:
    """The first schema error as one line: file:line:col [rule id: key path] message."""
    # a misspelt key shows up as "unknown key" and "missing key": the unknown one is the cause
    errors = sorted(exc.errors(), key=lambda error: error["type"] not in ("extra_forbidden", "unknown_operator"))
    first = errors[0]
    loc = _strip_tags(first["loc"])
    line, column = source.position(loc) or (None, None)
    rule_id, keypath = _rule_and_keypath(source.data, loc)
    where = f"{rule_id}: {keypath}" if rule_id else keypath or "<root>"
    message = _message(first)
    extra = len(exc.errors()) - 1
    if extra:
        message += f" (and {extra} more error{'s' if extra > 1 else ''})"
    return RuleError(message, path=source.path, line=line, column=column, where=where)


def _strip_tags(loc: Sequence[int | str]) -> tuple[int | str, ...]:
    """Drop the union tags pydantic inserts before a condition's operator key (``lt``, ``lt``)."""
    out: list[int | str] = []
    items = list(loc)
    for index, part in enumerate(items):
        if part in OPERATORS and index + 1 < len(items) and items[index + 1] == part:
            continue
        out.append(part)
    return tuple(out)


def _rule_and_keypath(data: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") if isinstance(data, dict) else None
        rule = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
        rule_id = rule.get("id") if isinstance(rule, dict) and isinstance(rule.get("id"), str) else None
        inner = ".".join(str(part) for part in loc[2:])
        if rule_id:
            return rule_id, inner or "<rule>"
        return None, ".".join(str(part) for part in loc)
    return None, ".".join(str(part) for part in loc)


def _message(error: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if kind == "unknown_operator":
        value = error.get("input")
        if isinstance(value, dict):
            keys = [str(key) for key in value]
            unknown = [key for key in keys if key not in OPERATORS]
            if len(keys) == 1 and unknown:
                return f"unknown operator {unknown[0]!r}; expected one of: {', '.join(OPERATORS)}"
            if not keys:
                return "empty condition; expected one operator: " + ", ".join(OPERATORS)
            return f"a condition holds exactly one operator, got {', '.join(keys)}"
        return f"a condition is a mapping with one operator ({', '.join(OPERATORS)}), got {value!r}"
    return str(error["msg"])
