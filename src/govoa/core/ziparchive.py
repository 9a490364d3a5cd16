"""The one guard for every ZIP-based file the system opens (DOCX, XLSX, OFD): it reads the
central directory only — never a member — and refuses an archive whose members are too many,
whose declared uncompressed total is too large, whose members are compressed beyond any
honest ratio, or which nests archives or encrypted members.

Why the declared sizes are enough: ``zipfile`` (which python-docx and openpyxl use) stops
decompressing a member at the size the central directory declares and fails its CRC check
there, so an archive cannot expand past what this guard has already accepted. The central
directory itself is bounded before ``zipfile`` parses it: its size and entry count come from
the end record, read with ``zipfile``'s own reader so that both see the same directory.
"""

import zipfile
from dataclasses import dataclass, replace
from typing import Protocol

from django.conf import settings

from govoa.core.errors import GovOAError

MB = 1024 * 1024
# Below this declared size a member's ratio is not checked: a small XML part of blanks may
# compress 1,000 to 1 harmlessly; the total limit still counts it.
RATIO_FLOOR = MB
# The central directory may hold this many bytes per allowed member (a real entry is about
# 100 bytes); a larger directory is refused before zipfile builds an object per entry.
DIRECTORY_BYTES_PER_MEMBER = 256
NESTED_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab", ".jar")


class Stream(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


class ArchiveDamaged(GovOAError):
    code = "archive_damaged"
    status = 415
    default_message = "文件已损坏，无法读取。"


class ArchiveTooLarge(GovOAError):
    code = "archive_too_large"
    status = 413


class ArchiveRefused(GovOAError):
    code = "archive_refused"
    status = 415


@dataclass(frozen=True)
class ArchiveLimits:
    members: int
    expanded: int  # bytes, declared uncompressed total
    ratio: int

    @classmethod
    def default(cls) -> "ArchiveLimits":
        return cls(
            members=settings.GOVOA_ARCHIVE_MAX_MEMBERS,
            expanded=settings.GOVOA_ARCHIVE_MAX_EXPANDED_BYTES,
            ratio=settings.GOVOA_ARCHIVE_MAX_RATIO,
        )

    @classmethod
    def for_reading(cls) -> "ArchiveLimits":
        """For a file the system parses (正文 from DOCX, an XLSX import): XML parts take
        several times their size in memory once parsed, so the total is smaller."""
        return replace(cls.default(), expanded=settings.GOVOA_IMPORT_MAX_EXPANDED_BYTES)


def _directory_bounds(stream: Stream, *, size: int, label: str, limits: ArchiveLimits) -> None:
    # zipfile's own end-record reader (private, but the same code ZipFile runs next), so the
    # bounds checked here are those of the directory zipfile will parse.
    try:
        end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]
    except Exception as exc:
        raise ArchiveDamaged(f"“{label}”已损坏，无法读取。") from exc
    if not end or end[zipfile._ECD_SIZE] > size:  # type: ignore[attr-defined]
        raise ArchiveDamaged(f"“{label}”已损坏，无法读取。")
    entries, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if entries > limits.members or directory > limits.members * DIRECTORY_BYTES_PER_MEMBER:
        raise ArchiveTooLarge(f"“{label}”包含的文件超过 {limits.members} 个，不予接收。")


def inspect_zip(
    stream: Stream, *, label: str = "文件", limits: ArchiveLimits | None = None
) -> frozenset[str]:
    """The names of the archive's members, once its central directory passes the limits.
    Raises ``ArchiveDamaged`` (not a readable archive), ``ArchiveTooLarge`` (413) or
    ``ArchiveRefused`` (415). Reads no member; leaves the stream at 0."""
    limits = limits or ArchiveLimits.default()
    stream.seek(0, 2)
    size = stream.tell()
    _directory_bounds(stream, size=size, label=label, limits=limits)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except Exception as exc:
        # BadZipFile, OSError, NotImplementedError (an unknown version), UnicodeDecodeError
        # (names), struct.error …: whatever it is, the archive is not readable.
        raise ArchiveDamaged(f"“{label}”已损坏，无法读取。") from exc
    finally:
        stream.seek(0)
    _check_members(members, size=size, label=label, limits=limits)
    return frozenset(member.filename for member in members)


def _check_members(
    members: list[zipfile.ZipInfo], *, size: int, label: str, limits: ArchiveLimits
) -> None:
    if len(members) > limits.members:
        raise ArchiveTooLarge(f"“{label}”包含的文件超过 {limits.members} 个，不予接收。")
    if sum(m.compress_size for m in members) > size:
        # Members overlapping one another (a "non-recursive" zip bomb) or lying sizes.
        raise ArchiveDamaged(f"“{label}”的结构异常（压缩数据相互重叠），不予接收。")
    expanded = sum(m.file_size for m in members)
    if expanded > limits.expanded:
        raise ArchiveTooLarge(
            f"“{label}”解压后超过 {limits.expanded // MB} MB，不予接收。请压缩图片或拆分后上传。"
        )
    for member in members:
        if member.file_size > RATIO_FLOOR and (
            member.file_size > member.compress_size * limits.ratio
        ):
            raise ArchiveTooLarge(
                f"“{label}”中的“{member.filename[:60]}”压缩比异常（超过 {limits.ratio} 倍），"
                "可能是“压缩炸弹”，不予接收。"
            )
        if member.flag_bits & 0x1:
            raise ArchiveRefused(f"“{label}”含有加密的内容，系统无法检查，不予接收。")
        if member.filename.lower().endswith(NESTED_ARCHIVES):
            raise ArchiveRefused(
                f"“{label}”内嵌了压缩包“{member.filename[:60]}”，不予接收。"
                "请解压后把其中的文件分别上传。"
            )
