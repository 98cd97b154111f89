"""Contacts for public supervision: phones, emails, 邮政信箱/mailing addresses, postcodes, websites.

Values are kept as printed (``0355——7024925``). A bare local number (``8279000``) or a service
number (``12388``, ``0571-12388``) is a phone only right after a contact cue (电话, 联系方式, 热线,
拨打 …).
"""

from __future__ import annotations

import re

from engine.model import Contact, ContactKind

from .base import SpanMaker

__all__ = ["extract_contacts"]

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[A-Za-z0-9/._-]*")
_PHONE = re.compile(
    r"(?<![A-Za-z0-9@._-])(?:(?:[(（]0\d{2,3}[)）]|0\d{2,3})\s*(?:——|—|–|-|－|\s)?\s*\d{7,8}(?:-\d{1,5})?|1[3-9]\d{9})"
    r"(?![0-9A-Za-z@])"
)
_CUED_LOCAL = re.compile(
    r"(?:电话|联系方式|热线|举报电话|联系电话|电话号码|传真|座机)(?:号码)?(?:为|是)?[:：]?\s*"
    r"(?P<v>\d{7,8})(?![0-9A-Za-z@])"
)
# 12388 (纪检监察举报), alone or after an area code (0571-12388): a phone after a cue or 拨打
_SERVICE = re.compile(
    r"(?:电话|热线|联系方式|拨打|举报)(?:号码)?(?:为|是)?[:：]?\s*"
    r"(?P<v>(?:(?:[(（]0\d{2,3}[)）]|0\d{2,3})\s*(?:——|—|–|-|－)?\s*)?12\d{3})(?![0-9A-Za-z@])"
)
_POSTAL = re.compile(r"(?:邮政信箱|通信地址|通讯地址|邮寄地址|来信地址|地址)(?:为|是)?[:：]\s*"
                     r"(?P<v>[^;；。\n(（]{2,80})"
                     r"|来信请寄(?:至|到)?[:：]?\s*(?P<w>[^;；。,，\n(（]{2,80})")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)(?:为|是)?[:：]?\s*(?P<v>\d{6})(?!\d)")


def extract_contacts(text: str, start: int, end: int, spans: SpanMaker) -> list[Contact]:
    """Contact details in ``text[start:end]`` in text order."""
    found: list[tuple[int, Contact]] = []
    taken: set[int] = set()

    def add(kind: ContactKind, lo: int, hi: int) -> None:
        if any(pos in taken for pos in range(lo, hi)):
            return
        value = text[lo:hi].rstrip(" \t,，、:：")
        if not value:
            return
        hi = lo + len(value)
        taken.update(range(lo, hi))
        found.append((lo, Contact(kind=kind, value=value, span=spans.span(lo, hi))))

    for m in _EMAIL.finditer(text, start, end):
        add(ContactKind.email, m.start(), m.end())
    for m in _URL.finditer(text, start, end):
        add(ContactKind.website, m.start(), m.end())
    for m in _PHONE.finditer(text, start, end):
        add(ContactKind.phone, m.start(), m.end())
    for m in _CUED_LOCAL.finditer(text, start, end):
        add(ContactKind.phone, m.start("v"), m.end("v"))
    for m in _SERVICE.finditer(text, start, end):
        add(ContactKind.phone, m.start("v"), m.end("v"))
    for m in _POSTAL.finditer(text, start, end):
        group = "v" if m.group("v") is not None else "w"
        add(ContactKind.postal, m.start(group), m.end(group))
    for m in _POSTCODE.finditer(text, start, end):
        add(ContactKind.postcode, m.start("v"), m.end("v"))
    found.sort(key=lambda item: item[0])
    return [contact for _, contact in found]
