import threading

import pytest
from django.db import connection, transaction

from govoa.core.models import Sequence
from govoa.core.sequences import sequence_next, sequence_peek


@pytest.mark.django_db
def test_numbers_follow_one_another_per_key():
    with transaction.atomic():
        assert sequence_next(agency_id=1, kind="incoming", year=2026) == 1
        assert sequence_next(agency_id=1, kind="incoming", year=2026) == 2
        assert sequence_next(agency_id=1, kind="incoming", year=2027) == 1
        assert sequence_next(agency_id=2, kind="incoming", year=2026) == 1
        assert sequence_next(agency_id=1, kind="outgoing", year=2026) == 1
    assert sequence_peek(agency_id=1, kind="incoming", year=2026) == 3


@pytest.mark.django_db
def test_a_rolled_back_registration_gives_its_number_back():
    with transaction.atomic():
        sequence_next(agency_id=1, kind="incoming", year=2026)

    def register_then_fail() -> None:
        with transaction.atomic():
            assert sequence_next(agency_id=1, kind="incoming", year=2026) == 2
            raise RuntimeError("registration failed")

    with pytest.raises(RuntimeError, match="registration failed"):
        register_then_fail()
    with transaction.atomic():
        assert sequence_next(agency_id=1, kind="incoming", year=2026) == 2


@pytest.mark.django_db(transaction=True)
def test_must_run_inside_a_transaction():
    with pytest.raises(RuntimeError, match="atomic"):
        sequence_next(agency_id=1, kind="incoming", year=2026)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_increments_give_exactly_one_to_fifty():
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(50)
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                value = sequence_next(agency_id=7, kind="outgoing:发", year=2026)
            with lock:
                results.append(value)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 51))
    assert Sequence.objects.get(agency_id=7, kind="outgoing:发", year=2026).last_value == 50
