"""座次 by protocol: 1 in the centre, 2 at 1's left hand, 3 at the right (as seen by those
seated; printed as the audience sees it, left to right); with an even number 1 and 2 share
the centre, 2 at 1's right hand by default, or at the left by the other rule."""

import pytest

from govoa.meetings.seating import arrange, hall_rows, rostrum_ranks
from govoa.meetings.workflow import EvenRule


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, [1]),
        (3, [3, 1, 2]),
        (5, [5, 3, 1, 2, 4]),
        (7, [7, 5, 3, 1, 2, 4, 6]),
    ],
)
def test_odd_counts_put_the_first_in_the_centre(count, expected):
    assert rostrum_ranks(count) == expected
    assert rostrum_ranks(count, EvenRule.SECOND_LEFT) == expected
    assert expected[count // 2] == 1


@pytest.mark.parametrize(
    ("count", "second_right", "second_left"),
    [
        (2, [2, 1], [1, 2]),
        (4, [4, 2, 1, 3], [3, 1, 2, 4]),
        (6, [6, 4, 2, 1, 3, 5], [5, 3, 1, 2, 4, 6]),
    ],
)
def test_even_counts_follow_the_configured_rule(count, second_right, second_left):
    assert rostrum_ranks(count, EvenRule.SECOND_RIGHT) == second_right
    assert rostrum_ranks(count, EvenRule.SECOND_LEFT) == second_left
    # 1 and 2 share the centre either way.
    middle = {second_right[count // 2 - 1], second_right[count // 2]}
    assert middle == {1, 2}


def test_arrange_and_hall_rows_seat_people_by_rank():
    names = ["主任", "副主任甲", "副主任乙", "处长"]
    assert arrange(names) == ["处长", "副主任甲", "主任", "副主任乙"]
    rows = hall_rows([f"P{n}" for n in range(1, 8)], 5, EvenRule.SECOND_RIGHT)
    assert rows == [["P5", "P3", "P1", "P2", "P4"], ["P7", "P6"]]
    assert rostrum_ranks(0) == []
