"""联合行文 (joint issuance): the joint 发文机关标志 names the same agencies as the 署名, in
the same order, lead first (GB/T 9704 7.2.4, 7.3.5); an upward joint document names every
agency's 签发人 (7.2.6; 条例 第二十二条: 联合发文由所有联署机关负责人会签); it carries the
lead's 发文字号 only (条例 第九条（五）)."""

from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.types import CheckInput
from govoa.documents.vocabulary import Direction

register = Registrar("联合行文", order=9)


def _agencies(subject: CheckInput) -> list[str]:
    return [s.name.strip() for s in subject.document.signatories if s.name.strip()]


@register(
    "GB9704-7.2.4-joint-mark-order",
    title="联合发文机关标志与署名的机关及顺序一致（主办机关在前）",
    clause="GB/T 9704-2012 7.2.4、7.3.5.1、7.3.5.2",
)
def joint_mark_order(subject: CheckInput) -> Iterator[Hit]:
    names = [n.strip() for n in subject.document.issuer_names]
    agencies = _agencies(subject)
    if len(names) < 2:
        return
    if len(set(names)) != len(names):
        yield Hit("发文机关标志", "联合发文机关标志中有重复的机关名称。")
    if agencies and agencies != names:
        yield Hit(
            "发文机关署名",
            f"联合行文的署名应与发文机关标志一致、顺序相同（主办机关在前）："
            f"标志为“{'、'.join(names)}”，署名为“{'、'.join(agencies)}”。",
        )


@register(
    "REG-9-joint-signers-upward",
    title="上行的联合行文标注每个机关的签发人",
    clause="《党政机关公文处理工作条例》第九条（六）、第二十二条；GB/T 9704-2012 7.2.6",
)
def joint_signers_upward(subject: CheckInput) -> Iterator[Hit]:
    agencies = _agencies(subject)
    if subject.direction != Direction.UPWARD or not subject.numbered or len(agencies) < 2:
        return
    signers = [s for s in subject.document.signers if s.strip()]
    if signers and len(signers) < len(agencies):
        yield Hit(
            "签发人",
            f"上行的联合行文应标注每个联署机关的签发人：{len(agencies)}个机关，"
            f"只标注了{len(signers)}个签发人。",
        )


@register(
    "REG-9-joint-one-number",
    title="联合行文只标主办机关的发文字号",
    clause="《党政机关公文处理工作条例》第九条（五）；GB/T 9704-2012 7.2.5",
)
def joint_one_number(subject: CheckInput) -> Iterator[Hit]:
    if len(_agencies(subject)) < 2:
        return
    if subject.document.doc_number.count("〔") > 1:
        yield Hit("发文字号", "联合行文使用主办机关的发文字号，只标一个字号。")
