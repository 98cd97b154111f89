"""User configuration: ``zhenggai.toml`` or ``[tool.zhenggai]`` in ``pyproject.toml``.

Keys (all optional), like ruff's select/ignore::

    packs = ["core"]               # pack names under rules/, or folders relative to the file
    select = ["finding-has-status"]  # only these rule ids (default: every rule of the packs)
    ignore = ["contact-has-email"]   # rule ids to skip
    [severity]                       # ([tool.zhenggai.severity] in pyproject.toml)
    finding-has-status = "warning"

A rule id in ``select``, ``ignore`` or ``severity`` that no selected pack defines is a ConfigError.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.errors import ConfigError, RuleError
from engine.field_defaults import empty_list
from engine.rule_language.loader import LoadedRule, Pack, load_pack, resolve_pack
from engine.rule_language.schema import Severity

DEFAULT_PACKS = ("core",)
CONFIG_FILE = "zhenggai.toml"


class _ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    packs: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=empty_list)
    severity: dict[str, Severity] = Field(default_factory=dict)


@dataclass
class Config:
    """A validated configuration; ``base`` resolves relative pack folders."""

    packs: list[str] = field(default_factory=lambda: list(DEFAULT_PACKS))
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    base: Path = field(default_factory=Path.cwd)
    path: str | None = None


def parse_config(data: object, path: str, base: Path) -> Config:
    """Validate a config mapping (the TOML table)."""
    try:
        model = _ConfigModel.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "<root>"
        message = f"unknown key {first['loc'][-1]!r}" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(message, path=path, where=key) from None
    return Config(packs=list(DEFAULT_PACKS) if model.packs is None else model.packs, select=model.select,
                  ignore=model.ignore, severity=dict(model.severity), base=base, path=path)


def read_config(path: str | Path) -> Config:
    """Read ``zhenggai.toml`` (whole file) or ``pyproject.toml`` (its ``[tool.zhenggai]`` table)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("config file not found", path=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=str(file)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML syntax error: {exc}", path=str(file)) from None
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("zhenggai", {})
    return parse_config(data, str(file), file.resolve().parent)


def find_config(start: Path | None = None) -> Config:
    """The nearest ``zhenggai.toml``, or ``pyproject.toml`` with ``[tool.zhenggai]``, from ``start`` up."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return read_config(candidate)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "zhenggai" in data.get("tool", {}):
                return read_config(pyproject)
    return Config(base=folder)


def load_packs(config: Config, extra: Sequence[str | Path] = ()) -> list[Pack]:
    """The packs a config selects, plus extra pack folders (``--rules``)."""
    packs = [load_pack(resolve_pack(spec, config.base)) for spec in config.packs]
    packs += [load_pack(resolve_pack(str(spec))) for spec in extra]
    return packs


def select_rules(packs: Sequence[Pack], config: Config) -> list[LoadedRule]:
    """Rules of the packs after select/ignore; unknown ids in the config are errors."""
    rules: list[LoadedRule] = []
    seen: dict[str, LoadedRule] = {}
    for pack in packs:
        for loaded in pack.rules:
            first = seen.get(loaded.compiled.id)
            if first is not None:
                raise RuleError(f"rule id {loaded.compiled.id!r} is defined in two packs "
                                f"({first.path}:{first.line})", path=loaded.path, line=loaded.line,
                                where=f"{loaded.compiled.id}: id")
            seen[loaded.compiled.id] = loaded
            rules.append(loaded)
    where = config.path or "<options>"
    for key, ids in (("select", config.select or []), ("ignore", config.ignore), ("severity", list(config.severity))):
        for rule_id in ids:
            if rule_id not in seen:
                raise ConfigError(f"unknown rule id {rule_id!r}", path=where, where=key)
    if config.select is not None:
        chosen = set(config.select)
        rules = [rule for rule in rules if rule.compiled.id in chosen]
    ignored = set(config.ignore)
    return [rule for rule in rules if rule.compiled.id not in ignored]
