import hashlib
import io
import zipfile

import pytest

from govoa.documents.files import (
    FileTooLarge,
    FileTypeRefused,
    check_upload,
    sniff,
    store_upload,
    verify_fixity,
)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def zipped(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (b"II*\x00" + b"\x00" * 8, "tiff"),
        (zipped("OFD.xml"), "ofd"),
        (zipped("word/document.xml"), "docx"),
        (b"MZ\x90\x00 a program", None),
        (zipped("other.txt"), None),
        (b"plain text", None),
    ],
)
def test_kind_is_read_from_the_content(content, kind):
    assert sniff(io.BytesIO(content)) == kind


def test_accepted_upload():
    checked = check_upload("请示.pdf", io.BytesIO(PDF))
    assert (checked.name, checked.kind.code, checked.size) == ("请示.pdf", "pdf", len(PDF))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.pdf", b"MZ\x90\x00 program", "不是可接受的文件类型"),
        ("照片.pdf", PNG, "扩展名与内容不符：内容是 PNG 图片"),
        ("报告.docx", zipped("OFD.xml"), "内容是 OFD"),
        ("空.pdf", b"", "是空文件"),
    ],
)
def test_disguised_or_empty_files_are_refused(name, content, message):
    with pytest.raises(FileTypeRefused, match=message) as excinfo:
        check_upload(name, io.BytesIO(content))
    assert excinfo.value.status == 415


def test_oversize_is_413():
    with pytest.raises(FileTooLarge) as excinfo:
        check_upload("大.pdf", io.BytesIO(PDF + b"0" * 2048), max_bytes=1024)
    assert excinfo.value.status == 413
    assert "超过" in excinfo.value.message


@pytest.mark.django_db
def test_stored_with_digests_and_fixity(people):
    stream = io.BytesIO(PDF)
    checked = check_upload("../../etc/passwd.pdf", stream)
    stored = store_upload(
        agency_id=people.agency.pk, uploaded_by=people.registrar, checked=checked, stream=stream
    )
    assert stored.name == "passwd.pdf"  # no path from the client survives
    assert "/" in stored.storage_key
    assert "passwd" not in stored.storage_key  # a random key, not the client's name
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.sm3 == hashlib.new("sm3", PDF).hexdigest()
    assert verify_fixity(stored)


def damaged(**edits: bytes) -> bytes:
    """A DOCX whose central directory entry is overwritten at the given offsets."""
    content = bytearray(zipped("word/document.xml"))
    entry = content.index(b"PK\x01\x02")
    for offset, value in edits.items():
        at = entry + int(offset.removeprefix("at_"))
        content[at : at + len(value)] = value
    return bytes(content)


@pytest.mark.parametrize(
    "content",
    [
        damaged(at_6=b"\x63\x00"),  # "version needed" 9.9: NotImplementedError in zipfile
        damaged(at_8=b"\x00\x08", at_46=b"\xff"),  # a UTF-8 name that is not: UnicodeDecodeError
    ],
)
def test_a_damaged_archive_is_refused_not_a_crash(content):
    with pytest.raises(FileTypeRefused, match="不是可接受的文件类型"):
        check_upload("公文.docx", io.BytesIO(content))


def test_a_long_name_keeps_its_extension():
    checked = check_upload("关" * 300 + ".pdf", io.BytesIO(PDF))
    assert checked.name.endswith(".pdf")
    assert len(checked.name) == 200
