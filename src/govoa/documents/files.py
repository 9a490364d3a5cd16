"""Attachments: checked by content (not by name), stored under a random key, digested with
SHA-256 and SM3. An upload that is too large, of a kind not accepted, or whose content does
not match its name is refused with a Chinese message and leaves nothing behind."""

import hashlib
import io
import os
import secrets
import unicodedata
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Protocol, cast

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from govoa.core.errors import GovOAError
from govoa.core.ziparchive import ArchiveDamaged, inspect_zip
from govoa.documents import virusscan
from govoa.documents.activecontent import refuse_active_content
from govoa.documents.models import StoredFile
from govoa.documents.orphans import clear_on_commit, mark_pending

_CHUNK = 1024 * 1024


class Stream(Protocol):
    """What an upload offers: Django's UploadedFile, an open file, BytesIO."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


class FileTooLarge(GovOAError):
    code = "file_too_large"
    status = 413


class FileTypeRefused(GovOAError):
    code = "file_type_refused"
    status = 415


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    "pdf": Kind("pdf", "PDF", "application/pdf", (".pdf",)),
    "ofd": Kind("ofd", "OFD", "application/ofd", (".ofd",)),
    "docx": Kind(
        "docx",
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "png": Kind("png", "PNG 图片", "image/png", (".png",)),
    "jpeg": Kind("jpeg", "JPEG 图片", "image/jpeg", (".jpg", ".jpeg")),
    "tiff": Kind("tiff", "TIFF 图片", "image/tiff", (".tif", ".tiff")),
}
ACCEPTED_LABEL = "PDF、OFD、Word（.docx）、PNG、JPEG、TIFF"


def _identify(stream: Stream, label: str) -> tuple[str | None, frozenset[str]]:
    """The kind a file really is, from its bytes, and an archive's member names. An archive
    is checked by ``inspect_zip`` (central directory only) and may be refused as too large."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf", frozenset()
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", frozenset()
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", frozenset()
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff", frozenset()
    if head.startswith(b"PK\x03\x04"):
        try:
            members = inspect_zip(stream, label=label)
        except ArchiveDamaged:
            return None, frozenset()
        if "OFD.xml" in members:
            return "ofd", members
        if "word/document.xml" in members:
            return "docx", members
    return None, frozenset()


def sniff(stream: Stream, *, label: str = "文件") -> str | None:
    """The kind a file really is, from its bytes; None if none we accept."""
    return _identify(stream, label)[0]


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: Kind
    size: int

    MAX_NAME: ClassVar[int] = 200


def _shortened(name: str) -> str:
    """At most MAX_NAME characters, the extension kept (it is checked against the content)."""
    if len(name) <= CheckedUpload.MAX_NAME:
        return name
    stem, extension = os.path.splitext(name)
    extension = extension[:16]
    return stem[: CheckedUpload.MAX_NAME - len(extension)] + extension


def safe_name(name: str) -> str:
    """The file's own name as shown and downloaded: no directory part (``/`` or ``\\``), no
    control or direction-changing characters (an RLO can disguise ``exe.pdf``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})
    return kept.strip().lstrip(".")


def check_upload(name: str, stream: Stream, *, max_bytes: int | None = None) -> CheckedUpload:
    """Size, kind by content, and agreement of the name's extension with the content."""
    limit = max_bytes or settings.GOVOA_UPLOAD_MAX_BYTES
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    clean_name = _shortened(safe_name(name)) or "未命名"
    if size == 0:
        raise FileTypeRefused(f"“{clean_name}”是空文件。")
    if size > limit:
        raise FileTooLarge(f"“{clean_name}”超过 {limit // (1024 * 1024)} MB，请压缩或拆分后上传。")
    code, members = _identify(stream, clean_name)
    if code is None:
        raise FileTypeRefused(f"“{clean_name}”不是可接受的文件类型。只接受 {ACCEPTED_LABEL}。")
    kind = KINDS[code]
    extension = os.path.splitext(clean_name)[1].lower()
    if extension not in kind.extensions:
        raise FileTypeRefused(
            f"“{clean_name}”的扩展名与内容不符：内容是 {kind.label}，请核对文件后重新上传。"
        )
    refuse_active_content(code, stream, label=clean_name, members=members)
    virusscan.scan(stream, label=clean_name)
    stream.seek(0)
    return CheckedUpload(clean_name, kind, size)


def digests(stream: Stream) -> tuple[str, str]:
    sha256, sm3 = hashlib.sha256(), hashlib.new("sm3")
    stream.seek(0)
    while chunk := stream.read(_CHUNK):
        sha256.update(chunk)
        sm3.update(chunk)
    stream.seek(0)
    return sha256.hexdigest(), sm3.hexdigest()


def store_upload(
    *, agency_id: int, uploaded_by: Any, checked: CheckedUpload, stream: Stream
) -> StoredFile:
    """Save a checked upload. Call inside the transaction that links it to its document; the
    bytes are written first, so a rollback never leaves a dangling row, and the write is
    journalled (``orphans``), so the file of a transaction that does not commit is swept."""
    sha256, sm3 = digests(stream)
    key = f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}{checked.kind.extensions[0]}"
    markers = [mark_pending(key)]
    saved = default_storage.save(key, File(cast(IO[bytes], stream)))  # streamed, not read whole
    if saved != key:  # the storage chose another name: journal that one too
        markers.append(mark_pending(saved))
    stored = StoredFile.objects.create(
        agency_id=agency_id,
        storage_key=saved,
        name=checked.name,
        kind=checked.kind.code,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=sha256,
        sm3=sm3,
        uploaded_by=uploaded_by,
    )
    clear_on_commit(*markers)
    return stored


def store_generated(*, agency_id: int, name: str, kind: str, content: bytes) -> StoredFile:
    """Save a file the system made (a 收文处理单 PDF, …)."""
    stream = io.BytesIO(content)
    return store_upload(
        agency_id=agency_id,
        uploaded_by=None,
        checked=CheckedUpload(name, KINDS[kind], len(content)),
        stream=stream,
    )


def open_stored(stored: StoredFile) -> Any:
    """The stored bytes, as a file to use in ``with``."""
    return default_storage.open(stored.storage_key, "rb")


def verify_fixity(stored: StoredFile) -> bool:
    """Whether the stored bytes still have the recorded digests."""
    with open_stored(stored) as handle:
        sha256, sm3 = digests(handle)
    return (sha256, sm3) == (stored.sha256, stored.sm3)
