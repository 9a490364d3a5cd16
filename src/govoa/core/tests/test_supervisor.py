"""The supervisor of ``govoa run`` restarts a child that dies, and gives up — stopping every
other child and answering 1 with a clear message — when one keeps dying."""

import sys
import threading
import time
from pathlib import Path

from govoa.core.supervisor import Child, Supervisor

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


def _supervisor(children, messages, **options) -> Supervisor:
    options = {"backoff": 0.05, "poll": 0.05, **options}
    return Supervisor(children, write=messages.append, **options)


def test_a_child_that_dies_is_started_again(tmp_path: Path):
    flag = tmp_path / "started-once"
    # Dies the first time, then stays up.
    once = (
        "import pathlib, sys, time\n"
        f"flag = pathlib.Path({str(flag)!r})\n"
        "if not flag.exists():\n    flag.touch(); sys.exit(3)\n"
        "time.sleep(60)\n"
    )
    web, worker = Child("Web 服务", [sys.executable, "-c", once]), Child("任务执行器", SLEEP)
    messages: list[str] = []
    supervisor = _supervisor([web, worker], messages)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(supervisor.run()))
    thread.start()
    deadline = time.monotonic() + 20
    while not any("已重新启动" in m for m in messages) and time.monotonic() < deadline:
        time.sleep(0.05)
    first_worker = worker.process
    supervisor.request_stop()
    thread.join(timeout=20)
    assert result == [0]
    assert messages[0].startswith("Web 服务")
    assert "意外退出（退出状态 3）" in messages[0]
    assert any(m.startswith("Web 服务已重新启动") for m in messages)
    assert worker.process is first_worker  # the others were left alone
    assert web.process is not None
    assert web.process.poll() is not None  # stopped at the end
    assert worker.process.poll() is not None


def test_a_child_that_keeps_dying_stops_everything_and_answers_1():
    failing = Child("Web 服务", [sys.executable, "-c", "import sys; sys.exit(1)"])
    worker = Child("任务执行器", SLEEP)
    messages: list[str] = []
    started = time.monotonic()
    assert _supervisor([failing, worker], messages, max_restarts=2).run() == 1
    assert time.monotonic() - started < 20
    assert sum("意外退出" in m for m in messages) == 2
    assert "不再重启" in messages[-1]
    assert "已停止全部进程" in messages[-1]
    assert worker.process is not None
    assert worker.process.poll() is not None


def test_no_restart_at_all_when_asked_for_none():
    failing = Child("Web 服务", [sys.executable, "-c", "import sys; sys.exit(1)"])
    messages: list[str] = []
    assert _supervisor([failing], messages, max_restarts=0).run() == 1
    assert len(messages) == 1
    assert "重启 0 次，不再重启" in messages[0]
