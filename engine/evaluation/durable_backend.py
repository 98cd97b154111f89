"""Evaluation with durable_rules, following the safe pattern of ``durable_rules.md`` to the letter.

* Each compiled pack is registered once per process, under a versioned unique ruleset name.
* One session (unique sid) per notice, facts asserted one at a time, a sentinel fact at the end
  that fires a no-op rule, ``delete_state`` in ``finally`` and only after an action ran, and
  only one live session at a time, on one thread.
* Results are checked: every fired action must name a known rule, carry the live session's sid
  and the id of the fact just asserted; the sentinel must fire; anything else is an EngineError.

We drive durable_rules' C core (the ``durable_rules_engine`` extension) directly, with the calls
that ``durable.engine.Host.assert_fact`` makes on its synchronous path, in the same order:
``create_ruleset`` with the definition JSON; per fact ``assert_fact`` (code 1: no rule matched,
2: fact already observed); then ``start_action_for_state`` and, for each pending action,
``update_state`` with the session state and ``complete_and_start_action``; finally
``delete_state``. The Python host around those calls builds a closure, a promise and two JSON
round trips per action and costs most of the evaluation time; what it adds is only needed for
Python action callables, and our actions did nothing but record ``(rule, fact id)``, which we
now read from the action message the core returns. Differences, all on paths we never use:
code 3 (deferred) only arises with a queue callback, which we never set, and is an error here;
the state handed back to ``update_state`` is the core's own JSON rather than a re-encoding of it
(actions no longer change it, so no ``exception`` key can appear in it); on a core error in the
middle of an action we call ``abandon_action`` as the host does.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import threading
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

import durable_rules_engine as core  # type: ignore[import-not-found]  # durable_rules' C core

from engine.compact_json import json_encoder
from engine.errors import EngineError
from engine.rule_language.compiler import SENTINEL_SUBJECT, CompiledPack

ENGINE_VERSION = "2"
SENTINEL_RULE = "sentinel"
SENTINEL_ID = "__sentinel__"
# assert_fact result codes of the C core (rules.h)
_NOT_HANDLED = 1
_OBSERVED = 2


def _no_json(value: Any) -> Any:
    raise EngineError(f"cannot pass {type(value).__name__} to durable_rules")


# json.dumps(value, ensure_ascii=False, allow_nan=False) with the encoder built once (a third of
# the cost of encoding a small fact)
_json = json_encoder(allow_nan=False, default=_no_json)


def dumps(value: Any) -> str:
    """JSON for the C core: numbers always in positional notation, non-ASCII text as is.

    The core's JSON parser rejects exponents (``1e-09``: error 204) and reads a number without a
    point as an integer, so floats are written exactly (shortest round-trip digits) with a decimal
    point. A float's repr has an exponent ("1e-05", "1e+16") outside [1e-4, 1e16): text with
    "e-"/"e+" anywhere (rare, and harmless inside a string) takes the slower exact encoder.
    """
    try:
        text = _json(value)
    except (ValueError, TypeError):  # NaN, infinity, or a key or value JSON cannot hold
        return _encode(value)  # raises the EngineError
    if "e-" in text or "e+" in text:
        return _encode(value)
    return text


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


class _Ruleset:
    """One registered durable ruleset (a shard of a pack) and what it evaluates."""

    def __init__(self, name: str, handle: int, rule_ids: dict[str, str], subjects: frozenset[str]) -> None:
        self.name = name
        self.handle = handle
        self.rule_ids = rule_ids  # durable rule name -> rule id (the sentinel rule is not in it)
        self.subjects = subjects


class _Registry:
    """The process-wide registered packs (by compiled pack key) and session bookkeeping."""

    def __init__(self) -> None:
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
        rulesets = [self._register(pack, shard) for shard in pack.shards]
        self.packs[pack.key] = rulesets
        return rulesets

    def _register(self, pack: CompiledPack, shard: tuple[str, ...]) -> _Ruleset:
        name = f"zhenggai_v{ENGINE_VERSION}_{next(self.counter)}_{pack.key[:12]}"
        definition = {rule_name: pack.durable_rules[rule_name] for rule_name in shard}
        definition[SENTINEL_RULE] = {"all": [{"m": {"$and": [{"t": SENTINEL_SUBJECT}]}}]}
        subjects = frozenset(pack.durable_rules[rule_name]["all"][0]["m"]["$and"][0]["t"] for rule_name in shard)
        try:
            handle = core.create_ruleset(name, dumps(definition))
        except Exception as exc:
            raise EngineError(f"durable_rules refused the rule pack: {exc}") from None
        return _Ruleset(name, handle, {rule_name: pack.durable_names[rule_name] for rule_name in shard}, subjects)


_REGISTRY = _Registry()


def evaluate_durable(facts: list[dict[str, Any]], pack: CompiledPack,
                     applicable: Mapping[str, Collection[str]] | None = None) -> set[tuple[str, str]]:
    """(rule id, fact id) for every prepared fact that violates a rule, via durable_rules.

    With ``applicable`` (rule id -> ids of the facts on which its ``when`` holds), each ruleset
    gets only the facts one of its rules applies to, and no session when there are none.
    """
    found: set[tuple[str, str]] = set()
    for ruleset in _REGISTRY.rulesets_for(pack):
        if applicable is None:
            selected = [fact for fact in facts if fact["t"] in ruleset.subjects]
        else:
            wanted = {fact_id for rule_id in ruleset.rule_ids.values() for fact_id in applicable.get(rule_id, ())}
            selected = [fact for fact in facts if fact["id"] in wanted]
        if selected:
            found |= _session(ruleset, selected)
    return found


def _session(ruleset: _Ruleset, facts: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """One session: assert each fact, then the sentinel; delete the state if an action ran."""
    if _REGISTRY.live is not None:
        raise EngineError("a durable_rules session is already live (evaluation is not re-entrant)")
    sid = f"s{next(_REGISTRY.sessions)}"
    handle, rule_ids = ruleset.handle, ruleset.rule_ids
    fired: list[str] = []  # the session's action messages, as the core returned them
    found: set[tuple[str, str]] = set()
    sentinel = {"t": SENTINEL_SUBJECT, "id": SENTINEL_ID, "sid": sid}
    sentinel_seen = False
    _REGISTRY.live = sid
    try:
        for fact in facts:
            fact = {**fact, "sid": sid}
            text = dumps(fact)
            start = len(fired)
            _assert(handle, text, fact["id"], fired)
            if len(fired) == start:  # the usual case: no rule fired
                continue
            for message in fired[start:]:
                name = _action_of(message, text, fact)
                rule_id = rule_ids.get(name)
                if rule_id is None:
                    raise EngineError(f"durable_rules fired unknown rule {name!r} on fact {fact['id']}")
                found.add((rule_id, fact["id"]))
        start = len(fired)
        text = dumps(sentinel)
        _assert(handle, text, SENTINEL_ID, fired)
        sentinel_seen = [_action_of(message, text, sentinel) for message in fired[start:]] == [SENTINEL_RULE]
        if not sentinel_seen:
            raise EngineError("durable_rules did not run the sentinel rule")
    finally:
        if not sentinel_seen and not fired:
            # delete_state crashes on a session in which no action ran: run the sentinel first
            with contextlib.suppress(Exception):  # the original error is being raised
                _assert(handle, dumps(sentinel), SENTINEL_ID, fired)
        if fired:
            core.delete_state(handle, sid)
        _REGISTRY.live = None
    return found


def _assert(handle: int, text: str, fact_id: str, fired: list[str]) -> None:
    """Assert one fact (JSON) and run its actions as durable.engine does; each action message goes to ``fired``."""
    try:
        code, state_handle = core.assert_fact(handle, text)
        if code == _NOT_HANDLED:  # no rule matched: no violation
            return
        if code == _OBSERVED:
            raise EngineError(f"fact {fact_id} was asserted twice in one session")
        if code != 0:
            raise EngineError(f"durable_rules deferred fact {fact_id} (code {code})")
        started = core.start_action_for_state(handle, state_handle)
    except EngineError:
        raise
    except Exception as exc:
        raise EngineError(f"durable_rules failed on fact {fact_id}: {exc}") from None
    if not started:
        return
    state, message = started
    while message:
        fired.append(message)  # an action "ran": from here on delete_state is safe
        try:
            core.update_state(handle, state)
            message = core.complete_and_start_action(handle, state_handle)
        except Exception as exc:
            with contextlib.suppress(Exception):
                core.abandon_action(handle, state_handle)
            raise EngineError(f"durable_rules failed on fact {fact_id}: {exc}") from None


def _action_of(message: str, text: str, fact: dict[str, Any]) -> str:
    """The durable rule name of an action message, after checking that it carries the asserted fact.

    The core echoes the asserted JSON: ``{"<rule>":{"m":<text>}}``; anything else is decoded and
    compared with the fact (same session, same id, same values) before it is believed.
    """
    head, _, rest = message.partition('":{"m":')
    if head.startswith('{"') and rest == text + "}}":
        return head[2:]
    try:
        ((name, content),) = json.loads(message).items()
        echoed = content["m"]
        echoed_sid, echoed_id = echoed.get("sid"), echoed.get("id")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise EngineError(f"durable_rules returned an unexpected action message {message[:200]!r}: {exc}") from None
    if echoed_sid != fact["sid"]:
        raise EngineError(f"rule {name} fired for session {echoed_sid}, not {fact['sid']}")
    if echoed != json.loads(text):
        raise EngineError(f"rule {name} fired for fact {echoed_id} while {fact['id']} was asserted")
    return str(name)
