"""Display forms of fact values: what a reviewer reads in a message (dates, money, counts).

Rules compare the machine values (``YYYYMMDD`` integers, 元 as floats); messages quote these
display fields instead. Every display field comes in two forms: ``*_text`` for Chinese messages
(2021年4月20日, 392万元, 多2项) and ``*_text_en`` for English ones, ASCII only (2021-04-20,
3,920,000 yuan, 2 more).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

_WAN = Decimal(10000)

# claim target -> (Chinese counting word, Chinese noun, English singular, English plural)
_COUNT_WORDS: dict[str, tuple[str, str, str, str]] = {
    "findings": ("个", "问题", "finding", "findings"),
    "sections": ("个", "方面", "section", "sections"),
    "measures": ("项", "整改措施", "measure", "measures"),
    "causes": ("条", "症结原因", "cause", "causes"),
    "categories": ("个", "大类", "category", "categories"),
    "items": ("项", "", "item", "items"),
    "people": ("人", "", "person", "people"),
    "other": ("项", "", "item", "items"),
}

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "closed": ("已办结", "closed"),
    "mostly_closed": ("基本完成", "mostly closed"),
    "ongoing": ("持续整改中", "ongoing"),
    "long_term": ("列入长期整改", "long-term"),
    "none": ("未说明", "none"),
}

CONTACT_WORDS: dict[str, tuple[str, str]] = {
    "phone": ("联系电话", "phone"),
    "email": ("电子邮箱", "e-mail"),
    "postal": ("邮政信箱", "postal address"),
    "postcode": ("邮政编码", "postcode"),
    "website": ("网址", "website"),
}


def date_zh(day: dt.date) -> str:
    """2021年4月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def date_en(day: dt.date) -> str:
    """2021-04-20."""
    return day.isoformat()


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 3920000, 21.4062."""
    text = format(value.normalize(), "f")
    return text


def _grouped(value: Decimal) -> str:
    """A decimal with thousands separators: 3,920,000; 7.4018 stays."""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}"
    return sign + grouped + (f".{fraction}" if fraction else "")


def money_zh(yuan: Decimal) -> str:
    """392万元 for 3920000; 3000元 below 10,000 元 (or when 万元 would need more than 4 decimals)."""
    if abs(yuan) >= _WAN:
        wan = yuan / _WAN
        exponent = wan.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -4:
            return f"{plain(wan)}万元"
    return f"{plain(yuan)}元"


def money_en(yuan: Decimal) -> str:
    """3,920,000 yuan."""
    return f"{_grouped(yuan)} yuan"


def is_money_claim(kind: str, target: str, text: str) -> bool:
    """A claim whose numbers are amounts of money (in 元)."""
    return target == "money" or (kind == "sum" and "元" in text)


def claim_value_zh(kind: str, target: str, value: Decimal, money: bool) -> str:
    """A claimed or actual value with its unit: 10个问题, 29项整改措施, 13人, 392万元, 95%."""
    if kind == "rate":
        return f"{plain(value)}%"
    if money:
        return money_zh(value)
    word, noun, _, _ = _COUNT_WORDS.get(target, _COUNT_WORDS["other"])
    return f"{plain(value)}{word}{noun}"


def claim_value_en(kind: str, target: str, value: Decimal, money: bool) -> str:
    """10 findings, 29 measures, 13 people, 3,920,000 yuan, 95%."""
    if kind == "rate":
        return f"{plain(value)}%"
    if money:
        return money_en(value)
    _, _, singular, plural = _COUNT_WORDS.get(target, _COUNT_WORDS["other"])
    return f"{plain(value)} {singular if value == 1 else plural}"


def delta_zh(kind: str, target: str, delta: Decimal, money: bool) -> str:
    """claimed − actual for humans: 多2项, 少1个, 相差3万元 (never a negative number)."""
    size = abs(delta)
    if kind == "rate":
        return f"相差{plain(size)}个百分点"
    if money:
        return f"相差{money_zh(size)}"
    word = _COUNT_WORDS.get(target, _COUNT_WORDS["other"])[0]
    if delta == 0:
        return "相同"
    return f"{'多' if delta > 0 else '少'}{plain(size)}{word}"


def delta_en(kind: str, target: str, delta: Decimal, money: bool) -> str:
    """2 more, 1 fewer, a difference of 30,000 yuan."""
    size = abs(delta)
    if kind == "rate":
        return f"a difference of {plain(size)} percentage points"
    if money:
        return f"a difference of {money_en(size)}"
    if delta == 0:
        return "no difference"
    return f"{plain(size)} {'more' if delta > 0 else 'fewer'}"
