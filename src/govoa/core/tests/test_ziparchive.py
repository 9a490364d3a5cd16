"""The archive guard reads the central directory only: it refuses too many members, a
directory too large for them, a declared total past the limit, a member compressed beyond an
honest ratio, overlapping members, encrypted members and nested archives."""

import io
import struct

import pytest

from govoa.core.errors import ValidationFailed
from govoa.core.xlsx import read_sheets
from govoa.core.ziparchive import (
    ArchiveDamaged,
    ArchiveLimits,
    ArchiveRefused,
    ArchiveTooLarge,
    inspect_zip,
)
from govoa.testing.archives import MB, Filler, python_peak, xlsx_bomb, zip_of

LIMITS = ArchiveLimits(members=10, expanded=8 * MB, ratio=100)


def inspect(content: bytes, limits: ArchiveLimits = LIMITS) -> frozenset[str]:
    return inspect_zip(io.BytesIO(content), label="附件.docx", limits=limits)


def test_names_are_listed_and_the_stream_is_left_at_the_start():
    stream = io.BytesIO(zip_of({"a.xml": b"<a/>", "b/c.xml": b"<c/>"}))
    assert inspect_zip(stream, limits=LIMITS) == {"a.xml", "b/c.xml"}
    assert stream.tell() == 0


def test_too_many_members():
    with pytest.raises(ArchiveTooLarge, match="超过 10 个"):
        inspect(zip_of({f"{n}.xml": b"<a/>" for n in range(11)}))


def test_a_directory_too_large_for_its_members_is_refused_before_it_is_parsed():
    with pytest.raises(ArchiveTooLarge, match="超过 10 个"):
        inspect(zip_of({"长" * 600 + f"{n}.xml": b"<a/>" for n in range(3)}))


def test_the_declared_total_counts_every_member():
    members = {f"{n}.xml": Filler(3 * MB) for n in range(3)}  # 9 MB in all, 3 MB each
    with pytest.raises(ArchiveTooLarge, match="解压后超过 8 MB"):
        inspect(zip_of(members), ArchiveLimits(members=10, expanded=8 * MB, ratio=10_000))


def test_a_member_compressed_beyond_the_ratio():
    with pytest.raises(ArchiveTooLarge, match="压缩比异常（超过 100 倍）"):
        inspect(zip_of({"word/document.xml": Filler(2 * MB)}))
    # below the floor the ratio is not held against a small part
    assert inspect(zip_of({"word/styles.xml": b" " * 500_000}))


def test_overlapping_members_are_damaged():
    """Two directory entries pointing at the same data (a "non-recursive" zip bomb)."""
    single = zip_of({"a.xml": Filler(2 * MB, b"a")})
    directory = single.index(b"PK\x01\x02")
    end = single.index(b"PK\x05\x06")
    entry = single[directory:end]
    twice = single[:directory] + entry + entry.replace(b"a.xml", b"b.xml")
    start = directory
    twice += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, 2 * len(entry), start, 0)
    with pytest.raises(ArchiveDamaged, match="重叠"):
        inspect(twice, ArchiveLimits(members=10, expanded=8 * MB, ratio=100_000))


def test_encrypted_members_and_nested_archives_are_refused():
    encrypted = bytearray(zip_of({"a.xml": b"<a/>"}))
    at = encrypted.index(b"PK\x01\x02") + 8
    encrypted[at] |= 0x1
    with pytest.raises(ArchiveRefused, match="加密"):
        inspect(bytes(encrypted))
    with pytest.raises(ArchiveRefused, match="压缩包"):
        inspect(zip_of({"附件/材料.rar": b"Rar!"}))


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really", b"", b"PK\x05\x06" + b"\xff" * 18])
def test_what_is_not_an_archive_is_damaged(content):
    with pytest.raises(ArchiveDamaged):
        inspect(content)


def test_an_xlsx_bomb_is_refused_by_the_import_before_openpyxl_reads_it():
    bomb = xlsx_bomb(512 * MB)
    assert len(bomb) < MB
    with pytest.raises(ArchiveTooLarge) as excinfo:
        read_sheets(io.BytesIO(bomb))
    assert excinfo.value.status == 413
    assert python_peak(lambda: read_sheets(io.BytesIO(bomb))) < 8 * MB


def test_a_damaged_workbook_is_still_a_validation_error():
    with pytest.raises(ValidationFailed, match="无法读取该 Excel 文件"):
        read_sheets(io.BytesIO(b"PK\x03\x04 not a workbook"))
