"""Gap-free numbering. ``sequence_next`` must run inside the transaction that uses the number:
the row lock serialises concurrent registrations, and a rollback returns the number."""

from django.db import connection, transaction

from govoa.core.models import Sequence


def sequence_next(*, agency_id: int, kind: str, year: int) -> int:
    if not connection.in_atomic_block:
        raise RuntimeError("sequence_next() must run inside transaction.atomic()")
    # One statement (PostgreSQL and SQLite ≥ 3.35 alike): create the row at 1, or count on
    # from the stored value. The conflicting row stays locked until the caller's transaction
    # ends, so concurrent registrations wait for each other's number, as before.
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, kind, year, last_value) VALUES (%s, %s, %s, 1) "  # noqa: S608 — the table name is the model's own
            "ON CONFLICT (agency_id, kind, year) "
            f"DO UPDATE SET last_value = {table}.last_value + 1 RETURNING last_value",
            [agency_id, kind, year],
        )
        return int(cursor.fetchone()[0])


def sequence_peek(*, agency_id: int, kind: str, year: int) -> int:
    """The number the next registration would get (for display only)."""
    with transaction.atomic():
        last = (
            Sequence.objects.filter(agency_id=agency_id, kind=kind, year=year)
            .values_list("last_value", flat=True)
            .first()
        )
    return (last or 0) + 1
