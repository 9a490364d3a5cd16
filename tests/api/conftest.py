"""Counts of the API contract run (``test_contract.py``), printed at the end of the session."""

from collections import Counter

import pytest

CONTRACT_STATS = pytest.StashKey[Counter]()


@pytest.fixture(scope="session")
def contract_stats(request: pytest.FixtureRequest) -> Counter:
    """``("case", identity, operation)`` and ``("status", code)`` → how many."""
    return request.config.stash.setdefault(CONTRACT_STATS, Counter())


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    stats = config.stash.get(CONTRACT_STATS, None)
    if not stats:
        return
    cases = {key: n for key, n in stats.items() if key[0] == "case"}
    operations = {key[2] for key in cases}
    identities = {key[1] for key in cases}
    statuses = ", ".join(f"{key[1]}: {n}" for key, n in sorted(stats.items()) if key[0] == "status")
    terminalreporter.write_sep("-", "API contract (schemathesis)")
    terminalreporter.write_line(
        f"{len(operations)} operations × {len(identities)} identities, "
        f"{sum(cases.values())} generated cases; responses by status — {statuses}"
    )
