"""gunicorn run from inside ``govoa serve`` (production mode), configured from the command's
options rather than from a gunicorn configuration file or its own command line."""

from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from gunicorn.app.base import BaseApplication


class GunicornServer(BaseApplication):
    def __init__(self, *, bind: str, workers: int, threads: int, timeout: int):
        self.options: dict[str, Any] = {
            "bind": bind,
            "workers": workers,
            # gthread: each worker process serves ``threads`` requests at once, so a request
            # waiting on PostgreSQL does not hold a whole process.
            "worker_class": "gthread",
            "threads": threads,
            "timeout": timeout,
            "graceful_timeout": 30,
            # Idle keep-alive connections are closed by the client side (the reverse proxy,
            # nginx: 60 s) before the server closes them: a server that closes first (gunicorn's
            # default, 2 s) races with a request just sent on the connection, which then fails
            # with no response.
            "keepalive": 75,
            "proc_name": "govoa",
            "errorlog": "-",
            # gunicorn ≥ 25 opens a control socket in the home directory by default; several
            # servers on one machine would fight over it, and GovOA does not use it.
            "control_socket_disable": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        # Loaded in each worker after the fork: every worker sets up Django and opens its
        # own database connections (kept between requests, CONN_MAX_AGE).
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()
