"""The fact cache: what it keys on, what it restores, and that a hit is what the check evaluates."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import pytest

import engine.fact_cache as fact_cache
from engine.evaluation.batch import check_one
from engine.evaluation.runner import build_pack, check
from engine.fact_cache import FORMAT, CachedFacts, FactCache, tree_digest
from engine.facts.builder import build_facts
from engine.inputs import NoticeInput, load_input_text
from engine.rule_language.config import Config, load_packs

ROOT = Path(__file__).resolve().parents[2]
QINXIAN = ROOT / "fixtures" / "raw" / "qinxian-2020-07-30.txt"
YUZHOU = ROOT / "fixtures" / "raw" / "yuzhou-2021-01-07.txt"


def _entry(path: Path, data: bytes | None = None) -> CachedFacts:
    notice, text = load_input_text(NoticeInput(str(path), data))
    assert text is not None
    return CachedFacts(build_facts(notice), text)


def test_an_entry_comes_back_as_stored(tmp_path: Path) -> None:
    cache = FactCache(tmp_path)
    data = QINXIAN.read_bytes()
    entry = _entry(QINXIAN)
    key = cache.key(str(QINXIAN), data)
    assert cache.load(key, data) is None
    cache.store(key, entry, data)
    assert cache.load(key, data) == entry


def test_a_text_that_is_not_the_bytes_as_utf8_is_stored_whole(tmp_path: Path) -> None:
    cache = FactCache(tmp_path)
    data = QINXIAN.read_text(encoding="utf-8").encode("gb18030")
    entry = _entry(Path("legacy.txt"), data)
    key = cache.key("legacy.txt", data)
    cache.store(key, entry, data)
    assert cache.load(key, data) == entry
    utf8 = QINXIAN.read_bytes()
    cache.store("ab" + "0" * 62, entry, utf8)  # the same text from UTF-8 bytes: stored as a mark only
    assert cache._path("ab" + "0" * 62).stat().st_size < cache._path(key).stat().st_size


def test_keys_differ_by_name_bytes_and_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = FactCache(tmp_path)
    key = cache.key("a.txt", b"text")
    assert len({key, cache.key("b.txt", b"text"), cache.key("a.txt", b"text!"), cache.key("a.tx", b"ttext")}) == 4
    assert FactCache(tmp_path).key("a.txt", b"text") == key
    monkeypatch.setattr(fact_cache, "engine_fingerprint", lambda: b"another engine")
    assert FactCache(tmp_path).key("a.txt", b"text") != key


def test_a_run_removes_the_entries_of_other_engines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = QINXIAN.read_bytes()
    entry = _entry(QINXIAN)
    old = FactCache(tmp_path)
    old.store(old.key("a.txt", data), entry, data)
    (tmp_path / "notes").mkdir()  # not an engine's folder: left alone
    monkeypatch.setattr(fact_cache, "engine_fingerprint", lambda: hashlib.sha256(b"another engine").digest())
    new = FactCache(tmp_path)
    assert new.entries != old.entries and not old.entries.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [".gitignore", "CACHEDIR.TAG", "notes", new.entries.name])
    assert new.load(new.key("a.txt", data), data) is None
    assert FactCache(tmp_path).entries == new.entries  # the same engine keeps its entries


def test_the_engine_digest_follows_every_file(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "sub" / "b.py").write_text("B = 2\n", encoding="utf-8")
    (tmp_path / "pkg" / "notes.txt").write_text("not code\n", encoding="utf-8")

    def digest() -> bytes:
        return tree_digest(hashlib.sha256(), [("engine", tmp_path / "pkg", "**/*.py")])

    seen = {digest()}
    (tmp_path / "pkg" / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert digest() in seen  # not one of the files
    (tmp_path / "pkg" / "sub" / "b.py").write_text("B = 3\n", encoding="utf-8")
    seen.add(digest())
    (tmp_path / "pkg" / "sub" / "b.py").rename(tmp_path / "pkg" / "sub" / "c.py")
    seen.add(digest())
    (tmp_path / "pkg" / "d.py").write_text("", encoding="utf-8")
    seen.add(digest())
    assert len(seen) == 4


@pytest.mark.parametrize("damage", [b"", b"zhenggai-facts-0\n", FORMAT, FORMAT + b"\x78\x01garbage",
                                    FORMAT + zlib.compress(b'["not", "an", "entry"]'),
                                    FORMAT + zlib.compress(b'[[], {"x": [1, 2]}, [], true]')])
def test_an_entry_that_cannot_be_read_whole_is_absent(tmp_path: Path, damage: bytes) -> None:
    cache = FactCache(tmp_path)
    key = cache.key("a.txt", b"text")
    cache._path(key).parent.mkdir()
    cache._path(key).write_bytes(damage)
    assert cache.load(key, b"text") is None


def test_a_hit_is_what_the_check_evaluates(tmp_path: Path) -> None:
    """Under the key of one notice, the facts of another: the check reports the cached facts (it
    did not parse the file), under the file's name."""
    config = Config(packs=["core"])
    pack = build_pack(load_packs(config), config)
    cache = FactCache(tmp_path)
    data = QINXIAN.read_bytes()
    other = _entry(YUZHOU)
    cache.store(cache.key(str(QINXIAN), data), other, data)
    outcome = check_one(NoticeInput(str(QINXIAN)), pack, config, "durable", cache=cache)
    notice, _ = load_input_text(NoticeInput(str(YUZHOU)))
    expected = check(notice, pack, config, "durable", source=str(QINXIAN))
    assert outcome.report is not None
    assert outcome.report.model_dump(mode="json") == expected.model_dump(mode="json")
    assert outcome.report.violations  # the yuzhou notice has some: the comparison is not of two empty reports


def test_reports_from_the_cache_equal_reports_from_the_text_on_generated_notices(tmp_path: Path) -> None:
    """Forty notices of the benchmark's corpus (renumbered, shuffled, other amounts and dates): each
    checked without the cache, then filling it, then from it; the three reports are the same."""
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        from bench.corpus import generate
    finally:
        sys.path.remove(str(ROOT))
    config = Config(packs=["core"])
    pack = build_pack(load_packs(config), config)
    cache = FactCache(tmp_path / "cache")
    checked = 0
    for name, text in generate(40, seed=11):
        item = NoticeInput(name, text.encode("utf-8"))
        plain, filled, cached = (check_one(item, pack, config, "durable", cache=use, debug=True)
                                 for use in (None, cache, cache))
        assert plain.report is not None and filled.report is not None and cached.report is not None
        expected = plain.report.model_dump_json()
        assert filled.report.model_dump_json() == expected
        assert cached.report.model_dump_json() == expected
        checked += bool(plain.report.violations)
    assert checked > 10  # most generated notices have violations: the comparison is not of empty reports

