"""Uploads that carry active content are refused: HTML or SVG markup a browser could run (a
PDF/HTML polyglot), PDFs with JavaScript, launch actions, rich media, XFA forms or embedded
files, and Word files with macros or ActiveX controls.

PDFs are checked by name, the way a viewer finds these features: an action is a dictionary
whose names (``/S /JavaScript``, ``/Launch``, the ``/JavaScript`` name tree, ``/XFA``,
``/EmbeddedFiles`` …) must be written as PDF names. Two places hold dictionaries:

- plain objects, anywhere in the file: the whole file is scanned, whatever its cross-reference
  table says, so a forged or broken table cannot hide an object a viewer would rebuild;
- compressed object streams (PDF 1.5+): pypdf finds, decrypts (owner-password-only files) and
  decompresses them under a size budget, and their text is scanned the same way.

Names may be written with ``#xx`` escapes (``/J#61vaScript``); they are decoded before they
are compared. A PDF whose object streams cannot be read (damaged, or locked with a password)
is refused, since nothing could vouch for it. Binary stream data (images, fonts) is scanned
too, so only names long enough never to occur there by chance are looked for in it; the
short ones (``/JS``, ``/XFA``) are looked for in object-stream text, and ``/XFA`` in the file
only in the form of a dictionary entry.
"""

import re
from collections.abc import Iterable, Iterator

from django.conf import settings

from govoa.core.errors import GovOAError
from govoa.core.ziparchive import Stream

HEAD_BYTES = 1024
_CHUNK = 4 * 1024 * 1024
_OVERLAP = 256

# What a browser sniffing the first bytes would take for HTML (WHATWG MIME sniffing, tags of
# four letters or more so that binary data never matches by chance), and SVG.
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|style|title|table|meta)"
    rb"[\s>/]",
    re.IGNORECASE,
)

_NAME = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2}){2,40})")
_XFA_ENTRY = re.compile(rb"/(?:X|#58)(?:F|#46)(?:A|#41)\s*(?:\[|\d+\s+\d+\s+R)")

FEATURES = {
    "JavaScript": "JavaScript 脚本",
    "JS": "JavaScript 脚本",
    "Rendition": "多媒体播放动作（Rendition，可含脚本）",
    "Launch": "启动外部程序的动作（Launch）",
    "RichMedia": "富媒体（Flash 等）",
    "RichMediaExecute": "富媒体（Flash 等）",
    "XFA": "XFA 动态表单（可含脚本）",
    "EmbeddedFile": "内嵌的文件",
    "EmbeddedFiles": "内嵌的文件",
    "FileAttachment": "内嵌的文件",
}
SHORT = {"JS", "XFA"}


class ActiveContentRefused(GovOAError):
    code = "active_content"
    status = 415


def _decoded(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw).decode("latin-1")


def _names(data: bytes, *, binary: bool) -> set[str]:
    """The feature names in ``data`` (and ``ObjStm``, which says there is more to read)."""
    found = set()
    for match in _NAME.finditer(data):
        raw = match[1]
        name = _decoded(raw) if b"#" in raw else raw.decode("ascii")
        if name == "ObjStm" or (name in FEATURES and not (binary and name in SHORT)):
            found.add(name)
    if binary and _XFA_ENTRY.search(data):
        found.add("XFA")
    return found


def _chunks(stream: Stream) -> Iterator[bytes]:
    """The file in overlapping chunks, so that a name across a boundary is still seen."""
    stream.seek(0)
    tail = b""
    while chunk := stream.read(_CHUNK):
        yield tail + chunk
        tail = chunk[-_OVERLAP:]
    stream.seek(0)


def _object_streams(stream: Stream, label: str) -> Iterator[bytes]:
    """The decoded text of each compressed object stream, within the size budget."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    budget = settings.GOVOA_PDF_OBJECT_STREAMS_MAX_BYTES
    stream.seek(0)
    try:
        with apply_configuration(
            zlib_maximum_output_length=budget,
            lzw_maximum_output_length=budget,
            run_length_maximum_output_length=budget,
            stream_decoding_work_maximum_length=budget * 2,
        ):
            reader = PdfReader(stream, strict=False)  # type: ignore[arg-type]
            if reader.is_encrypted and not reader.decrypt(""):
                raise ActiveContentRefused(
                    f"“{label}”已加密（需要密码才能打开），系统无法检查其内容。请解除密码后上传。"
                )
            numbers = sorted({number for number, _index in reader.xref_objStm.values()})
            for number in numbers:
                data = reader.get_object(number).get_data()  # type: ignore[union-attr]
                budget -= len(data)
                if budget < 0:
                    raise LimitReachedError("object streams over budget")
                yield data
    except ActiveContentRefused:
        raise
    except LimitReachedError as exc:
        raise ActiveContentRefused(
            f"“{label}”内的压缩数据解压后过大（可能是“压缩炸弹”），不予接收。"
        ) from exc
    except Exception as exc:  # pypdf raises many kinds (and RecursionError) for a broken file
        raise ActiveContentRefused(
            f"“{label}”的结构已损坏，系统无法检查其中是否含有脚本。请用 PDF 阅读器另存后重新上传。"
        ) from exc
    finally:
        stream.seek(0)


def pdf_features(stream: Stream, *, label: str = "文件") -> set[str]:
    """The active features of a PDF, as Chinese labels (empty: none)."""
    found: set[str] = set()
    for chunk in _chunks(stream):
        found |= _names(chunk, binary=True)
    if found == {"ObjStm"}:
        for text in _object_streams(stream, label):
            found |= _names(text, binary=False)
    return {FEATURES[name] for name in found - {"ObjStm"}}


def has_markup(stream: Stream) -> bool:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return _MARKUP.search(head) is not None


MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")


def refuse_active_content(kind: str, stream: Stream, *, label: str, members: Iterable[str]) -> None:
    """Raises ``ActiveContentRefused`` (415) for an upload carrying active content."""
    if has_markup(stream):
        raise ActiveContentRefused(
            f"“{label}”含有网页代码（HTML/SVG/脚本），不予接收。请上传原始文件。"
        )
    if kind == "pdf":
        features = pdf_features(stream, label=label)
        if features:
            raise ActiveContentRefused(
                f"“{label}”含有{'、'.join(sorted(features))}，可能危害查看者的计算机，不予接收。"
                "请另存为不含脚本和附件的 PDF 后上传。"
            )
    if kind == "docx":
        lowered = [name.lower() for name in members]
        if any(name.endswith(MACRO_PARTS) or "/activex/" in name for name in lowered):
            raise ActiveContentRefused(
                f"“{label}”含有宏或 ActiveX 控件，不予接收。请另存为不含宏的 Word 文档（.docx）。"
            )
