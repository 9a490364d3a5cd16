"""Benchmarks: `make bench` runs them in full on PostgreSQL and prints their figures;
`make test` runs them in a small smoke size so that they keep working."""

import json
import os
from pathlib import Path

import pytest

FULL = os.environ.get("GOVOA_BENCH_FULL") == "1"
RESULTS = Path(os.environ.get("GOVOA_BENCH_DIR", "var/bench"))


@pytest.fixture
def bench_size():
    def size(full: int, smoke: int) -> int:
        return full if FULL else smoke

    return size


@pytest.fixture
def report():
    def write(name: str, figures: dict[str, object]) -> None:
        line = f"[bench] {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
        print(line)
        if FULL:
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False))

    return write
