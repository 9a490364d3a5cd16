"""附件说明 rules: one failing and one passing case (at least) per rule."""

from govoa.documents.checker import CheckInput
from govoa.documents.structure import AttachmentNote
from govoa.documents.tests.checker_samples import (
    Case,
    notice,
    request,
    rule_tests,
)

FORM = "GB9704-7.3.4-attachment-note-form"
NUMBERING = "GB9704-7.3.4-attachment-numbering"
PUNCTUATION = "GB9704-7.3.4-attachment-name-punctuation"
FILES = "GB9704-7.3.4-attachment-files"

FIRST, SECOND = "2027年重点项目储备清单", "项目申报材料目录"


def typed(note: str) -> CheckInput:
    return notice(raw_attachment_note=note)


def named(*names: str) -> CheckInput:
    """The sample notice with 附件说明 kept as names only (the renderer numbers them)."""
    return notice(raw_attachment_note="", attachments=tuple(AttachmentNote(name) for name in names))


FAILING = [
    Case(FORM, "半角冒号", typed(f"附件:1. {FIRST}\n2. {SECOND}"), "附件说明", "全角冒号"),
    Case(FORM, "附件后带序号", typed(f"附件1：{FIRST}\n附件2：{SECOND}"), "附件说明"),
    Case(FORM, "没有附件二字", typed(f"1. {FIRST}\n2. {SECOND}"), "附件说明", "“附件：”"),
    Case(FORM, "只有附件二字", typed("附件："), "附件说明", "缺少附件名称"),
    Case(FORM, "多个附件用顿号", typed(f"附件：1、{FIRST}\n2、{SECOND}"), "附件说明第1项", "“1.”"),
    Case(FORM, "多个附件用括号", typed(f"附件：（1）{FIRST}\n（2）{SECOND}"), "附件说明第2项"),
    Case(FORM, "多个附件缺序号", typed(f"附件：1. {FIRST}\n{SECOND}"), "附件说明第2项", "“2. "),
    Case(
        FORM,
        "一个附件编了序号",
        request(raw_attachment_note="附件：1. 2027年以工代赈项目汇总表"),
        "附件说明第1项",
        "不编序号",
    ),
    Case(FORM, "名称前自带序号", named(f"1. {FIRST}", f"2. {SECOND}"), "附件说明第1项"),
    Case(FORM, "名称前自带附件", named(f"附件1：{FIRST}", SECOND), "附件说明第1项"),
    Case(NUMBERING, "跳号", typed(f"附件：1. {FIRST}\n3. {SECOND}"), "附件说明第2项", "“2.”"),
    Case(NUMBERING, "不从1开始", typed(f"附件：2. {FIRST}\n3. {SECOND}"), "附件说明第1项"),
    Case(PUNCTUATION, "名称后句号", typed(f"附件：1. {FIRST}。\n2. {SECOND}"), "附件说明第1项"),
    Case(PUNCTUATION, "名称后分号", typed(f"附件：1. {FIRST}；\n2. {SECOND}"), "附件说明第1项"),
    Case(PUNCTUATION, "未输原文时的名称", named(FIRST, f"{SECOND}。"), "附件说明第2项", "“。”"),
    Case(
        FILES,
        "少了一个文件",
        notice(attachment_files=(f"{FIRST}.xlsx",)),
        "附件说明第2项",
        f"“{SECOND}”",
    ),
    Case(
        FILES,
        "多了一个文件",
        notice(attachment_files=(f"{FIRST}.xlsx", f"{SECOND}.docx", "会议通知.pdf")),
        "附件",
        "“会议通知.pdf”",
    ),
    Case(FILES, "没有上传文件", notice(attachment_files=()), "附件说明第1项"),
    Case(FILES, "有文件无附件说明", notice(raw_attachment_note="", attachments=()), "附件"),
    Case(
        FILES,
        "附件N超出项数",
        notice(attachment_files=("附件1.xlsx", "附件3.docx")),
        "附件说明第2项",
    ),
    Case(
        FILES, "多个附件时文件只叫附件", notice(attachment_files=("附件.pdf", "附件1.xlsx")), "附件"
    ),
]

PASSING = [
    Case(FORM, "多个附件", notice()),
    Case(FORM, "一个附件", request()),
    Case(FORM, "全角下脚点", typed(f"附件：1．{FIRST}\n2．{SECOND}")),
    Case(FORM, "名称以年份开头不是序号", request()),
    Case(FORM, "只有名称", named(FIRST, SECOND)),
    Case(NUMBERING, "连续", notice()),
    Case(NUMBERING, "名称中的数字", typed(f"附件：1. {FIRST}\n2. 2026年{SECOND}")),
    Case(PUNCTUATION, "无标点", notice()),
    Case(PUNCTUATION, "名称中的括号", typed(f"附件：1. {FIRST}（试行）\n2. {SECOND}")),
    Case(
        FILES,
        "文件名带附件序号",
        notice(attachment_files=(f"附件1-{FIRST}.pdf", f"附件2_{SECOND}.docx")),
    ),
    Case(FILES, "文件名带序号", notice(attachment_files=(f"1.{FIRST}.xlsx", f"2. {SECOND}.pdf"))),
    Case(
        FILES,
        "全角括号与半角括号",
        notice(
            raw_attachment_note=f"附件：1. {FIRST}（试行）\n2. {SECOND}",
            attachment_files=(f"{FIRST}(试行).xlsx", f"{SECOND}.docx"),
        ),
    ),
    Case(FILES, "无附件", notice(raw_attachment_note="", attachments=(), attachment_files=())),
    Case(FILES, "文件只叫附件N", notice(attachment_files=("附件2.docx", "附件1.xlsx"))),
    Case(FILES, "一个附件的文件只叫附件", request(attachment_files=("附件.pdf",))),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)
