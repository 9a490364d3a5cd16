"""An official document (公文) as structured data: what the GB/T 9704 renderer draws and
what the format checker (核稿助手) examines. No database access here.

The field names follow the elements of 条例 第九条 / GB/T 9704-2012 第 7 章."""

from dataclasses import dataclass, field
from enum import StrEnum


class Layout(StrEnum):
    """GB/T 9704 formats: the ordinary 文件格式 and the special ones of chapter 10."""

    STANDARD = "standard"  # 文件格式
    LETTER = "letter"  # 信函格式 (10.1)
    ORDER = "order"  # 命令（令）格式 (10.2)
    MINUTES = "minutes"  # 纪要格式 (10.3)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of 正文. ``level`` 0 is plain text; 1–4 are headings numbered
    一、 / （一） / 1. / （1） (GB/T 9704 7.3.3); ``number`` is the numbering as written."""

    text: str
    level: int = 0
    number: str = ""


@dataclass(frozen=True)
class AttachmentNote:
    """One entry of 附件说明, and optionally the attachment's own text (附件 pages)."""

    name: str
    body: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Signatory:
    """An issuing agency as signed (署名), with its seal (印章) if sealed."""

    name: str
    sealed: bool = True


@dataclass(frozen=True)
class OfficialDocument:
    """Everything GB/T 9704 places on the pages, already decided (numbers assigned, dates set)."""

    title: str  # 标题, e.g. 某市发展和改革委员会关于……的通知
    doc_type: str = ""  # a documents.vocabulary.DocType value
    layout: Layout = Layout.STANDARD
    copy_number: str = ""  # 份号, e.g. "000001"
    classification: str = ""  # 密级: "", 秘密, 机密, 绝密 (内部/非密 are not printed)
    secrecy_period: str = ""  # 保密期限, e.g. "1年" (printed 秘密★1年)
    urgency: str = ""  # 紧急程度: "", 加急, 特急
    issuer_mark: str = ""  # 发文机关标志, e.g. 某市发展和改革委员会文件
    # 联合行文's joint 发文机关标志 (7.2.4): the agencies' names stacked, lead first, and the
    # word to their right (“文件”, or "" for names alone); used when there are two or more.
    issuer_names: tuple[str, ...] = ()
    issuer_word: str = ""
    doc_number: str = ""  # 发文字号, e.g. 市发改发〔2026〕12号
    signers: tuple[str, ...] = ()  # 签发人 (printed for upward documents)
    upward: bool = False  # 上行文: the 签发人 line goes beside the 发文字号
    recipients: tuple[str, ...] = ()  # 主送机关
    body: tuple[Paragraph, ...] = ()  # 正文
    attachments: tuple[AttachmentNote, ...] = ()  # 附件说明 and 附件
    signatories: tuple[Signatory, ...] = ()  # 发文机关署名 (and seals)
    date: str = ""  # 成文日期, e.g. 2026年11月23日
    note: str = ""  # 附注, printed in parentheses
    cc: tuple[str, ...] = ()  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: str = ""  # 印发日期, e.g. 2026年11月23日
    # 纪要格式: 出席、请假、列席 lines (GB/T 9704 10.3).
    attendees: tuple[str, ...] = ()
    absentees: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
