import pytest

from govoa.documents.bodytext import parse_body, parse_organs


def test_headings_are_recognised_by_their_numbering():
    body = parse_body(
        "为做好……工作，现通知如下。\n\n一、总体要求\n（一）指导思想\n"
        "1. 坚持问题导向\n（1）摸清底数\n二、主要任务\n2026年要完成三项工作。\n"
    )
    assert [(p.level, p.number) for p in body] == [
        (0, ""),
        (1, "一、"),
        (2, "（一）"),
        (3, "1."),
        (4, "（1）"),
        (1, "二、"),
        (0, ""),
    ]


def test_a_year_or_a_decimal_is_not_a_heading():
    body = parse_body("2026年完成投资1.5亿元。\n3.5%的增长")
    assert [p.level for p in body] == [0, 0]


def test_a_bare_number_alone_is_not_a_heading():
    assert parse_body("一、")[0].level == 0


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("各县（市、区）人民政府，市直各单位：", ["各县（市、区）人民政府", "市直各单位"]),
        ("市人民政府办公室。", ["市人民政府办公室"]),
        ("甲局\n乙局；丙局、", ["甲局", "乙局", "丙局"]),
        ("  ", []),
    ],
)
def test_organs_are_split_as_typed_but_not_inside_brackets(typed, names):
    assert parse_organs(typed) == names
