"""Gap-free numbering. ``sequence_next`` must run inside the transaction that uses the number:
the row lock serialises concurrent registrations, and a rollback returns the number."""

from django.db import connection, transaction

from govoa.core.models import Sequence


def sequence_next(*, agency_id: int, kind: str, year: int) -> int:
    if not connection.in_atomic_block:
        raise RuntimeError("sequence_next() must run inside transaction.atomic()")
    # Create the row if it is missing without failing when another transaction races us
    # (ON CONFLICT DO NOTHING / INSERT OR IGNORE), then lock it.
    Sequence.objects.bulk_create(
        [Sequence(agency_id=agency_id, kind=kind, year=year, last_value=0)],
        ignore_conflicts=True,
    )
    sequence = Sequence.objects.select_for_update().get(agency_id=agency_id, kind=kind, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def sequence_peek(*, agency_id: int, kind: str, year: int) -> int:
    """The number the next registration would get (for display only)."""
    with transaction.atomic():
        last = (
            Sequence.objects.filter(agency_id=agency_id, kind=kind, year=year)
            .values_list("last_value", flat=True)
            .first()
        )
    return (last or 0) + 1
