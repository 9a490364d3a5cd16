"""组件 (DA/T 22-2015 5.1) and the 8号令 non-archive list: which files form one 件, in what
order, and which items need not be kept. Pure rules, no database."""

from collections.abc import Sequence
from dataclasses import dataclass

from govoa.archives.workflow import ROLE_ORDER

# 国家档案局8号令 第四条 (不归档范围), matched on what the system knows of an item: the
# words a title carries, or how it was handled.
NON_ARCHIVE_WORDS = [
    (("修改稿", "校对稿", "征求意见稿"), "一般性文件的历次修改稿和校对稿"),
    (("抄件", "参考资料", "供参考"), "供工作参考的抄件、参考材料"),
    (("简报", "情况反映", "信息专报"), "下级机关报送供参阅的简报、情况反映"),
    (("电话记录",), "不需办理的一般性电话记录"),
    (("任免", "奖惩"), "任免、奖惩非本机关人员的文件（请核实是否本机关人员）"),
]
READ_ONLY = "上级普发性、不需本机关办理的文件（仅传阅）"
DUPLICATE = "本机关重份文件"


@dataclass(frozen=True)
class Part:
    """One file of a 件: a stored file, or bytes the system renders at intake."""

    role: str
    name: str
    file: object | None = None  # a documents.StoredFile
    content: bytes | None = None


def ordered(parts: Sequence[Part]) -> list[Part]:
    """The in-item order: by role (``ROLE_ORDER``), stable within a role."""
    return sorted(parts, key=lambda part: ROLE_ORDER[part.role])


def non_archive_reason(*, title: str, read_only: bool = False, duplicate: bool = False) -> str:
    """Why the item may fall under 8号令 第四条, or "" (the archivist decides)."""
    if duplicate:
        return DUPLICATE
    for words, reason in NON_ARCHIVE_WORDS:
        if any(word in title for word in words):
            return reason
    return READ_ONLY if read_only else ""
