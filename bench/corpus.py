"""Corpus generator: N notices derived from the raw seeds in fixtures/raw/, deterministically.

Each seed is cut into a header, top-level sections (``一、``), sub-sections (``(一)``), numbered
findings (``1.``) with their paragraphs, and a footer (contacts, date, site boilerplate). A generated
notice takes one seed and varies it the way real notices differ from each other:

* length: each group of findings is shortened or lengthened (findings drawn from the whole seed)
  by a factor between 0.2 and 1.0, and later sections are dropped at random;
* order: findings are shuffled within their group, narrative paragraphs within their section;
* numbering: sections, sub-sections and findings are renumbered in the seed's own style
  (continuous or restarting per group), and ``N个问题`` counts in headings are updated (90 %);
* amounts (元/万元/亿元) and counts (个/人/次/户/…) in findings are scaled at random;
* dates: every year moves by one offset per notice (−2…+2), and days of month are redrawn;
* line endings: about 15 % of the notices use CRLF.

The same ``(seed, index)`` always gives the same text (``random.Random`` seeded with a string).

Usage:
    .venv/bin/python -m bench.corpus OUT_DIR --notices 1000 [--seed 8]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "fixtures" / "raw"
DEFAULT_SEED = 8

CN_DIGITS = "零一二三四五六七八九"
TOP_RE = re.compile(r"^([一二三四五六七八九十]+)、")
SUB_RE = re.compile(r"^([(（])([一二三四五六七八九十]+)([)）])")
FINDING_RE = re.compile(r"^(\d{1,3})([.．、])(?!\d)")
FOOTER_RE = re.compile(
    r"欢迎|联系|来信|电话|邮箱|技术支持|责任编辑|版权所有|备案|^\s*•|^\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*$")
MONEY_RE = re.compile(r"(\d+(?:\.\d+)?)(亿元|万元|元)")
COUNT_RE = re.compile(r"(?<![\d.])(\d{1,4})(个|人|次|户|项|名|家|条|件)")
PROBLEMS_RE = re.compile(r"(\d+)(个问题)")
YEAR_RE = re.compile(r"(?<!\d)(20[0-2]\d)(?=年|/|-|—|\.\d)")
DAY_RE = re.compile(r"(?<=月)(\d{1,2})(?=日)")


def chinese_number(value: int) -> str:
    """1..99 as Chinese numerals (一, 十, 十一, 二十三)."""
    if value < 10:
        return CN_DIGITS[value]
    tens, units = divmod(value, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


@dataclass
class Group:
    """A sub-section (or the findings directly under a section): its heading, lead lines and findings."""

    heading: str | None = None
    lead: list[str] = field(default_factory=list)
    findings: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    """A top-level section: heading text (without its number), narrative lines and groups."""

    heading: str
    narrative: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


@dataclass
class Seed:
    """One raw notice cut into parts."""

    name: str
    header: list[str]
    sections: list[Section]
    footer: list[str]
    restart_numbering: bool
    finding_separator: str

    @property
    def findings(self) -> list[list[str]]:
        return [finding for section in self.sections for group in section.groups for finding in group.findings]


def cut_seed(name: str, text: str) -> Seed:
    """Split a raw notice into header, sections / groups / findings and footer."""
    lines = text.replace("\r\n", "\n").split("\n")
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or FOOTER_RE.search(lines[end - 1])):
        end -= 1
    footer = lines[end:]
    start = next((i for i, line in enumerate(lines[:end]) if TOP_RE.match(line)), end)
    header = lines[:start]
    sections: list[Section] = []
    numbers: list[int] = []
    separator = "."
    for line in lines[start:end]:
        top, sub, finding = TOP_RE.match(line), SUB_RE.match(line), FINDING_RE.match(line)
        if top:
            sections.append(Section(heading=line[top.end():]))
        elif sub and sections:
            sections[-1].groups.append(Group(heading=line[sub.end():]))
        elif finding and sections:
            section = sections[-1]
            if not section.groups:
                section.groups.append(Group())
            section.groups[-1].findings.append([line[finding.end():]])
            numbers.append(int(finding.group(1)))
            separator = finding.group(2)
        elif sections:
            section = sections[-1]
            if section.groups and section.groups[-1].findings:
                section.groups[-1].findings[-1].append(line)
            elif section.groups:
                section.groups[-1].lead.append(line)
            else:
                section.narrative.append(line)
        else:
            header.append(line)
    restart = any(later <= earlier for earlier, later in itertools.pairwise(numbers))
    return Seed(name, header, sections, footer, restart, separator)


def load_seeds(folder: Path = SEED_DIR) -> list[Seed]:
    """The raw seeds (every .txt file of the folder, sorted by name)."""
    return [cut_seed(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


def _scale_money(rng: random.Random, match: re.Match[str]) -> str:
    number, unit = match.group(1), match.group(2)
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number) * rng.uniform(0.2, 5.0)
    return f"{value:.{decimals}f}{unit}"


def _scale_count(rng: random.Random, match: re.Match[str]) -> str:
    value = int(match.group(1))
    return f"{max(1, round(value * rng.uniform(0.5, 2.0)))}{match.group(2)}"


def _vary_finding(rng: random.Random, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = MONEY_RE.sub(lambda m: _scale_money(rng, m), line)
        if rng.random() < 0.5:
            line = COUNT_RE.sub(lambda m: _scale_count(rng, m), line)
        out.append(line)
    return out


def _resize(rng: random.Random, items: list[list[str]], pool: list[list[str]], scale: float) -> list[list[str]]:
    """Shuffle ``items`` and shorten or lengthen them (extra items drawn from ``pool``)."""
    shuffled = list(items)
    rng.shuffle(shuffled)
    target = max(1, round(len(items) * scale))
    if target <= len(shuffled):
        return shuffled[:target]
    return shuffled + [rng.choice(pool) for _ in range(target - len(shuffled))]


def make_notice(seeds: list[Seed], seed: int, index: int) -> tuple[str, str]:
    """(seed name, text) of generated notice number ``index``."""
    rng = random.Random(f"zhenggai-bench:{seed}:{index}")
    source = rng.choice(seeds)
    scale = rng.uniform(0.2, 1.0)
    pool = source.findings
    out: list[str] = list(source.header)
    kept = [section for position, section in enumerate(source.sections) if position == 0 or rng.random() < 0.85]
    finding_number = 0
    for s_index, section in enumerate(kept, start=1):
        out.append(f"{chinese_number(s_index)}、{section.heading}")
        paragraphs = [line for line in section.narrative if line.strip()]
        if paragraphs:
            first, rest = paragraphs[0], [[line] for line in paragraphs[1:]]
            resized = _resize(rng, rest, rest or [[first]], scale) if rest else []
            for lines in [[first], *resized]:
                out.extend(_vary_finding(rng, lines))
                out.append("")
        for g_index, group in enumerate(section.groups, start=1):
            findings = _resize(rng, group.findings, pool or group.findings, scale) if group.findings else []
            if group.heading is not None:
                heading = group.heading
                if rng.random() < 0.9:
                    heading = PROBLEMS_RE.sub(f"{len(findings)}\\g<2>", heading)
                out.append(f"({chinese_number(g_index)}){heading}")
            out.extend(group.lead)
            if source.restart_numbering:
                finding_number = 0
            for finding in findings:
                finding_number += 1
                varied = _vary_finding(rng, finding)
                out.append(f"{finding_number}{source.finding_separator}{varied[0]}")
                out.extend(varied[1:])
    out.extend(source.footer)
    text = "\n".join(out)
    offset = rng.randint(-2, 2)
    text = YEAR_RE.sub(lambda m: str(int(m.group(1)) + offset), text)
    text = DAY_RE.sub(lambda m: str(rng.randint(1, 28)) if rng.random() < 0.5 else m.group(1), text)
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    return source.name, text


def generate(count: int, seed: int = DEFAULT_SEED, seeds: list[Seed] | None = None) -> Iterator[tuple[str, str]]:
    """(file name, text) of ``count`` notices."""
    loaded = seeds if seeds is not None else load_seeds()
    for index in range(count):
        name, text = make_notice(loaded, seed, index)
        yield f"{index:05d}-{name}.txt", text


def write_corpus(folder: Path, count: int, seed: int = DEFAULT_SEED) -> tuple[list[Path], int]:
    """Write ``count`` notices as UTF-8 files into ``folder``; returns the paths and total bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    total = 0
    for name, text in generate(count, seed):
        data = text.encode("utf-8")
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    paths, total = write_corpus(args.out, args.notices, args.seed)
    print(f"{len(paths)} notices, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
