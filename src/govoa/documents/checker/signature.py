"""发文机关署名, 印章 and 附注 (GB/T 9704-2012 7.3.5, 7.3.6), and the 出席 line of 纪要 (10.3)."""

from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.types import CheckInput, Severity
from govoa.documents.structure import Layout

register = Registrar("署名与附注", order=8)

PLACE = "发文机关署名"
# The 命令（令）格式 carries the signer's title and 签名章 instead (7.3.5.3); 纪要 are unsigned.
SIGNED_LAYOUTS = (Layout.STANDARD, Layout.LETTER)


@register(
    "REG-9-signatory-missing",
    title="核稿起应有发文机关署名",
    clause="《党政机关公文处理工作条例》第九条（十一）；GB/T 9704-2012 7.3.5",
)
def signatory_missing(subject: CheckInput) -> Iterator[Hit]:
    if not subject.numbered or subject.document.layout not in SIGNED_LAYOUTS:
        return
    if not any(signatory.name.strip() for signatory in subject.document.signatories):
        yield Hit(PLACE, "缺少发文机关署名，应署发文机关全称或规范化简称。")


@register(
    "GB9704-7.3.5.1-seal-signatory",
    title="印章与署名一一对应，不出现空白印章",
    clause="《党政机关公文处理工作条例》第九条（十三）；GB/T 9704-2012 7.3.5.1",
)
def seal_signatory(subject: CheckInput) -> Iterator[Hit]:
    signatories = subject.document.signatories
    for index, signatory in enumerate(signatories, start=1):
        if signatory.sealed and not signatory.name.strip():
            yield Hit(
                PLACE,
                f"第{index}个印章没有对应的署名：印章应下压发文机关署名，不得出现空白印章。",
            )
    sealed = [s.name.strip() for s in signatories if s.sealed and s.name.strip()]
    unsealed = [s.name.strip() for s in signatories if not s.sealed and s.name.strip()]
    if sealed and unsealed:
        yield Hit(
            PLACE,
            f"联合行文的印章应与署名一一对应：{len(sealed)}个署名盖章，"
            f"“{'、'.join(unsealed)}”未盖章。请都加盖印章，或都不加盖。",
        )


@register(
    "GB9704-7.3.6-note-parentheses",
    title="附注加全角圆括号（系统排版时加上）",
    clause="GB/T 9704-2012 7.3.6",
    note="附注可只填括号内的文字，排版时自动加全角圆括号；已自带括号的原样印出"
    "（documents.rendering.content.note_text），所以自带的必须是一对全角圆括号。",
)
def note_parentheses(subject: CheckInput) -> Iterator[Hit]:
    note = subject.document.note.strip()
    if not note.startswith(("（", "(")):
        return
    if note.startswith("(") or not note.endswith("）"):
        yield Hit(
            "附注",
            f"附注“{note}”的括号不规范：附注只需填括号内的文字，系统排版时会加全角圆括号"
            "“（）”；自带括号的，首尾须是一对全角圆括号。",
        )


@register(
    "GB9704-10.3-minutes-attendees",
    title="纪要写明出席人员",
    clause="GB/T 9704-2012 10.3",
    severity=Severity.WARNING,
    note="10.3 规定“出席”“请假”“列席”的编排；纪要格式可由机关根据实际制定。",
)
def minutes_attendees(subject: CheckInput) -> Iterator[Hit]:
    document = subject.document
    if document.layout == Layout.MINUTES and subject.numbered and not document.attendees:
        yield Hit("出席", "纪要应写明出席人员（单位、姓名）。")
