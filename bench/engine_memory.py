"""Rule evaluation memory: check many generated notices in one process with one backend.

Generates notices (sections, findings with statuses, measures, dates, money, sanctions,
claims, contacts) from a fixed seed, runs ``check`` (facts → evaluation → report) on each,
and prints the resident set size (VmRSS from /proc/self/status) and the throughput at
checkpoints, so that leaks in the durable_rules sessions would show up as growth.

Usage:
    .venv/bin/python bench/engine_memory.py                 # 10,000 notices, durable backend
    .venv/bin/python bench/engine_memory.py --notices 2000 --backend python --rules rules/examples
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.evaluation.runner import build_pack, check  # noqa: E402
from engine.model import Notice  # noqa: E402
from engine.rule_language.config import Config, load_packs  # noqa: E402

STATUSES = [("closed", "该项已办结"), ("ongoing", "该项持续整改中"), ("mostly_closed", "已基本整改到位"),
            ("long_term", "列入长期整改任务"), None]
RESULTS = ["已完成整改", "拟于明年完成", "下一步将尽快完成", "2021年6月底前完成", "已整改到位,建立长效机制", "暂无。"]
MEASURES = ["一是建立台账,逐项销号", "二是开展专项检查", "三是完善制度", "暂无。", "无"]


def rss_mb() -> float:
    """Resident set size in MB, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def day(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_notice(rng: random.Random) -> Notice:
    """A random but valid structured notice."""
    findings_total = 0
    sections: list[dict[str, Any]] = []
    for s_index in range(rng.randint(1, 4)):
        findings = []
        for _ in range(rng.randint(1, 8)):
            findings_total += 1
            status = rng.choice(STATUSES)
            finding: dict[str, Any] = {
                "number": f"{findings_total}.", "ordinal": findings_total,
                "problem": {"text": f"问题{findings_total}:资金管理不规范"},
                "blocks": [{"kind": "situation", "text": rng.choice(RESULTS),
                            "measures": [{"text": rng.choice(MEASURES)} for _ in range(rng.randint(0, 3))]}],
            }
            if status is not None:
                finding["status"] = {"kind": status[0], "phrase": status[1]}
            if rng.random() < 0.6:
                start = day(rng, rng.choice([2020, 2021]))
                finding["dates"] = [{"text": start, "start": start, "end": start, "precision": "day",
                                     "role": rng.choice(["target", "completed", "other"])}]
            if rng.random() < 0.4:
                amount = rng.choice([None, "74018", "3920000", "0.5"])
                finding["money"] = [{"text": "追回资金" + (amount or ""), "action": "recovered", "verb": "追回",
                                     **({"amount": amount, "unit": "元"} if amount else {})}]
            if rng.random() < 0.2:
                finding["sanctions"] = [{"kind": "talk", "phrase": "约谈", "count": rng.randint(1, 9), "unit": "人"}]
            findings.append(finding)
        sections.append({"number": "一二三四"[s_index] + "、", "ordinal": s_index + 1,
                         "heading": {"text": "整改落实情况"}, "findings": findings})
    data: dict[str, Any] = {
        "title": {"text": "关于巡察整改情况的通报"},
        "published": {"text": "2021年1月7日", "start": "2021-01-07", "end": "2021-01-07", "precision": "day"},
        "sections": sections,
        "claims": [{"kind": "count", "text": f"反馈问题{findings_total + rng.choice([0, 0, 1])}个",
                    "claimed": str(findings_total + rng.choice([0, 0, 1])), "target": "findings"}],
        "contacts": [{"kind": "phone", "value": "0374-8888888"}] if rng.random() < 0.7 else [],
    }
    return Notice.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--backend", choices=["durable", "python"], default="durable")
    parser.add_argument("--rules", action="append", help="rule pack folders (default: rules/examples, rules/core)")
    parser.add_argument("--seed", type=int, default=20210107)
    args = parser.parse_args()
    packs = args.rules or [str(p) for p in (ROOT / "rules" / "examples", ROOT / "rules" / "core") if p.is_dir()]
    config = Config(packs=packs)
    pack = build_pack(load_packs(config), config)
    rng = random.Random(args.seed)
    checkpoints = {1_000, 5_000, 10_000, args.notices}
    print(f"backend={args.backend} rules={len(pack.rules)} rulesets={len(pack.shards)} packs={','.join(packs)}")
    print(f"{'notices':>8} {'facts':>9} {'violations':>10} {'RSS MB':>8} {'notices/s':>10}")
    print(f"{0:>8} {0:>9} {0:>10} {rss_mb():>8.1f} {'':>10}")
    facts = violations = 0
    started = time.perf_counter()
    for index in range(1, args.notices + 1):
        report = check(make_notice(rng), pack, config, args.backend)
        facts += report.summary.facts
        violations += report.summary.total
        if index in checkpoints:
            rate = index / (time.perf_counter() - started)
            print(f"{index:>8} {facts:>9} {violations:>10} {rss_mb():>8.1f} {rate:>10.0f}", flush=True)


if __name__ == "__main__":
    main()
