"""The text of an attachment, for the index: PDF (pypdfium2), DOCX (python-docx), OFD (its
XML pages). Anything else, or a file that cannot be read, gives no text — the record is
still found by its title and 文号."""

import io
import logging
import zipfile
from xml.etree import ElementTree

import docx
import pypdfium2

from govoa.documents.files import open_stored
from govoa.documents.models import StoredFile

logger = logging.getLogger("govoa.search")

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_CHARS = 200_000
MAX_PAGES = 200


def _pdf(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        parts = []
        for index in range(min(len(pdf), MAX_PAGES)):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        pdf.close()


def _docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _ofd(data: bytes) -> str:
    """OFD (GB/T 33190): a zip whose pages' ``Content.xml`` hold the text in ``TextCode``."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pages = sorted(n for n in archive.namelist() if n.endswith("Content.xml"))
        for name in pages[:MAX_PAGES]:
            root = ElementTree.fromstring(archive.read(name))  # noqa: S314 - checked at upload
            parts += [el.text or "" for el in root.iter() if el.tag.endswith("TextCode")]
    return "".join(parts)


READERS = {"pdf": _pdf, "docx": _docx, "ofd": _ofd}


def text_of_bytes(kind: str, data: bytes) -> str:
    reader = READERS.get(kind)
    if reader is None or len(data) > MAX_FILE_BYTES:
        return ""
    try:
        return reader(data)[:MAX_CHARS]
    except Exception:  # a damaged file must not stop the indexing of its record
        logger.warning("search: no text from a %s attachment", kind, exc_info=True)
        return ""


def text_of_file(stored: StoredFile) -> str:
    if stored.kind not in READERS or stored.size > MAX_FILE_BYTES:
        return ""
    try:
        with open_stored(stored) as handle:
            data = handle.read()
    except OSError:
        logger.warning("search: attachment %s cannot be read", stored.pk, exc_info=True)
        return ""
    return text_of_bytes(stored.kind, data)
