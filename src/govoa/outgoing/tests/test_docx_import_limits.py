"""正文 from a Word file: a DOCX whose document.xml expands hugely is refused from its
central directory, before python-docx reads (and lxml parses) a byte of it."""

import io

import pytest

from govoa.core.errors import GovOAError
from govoa.outgoing.services.drafting import body_from_docx
from govoa.testing.archives import MB, Filler, docx_of, paragraphs, python_peak


def test_a_docx_expanding_to_300_mb_is_refused_without_being_parsed():
    bomb = docx_of(Filler(300 * MB))  # about 300 KB, as in the report
    assert len(bomb) < 400 * 1024
    with pytest.raises(GovOAError) as excinfo:
        body_from_docx(("正文.docx", io.BytesIO(bomb)))
    assert excinfo.value.status == 413
    assert "解压后超过" in excinfo.value.message
    assert python_peak(lambda: body_from_docx(("正文.docx", io.BytesIO(bomb)))) < 8 * MB


def test_the_import_limit_is_tighter_than_the_attachment_limit(settings):
    """An attachment may expand to 100 MB; a body to parse only to 32 MB."""
    document = docx_of(paragraphs("正文"), {"word/media/a.bin": b"\0" * (40 * MB)})
    settings.GOVOA_ARCHIVE_MAX_RATIO = 100_000  # only the total is tested here
    with pytest.raises(GovOAError, match="解压后超过 32 MB"):
        body_from_docx(("正文.docx", io.BytesIO(document)))
