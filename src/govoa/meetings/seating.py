"""座次 by Chinese protocol (no database access).

On the rostrum (主席台) the first-ranked sits in the centre; then the others alternate, the
2nd at the 1st's left hand, the 3rd at the right hand, and so on (左为上, as seen by those
seated). With an even number nobody has the centre: 1 and 2 share it, and by the common rule
the 2nd sits at the 1st's right hand and the 3rd at the 1st's left (``SECOND_RIGHT``); some
agencies keep the odd rule (``SECOND_LEFT``). The hall (台下) fills row by row, each row
from the centre outwards the same way.

Positions are given as the audience sees them (left to right), which is how the 座次表 is
printed: the seated person's left hand is the audience's right."""

from collections.abc import Sequence

from govoa.meetings.workflow import EvenRule


def rostrum_ranks(count: int, even_rule: str = EvenRule.SECOND_RIGHT) -> list[int]:
    """Rank numbers (1 = first) in seat order, from the audience's left to right."""
    if count <= 0:
        return []
    # Build as the seated see it (their left to their right), then mirror for the audience.
    seated: list[int] = [1]
    left_next = not (count % 2 == 0 and even_rule == EvenRule.SECOND_RIGHT)
    for rank in range(2, count + 1):
        if left_next:
            seated.insert(0, rank)
        else:
            seated.append(rank)
        left_next = not left_next
    return list(reversed(seated))


def arrange[T](people: Sequence[T], even_rule: str = EvenRule.SECOND_RIGHT) -> list[T]:
    """``people`` in rank order → the same people in seat order (audience's left to right)."""
    return [people[rank - 1] for rank in rostrum_ranks(len(people), even_rule)]


def hall_rows[T](people: Sequence[T], row_seats: int, even_rule: str) -> list[list[T]]:
    """The hall, front row first, each row arranged from the centre."""
    size = max(row_seats, 1)
    return [arrange(people[i : i + size], even_rule) for i in range(0, len(people), size)]
