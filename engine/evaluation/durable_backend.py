"""Evaluation with durable_rules, following the safe pattern of ``durable_rules.md`` to the letter.

* Each compiled pack is registered once per process, under a versioned unique ruleset name,
  from definition dicts built fresh for the registration (durable deletes ``run`` from them).
* The host is a ``durable.engine.Host`` without its background dispatch threads: actions run
  synchronously inside ``assert_fact`` on the calling thread, and nothing else touches the C core.
* One session (unique sid) per notice, facts asserted one at a time with ``assert_fact``
  (``MessageNotHandledException`` means no rule matched), a sentinel fact at the end that
  fires a no-op rule, ``delete_state`` in ``finally``, and only one live session at a time.
* Actions take exactly one parameter, record ``(rule id, fact id)`` into a set and catch their
  own exceptions; recorded exceptions, or an ``exception`` key in the returned state, become
  an EngineError.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import math
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from durable import engine as durable_engine

from engine.errors import EngineError
from engine.rule_language.compiler import SENTINEL_SUBJECT, CompiledPack

ENGINE_VERSION = "1"
SENTINEL_RULE = "sentinel"
SENTINEL_ID = "__sentinel__"


class _DurableJson:
    """``json`` as durable.engine sees it: numbers always in positional notation.

    The C core's JSON parser rejects exponents (``1e-09``: error 204), and reads a number
    without a point as an integer, so floats are written exactly (shortest round-trip digits)
    with a decimal point and no exponent. Everything else is ``json.dumps``.
    """

    loads = staticmethod(json.loads)

    @staticmethod
    def dumps(value: Any, ensure_ascii: bool = False, **_: Any) -> str:
        if _plain(value):  # the common case: the C encoder writes no exponent
            return json.dumps(value, ensure_ascii=False)
        return _encode(value)


def _plain(value: Any) -> bool:
    """Whether ``json.dumps`` writes every float of ``value`` without an exponent."""
    if type(value) is dict:  # a fact: flat scalars, so test its values here (no call per value)
        for item in value.values():
            kind = type(item)
            if kind is float:
                if not (item == 0.0 or 1e-4 <= abs(item) < 1e16):
                    return False
            elif (kind is dict or kind is list or kind is tuple) and not _plain(item):
                return False
        return True
    kind = type(value)
    if kind is float:
        return bool(value == 0.0 or 1e-4 <= abs(value) < 1e16)
    if kind is dict:
        return all(_plain(item) for item in value.values())
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    return True


def _encode(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EngineError(f"number {value!r} is not finite")
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_encode(str(key))}:{_encode(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    raise EngineError(f"cannot pass {type(value).__name__} to durable_rules")


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A durable host that starts no dispatch/timer threads (we use neither events nor timers)."""

    def _run(self) -> None:
        return None


class _Recorder:
    """Where actions of one registered ruleset write, for the session that is live."""

    def __init__(self) -> None:
        self.sid: str | None = None
        self.found: set[tuple[str, str]] = set()
        self.errors: list[str] = []
        self.actions_run = 0
        self.sentinel_seen = False

    def begin(self, sid: str) -> None:
        self.sid = sid
        self.found = set()
        self.errors = []
        self.actions_run = 0
        self.sentinel_seen = False

    def action(self, rule_id: str) -> Callable[[Any], None]:
        def record(c: Any) -> None:  # exactly one parameter: a synchronous action
            try:
                self.actions_run += 1
                message = c.m
                if message["sid"] != self.sid:
                    self.errors.append(f"rule {rule_id} fired for session {message['sid']}, not {self.sid}")
                    return
                self.found.add((rule_id, str(message["id"])))
            except BaseException as exc:  # an action must never raise into the C core
                self.errors.append(f"rule {rule_id}: {type(exc).__name__}: {exc}")

        return record

    def sentinel(self, c: Any) -> None:
        try:
            self.actions_run += 1
            self.sentinel_seen = c.m["sid"] == self.sid
        except BaseException as exc:
            self.errors.append(f"sentinel: {type(exc).__name__}: {exc}")


class _Ruleset:
    """One registered durable ruleset (a shard of a pack) and what it evaluates."""

    def __init__(self, name: str, recorder: _Recorder, subjects: frozenset[str]) -> None:
        self.name = name
        self.recorder = recorder
        self.subjects = subjects


class _Registry:
    """The process-wide host and the packs registered in it (by compiled pack key)."""

    def __init__(self) -> None:
        self.host: Any = None
        self.thread: int | None = None
        self.packs: dict[str, list[_Ruleset]] = {}
        self.counter = itertools.count(1)
        self.sessions = itertools.count(1)
        self.live: str | None = None

    def rulesets_for(self, pack: CompiledPack) -> list[_Ruleset]:
        """The pack's rulesets, registered on first use (once per process)."""
        if self.thread is None:
            self.thread = threading.get_ident()
        elif self.thread != threading.get_ident():
            raise EngineError("the durable_rules backend must be used from one thread per process")
        known = self.packs.get(pack.key)
        if known is not None:
            return known
        if self.host is None:
            durable_engine.json = _DurableJson  # see _DurableJson
            self.host = _QuietHost()
        rulesets = [self._register(pack, shard) for shard in pack.shards]
        self.packs[pack.key] = rulesets
        return rulesets

    def _register(self, pack: CompiledPack, shard: tuple[str, ...]) -> _Ruleset:
        name = f"zhenggai_v{ENGINE_VERSION}_{next(self.counter)}_{pack.key[:12]}"
        recorder = _Recorder()
        definition: dict[str, Any] = {}
        fresh = copy.deepcopy(pack.durable_rules)  # durable deletes "run" from what it is given
        subjects = set()
        for rule_name in shard:
            definition[rule_name] = {**fresh[rule_name], "run": recorder.action(pack.durable_names[rule_name])}
            subjects.add(fresh[rule_name]["all"][0]["m"]["$and"][0]["t"])
        definition[SENTINEL_RULE] = {"all": [{"m": {"$and": [{"t": SENTINEL_SUBJECT}]}}], "run": recorder.sentinel}
        try:
            self.host.register_rulesets({name: definition})
        except Exception as exc:
            raise EngineError(f"durable_rules refused the rule pack: {exc}") from None
        return _Ruleset(name, recorder, frozenset(subjects))


_REGISTRY = _Registry()


def evaluate_durable(facts: list[dict[str, Any]], pack: CompiledPack) -> set[tuple[str, str]]:
    """(rule id, fact id) for every prepared fact that violates a rule, via durable_rules."""
    found: set[tuple[str, str]] = set()
    for ruleset in _REGISTRY.rulesets_for(pack):
        selected = [fact for fact in facts if fact["t"] in ruleset.subjects]
        if selected:
            found |= _session(ruleset, selected)
    return found


def _session(ruleset: _Ruleset, facts: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """One session: assert each fact, then the sentinel; always delete the state."""
    if _REGISTRY.live is not None:
        raise EngineError("a durable_rules session is already live (evaluation is not re-entrant)")
    sid = f"s{next(_REGISTRY.sessions)}"
    host, name, recorder = _REGISTRY.host, ruleset.name, ruleset.recorder
    recorder.begin(sid)
    _REGISTRY.live = sid
    try:
        for fact in facts:
            _assert(host, name, {**fact, "sid": sid})
        _assert(host, name, {"t": SENTINEL_SUBJECT, "id": SENTINEL_ID, "sid": sid})
        if not recorder.sentinel_seen:
            raise EngineError("durable_rules did not run the sentinel rule")
    finally:
        if not recorder.sentinel_seen and recorder.actions_run == 0:
            # delete_state crashes on a session in which no action ran: run the sentinel first
            with contextlib.suppress(Exception):  # the original error is being raised
                _assert(host, name, {"t": SENTINEL_SUBJECT, "id": SENTINEL_ID, "sid": sid})
        if recorder.actions_run > 0:
            host.delete_state(name, sid)
        _REGISTRY.live = None
    if recorder.errors:
        raise EngineError(f"rule action failed: {recorder.errors[0]}")
    return set(recorder.found)


def _assert(host: Any, name: str, fact: dict[str, Any]) -> None:
    try:
        state = host.assert_fact(name, fact)
    except durable_engine.MessageNotHandledException:
        return
    except durable_engine.MessageObservedException:
        raise EngineError(f"fact {fact.get('id')} was asserted twice in one session") from None
    except EngineError:
        raise
    except Exception as exc:
        raise EngineError(f"durable_rules failed on fact {fact.get('id')}: {exc}") from None
    if isinstance(state, dict) and state.get("exception"):
        raise EngineError(f"durable_rules action raised on fact {fact.get('id')}: {state['exception']}")
