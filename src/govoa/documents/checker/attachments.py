"""附件说明 (GB/T 9704-2012 7.3.4) and its agreement with the files actually attached."""

import re
from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import NoteItem, attachment_note_items, note_item_place
from govoa.documents.checker.types import CheckInput

register = Registrar("附件说明", order=7)

PLACE = "附件说明"
TRAILING_PUNCTUATION = "。，、；：！？.,;:!?"
# What a drafter writes before a name that the renderer writes itself: 附件1： 1. （1）
_OWN_NUMBERING = re.compile(
    r"^(附件|[0-9]{1,2}(?:[.,](?![0-9])|[．、，:：)）])|[（(][0-9]{1,2}[)）])"
)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
# Applied alike to listed names and file names, so that 附件1-名称.pdf and 1.名称.pdf match 名称.
_FILE_PREFIX = re.compile(
    r"^(附件\s*[0-9一二三四五六七八九十]*\s*[：:.．、_\-—\s]*|[0-9]{1,2}[.．、_\-\s]+)"
)


def _key(name: str) -> str:
    """A name compared with others: no 附件/number prefix, spaces, book-title marks or quotes;
    full-width parentheses as ASCII."""
    stem = _FILE_PREFIX.sub("", name.strip())
    stem = re.sub(r"[\s《》“”\"]", "", stem)
    return stem.translate(str.maketrans("（）", "()"))


def _typed(subject: CheckInput) -> bool:
    return bool(subject.raw_attachment_note.strip())


@register(
    "GB9704-7.3.4-attachment-note-form",
    title="附件说明写作“附件：”，多个附件用“1.”“2.”编号",
    clause="GB/T 9704-2012 7.3.4",
)
def attachment_note_form(subject: CheckInput) -> Iterator[Hit]:
    items = attachment_note_items(subject)
    if not _typed(subject):
        for index, item in enumerate(items, start=1):
            if _OWN_NUMBERING.match(item.name):
                yield Hit(
                    note_item_place(index),
                    f"附件名称“{item.name}”前不要写“附件”或序号，系统排版时会自动加上。",
                )
        return
    raw = subject.raw_attachment_note.strip()
    if not raw.startswith("附件"):
        yield Hit(PLACE, f"附件说明应以“附件：”开头，如“附件：1. ……”，现为“{raw[:12]}”。")
    elif re.match(r"附件\s*:", raw):
        yield Hit(PLACE, "“附件”二字后应标全角冒号“：”。")
    elif not raw.startswith("附件："):
        yield Hit(PLACE, f"应写作“附件：”，序号写在冒号之后，现为“{raw[:8]}”。")
    if not items:
        yield Hit(PLACE, "附件说明缺少附件名称。")
    elif len(items) == 1 and items[0].number:
        yield Hit(note_item_place(1), f"只有一个附件时不编序号，应写作“附件：{items[0].name}”。")
    elif len(items) > 1:
        yield from _numbers_form(items)


def _numbers_form(items: list[NoteItem]) -> Iterator[Hit]:
    for index, item in enumerate(items, start=1):
        if not item.number:
            yield Hit(
                note_item_place(index),
                f"有多个附件时，每项用阿拉伯数字序号，如“{index}. {item.name}”。",
            )
        elif not re.fullmatch("[0-9]+[.．]", item.number):
            yield Hit(
                note_item_place(index),
                f"附件序号“{item.number}”应写作“{re.sub('[^0-9]', '', item.number)}.”"
                "（阿拉伯数字加下脚点）。",
            )


@register(
    "GB9704-7.3.4-attachment-numbering",
    title="附件序号从1起连续",
    clause="GB/T 9704-2012 7.3.4",
)
def attachment_numbering(subject: CheckInput) -> Iterator[Hit]:
    items = attachment_note_items(subject)
    if not _typed(subject) or len(items) < 2:
        return
    for index, item in enumerate(items, start=1):
        digits = re.sub("[^0-9]", "", item.number)
        if digits and int(digits) != index:
            yield Hit(
                note_item_place(index),
                f"附件序号应从1起连续编排，此项应为“{index}.”，现为“{item.number}”。",
            )
            return


@register(
    "GB9704-7.3.4-attachment-name-punctuation",
    title="附件名称后不加标点",
    clause="GB/T 9704-2012 7.3.4",
)
def attachment_name_punctuation(subject: CheckInput) -> Iterator[Hit]:
    for index, item in enumerate(attachment_note_items(subject), start=1):
        if item.name and item.name[-1] in TRAILING_PUNCTUATION:
            yield Hit(
                note_item_place(index),
                f"附件名称后不加标点，请删去“{item.name}”末尾的“{item.name[-1]}”。",
            )


def _numbered_only(file_name: str) -> int | None:
    """For a file named only 附件.pdf or 附件2.pdf: its number (0 for none); else None."""
    match = re.fullmatch(r"附件\s*([0-9]*)", _EXTENSION.sub("", file_name.strip()))
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 0


@register(
    "GB9704-7.3.4-attachment-files",
    title="附件说明与所附文件一一对应",
    clause="GB/T 9704-2012 7.3.4、7.3.7",
    note="按名称比对（去掉扩展名、“附件1”之类的前缀、空格和书名号）；只叫“附件2.pdf”的文件按序号"
    "对应第2项，只有一个附件时“附件.pdf”对应它。名称不同的同一文件会被报出。",
)
def attachment_files(subject: CheckInput) -> Iterator[Hit]:
    items = [(i, item) for i, item in enumerate(attachment_note_items(subject), 1) if item.name]
    by_name: dict[str, list[str]] = {}
    by_number: dict[int, list[str]] = {}
    for file_name in filter(str.strip, subject.attachment_files):
        number = _numbered_only(file_name)
        if number is None:
            by_name.setdefault(_key(_EXTENSION.sub("", file_name.strip())), []).append(file_name)
        else:
            by_number.setdefault(number or (1 if len(items) == 1 else 0), []).append(file_name)
    for index, item in items:
        matching = by_name.get(_key(item.name)) or by_number.get(index)
        if matching:
            matching.pop()
            continue
        yield Hit(
            note_item_place(index),
            f"附件说明列出了“{item.name}”，但没有对应的附件文件：请上传该附件，"
            "或从附件说明中删去。",
        )
    for file_name in [name for names in (*by_name.values(), *by_number.values()) for name in names]:
        yield Hit(
            "附件",
            f"附件文件“{file_name}”没有列在附件说明中：请在附件说明中写明其名称，或删去该文件。",
        )
