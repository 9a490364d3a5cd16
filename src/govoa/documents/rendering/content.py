"""What each element of an official document says, as the PDF and the DOCX renderers both
print it: punctuation the standard adds, numbering of attachments, heading faces, where the
署名 and 成文日期 stand, and what the 版记 holds."""

from dataclasses import dataclass

from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.geometry import CHARS_PER_LINE, text_width
from govoa.documents.structure import Layout, OfficialDocument, Paragraph


def recipients_text(doc: OfficialDocument) -> str:
    """主送机关, ending with a full-width colon (7.3.2)."""
    return "，".join(doc.recipients) + "：" if doc.recipients else ""


def cc_text(doc: OfficialDocument) -> str:
    """抄送机关 after “抄送：”, ending with a full stop (7.4.2)."""
    return "，".join(doc.cc) + "。" if doc.cc else ""


def title_lines(doc: OfficialDocument) -> list[str]:
    """The title's lines where the drafter broke it (词意完整, 排列对称 is a human call)."""
    return [line.strip() for line in doc.title.split("\n") if line.strip()]


def paragraph_parts(paragraph: Paragraph) -> dict[str, str]:
    """``level`` ("0"–"4"), ``head`` in the heading's face and ``rest`` in 仿宋.

    A heading's own words take its face; a sentence after them (“（一）加强领导。各单位
    要……”) stays in 仿宋. Numbered words longer than a line are a numbered paragraph (as a
    纪要's “一、会议原则同意……。”), not a heading, and are set in 仿宋 throughout."""
    text = paragraph.text
    stop = text.find("。")
    head, rest = (text[: stop + 1], text[stop + 1 :]) if 0 <= stop < len(text) - 1 else (text, "")
    if not paragraph.level or text_width(head) > CHARS_PER_LINE:
        return {"level": "0", "head": "", "rest": text}
    return {"level": str(paragraph.level), "head": head, "rest": rest}


def attachment_notes(doc: OfficialDocument) -> list[dict[str, str]]:
    """附件说明 (7.3.4): “附件：名称”, or “附件：1. 名称” with later numbers under the first."""
    if len(doc.attachments) == 1:
        return [{"label": "附件：", "number": "", "name": doc.attachments[0].name}]
    return [
        {"label": "附件：" if index == 1 else "", "number": f"{index}.", "name": note.name}
        for index, note in enumerate(doc.attachments, start=1)
    ]


def attachment_pages(doc: OfficialDocument, *, parsed: bool = True) -> list[dict[str, object]]:
    """附件 with their own text, each to start a page with “附件N” and its title (7.3.7);
    ``body`` is the paragraphs' parts, or with ``parsed=False`` the paragraphs themselves."""
    single = len(doc.attachments) == 1
    return [
        {
            "label": "附件" if single else f"附件{index}",
            "title": note.name,
            "body": [paragraph_parts(p) for p in note.body] if parsed else note.body,
        }
        for index, note in enumerate(doc.attachments, start=1)
        if note.body
    ]


def attendance_rows(doc: OfficialDocument) -> list[dict[str, str]]:
    """纪要格式 (10.3): 出席, 请假, 列席, each a label in 黑体 and names in 仿宋."""
    rows = (("出席", doc.attendees), ("请假", doc.absentees), ("列席", doc.observers))
    return [{"label": f"{label}：", "names": "、".join(names)} for label, names in rows if names]


def note_text(doc: OfficialDocument) -> str:
    """附注 in parentheses (7.3.6)."""
    note = doc.note.strip()
    if not note or note.startswith(("（", "(")):
        return note
    return f"（{note}）"


def order_signer(doc: OfficialDocument) -> tuple[str, str]:
    """命令（令）格式: the signer's name and post (``extra["signer_title"]``)."""
    name = doc.signers[0] if doc.signers else (doc.signatories[0].name if doc.signatories else "")
    return name, doc.extra.get("signer_title", "")


@dataclass(frozen=True)
class SignatureLine:
    """One line of the signature block: its text and where it starts, in 字 from the 版心's
    left edge."""

    text: str
    left: float


@dataclass(frozen=True)
class SignatureBlock:
    """发文机关署名 and 成文日期 (7.3.5), or for 命令格式 the signer's post and name (7.3.5.3,
    in place of the 签名章): ``names`` is then the one line of the name, ``post`` before it
    (2 字 apart), and the date comes after a blank line."""

    blank_lines: int  # above the block
    order: bool
    names: tuple[SignatureLine, ...]
    post: str
    date: SignatureLine | None
    # 联合行文 with seals: the 署名 in rows (``geometry.joint_signature_layout``), each row
    # ``row_lines`` below the previous; the date one line below the last.
    rows: tuple[tuple[SignatureLine, ...], ...] = ()
    row_lines: int = 0


def signature_block(doc: OfficialDocument) -> SignatureBlock | None:
    """Where the signature block's lines stand; ``None`` when there is nothing to sign."""
    if doc.layout == Layout.ORDER and (doc.signers or doc.signatories):
        name, post = order_signer(doc)
        layout = g.order_signature_layout(name, post, doc.date)
        line = SignatureLine(name, layout.names_left[0] if post else layout.names_left[1])
        return SignatureBlock(layout.blank_lines, True, (line,), post, _date_line(doc, layout))
    names = tuple(s.name for s in doc.signatories)
    if not names and not doc.date:
        return None
    sealed = bool(names) and all(s.sealed for s in doc.signatories)
    if sealed and len(names) > 1:
        joint = g.joint_signature_layout(names, doc.date)
        rows = tuple(tuple(SignatureLine(n, x) for n, x in row) for row in joint.rows)
        date = SignatureLine(doc.date, joint.date_left) if doc.date else None
        flat = tuple(line for row in rows for line in row)
        return SignatureBlock(2, False, flat, "", date, rows, g.SEAL_ROW_LINES)
    layout = g.signature_layout(names, doc.date, sealed=sealed)
    lines = tuple(SignatureLine(n, x) for n, x in zip(names, layout.names_left, strict=True))
    return SignatureBlock(layout.blank_lines, False, lines, "", _date_line(doc, layout))


def _date_line(doc: OfficialDocument, layout: g.SignatureLayout) -> SignatureLine | None:
    return SignatureLine(doc.date, layout.date_left) if doc.date else None


@dataclass(frozen=True)
class Colophon:
    """版记 (7.4): ``cc`` is the 抄送机关 after “抄送：” ("" for none); ``printer`` and
    ``issued`` (“…印发”) make the 印发 line, which 信函格式 leaves out (``print_line``)."""

    cc: str
    print_line: bool
    printer: str
    issued: str


def colophon(doc: OfficialDocument) -> Colophon | None:
    """What the 版记 holds; ``None`` when it has no line at all."""
    print_line = doc.layout != Layout.LETTER and bool(doc.printer or doc.print_date)
    if not doc.cc and not print_line:
        return None
    issued = f"{doc.print_date}印发" if doc.print_date else ""
    return Colophon(cc_text(doc), print_line, doc.printer, issued)
