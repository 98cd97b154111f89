"""Field-level comparison of two Notices (a gold reading and a parse), ignoring spans.

Differences are grouped by area so that a test or a report can tell which part of the
parse disagrees: header, sections, findings (count and numbers), problems, blocks,
statuses, target dates of non-closed findings, date roles, money, claims and contacts. Findings
are paired by position in document order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from engine.model import Claim, DateMention, Finding, Notice, Section, StatusKind, Text, effective_status

AREAS = ("header", "sections", "findings", "problems", "blocks", "statuses", "target_dates", "date_roles", "money",
         "claims", "contacts")


@dataclass(frozen=True)
class Difference:
    """One disagreement: the area, where (a field path), and both values as text."""

    area: str
    where: str
    gold: str
    parsed: str

    def __str__(self) -> str:
        return f"[{self.area}] {self.where}: gold {self.gold} != parsed {self.parsed}"


def compare_notices(gold: Notice, parsed: Notice, areas: Iterable[str] = AREAS) -> list[Difference]:
    """All differences between ``gold`` and ``parsed`` in the given areas."""
    wanted = set(areas)
    differences: list[Difference] = []

    def check(area: str, where: str, expected: object, actual: object) -> None:
        if area in wanted and expected != actual:
            differences.append(Difference(area, where, _show(expected), _show(actual)))

    for name, value in _header(gold).items():
        check("header", name, value, _header(parsed).get(name))
    check("sections", "tree", _tree(gold.sections), _tree(parsed.sections))
    gold_findings = list(gold.iter_findings())
    parsed_findings = list(parsed.iter_findings())
    check("findings", "count", len(gold_findings), len(parsed_findings))
    check("findings", "numbers", [(f.number, f.ordinal) for _, f in gold_findings],
          [(f.number, f.ordinal) for _, f in parsed_findings])
    for (_, gsec), (_, psec) in zip(gold.iter_sections(), parsed.iter_sections(), strict=False):
        label = gsec.number or gsec.heading.text[:12]
        check("statuses", f"section {label}", _status(gsec), _status(psec))
    for index, ((gchain, gf), (pchain, pf)) in enumerate(zip(gold_findings, parsed_findings, strict=False)):
        where = f"finding {index + 1} ({gf.number or gf.problem.text[:10]})"
        check("problems", where, gf.problem.text, pf.problem.text)
        check("blocks", where, _blocks(gf), _blocks(pf))
        check("statuses", where, (_own_status(gf), effective_status(gf, gchain).value),
              (_own_status(pf), effective_status(pf, pchain).value))
        if effective_status(gf, gchain) != StatusKind.closed:
            check("target_dates", where, _targets(gf.dates), _targets(pf.dates))
        if [d.text for d in gf.dates] == [d.text for d in pf.dates]:  # roles of the dates both read alike
            for gdate, pdate in zip(gf.dates, pf.dates, strict=True):
                check("date_roles", f"{where} date {gdate.text}", gdate.role.value, pdate.role.value)
        check("money", where, [_money(m.amount, m.action.value, m.destination) for m in gf.money],
              [_money(m.amount, m.action.value, m.destination) for m in pf.money])
        check("claims", where, _claims(gf.claims), _claims(pf.claims))
    check("claims", "outside findings", _claims(_outside_claims(gold)), _claims(_outside_claims(parsed)))
    check("contacts", "contacts", [(c.kind.value, c.value) for c in gold.contacts],
          [(c.kind.value, c.value) for c in parsed.contacts])
    return differences


def _show(value: object) -> str:
    return repr(value)


def _text(item: Text | None) -> str | None:
    return None if item is None else item.text


def _date(mention: DateMention | None) -> tuple[str, str | None, str | None, str] | None:
    if mention is None:
        return None
    start = mention.start.isoformat() if mention.start else None
    end = mention.end.isoformat() if mention.end else None
    return mention.text, start, end, mention.precision.value


def _header(notice: Notice) -> dict[str, object]:
    inspection = notice.inspection
    fields: dict[str, object] = {
        "title": _text(notice.title), "issuer": _text(notice.issuer), "addressee": _text(notice.addressee),
        "published": _date(notice.published), "fragment": notice.fragment,
        "source.site": _text(notice.source.site), "source.index_number": _text(notice.source.index_number),
        "signature": _text(notice.signature), "signature_date": _date(notice.signature_date),
        "inspection": None,
    }
    if inspection is not None:
        fields["inspection"] = {
            "body": _text(inspection.body), "kind": inspection.kind.value, "special": inspection.special,
            "follow_up": inspection.follow_up, "subject": inspection.subject,
            "period_start": _date(inspection.period_start), "period_end": _date(inspection.period_end),
            "feedback_date": _date(inspection.feedback_date),
        }
    return fields


def _tree(sections: list[Section]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []

    def walk(items: list[Section], depth: int) -> None:
        for section in items:
            rows.append((depth, section.number, section.ordinal, section.heading.text, len(section.findings)))
            walk(section.sections, depth + 1)

    walk(sections, 0)
    return rows


def _status(section: Section) -> tuple[str, str | None] | None:
    return None if section.status is None else (section.status.kind.value, section.status.phrase)


def _own_status(finding: Finding) -> tuple[str, str | None] | None:
    return None if finding.status is None else (finding.status.kind.value, finding.status.phrase)


def _blocks(finding: Finding) -> list[tuple[str, str | None, int]]:
    return [(block.kind.value, block.label, len(block.measures)) for block in finding.blocks]


def _targets(dates: list[DateMention]) -> list[tuple[str, str | None, str | None, str]]:
    found = [_date(d) for d in dates if d.role.value == "target"]
    return sorted((d for d in found if d is not None), key=repr)


def _money(amount: Decimal | None, action: str, destination: Text | None) -> tuple[str | None, str, bool]:
    return (None if amount is None else format(amount.normalize(), "f")), action, destination is not None


def _claims(claims: list[Claim]) -> list[tuple[str, str, str]]:
    counted = Counter((c.kind.value, format(c.claimed.normalize(), "f"), c.target.value) for c in claims)
    return sorted(counted.elements())


def _outside_claims(notice: Notice) -> list[Claim]:
    claims = list(notice.claims)
    for _, section in notice.iter_sections():
        claims.extend(section.claims)
    return claims
