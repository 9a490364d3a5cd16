"""The measured setup: a PostgreSQL database of its own (``govoa_bench_*``), migrated and
filled, and the production processes on it — ``govoa serve`` (gunicorn workers), ``govoa
worker`` and ``govoa scheduler``, as docs/deployment.md §3.5 runs them."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[3]
SERVER_URL = os.environ.get("GOVOA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("GOVOA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Fixed per database so that a kept database keeps working with a later run's servers.
SECRET = "bench-only-secret-key-" + "x" * 40


def database_url(name: str) -> str:
    return f"{SERVER_URL.rstrip('/')}/{name}"


def _admin() -> psycopg.Connection:
    return psycopg.connect(database_url("postgres"), autocommit=True)


def database_exists(name: str) -> bool:
    with _admin() as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def create_database(name: str, template: str = "template0") -> None:
    """A new UTF-8 database (``C.UTF-8``: pg_trgm needs a UTF-8 LC_CTYPE), dropped first; a
    copy of ``template`` where one is named (nobody may be connected to it)."""
    assert name.startswith("govoa_bench_"), name
    with _admin() as conn:
        drop_database(name, conn)
        conn.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                "TEMPLATE {}"
            ).format(sql.Identifier(name), sql.Identifier(template))
        )


def drop_database(name: str, conn: psycopg.Connection | None = None) -> None:
    assert name.startswith("govoa_bench_"), name
    own = conn is None
    conn = conn or _admin()
    try:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        if own:
            conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:  # no Redis, or not reachable: the bench runs without it
        return False


def environment(db_url: str, data_dir: Path, *, use_redis: bool) -> dict[str, str]:
    """The production environment of docs/deployment.md, on plain HTTP over the loopback, with
    the limits that would stop many clients of one account switched off."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "tests.bench.http.settings",
        "GOVOA_SECRET_KEY": SECRET,
        "GOVOA_AUDIT_KEY": SECRET[::-1],
        "GOVOA_FIELD_KEYS": "k1:" + "cd" * 16,
        "GOVOA_DATABASE_URL": db_url,
        "GOVOA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GOVOA_DATA_DIR": str(data_dir),
        # One checkpoint file per database: each has its own chain.
        "GOVOA_AUDIT_CHECKPOINT_FILE": str(checkpoint_file(data_dir, db_url)),
        "GOVOA_SSL_REDIRECT": "false",
        "GOVOA_SECURE_COOKIES": "false",
        "GOVOA_HSTS_SECONDS": "0",
        "GOVOA_MAX_SESSIONS": "0",  # 32 clients may log in as one person
        "GOVOA_LOGIN_IP_MAX_FAILURES": "0",
        "GOVOA_API_RATE_PER_MINUTE": "0",  # one token for many simulated clients
        "GOVOA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if use_redis:
        env["GOVOA_REDIS_URL"] = REDIS_URL
        env["GOVOA_REDIS_PREFIX"] = f"bench-{db_url.rsplit('/', 1)[-1]}"  # apart per database
    return env


def checkpoint_file(data_dir: Path, db_url: str) -> Path:
    return data_dir / f"audit-checkpoints-{db_url.rsplit('/', 1)[-1]}.jsonl"


def govoa(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    result = subprocess.run(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"govoa {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def has_command(env: dict[str, str], name: str) -> bool:
    result = subprocess.run(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", "help", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode == 0


@dataclass
class Stack:
    env: dict[str, str]
    workers: int
    threads: int
    port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        log = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        base = [sys.executable, "-m", "govoa.cli"]
        commands = [
            [
                *base,
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
            ],
            [*base, "worker", "--interval", "1"],
            [*base, "scheduler"],
        ]
        for argv in commands:
            self.processes.append(
                subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log, stderr=log)  # noqa: S603
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                self.stop()
                raise RuntimeError(f"a server process exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s; see {self.log}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def __enter__(self) -> "Stack":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
