"""Line composition (rendering/compose.py) with simple metrics: every character one em, a
digit or Latin letter half an em. 三号 is 5.644 mm, so 156 mm hold 28 字 at the grid's
spacing."""

import pytest

from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.compose import Span, compose


def advance(char: str, _face: str) -> float:
    return 0.5 if char.isascii() else 1.0


def lines(text: str, *, indent: float = 0.0) -> list[str]:
    composed = compose(
        [Span(text)],
        measure=g.TYPE_WIDTH,
        first_measure=g.TYPE_WIDTH - indent * g.CHAR,
        advance=advance,
    )
    return [line.text for line in composed]


def right_edge(line, measure=g.TYPE_WIDTH) -> float:
    widths = sum(advance(c, "") for c in line.text) * g.SIZE_3 * g.PT
    return widths + (len(line.text) - 1) * line.spacing


def test_a_line_holds_28_characters_and_full_lines_fill_the_measure():
    text = "一" * 60
    composed = compose([Span(text)], measure=g.TYPE_WIDTH, advance=advance)
    assert [len(line.text) for line in composed] == [28, 28, 4]
    assert [line.full for line in composed] == [True, True, False]
    for line in composed[:-1]:
        assert right_edge(line) == pytest.approx(g.TYPE_WIDTH, abs=1e-6)
    assert composed[-1].spacing == pytest.approx(g.CHAR - g.SIZE_3 * g.PT)


def test_closing_punctuation_never_starts_a_line():
    """避头: the 28th character goes down with the “，” that would have begun line 2."""
    text = "一" * 28 + "，" + "二" * 10
    assert lines(text) == ["一" * 27, "一，" + "二" * 10]


def test_opening_punctuation_never_ends_a_line():
    text = "一" * 27 + "《二三》" + "四" * 5
    assert lines(text) == ["一" * 27, "《二三》" + "四" * 5]


def test_numbers_are_not_split_between_lines():
    text = "一" * 27 + "2026年" + "二" * 5
    first, second = lines(text)
    assert first == "一" * 27
    assert second.startswith("2026年")
    phone = "联系电话" + "一" * 21 + "0000-12345678。"
    assert lines(phone)[1] == "0000-12345678。"


def test_the_first_line_is_indented_two_characters():
    assert [len(line) for line in lines("一" * 60, indent=2)] == [26, 28, 6]


def test_half_width_digits_make_room_for_more_characters_and_still_fill_the_line():
    text = "于2026年12月15日前" + "一" * 40
    composed = compose([Span(text)], measure=g.TYPE_WIDTH, advance=advance)
    assert len(composed[0].text) > 28
    assert right_edge(composed[0]) == pytest.approx(g.TYPE_WIDTH, abs=1e-6)


def test_faces_are_kept_per_span():
    composed = compose(
        [Span("一、总体要求", "黑体"), Span("各单位要高度重视。")],
        measure=g.TYPE_WIDTH,
        advance=advance,
    )
    assert [(s.text, s.face) for s in composed[0].spans] == [
        ("一、总体要求", "黑体"),
        ("各单位要高度重视。", "仿宋"),
    ]
