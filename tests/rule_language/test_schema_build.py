"""The rule schema builds its validator lazily (start-up time) and still validates recursive conditions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from engine.rule_language.schema import AllOf, NotOf, Rule, RuleFile
print(RuleFile.__pydantic_complete__, Rule.__pydantic_complete__, AllOf.__pydantic_complete__)
rule = {"id": "r", "title": "t", "severity": "error", "subject": "finding", "rationale": "why",
        "message": {"zh": "z", "en": "e"},
        "assert": {"all": [{"not": {"any": [{"exists": "a"}, {"missing": "b"}]}}, {"exists": "c"}]}}
parsed = RuleFile.model_validate({"rules": [rule]})
print(RuleFile.__pydantic_complete__, type(parsed.rules[0].assert_).__name__,
      type(parsed.rules[0].assert_.all[0]).__name__, type(parsed.rules[0].assert_.all[0].not_).__name__)
"""


def test_rule_file_validator_is_built_on_first_use() -> None:
    # a fresh interpreter: in this one other tests have long since built it
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["False False False", "True AllOf NotOf AnyOf"]
