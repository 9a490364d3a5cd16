"""Crafted PDFs for tests: a valid one-page document whose catalog may carry extra entries
(an ``/OpenAction``, ``/Names`` …) and extra objects, written either as plain objects with a
classic cross-reference table or packed into a compressed object stream (PDF 1.5) with a
cross-reference stream — where a scan of the raw bytes cannot see them."""

import struct
import zlib
from collections.abc import Sequence

from govoa.testing.archives import Filler, deflated

PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def _flate(data: bytes, padding: int = 0) -> bytes:
    """zlib data of ``data`` followed by ``padding`` spaces (megabytes, made cheaply)."""
    if not padding:
        return zlib.compress(data)
    raw, _crc, adler = deflated(Filler(padding, b" ", head=data))
    return b"\x78\xda" + raw + struct.pack(">L", adler)


def pdf_of(
    catalog: bytes = b"",
    objects: Sequence[bytes] = (),
    *,
    object_stream: bool = False,
    padding: int = 0,
) -> bytes:
    """Objects 1 (catalog, with ``catalog`` inside it), 2 (pages), 3 (page), then
    ``objects`` as 4, 5 …; with ``object_stream`` they all go into one compressed object
    stream, padded with ``padding`` bytes of blanks once decompressed."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>", PAGES, PAGE, *objects]
    if object_stream:
        return _with_object_stream(bodies, padding)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def _with_object_stream(bodies: list[bytes], padding: int) -> bytes:
    header, text = [], b""
    for number, body in enumerate(bodies, start=1):
        header.append(b"%d %d" % (number, len(text)))
        text += body + b"\n"
    first = b" ".join(header) + b"\n"
    data = _flate(first + text, padding)
    stream_number, xref_number = len(bodies) + 1, len(bodies) + 2
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(bodies),
        len(first),
        len(data),
    )
    out += b"stream\n" + data + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [struct.pack(">BLH", 0, 0, 65535)]
    rows += [struct.pack(">BLH", 2, stream_number, index) for index in range(len(bodies))]
    rows += [struct.pack(">BLH", 1, stream_offset, 0), struct.pack(">BLH", 1, xref_offset, 0)]
    table = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
        b" /Length %d >>\nstream\n" % (xref_number, xref_number + 1, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


JS_OPEN_ACTION = b"/OpenAction 4 0 R"
JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('GovOA'\\)) >>"
LAUNCH_ACTION = b"<< /Type /Action /S /Launch /F (cmd.exe) >>"
