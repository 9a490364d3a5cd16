"""Reading 正文 as people type it: one paragraph per line, headings recognised by their
numbering 一、 （一） 1. （1） (GB/T 9704 7.3.3)."""

import re

from govoa.documents.structure import Paragraph

_CN_NUMERAL = "一二三四五六七八九十百零〇"
# Level, pattern. Both ASCII and full-width brackets and dots are recognised, since people
# type both; the checker reports the ones that are not the standard form.
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^([{_CN_NUMERAL}]+)[、，,.．]\s*")),
    (2, re.compile(rf"^([（(][{_CN_NUMERAL}]+[)）])\s*")),
    (3, re.compile(r"^(\d+)[.．、](?!\d)\s*")),
    (4, re.compile(r"^([（(]\d+[)）])\s*")),
]


def parse_paragraph(line: str) -> Paragraph:
    text = line.strip()
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(text)
        if match and len(text) > len(match.group(0)):
            return Paragraph(text=text, level=level, number=match.group(0).strip())
    return Paragraph(text=text)


def parse_body(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs of a typed 正文; blank lines are ignored."""
    return tuple(parse_paragraph(line) for line in text.splitlines() if line.strip())


_OPENING = "（(〔［[【《“‘"
_CLOSING = "）)〕］]】》”’"
ORGAN_SEPARATORS = "、，,；;"


def parse_organs(text: str) -> list[str]:
    """主送/抄送 as typed — ``各区人民政府，各县（市、区）政府：`` — one name each, without
    the closing colon or full stop. A 、 inside brackets does not separate names; a line
    break does."""
    names: list[str] = []
    depth, current = 0, ""
    for char in text:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
        if char == "\n" or (char in ORGAN_SEPARATORS and depth == 0):
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    cleaned = (name.strip().rstrip("：:。.").strip() for name in names)
    return [name for name in cleaned if name]
