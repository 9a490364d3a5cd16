"""The HTTP benchmark of ``make bench`` in a tiny size, so that the harness keeps working: a
database of its own with the demo data, the production processes (two gunicorn workers, the
task worker, the scheduler), every page at one and two clients with its limit ratio, the flow
through the API at two audit-log sizes, and the approve-only load."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DROP = (
    "import sys; from tests.bench.http import stack; [stack.drop_database(n) for n in sys.argv[1:]]"
)


@pytest.mark.slow
def test_the_http_benchmark_runs_end_to_end(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark measures the production setup (PostgreSQL)")
    db = connection.settings_dict
    server = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    # Named after this run's test database, so that parallel test runs do not collide.
    name = f"govoa_bench_smoke_{db['NAME'].removeprefix('test_')}"[:63]
    env = {**os.environ, "GOVOA_BENCH_PG_URL": server}
    try:
        result = subprocess.run(  # noqa: S603 — our own harness
            [
                sys.executable,
                "-m",
                "tests.bench.http",
                "--smoke",
                "--db",
                name,
                "--out",
                str(tmp_path),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        subprocess.run(  # noqa: S603 — the databases the run made, dropped
            [sys.executable, "-c", DROP, name, f"{name}_flow", f"{name}_flow_big"],
            cwd=ROOT,
            env=env,
            timeout=120,
            check=True,
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads((tmp_path / "http-smoke.json").read_text())
    pages = results["pages"]["pages"]
    assert {row["page"] for row in pages} >= {
        "工作台 待办",
        "收文 详情",
        "API 待办 /api/v1/work-items",
    }
    for row in pages:
        for level in ("1", "2"):
            assert row[level]["n"] >= 1, row
            assert row[level]["errors"] == 0, row
            assert row[level]["p50"] > 0
        assert row["statements"] > 0
        assert row["sql_ms"] > 0
        # The report rounds the ratio to one decimal (from unrounded times): ± 0.05, plus 1 % for
        # the rounding of the times it is recomputed from here.
        ratio = row["1"]["p50"] / row["sql_ms"]
        # approx takes the larger of rel and abs, not their sum: the sum is given as abs.
        assert row["limit_ratio"] == pytest.approx(ratio, rel=0, abs=0.05 + 0.01 * ratio)
    assert all(mix["rps"] > 0 and mix["errors"] == 0 for mix in results["pages"]["mixed"])
    runs = results["flows"]["runs"]
    flows = [run for run in runs if "approve_only" not in run]
    assert {run["audit_events"] for run in flows} == {1000, 3000}
    for run in flows:
        assert run["flows"] >= 1, run
        assert not run["errors"], run
        assert run["calls"]["act"]["n"] == 3 * run["flows"]
        assert all(run["calls"][call]["statements"] > 0 for call in ("create", "submit", "act"))
    approve = [run["approve_only"] for run in runs if "approve_only" in run]
    assert len(approve) == 1
    assert approve[0]["n"] == 4
    assert approve[0]["errors"] == 0
    markdown = (tmp_path / "http-smoke.md").read_text()
    assert "极限比" in markdown
    assert "流程/秒" in markdown
