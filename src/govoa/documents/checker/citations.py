"""引文: a document cited in the text is cited by its title first, then its 发文字号 in
parentheses (《……》（国办发〔2025〕5号）), and the cited 发文字号 is written as GB/T 9704
7.2.5 writes one, with its year in 〔〕."""

import re
from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import (
    attachment_note_items,
    body_paragraphs,
    body_place,
    cited_numbers,
    excerpt,
    note_item_place,
    title_text,
)
from govoa.documents.checker.types import CheckInput

register = Registrar("引文", order=5)

# What may stand between the cited title and the number: “》（”, and earlier numbers of the
# same parentheses (《……》（国办发〔2025〕5号、国办发〔2025〕6号）).
AFTER_TITLE = re.compile(r"》[（(](?:[^（）()《》]*[、，])?$")


@register(
    "REG-20-citation-title-first",
    title="引用公文先引标题，后引发文字号",
    clause="《党政机关公文处理工作条例》第二十条（四）",
    note="条例第二十条要求审核“引文”；“引用公文应当先引标题，后引发文字号”是原《国家行政机关"
    "公文处理办法》（2000年）的明文规定（条号待核），现为通行要求。",
)
def citation_title_first(subject: CheckInput) -> Iterator[Hit]:
    for index, paragraph in enumerate(body_paragraphs(subject), start=1):
        text = paragraph.text
        for cited in cited_numbers(text):
            if not AFTER_TITLE.search(text[: cited.start]):
                yield Hit(
                    body_place(index),
                    f"“{excerpt(text, cited.start, cited.end)}”引用公文只写了发文字号：应先引标题，"
                    f"后引发文字号，写作“《标题》（{cited.correct}）”。",
                )


@register(
    "GB9704-7.2.5-cited-number-brackets",
    title="引用的发文字号年份用六角括号〔〕括入",
    clause="GB/T 9704-2012 7.2.5",
)
def cited_number_brackets(subject: CheckInput) -> Iterator[Hit]:
    places = [("标题", title_text(subject))]
    places += [(body_place(i), p.text) for i, p in enumerate(body_paragraphs(subject), start=1)]
    places += [
        (note_item_place(i), item.name)
        for i, item in enumerate(attachment_note_items(subject), start=1)
    ]
    for place, text in places:
        for cited in cited_numbers(text):
            if (cited.opening, cited.closing) != ("〔", "〕"):
                yield Hit(
                    place,
                    f"引用的发文字号“{cited.written}”中的“{cited.opening}{cited.closing}”应改为"
                    f"六角括号“〔〕”：写作“{cited.correct}”。",
                )
