"""Site chrome that is not content: print buttons, breadcrumbs, copyright lines, page-join markers.

Chrome is recognised per paragraph (whole line) or, for page-join markers such as
``(上接一版)``, as a prefix of a paragraph. What is dropped is kept as ``Ignored`` ranges so
that coverage can account for every character.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from engine.parsing.lines import BLANK, Paragraph

_BULLET = r"(?:[•·●▪◆■]\s*)?"

# Chrome lines that open with their phrase (after an optional bullet) ...
_CHROME_PHRASES = (
    r"打印(?:本页)?|【?打印】?|关闭(?:窗口)?|返回顶部|分享到.*"
    r"|无障碍浏览.*|长者模式.*|首页\s*(?:>>|>|»|/).*|当前位置[:：].*"
    r"|责任编辑[:：].*|版权所有.*|备案序号.*|技术支持[:：].*"
    r"|主办单位[:：].*|承办单位[:：].*|网站标识码.*|公安备案号.*|网站地图.*|联系我们"
    r"|字号[:：]?\s*[大中小\s]*|【?\s*字体[:：]?\s*[大中小\s]*】?"
)
_ICP = "ICP备"  # ... and the one that may have text before its phrase
CHROME_LINE = regex.compile(_BULLET + r"(?:" + _CHROME_PHRASES + r"|.*ICP备\d+号.*)")
# The characters a chrome line or a lone bullet can start with: a bullet, a blank (\s* of 字体) or the first
# character of a phrase (tested). Most paragraphs start with none of these and hold no ICP备, so the
# whole-line match (whose ``.*ICP备`` reads every paragraph to its end) is not tried.
_CHROME_INITIALS = frozenset("•·●▪◆■【打关返分无长首当责版备技主承网公联字"
                             "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                             "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")  # (\s or isspace)
BREADCRUMB = regex.compile(r"首页\s*(?:>>|>|»|/)|当前位置[:：]")
PAGE_JOIN_PREFIX = regex.compile(r"[(（]\s*上接第?[一二三四五六七八九十\d]+版\s*[)）]")
PAGE_JOIN_SUFFIX = regex.compile(r"[(（]\s*下转第?[一二三四五六七八九十\d]+版\s*[)）]$")
LONE_BULLET = regex.compile(r"[•·●▪◆■]+")


@dataclass(frozen=True)
class Ignored:
    """A range of the source that is not content, with the reason."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Content:
    """Paragraphs left after removing chrome, plus what was removed."""

    paragraphs: list[Paragraph]
    ignored: list[Ignored]
    fragment: bool


def is_chrome_line(text: str) -> bool:
    """Whether a whole paragraph is site chrome (a lone bullet included)."""
    if text[:1] not in _CHROME_INITIALS and _ICP not in text:
        return False  # (most paragraphs: decided without the regexes)
    return CHROME_LINE.fullmatch(text) is not None or LONE_BULLET.fullmatch(text) is not None


def strip_chrome(paragraphs: list[Paragraph]) -> Content:
    """Drop chrome paragraphs and page-join markers; report what was dropped."""
    ignored: list[Ignored] = []
    kept: list[Paragraph] = []
    fragment = False
    breadcrumb_at = next((p.index for p in paragraphs[:6] if BREADCRUMB.match(p.text)), None)
    for paragraph in paragraphs:
        if breadcrumb_at is not None and paragraph.index < breadcrumb_at:
            ignored.append(Ignored(paragraph.start, paragraph.end, "site header"))
            continue
        if is_chrome_line(paragraph.text):
            ignored.append(Ignored(paragraph.start, paragraph.end, "site chrome"))
            continue
        current = paragraph
        prefix = PAGE_JOIN_PREFIX.match(current.text)
        if prefix is not None:
            fragment = True
            current = _cut(current, prefix.end(), len(current.text))
            ignored.append(Ignored(paragraph.start, current.start, "page-join marker"))
        # (every marker holds 下转: a cheap test that spares most paragraphs a regex search to their end)
        suffix = PAGE_JOIN_SUFFIX.search(current.text) if "下转" in current.text else None
        if suffix is not None:
            fragment = True
            end = current.end
            current = _cut(current, 0, suffix.start())
            ignored.append(Ignored(current.end, end, "page-join marker"))
        if current.text:
            kept.append(current)
    return Content(kept, ignored, fragment)


def _cut(paragraph: Paragraph, start: int, end: int) -> Paragraph:
    """The part ``text[start:end]`` of a paragraph, trimmed of blanks."""
    while start < end and paragraph.text[start] in BLANK:
        start += 1
    while end > start and paragraph.text[end - 1] in BLANK:
        end -= 1
    return replace(paragraph, start=paragraph.start + start, end=paragraph.start + end,
                   text=paragraph.text[start:end])
