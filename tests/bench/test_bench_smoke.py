"""Smoke test of the benchmark: every measurement runs on a tiny corpus and returns well-formed results.

Nothing is timed against a threshold here (speed is measured by ``bench/run.py``, never in tests).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure, run, scans  # noqa: E402
from bench.corpus import generate, load_seeds, write_corpus  # noqa: E402
from bench.measure import Stat  # noqa: E402

NOTICES = 5


def _valid(stat: Stat) -> None:
    assert stat.n >= 1
    assert all(math.isfinite(value) and value >= 0 for value in (stat.median, stat.min, stat.max))
    assert stat.min <= stat.median <= stat.max
    assert stat.unit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], int]:
    folder = tmp_path_factory.mktemp("bench") / "corpus"
    paths, total = write_corpus(folder, NOTICES, seed=1)
    return folder, paths, total


def test_seeds_are_cut_into_parts() -> None:
    seeds = load_seeds()
    assert len(seeds) == 5
    assert all(seed.sections for seed in seeds)
    assert sum(len(seed.findings) for seed in seeds) > 20


def test_generator_is_deterministic_and_varied() -> None:
    first = list(generate(12, seed=3))
    assert first == list(generate(12, seed=3))
    assert first != list(generate(12, seed=4))
    texts = [text for _, text in first]
    assert len(set(texts)) == len(texts)
    assert len({len(text) for text in texts}) > 1
    assert all(text.strip() for text in texts)


def test_corpus_files(corpus: tuple[Path, list[Path], int]) -> None:
    folder, paths, total = corpus
    assert len(paths) == NOTICES
    assert all(path.parent == folder and path.suffix == ".txt" for path in paths)
    assert total == sum(path.stat().st_size for path in paths)


def test_parse_measurement(corpus: tuple[Path, list[Path], int]) -> None:
    result = measure.measure_parse(corpus[1], repeats=1)
    assert result.notices == NOTICES
    for stat in (result.read_mb_s, result.parse_mb_s, result.read_parse_mb_s):
        _valid(stat)
    assert set(result.extractor_share) == set(measure.EXTRACTORS)
    assert 0 < sum(result.extractor_share.values()) <= 1
    # the timing wrappers are removed afterwards
    from engine.parsing.extract import dates

    assert not hasattr(dates.extract_dates, "__wrapped__")


def test_floor_measurement(corpus: tuple[Path, list[Path], int]) -> None:
    result = measure.measure_floors(corpus[1], repeats=1)
    for stat in (result.read_bytes_mb_s, result.decode_mb_s, result.regex_mb_s, result.build_facts_mb_s):
        _valid(stat)


def test_scan_measurement(corpus: tuple[Path, list[Path], int]) -> None:
    result = scans.measure_scans(corpus[1], repeats=1)
    assert result.notices == NOTICES
    assert set(result.separate_ms) == set(scans.scan_patterns())
    for stat in (*result.separate_ms.values(), result.separate_total_ms, result.fused_ms, result.fused_regex_ms):
        _valid(stat)
    # the fused scan consumes what it matches: never more matches than the scans find alone
    assert 0 < result.fused_matches <= result.separate_matches


def test_fused_scan_matches_what_its_first_matching_scan_matches(corpus: tuple[Path, list[Path], int]) -> None:
    """Each match of the fused alternation is the match of one scan there: the first of them that matches."""
    patterns = list(scans.scan_patterns().values())
    fused = re.compile(scans.fused_source(patterns))
    assert fused.groups == len(patterns) + sum(pattern.groups for pattern in patterns)
    for path in corpus[1]:
        text = path.read_text(encoding="utf-8")
        matches = list(fused.finditer(text))
        assert len(matches) > 10
        for match in matches:
            assert match.lastgroup is not None and match.lastgroup.startswith("branch")
            branch = int(match.lastgroup.removeprefix("branch"))
            alone = [pattern.match(text, match.start()) for pattern in patterns[:branch + 1]]
            assert all(found is None for found in alone[:branch])
            assert alone[branch] is not None and alone[branch].group(0) == match.group(0)


def test_fused_source_renames_groups_and_backreferences_of_every_branch() -> None:
    patterns = [re.compile(r"a(?P<x>b)"), re.compile(r"(?P<x>c)(?P=x)")]
    fused = re.compile(scans.fused_source(patterns))
    assert [m.lastgroup for m in fused.finditer("ab cc cd")] == ["branch0", "branch1"]
    found = fused.search("cc")
    assert found is not None and found.group("p1_x") == "c"
    for refused in (re.compile("a", re.IGNORECASE), re.compile(r"(a)\1"), re.compile(r"(?P<x>a)?(?(x)b|c)")):
        with pytest.raises(ValueError, match="cannot fuse"):
            scans.fused_source([refused])


def test_coverage_counts_what_parsing_reads_and_puts_the_patterns_back(corpus: tuple[Path, list[Path], int]) -> None:
    from engine.parsing.extract import base, dates

    before = (dates._DATE, dates.vocab_regex, base.vocab_regex)
    result = scans.measure_coverage(corpus[1])
    assert (dates._DATE, dates.vocab_regex, base.vocab_regex) == before
    assert result.notices == NOTICES and set(result.read) == set(scans.scan_patterns())
    assert 1.0 <= result.read["base._QUOTED"] < 1.5  # once over each whole text (and slices cut through a quote)
    assert all(0 <= value < 3 for value in result.read.values())
    assert result.read["dates._DATE"] > 0.5 and result.read["vocab.status"] > 0.5


def test_check_measurement(corpus: tuple[Path, list[Path], int]) -> None:
    result = measure.measure_check(corpus[1], repeats=1)
    assert result.notices == NOTICES and result.rules > 0 and result.facts_per_notice > 0
    for stat in (result.build_facts_ms, result.prepare_ms, result.evaluate_durable_ms, result.evaluate_python_ms,
                 result.check_durable_ms, result.check_python_ms):
        _valid(stat)
    assert result.same_results
    assert result.durable_vs_python > 0 and result.check_vs_facts > 0
    assert result.check_vs_facts_ratios.n == 1 and result.check_vs_facts_ratios.median == result.check_vs_facts


def test_cli_measurement(corpus: tuple[Path, list[Path], int], tmp_path: Path) -> None:
    folder, _, total = corpus
    result = measure.measure_cli(folder, NOTICES, total / 1e6, jobs=2, repeats=1, scratch=tmp_path)
    assert result.exit_codes == [0]
    for stat in (result.wall_s, result.mb_s, result.mb_s_per_core, result.peak_tree_rss_mb,
                 result.max_process_rss_mb):
        _valid(stat)
    assert result.max_process_rss_mb.median > 0
    assert (tmp_path / "report-2.txt").stat().st_size > 0


def test_cli_measurement_with_the_cache(corpus: tuple[Path, list[Path], int], tmp_path: Path) -> None:
    folder, _, total = corpus
    cache = tmp_path / "cache"
    filling = measure.measure_cli(folder, NOTICES, total / 1e6, jobs=1, scratch=tmp_path, cache=cache)
    warm = measure.measure_cli(folder, NOTICES, total / 1e6, jobs=1, scratch=tmp_path, cache=cache)
    assert (filling.cache, warm.cache) == ("empty", "warm")
    assert filling.exit_codes == warm.exit_codes == [0]
    assert len(list(cache.rglob("*.facts"))) == NOTICES


def test_cold_start_measurement() -> None:
    result = measure.measure_cold_start(runs=1)
    for stat in (result.check_ms, result.import_floor_ms, result.library_floor_ms, result.python_ms,
                 result.check_rss_mb):
        _valid(stat)
    assert result.library_modules > 50  # pydantic, click, yaml, regex, multiprocessing and what they import
    assert result.top_imports and result.startup_profile
    assert all(0 <= share <= 1.01 for _, share, _ in result.startup_profile)


def test_profile(corpus: tuple[Path, list[Path], int]) -> None:
    result = measure.profile_pipeline(corpus[1][:2], limit=10)
    assert result.notices == 2 and result.total_s > 0
    assert len(result.by_cumulative) == 10 and len(result.by_self) == 10
    assert all(0 <= cumulative <= 1.01 and 0 <= own <= 1.01 for _, cumulative, own in result.by_cumulative)


def test_whole_smoke_run_renders(tmp_path: Path) -> None:
    results = run.run(run.SMOKE, seed=1, log=False)
    section = run.render(results)
    assert section.startswith("## Benchmark")
    assert "### Targets" in section and "| 4. cold" in section
    assert "re-check with `--cache`" in section
    assert len(run.targets(results)) == 6
    json.dumps(results, default=measure.as_dict)
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nIntro.\n\n## Rule evaluation memory\n\nKept.\n", encoding="utf-8")
    run.write_doc(section, doc)
    run.write_doc(section, doc)  # idempotent: the generated block is replaced, not repeated
    text = doc.read_text(encoding="utf-8")
    assert text.count(run.BEGIN) == 1 and "## Rule evaluation memory\n\nKept." in text
    assert text.index(run.BEGIN) < text.index("## Rule evaluation memory")


def test_library_floor_imports_only_libraries() -> None:
    command = measure.library_floor_command(
        ["__main__", "json", "engine", "engine.model", "pydantic.main", "__editable___zhenggai_0_1_0_finder", "nt"])
    assert command[3:] == ["json", "pydantic.main", "nt"]
    assert subprocess.run(command, check=False).returncode == 0  # "nt" is tried and passed over, as by the check


def test_cold_check_modules_include_what_packages_load_themselves() -> None:
    rows, modules = measure.cold_check_imports()
    assert rows and "engine.model" in modules
    assert "pydantic.main" in modules  # loaded by pydantic's own __getattr__: no importtime row of its own
