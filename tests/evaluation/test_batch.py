"""``engine.evaluation.batch``: chunks of notices per worker, digests made in the worker, and containment
(a crash or a timeout in the middle of a chunk costs only that notice)."""

from __future__ import annotations

import copy
import gc
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from engine.errors import RuleError
from engine.evaluation import batch
from engine.evaluation.batch import CRASH_HOOK, MAX_CHUNK, Outcome, _Tasks, iter_batch, iter_digests
from engine.evaluation.runner import build_pack
from engine.inputs import NoticeInput, expand_inputs
from engine.limits import Limits
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs

ROOT = Path(__file__).resolve().parents[2]
VICTIM = "raw/qinxian-2020-07-30"  # its structured twin is not a victim


@pytest.fixture(scope="module")
def setup() -> tuple[CompiledPack, Config, list[NoticeInput]]:
    config = Config()
    pack = build_pack(load_packs(config, ()), config)
    inputs = expand_inputs([str(ROOT / "fixtures" / "raw"), str(ROOT / "fixtures" / "structured")]).inputs
    assert len(inputs) > 8
    return pack, config, inputs


def _summary(outcome: Outcome) -> tuple[str, str | None, str | None]:
    """What a test compares of an outcome: its name, its error, and its report's JSON."""
    report = outcome.report.model_dump_json() if outcome.report is not None else None
    return outcome.name, outcome.error, report


def _with_pid(outcome: Outcome) -> tuple[tuple[str, str | None, str | None], int]:
    return _summary(outcome), os.getpid()


def test_tasks_come_in_chunks_in_input_order() -> None:
    inputs = [NoticeInput(f"{number}.txt") for number in range(100)]
    tasks = _Tasks(inputs, workers=2)
    chunks = []
    while tasks:
        chunks.append(tasks.take())
    assert [index for chunk in chunks for index, _ in chunk] == list(range(100))
    assert all(1 <= len(chunk) <= MAX_CHUNK for chunk in chunks)
    assert len(chunks[0]) == MAX_CHUNK and len(chunks[-1]) == 1  # smaller towards the end
    tasks.give_back([(7, inputs[7]), (9, inputs[9])])
    assert tasks and tasks.take() == [(7, inputs[7])] and tasks.take() == [(9, inputs[9])] and not tasks


def test_digests_are_made_in_the_workers_and_match_in_process_checking(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    serial = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    progress: list[int] = []
    pooled = list(iter_digests(inputs, pack, config, _with_pid, jobs=2, progress=progress.append))
    assert [summary for summary, _ in pooled] == serial
    assert os.getpid() not in {pid for _, pid in pooled} and len({pid for _, pid in pooled}) == 2
    assert sum(progress) == len(inputs)


def test_workers_are_replaced_after_their_share_with_the_same_results(
        setup: tuple[CompiledPack, Config, list[NoticeInput]], monkeypatch: pytest.MonkeyPatch) -> None:
    pack, config, inputs = setup
    serial = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    monkeypatch.setattr("engine.evaluation.batch.RECYCLE_AFTER", 2)
    pooled = list(iter_digests(inputs, pack, config, _with_pid, isolate=True))
    assert [summary for summary, _ in pooled] == serial
    assert len({pid for _, pid in pooled}) >= len(inputs) // 4  # a fresh worker every two or three notices


def test_a_crash_inside_a_chunk_costs_only_that_notice(setup: tuple[CompiledPack, Config, list[NoticeInput]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    monkeypatch.setenv(CRASH_HOOK, VICTIM)
    crashed = [_summary(outcome) for outcome in iter_batch(inputs, pack, config, isolate=True)]
    victim = next(index for index, (name, _, _) in enumerate(clean) if VICTIM in name)
    assert 0 < victim < len(inputs) - 1  # notices before and after it share its chunk
    error = crashed[victim][1]
    assert error is not None and error.startswith("ZG600") and "killed by SIGSEGV" in error
    assert crashed[:victim] + crashed[victim + 1:] == clean[:victim] + clean[victim + 1:]


def _slow_digest(outcome: Outcome) -> tuple[str, str | None, str | None]:
    if VICTIM in outcome.name and outcome.error is None:
        time.sleep(60)  # in the worker: the notice runs over its time limit
    return _summary(outcome)


def test_a_notice_over_the_time_limit_inside_a_chunk_costs_only_that_notice(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    started = time.monotonic()
    limited = list(iter_digests(inputs, pack, config, _slow_digest, isolate=True,
                                limits=Limits(notice_timeout=1.0)))
    assert time.monotonic() - started < 30
    victim = next(index for index, (name, _, _) in enumerate(clean) if VICTIM in name)
    error = limited[victim][1]
    assert error is not None and error.startswith("ZG620") and "longer than 1s" in error
    assert limited[:victim] + limited[victim + 1:] == clean[:victim] + clean[victim + 1:]


def _just_over_digest(outcome: Outcome) -> tuple[str, str | None, str | None]:
    if VICTIM in outcome.name and outcome.error is None:
        time.sleep(1.4)  # in the worker: just over the limit, then the worker moves on
    return _summary(outcome)


def test_a_late_parent_blames_the_notice_that_ran_out_of_time_and_loses_no_other(
        setup: tuple[CompiledPack, Config, list[NoticeInput]], monkeypatch: pytest.MonkeyPatch) -> None:
    # The parent is held up between deciding that a notice is over time and stopping the worker;
    # meanwhile the worker finishes that notice and goes on with the next one of its chunk.
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    decide = batch._Pool._overdue

    def late(self: batch._Pool[Any], worker: Any) -> int | None:
        position = decide(self, worker)
        if position is not None:
            time.sleep(0.8)
        return position

    monkeypatch.setattr(batch._Pool, "_overdue", late)
    limited = list(iter_digests(inputs, pack, config, _just_over_digest, isolate=True,
                                limits=Limits(notice_timeout=1.0)))
    victim = next(index for index, (name, _, _) in enumerate(clean) if VICTIM in name)
    error = limited[victim][1]
    assert limited[victim] == clean[victim] or (error is not None and error.startswith("ZG620")), error
    assert limited[:victim] + limited[victim + 1:] == clean[:victim] + clean[victim + 1:]


def _broken_digest(outcome: Outcome) -> str:
    if VICTIM in outcome.name:
        raise KeyError("boom")
    return outcome.name


def test_an_exception_in_a_workers_digest_is_raised_in_the_parent(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    with pytest.raises(KeyError, match="boom"):
        list(iter_digests(inputs, pack, config, _broken_digest, jobs=2))


def test_checking_in_workers_leaves_a_library_callers_collector_as_it_was(
        setup: tuple[CompiledPack, Config, list[NoticeInput]], monkeypatch: pytest.MonkeyPatch) -> None:
    # workers are replaced after every two notices here, so both the first spawn and replacements run
    monkeypatch.setattr(batch, "RECYCLE_AFTER", 2)
    pack, config, inputs = setup
    assert gc.get_freeze_count() == 0
    outcomes = list(iter_batch(inputs, pack, config, jobs=2, isolate=True))
    assert len(outcomes) == len(inputs) and all(outcome.error is None for outcome in outcomes)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_pack_loader_runs_once_the_workers_are_started_with_the_same_results(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    serial = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]
    workers_at_load: list[int] = []

    def load() -> CompiledPack:
        workers_at_load.append(len(multiprocessing.active_children()))
        return pack

    for jobs in (1, 2):
        workers_at_load.clear()
        pooled = list(iter_digests(inputs, load, config, _with_pid, jobs=jobs, isolate=True))
        assert [summary for summary, _ in pooled] == serial
        assert workers_at_load == [jobs]  # called once, with the workers already forked
        assert len({pid for _, pid in pooled}) == jobs and os.getpid() not in {pid for _, pid in pooled}


def test_a_pack_loader_is_called_in_process_too_even_without_inputs(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    calls: list[str] = []

    def load() -> CompiledPack:
        calls.append("load")
        return pack

    assert list(iter_digests([], load, config, _summary)) == [] and calls == ["load"]
    outcomes = list(iter_digests(inputs[:2], load, config, _summary))
    assert calls == ["load", "load"] and outcomes == [_summary(o) for o in iter_batch(inputs[:2], pack, config)]


def test_a_pack_loader_error_stops_the_run_and_the_waiting_workers(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    _, config, inputs = setup

    def broken() -> CompiledPack:
        raise RuleError("bad rule file")

    with pytest.raises(RuleError, match="bad rule file"):
        list(iter_digests(inputs, broken, config, _summary, jobs=2, isolate=True))
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_before_the_pack_arrives_is_replaced(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    serial = [_summary(outcome) for outcome in iter_batch(inputs, pack, config)]

    def load_after_a_crash() -> CompiledPack:
        for child in multiprocessing.active_children():
            child.kill()
            child.join()
        return pack

    pooled = list(iter_digests(inputs, load_after_a_crash, config, _with_pid, jobs=2, isolate=True))
    assert [summary for summary, _ in pooled] == serial


def _slow_warm(html: bool) -> None:
    time.sleep(1.5)  # in a worker started before the pack: a long warm-up


def test_a_workers_warm_up_does_not_count_against_the_notice_time_limit(
        setup: tuple[CompiledPack, Config, list[NoticeInput]], monkeypatch: pytest.MonkeyPatch) -> None:
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs[:2], pack, config)]
    monkeypatch.setattr(batch, "_warm", _slow_warm)
    limited = list(iter_digests(inputs[:2], lambda: pack, config, _summary, isolate=True,
                                limits=Limits(notice_timeout=1.0)))
    assert limited == clean


_PARENT = os.getpid()


def _hung_warm_in_workers(html: bool) -> None:
    if os.getpid() != _PARENT:
        time.sleep(60)  # a worker whose warm-up never ends (the parent warms up as usual)


@pytest.mark.parametrize("padding", [0, 5_000_000])  # a pack larger than a pipe's buffer too
def test_a_worker_that_is_not_ready_in_time_is_replaced(
        setup: tuple[CompiledPack, Config, list[NoticeInput]], monkeypatch: pytest.MonkeyPatch, padding: int) -> None:
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs[:2], pack, config)]
    large = copy.copy(pack)
    object.__setattr__(large, "padding", "x" * padding)  # stands in for large extra packs
    monkeypatch.setattr(batch, "_warm", _hung_warm_in_workers)
    monkeypatch.setattr(batch, "WARM_UP_LIMIT", 0.5)
    started = time.monotonic()
    outcomes = list(iter_digests(inputs[:2], lambda: large, config, _summary, isolate=True))
    assert outcomes == clean
    assert time.monotonic() - started < 30  # did not wait for the hung worker
    assert multiprocessing.active_children() == []


def test_a_pack_that_does_not_pickle_is_inherited_instead(
        setup: tuple[CompiledPack, Config, list[NoticeInput]]) -> None:
    pack, config, inputs = setup
    clean = [_summary(outcome) for outcome in iter_batch(inputs[:2], pack, config)]
    hand_made = copy.copy(pack)
    object.__setattr__(hand_made, "hook", lambda: None)  # a library caller's pack may hold anything
    outcomes = list(iter_digests(inputs[:2], lambda: hand_made, config, _summary, jobs=2, isolate=True))
    assert outcomes == clean
