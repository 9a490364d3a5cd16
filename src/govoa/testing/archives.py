"""Crafted ZIP-based files for tests: real archives, including "zip bombs" whose members
expand to hundreds of megabytes or more, built without ever holding the expanded bytes.

A run of one byte repeated is deflated once per megabyte block with a full flush, which resets
the compressor, so every block compresses to the same bytes: the member's data is that block
repeated, and the archive is written by hand around it (local headers, central directory, end
record)."""

import functools
import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MB = 1024 * 1024
_BLOCK = MB


@dataclass(frozen=True)
class Filler:
    """``size`` bytes of ``byte`` (a space keeps an XML part well-formed), between a head
    and a tail."""

    size: int
    byte: bytes = b" "
    head: bytes = b""
    tail: bytes = b""

    @property
    def total(self) -> int:
        return len(self.head) + self.size + len(self.tail)


@functools.cache
def _deflated_block(byte: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(byte * _BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)


def deflated(filler: Filler) -> tuple[bytes, int, int]:
    """Raw deflate data of the filler, its CRC-32 and its Adler-32."""
    if filler.size % _BLOCK:
        raise ValueError("filler size must be a whole number of megabytes")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(filler.head) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = _deflated_block(filler.byte) * (filler.size // _BLOCK)
    tail = compressor.compress(filler.tail) + compressor.flush()
    block = filler.byte * _BLOCK
    crc, adler = zlib.crc32(filler.head), zlib.adler32(filler.head)
    for _ in range(filler.size // _BLOCK):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    crc, adler = zlib.crc32(filler.tail, crc), zlib.adler32(filler.tail, adler)
    return head + body + tail, crc, adler


def zip_of(members: Mapping[str, bytes | Filler]) -> bytes:
    """An archive of the given members: bytes are deflated as they are, a ``Filler`` is
    deflated block by block (sizes must fit in 32 bits: no ZIP64)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, content in members.items():
        if isinstance(content, Filler):
            data, crc, _ = deflated(content)
            size = content.total
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = compressor.compress(content) + compressor.flush()
            crc, size = zlib.crc32(content), len(content)
        encoded = name.encode()
        offset = out.tell()
        # version 2.0, UTF-8 names, deflated, dated 1980-01-01
        common = (0x800, 8, 0, 0x21, crc, len(data), size, len(encoded))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *common, 0))
        out.write(encoded)
        out.write(data)
        directory.write(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *common, 0, 0, 0, 0, 0, offset)
        )
        directory.write(encoded)
    start, count, table = out.tell(), len(members), directory.getvalue()
    out.write(table)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(table), start, 0))
    return out.getvalue()


_OOXML = "http://schemas.openxmlformats.org"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_MAIN}"/>'
    "</Types>"
).encode()
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OOXML}/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/>'
    "</Relationships>"
).encode()
W = f'xmlns:w="{_OOXML}/wordprocessingml/2006/main"'.encode()


def docx_of(body: bytes | Filler, extra: Mapping[str, bytes | Filler] | None = None) -> bytes:
    """A DOCX whose ``word/document.xml`` holds ``body`` (a Filler goes between the opening
    and closing tags of the body, so the part stays well-formed)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + b"><w:body>"
    tail = b"</w:body></w:document>"
    if isinstance(body, Filler):
        document: bytes | Filler = Filler(body.size, body.byte, head + body.head, body.tail + tail)
    else:
        document = head + body + tail
    return zip_of(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": PACKAGE_RELS,
            "word/document.xml": document,
            **(extra or {}),
        }
    )


def paragraphs(*texts: str) -> bytes:
    return b"".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>".encode() for t in texts)


def xlsx_bomb(expanded: int) -> bytes:
    """A real workbook (openpyxl's) whose first sheet is padded to ``expanded`` bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["登录名", "姓名"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    members: dict[str, bytes | Filler] = {}
    for info in source.infolist():
        data = source.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            split = data.index(b"<sheetData>")
            members[info.filename] = Filler(expanded, b" ", data[:split], data[split:])
        else:
            members[info.filename] = data
    return zip_of(members)


def python_peak(call: Callable[[], object]) -> int:
    """The peak of memory Python allocated while ``call`` ran (bytes); an exception it raises
    is swallowed (the caller checks the refusal separately)."""
    tracemalloc.start()
    try:
        call()
    except Exception:  # noqa: S110 — only the memory is measured here
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak
