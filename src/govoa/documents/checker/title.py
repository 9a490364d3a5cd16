"""标题: 发文机关名称 + 事由 + 文种 (条例 第九条（七）; GB/T 9704-2012 7.3.1)."""

import re
from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import ending, shorten, title_text, unbalanced_marks
from govoa.documents.checker.types import CheckInput, Severity
from govoa.documents.structure import Layout
from govoa.documents.vocabulary import DOC_TYPE_WORDS, DocType

register = Registrar("标题", order=3)

PLACE = "标题"
TRAILING_PUNCTUATION = "。，、；：！？.,;:!?…"
WHOLE_TITLE_MARKS = (("《", "》", "书名号"), ("“", "”", "引号"), ('"', '"', "引号"))
# Types whose 事由 is introduced by 关于; 公布性 types and 纪要 are often titled without it
# (××市人民政府通告, ××会议纪要, 中华人民共和国国务院令).
NEEDS_GUANYU = frozenset(
    {
        DocType.RESOLUTION,
        DocType.DECISION,
        DocType.OPINION,
        DocType.NOTICE,
        DocType.BULLETIN,
        DocType.REPORT,
        DocType.REQUEST,
        DocType.REPLY,
        DocType.MOTION,
        DocType.LETTER,
    }
)
# A word typed twice in a row: two characters or more (关于关于, 通知通知), or a function
# word (的的, 和和); single content characters double as words of their own (层层, 人人).
REPEATED_WORD = re.compile(r"([^0-9A-Za-z\s]{2,}?)\1|([的了和与及对在])\2")
MAX_LENGTH = 80  # not a figure of the standard (it has none): a sanity bound of this system
MIN_SUBJECT_LENGTH = 3


def _core(title: str) -> str:
    """The title without trailing punctuation or marks around the whole of it, so that each
    of those is reported by its own rule only."""
    core = title.strip().rstrip(TRAILING_PUNCTUATION).strip()
    for opening, closing, _ in WHOLE_TITLE_MARKS:
        if len(core) > 2 and core.startswith(opening) and core.endswith(closing):
            core = core[1:-1].strip()
    return core


def _type_word(subject: CheckInput) -> str:
    return DOC_TYPE_WORDS[DocType(subject.doc_type)][0]


def _ending_word(core: str) -> tuple[DocType, str] | None:
    """The 文种 the title ends with (the longest match, so 命令 beats 令)."""
    matches = [
        (doc_type, word)
        for doc_type, words in DOC_TYPE_WORDS.items()
        for word in words
        if core.endswith(word)
    ]
    return max(matches, key=lambda match: len(match[1]), default=None)


def _has_title(subject: CheckInput) -> bool:
    return bool(title_text(subject))


@register(
    "REG-9-title-doc-type",
    title="标题由事由和文种组成，以文种结尾",
    clause="《党政机关公文处理工作条例》第九条（七）",
)
def title_doc_type(subject: CheckInput) -> Iterator[Hit]:
    if not _has_title(subject):
        # The 命令（令）格式 has no title of its own: 标志, 令号, then the text.
        if subject.document.layout != Layout.ORDER:
            yield Hit(PLACE, "缺少标题，标题由发文机关名称、事由和文种组成。")
        return
    core = _core(title_text(subject))
    if _ending_word(core) is None:
        yield Hit(
            PLACE,
            f"标题“{ending(core)}”没有以文种结尾，本件文种为“{_type_word(subject)}”，"
            f"应写作“……关于……的{_type_word(subject)}”。",
        )


@register(
    "REG-8-title-wrong-doc-type",
    title="标题的文种与所选文种一致，不叠用文种",
    clause="《党政机关公文处理工作条例》第八条；第十五条（四）",
    note="第十五条的条号在 standards.md 中标为【条号待核】。",
)
def title_wrong_doc_type(subject: CheckInput) -> Iterator[Hit]:
    core = _core(title_text(subject))
    last_word = _ending_word(core)
    if last_word is None:
        return
    doc_type = DocType(subject.doc_type)
    chosen = _type_word(subject)
    if last_word[0] != doc_type:
        yield Hit(
            PLACE,
            f"标题以“{last_word[1]}”结尾，但本件文种为“{chosen}”：请改标题或改选文种。",
        )
    elif core.endswith(("请示报告", "报告请示")):
        yield Hit(
            PLACE,
            f"标题“{ending(core)}”叠用了“请示”和“报告”：请示与报告不得混用，只用一个文种。",
        )


@register(
    "REG-9-title-guanyu",
    title="标题一般用“关于”引出事由",
    clause="《党政机关公文处理工作条例》第九条（七）",
    severity=Severity.WARNING,
    note="“关于……的”是事由的通行写法，条例只规定标题由发文机关名称、事由和文种组成；"
    "公布性文种（命令、公报、公告、通告）和纪要不检查。",
)
def title_guanyu(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject)
    if title and subject.doc_type in NEEDS_GUANYU and "关于" not in title:
        yield Hit(
            PLACE,
            f"标题“{shorten(title, 40)}”缺少“关于”，事由一般写作“关于……的{_type_word(subject)}”。",
        )


@register(
    "GB9704-7.3.1-title-punctuation",
    title="标题末尾不加标点",
    clause="GB/T 9704-2012 7.3.1",
    note="7.3.1 只规定标题的排布；标题末尾不用标点是公文写作的通行要求（GB/T 15834）【待核】。",
)
def title_punctuation(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject)
    if title and title[-1] in TRAILING_PUNCTUATION:
        yield Hit(PLACE, f"标题末尾不加标点，请删去“{ending(title)}”末尾的“{title[-1]}”。")


@register(
    "GB9704-7.3.1-title-book-marks",
    title="标题整体不加书名号或引号",
    clause="GB/T 9704-2012 7.3.1",
    note="7.3.1 只规定标题的排布；整体不加书名号是通行要求【待核】。",
)
def title_book_marks(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject).rstrip(TRAILING_PUNCTUATION)
    for opening, closing, name in WHOLE_TITLE_MARKS:
        if len(title) > 2 and title.startswith(opening) and title.endswith(closing):
            yield Hit(PLACE, f"标题整体不加{name}，请删去标题首尾的{opening}和{closing}。")
            return


@register(
    "GB15834-title-paired-marks",
    title="标题中的括号、引号、书名号成对",
    clause="GB/T 9704-2012 第9章（GB/T 15834）",
    note="standards.md 只载第9章“标点符号的用法应当符合 GB/T 15834”，未摘录 GB/T 15834 条文。",
)
def title_paired_marks(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject)
    stray = unbalanced_marks(title)
    if stray:
        marks = "”“".join(stray)
        yield Hit(PLACE, f"标题“{shorten(title, 40)}”中的“{marks}”不成对，请补全或删去。")


@register(
    "GB9704-7.3.1-title-length",
    title="标题长短适宜",
    clause="GB/T 9704-2012 7.3.1",
    severity=Severity.WARNING,
    note=f"标准没有标题字数上限（7.3.1 只要求“长短适宜”）；{MAX_LENGTH}字为本系统的提示阈值。",
)
def title_length(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject)
    if not title:
        return
    core = _core(title)
    last_word = _ending_word(core)
    subject_matter = core.removesuffix(last_word[1]) if last_word else core
    if len(title) > MAX_LENGTH:
        yield Hit(PLACE, f"标题有{len(title)}个字，超过{MAX_LENGTH}字，偏长，请精简事由。")
    elif len(subject_matter.removeprefix("关于").removesuffix("的")) < MIN_SUBJECT_LENGTH:
        yield Hit(PLACE, f"标题“{title}”过短，缺少事由：应写明发文机关名称、事由和文种。")


@register(
    "REG-19-title-repeated-word",
    title="标题中没有重复的字词",
    clause="《党政机关公文处理工作条例》第九条（七）、第十九条（三）",
    note="第十九条（三）要求“表述准确”；按连续重复的词（两个字以上，或“的”“和”等虚词）判断，"
    "“层层”“人人”这类叠词不报。",
)
def title_repeated_word(subject: CheckInput) -> Iterator[Hit]:
    title = title_text(subject)
    for match in REPEATED_WORD.finditer(title):
        word = match.group(1) or match.group(2)
        yield Hit(
            PLACE,
            f"标题中的“{match.group(0)}”重复，请删去一个“{word}”。",
        )
