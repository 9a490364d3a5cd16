"""电子文件命名规范: one rule (主题, 日期, 版本, 文号) per agency, empty tokens dropped with
their separator, unsafe characters removed, RFC 6266/5987 headers with an ASCII fallback."""

import datetime
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError

from govoa.core.filenames import (
    DEFAULT_PATTERN,
    ascii_fallback,
    content_disposition,
    file_name,
    file_stem,
    validate_pattern,
)
from govoa.testing.clock import FROZEN_TODAY

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 9)


def test_the_default_rule_names_number_subject_date_and_version(people, frozen_clock):
    assert people.agency.file_name_pattern == DEFAULT_PATTERN
    number = "测发改〔2026〕3号"
    name = file_name(people.staff, "关于报送材料的通知", "pdf", on=DAY, version=2, number=number)
    assert name == "测发改〔2026〕3号_关于报送材料的通知_20260309_V2.pdf"
    today = f"{FROZEN_TODAY:%Y%m%d}"
    assert file_stem(people.staff, "收文登记簿") == f"收文登记簿_{today}_V1"


def test_the_agency_rule_applies_and_empty_tokens_drop_their_separator(people):
    people.agency.file_name_pattern = "{日期}-{主题}-第{版本}版-{文号}"
    people.agency.save()
    assert file_stem(people.agency.pk, "会议纪要", on=DAY) == "20260309-会议纪要-第1版"
    assert file_stem(people.staff, "纪要", on=DAY, number="A1") == "20260309-纪要-第1版-A1"


def test_unsafe_characters_are_removed(people):
    stem = file_stem(people.staff, 'a/b\\c:d*e?"f<g>h|\x00', on=DAY)
    assert stem == "abcdefgh_20260309_V1"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{主题}_{日期}", "{版本}"),
        ("{主题}_{日期}_{版本}_{密级}", "无法识别"),
        ("{主题}/{日期}_{版本}", "不能含有"),
    ],
)
def test_a_bad_pattern_is_refused_in_chinese(pattern, message):
    with pytest.raises(ValidationError) as refused:
        validate_pattern(pattern)
    assert message in refused.value.messages[0]


def test_the_header_has_an_ascii_fallback_and_the_utf8_name():
    header = content_disposition("关于报送材料的通知_20260309_V2.pdf", inline=True)
    plain, encoded = header.split("; filename*=UTF-8''")
    assert plain == 'inline; filename="20260309_V2.pdf"'
    assert unquote(encoded) == "关于报送材料的通知_20260309_V2.pdf"
    assert ascii_fallback("登记簿.xlsx") == "file.xlsx"
