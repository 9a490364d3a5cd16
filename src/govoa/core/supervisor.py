"""Keeps the processes of ``govoa run`` (web server, task worker, scheduler) alive together.

A child that exits while nothing asked it to is started again after a back-off (1 s, 2 s,
4 s … at most 30 s). A child that keeps dying — ``max_restarts`` restarts within ``window``
seconds — is not restarted once more: everything is stopped and ``run()`` returns 1, so the
command exits non-zero with a message saying which process failed. Never is one process left
running without the others."""

import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Child:
    name: str  # as the operator reads it: "Web 服务", "任务执行器", "调度器"
    argv: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: deque[float] = field(default_factory=deque)
    due: float = 0.0  # when a child waiting for its back-off is started again

    def start(self) -> None:
        self.process = subprocess.Popen(list(self.argv))  # noqa: S603 — our own commands


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"被信号 {signal.Signals(-code).name} 终止"
        except ValueError:
            return f"被信号 {-code} 终止"
    return f"退出状态 {code}"


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        write: Callable[[str], object],
        max_restarts: int = 5,
        window: float = 600.0,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        poll: float = 0.5,
    ):
        self.children = list(children)
        self.write = write
        self.max_restarts = max_restarts
        self.window = window
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.poll = poll
        self.stopping = False

    def request_stop(self, *_args: object) -> None:
        """For a signal handler: stop at the next poll, and restart nothing meanwhile."""
        self.stopping = True

    def run(self) -> int:
        """Start every child and watch them until asked to stop (0) or until one cannot be
        kept running (1)."""
        for child in self.children:
            child.start()
        try:
            while not self.stopping:
                for child in self.children:
                    if not self._tend(child):
                        return 1
                time.sleep(self.poll)
            return 0
        finally:
            self.stop()

    def _tend(self, child: Child) -> bool:
        now = time.monotonic()
        if child.process is None:  # waiting for its back-off
            if now >= child.due and not self.stopping:
                child.start()
                assert child.process is not None
                self.write(f"{child.name}已重新启动（进程 {child.process.pid}）。")
            return True
        code = child.process.poll()
        if code is None or self.stopping:
            return True
        while child.restarts and now - child.restarts[0] > self.window:
            child.restarts.popleft()
        if len(child.restarts) >= self.max_restarts:
            self.write(
                f"{child.name}（进程 {child.process.pid}）异常退出（{describe_exit(code)}），"
                f"{self.window / 60:g} 分钟内已重启 {len(child.restarts)} 次，不再重启。"
                "已停止全部进程，请查看上面的错误信息后重新启动。"
            )
            return False
        delay = min(self.backoff * 2 ** len(child.restarts), self.max_backoff)
        self.write(
            f"{child.name}（进程 {child.process.pid}）意外退出（{describe_exit(code)}），"
            f"{delay:g} 秒后重新启动。"
        )
        child.restarts.append(now)
        child.process, child.due = None, now + delay
        return True

    def stop(self, timeout: float = 10.0) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
