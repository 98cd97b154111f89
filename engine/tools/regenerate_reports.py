"""Regenerate the golden reports in ``reports/`` from the fixtures: ``python -m engine.tools.regenerate_reports``.

For every fixture (``fixtures/structured/*.yaml``, ``fixtures/cases/*.yaml``, ``fixtures/raw/*.txt``)
it writes ``reports/<group>/<name>.json`` (``zhenggai check --format json``) and
``reports/<group>/<name>.txt`` (``zhenggai check``, Chinese text), as ``zhenggai check`` would print
them when run from the repository root with the default configuration (the ``core`` pack, the
durable backend). Reports hold paths relative to the repository root and no timestamps.

``--check`` writes nothing: it exits 1 and names the reports that differ (or are missing or stale).
``tests/test_golden_reports.py`` compares the same texts byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.evaluation.batch import check_one
from engine.evaluation.runner import build_pack
from engine.inputs import NoticeInput
from engine.reports.render import to_json, to_text
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs

ROOT = Path(__file__).resolve().parents[2]
REPORTS = "reports"
GROUPS: dict[str, tuple[str, str]] = {  # group -> (fixture folder, pattern)
    "structured": ("fixtures/structured", "*.yaml"),
    "cases": ("fixtures/cases", "*.yaml"),
    "raw": ("fixtures/raw", "*.txt"),
}


@dataclass(frozen=True)
class Fixture:
    group: str
    name: str
    path: str  # relative to the repository root, forward slashes

    @property
    def outputs(self) -> tuple[str, str]:
        base = f"{REPORTS}/{self.group}/{self.name}"
        return f"{base}.json", f"{base}.txt"


def fixtures(root: Path = ROOT) -> list[Fixture]:
    """Every fixture with a golden report, by group then name."""
    found: list[Fixture] = []
    for group, (folder, pattern) in GROUPS.items():
        for path in sorted((root / folder).glob(pattern)):
            found.append(Fixture(group, path.stem, f"{folder}/{path.name}"))
    return found


@cache
def _pack(root: Path) -> tuple[Config, CompiledPack]:
    config = Config(base=root)
    return config, build_pack(load_packs(config), config)


def render_fixture(fixture: Fixture, root: Path = ROOT) -> dict[str, str]:
    """The fixture's golden report texts, by output path (relative to ``root``)."""
    config, pack = _pack(root)
    item = NoticeInput(fixture.path, (root / fixture.path).read_bytes())
    outcome = check_one(item, pack, config, "durable")
    if outcome.report is None:
        raise RuntimeError(f"fixture {fixture.path} cannot be checked: {outcome.error}")
    json_path, text_path = fixture.outputs
    return {json_path: to_json([outcome.report]), text_path: to_text([outcome.report], "zh")}


def expected(root: Path = ROOT) -> dict[str, str]:
    """All golden report texts, by output path."""
    texts: dict[str, str] = {}
    for fixture in fixtures(root):
        texts.update(render_fixture(fixture, root))
    return texts


def stale(root: Path, wanted: dict[str, str]) -> list[str]:
    """Report files under the group folders that no fixture produces any more."""
    found = []
    for group in GROUPS:
        for path in sorted((root / REPORTS / group).glob("*")):
            relative = f"{REPORTS}/{group}/{path.name}"
            if path.suffix in (".json", ".txt") and relative not in wanted:
                found.append(relative)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.tools.regenerate_reports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any report differs")
    args = parser.parse_args(argv)
    wanted = expected(ROOT)
    changed = [path for path, text in wanted.items()
               if not (ROOT / path).is_file() or (ROOT / path).read_bytes() != text.encode("utf-8")]
    old = stale(ROOT, wanted)
    if args.check:
        for path in changed:
            print(f"differs: {path}")
        for path in old:
            print(f"stale: {path}")
        return 1 if changed or old else 0
    for path in changed:
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(wanted[path].encode("utf-8"))
        print(f"wrote {path}")
    for path in old:
        (ROOT / path).unlink()
        print(f"removed {path}")
    print(f"{len(wanted)} reports, {len(changed)} written, {len(old)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
