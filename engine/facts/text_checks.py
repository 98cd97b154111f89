"""Text tests computed in Python before facts are asserted: personal numbers, contacts, boilerplate.

The rule engine cannot match patterns reliably (see durable_rules.md), so every pattern a
rule needs becomes a boolean or a string on the fact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.vocabulary import Vocabulary, vocabulary

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_FULLWIDTH_ANY = re.compile("[０-９Ｘｘ]")
# A text is scanned for resident ID numbers and mobile numbers (_ID18, _ID15, _MOBILE) only if it
# has 15 digits in a row or the start of a mobile number (1[3-9]x, then four digits), full-width
# digits included; few texts do, and this one search is cheap next to the three scans it saves.
# It starts with a plain character class (the 1 of a mobile number checked by a lookbehind), so
# that `re` skips to the next digit in C; a pattern that starts with an alternation or a repeat
# is tried at every position, which cost twice as much on these texts.
_CANDIDATE = re.compile(r"[0-9０-９](?:(?<=[1１])[3-9３-９][0-9０-９][-\s]?[0-9０-９]{4}|[0-9０-９]{14})")

_ID18 = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9])[0-9]{15}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[-\s]?)?(1[3-9][0-9](?:[-\s]?[0-9]{4}){2})(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_DASHES = re.escape("-‐‑‒–—―－~～")
_LANDLINE = re.compile(
    rf"^[(（]?0[1-9][0-9]{{1,2}}[)）]?[\s{_DASHES}]*[2-9][0-9]{{2,3}}[\s{_DASHES}]?[0-9]{{4}}"
    r"(?:(?:转|-|—)[0-9]{1,5})?$"
)
_MOBILE_FULL = re.compile(r"^(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}$")
_LOCAL = re.compile(rf"^[2-9][0-9]{{2,3}}[\s{_DASHES}]?[0-9]{{4}}$")  # 8279000: no area code
# 12388 (纪检监察举报), 12345 (政务服务), also after an area code (0571-12388: a county's 12388 line)
_SERVICE = re.compile(rf"^(?:[(（]?0[1-9][0-9]{{1,2}}[)）]?[\s{_DASHES}]*)?12[0-9]{{3}}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_POSTCODE = re.compile(r"^[0-9]{6}$")
_DIGIT = re.compile(r"[0-9０-９]")
_FILLER_WORDS = ("该项", "目前", "现已", "现", "此项", "问题", "均", "全部", "已经", "相关", "情况")
_FILLER = re.compile("|".join((r"[\s\W_]", *_FILLER_WORDS)))
_BOILERPLATE_VOCABS = ("boilerplate_results", "status")


def normalise_digits(text: str) -> str:
    """Full-width digits (and Ｘ) as ASCII, so patterns see them."""
    return text.translate(_FULLWIDTH_DIGITS) if _FULLWIDTH_ANY.search(text) else text


def id_checksum_ok(number: str) -> bool:
    """The check digit of an 18-character resident ID number (GB 11643) is right."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _valid_yymmdd(text: str) -> bool:
    """A birth date of a 15-digit ID (YYMMDD, in the 1900s)."""
    return _valid_yyyymmdd("19" + text)


# The first two digits of a resident ID number: a province (GB/T 2260), Taiwan, Hong Kong, Macao
_PROVINCES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
                        "71", "81", "82", "83"})
_ID_LABEL = re.compile(r"身份证(?:号码|号)?\s*[:：]?\s*$")


def _valid_yyyymmdd(text: str) -> bool:
    """A birth date of an 18-character ID (YYYYMMDD, from 1900)."""
    try:
        day = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return day.year >= 1900


def find_id_numbers(text: str) -> list[str]:
    """Resident ID numbers: 18 characters with a province, a birth date and a valid check digit (or any
    18 characters right after 身份证号: a mistyped number is still one), or 15 digits with a birth date."""
    return _id_numbers(normalise_digits(text))


def _id_numbers(plain: str) -> list[str]:
    found = [m.group(0) for m in _ID18.finditer(plain) if _is_id18(m.group(0))
             or _ID_LABEL.search(plain, max(0, m.start() - 8), m.start())]
    found += [m.group(0) for m in _ID15.finditer(plain) if _valid_yymmdd(m.group(0)[6:12])]
    return found


def _is_id18(number: str) -> bool:
    """A project or account number of 18 digits may pass the check digit by chance (1 in 11): the
    province and the birth date must hold too."""
    return number[:2] in _PROVINCES and _valid_yyyymmdd(number[6:14]) and id_checksum_ok(number)


def find_mobiles(text: str) -> list[str]:
    """11-digit mobile numbers (1[3-9]x, optional +86 and separators) not inside a longer number."""
    return _mobiles(normalise_digits(text))


def _mobiles(plain: str) -> list[str]:
    return [m.group(1) for m in _MOBILE.finditer(plain)]


@dataclass(frozen=True)
class PiiScan:
    """Personal numbers found in some texts."""

    id_numbers: tuple[str, ...] = ()
    mobiles: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.id_numbers or self.mobiles)

    @property
    def first(self) -> str | None:
        both = self.id_numbers + self.mobiles
        return both[0] if both else None

    def fields(self) -> dict[str, str | bool]:
        """The pii_* fact fields."""
        if not self.id_numbers and not self.mobiles:  # the usual case, spelled out (~50 scans per notice)
            return {"pii_found": False, "pii_id_number": False, "pii_mobile": False}
        result: dict[str, str | bool] = {
            "pii_found": self.found,
            "pii_id_number": bool(self.id_numbers),
            "pii_mobile": bool(self.mobiles),
        }
        if self.first is not None:
            result["pii_text"] = self.first
        return result


_NO_PII = PiiScan()  # what most scans find: one shared (frozen) result


def scan_pii(texts: Iterable[str | None]) -> PiiScan:
    ids: list[str] = []
    mobiles: list[str] = []
    for text in texts:
        if text and _CANDIDATE.search(text):
            plain = normalise_digits(text)
            ids += _id_numbers(plain)
            mobiles += _mobiles(plain)
    return PiiScan(tuple(ids), tuple(mobiles)) if ids or mobiles else _NO_PII


def is_mobile(value: str) -> bool:
    return _MOBILE_FULL.match(normalise_digits(value.strip())) is not None


def is_valid_phone(value: str) -> bool:
    """A landline with area code (0554-5363431, 0355——7024925, (0374)8279000), a 7–8 digit local
    number (8279000), a mobile (13812345678), or a 12xxx service number (12388)."""
    plain = normalise_digits(value.strip())
    return any(pattern.match(plain) for pattern in (_LANDLINE, _LOCAL, _MOBILE_FULL, _SERVICE))


def has_area_code(value: str) -> bool:
    """A landline with its area code, or a number that needs none (mobile, 12xxx service number)."""
    plain = normalise_digits(value.strip())
    return any(pattern.match(plain) for pattern in (_LANDLINE, _MOBILE_FULL, _SERVICE))


def is_valid_contact(kind: str, value: str) -> bool:
    plain = normalise_digits(value.strip())
    if kind == "phone":
        return is_valid_phone(plain)
    if kind == "email":
        return _EMAIL.match(plain.replace("＠", "@")) is not None
    if kind == "postcode":
        return _POSTCODE.match(plain) is not None
    return bool(plain)


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def is_boilerplate(text: str) -> bool:
    """Nothing but boilerplate results (已整改, 不存在此问题 …), status phrases and filler words.

    Empty text is boilerplate. Text with a digit, or with four or more characters left once
    boilerplate, status phrases, punctuation and filler are removed, is concrete.
    """
    if has_digit(text):
        return False
    survivors = _four_survivors()
    if survivors is not None and survivors.search(text):
        return False  # four characters that no phrase, filler word or punctuation rule can remove
    return len(_boilerplate_rest(text)) < 4


def _boilerplate_rest(text: str) -> str:
    """What is left of a text once boilerplate, status phrases, punctuation and filler are removed."""
    rest = text
    for name in _BOILERPLATE_VOCABS:
        for start, end, _ in reversed(vocabulary(name).find(rest)):
            rest = rest[:start] + rest[end:]
    return _FILLER.sub("", rest)


_survivors_cache: list[tuple[list[Vocabulary], re.Pattern[str] | None]] = []


def _four_survivors() -> re.Pattern[str] | None:
    """A pattern finding four characters that ``_boilerplate_rest`` cannot remove.

    Those are word characters (not punctuation, space or ``_``) that no boilerplate or status
    phrase and no filler word holds: a text with four of them is concrete, so ``is_boilerplate``
    scans the vocabularies only for texts this cheap search cannot decide. None when a vocabulary
    has regex patterns (they may remove any character).
    """
    vocabs = [vocabulary(name) for name in _BOILERPLATE_VOCABS]
    if _survivors_cache and all(a is b for a, b in zip(_survivors_cache[0][0], vocabs, strict=True)):
        return _survivors_cache[0][1]
    pattern: re.Pattern[str] | None = None
    if not any(vocab.patterns for vocab in vocabs):
        chars = set("".join(_FILLER_WORDS)).union(*("".join(vocab.phrases()) for vocab in vocabs))
        survivor = "[^\\s\\W_" + "".join(re.escape(char) for char in sorted(chars)) + "]"
        pattern = re.compile(f"{survivor}(?:.*?{survivor}){{3}}", re.DOTALL)
    _survivors_cache[:] = [(vocabs, pattern)]
    return pattern
