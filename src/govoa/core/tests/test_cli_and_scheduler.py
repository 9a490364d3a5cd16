import subprocess
import sys

import pytest
from django.test import override_settings

from govoa.core.management.commands.scheduler import run_due_jobs
from govoa.core.models import ScheduledRun


def test_govoa_command_maps_the_design_names():
    result = subprocess.run(
        [sys.executable, "-m", "govoa.cli", "help", "audit_verify"],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "审计事件" in result.stdout


@pytest.mark.django_db
@override_settings(GOVOA_PERIODIC_JOBS=[("govoa.audit.tasks.chain_audit_events", 60)])
def test_scheduler_enqueues_a_job_once_per_interval():
    import datetime

    from django.utils import timezone

    now = timezone.now()
    assert run_due_jobs(now) == ["govoa.audit.tasks.chain_audit_events"]
    assert run_due_jobs(now + datetime.timedelta(seconds=30)) == []
    assert run_due_jobs(now + datetime.timedelta(seconds=61)) == [
        "govoa.audit.tasks.chain_audit_events"
    ]
    assert ScheduledRun.objects.count() == 1


def test_serve_bounds_the_request_body(monkeypatch, settings):
    """waitress buffers a body to disk before Django sees it: its own cap sits just above the
    largest body Django accepts, so no request can fill the disk."""
    from django.core.management import call_command

    seen = {}
    monkeypatch.setattr("waitress.serve", lambda app, **options: seen.update(options))
    settings.GOVOA_REQUEST_MAX_BYTES = 5 * 1024 * 1024
    call_command("serve", "--port", "8123", "--server", "waitress")
    assert seen["port"] == 8123
    assert seen["max_request_body_size"] == 21 * 1024 * 1024


def test_serve_runs_gunicorn_on_postgresql_with_a_worker_per_core(monkeypatch, settings):
    """On PostgreSQL ``govoa serve`` is gunicorn: one worker process per core by default,
    threads in each, keep-alive longer than a proxy's."""
    from django.core.management import call_command
    from django.db import connection

    from govoa.core.management.commands import serve
    from govoa.core.server import GunicornServer

    started = []
    monkeypatch.setattr(GunicornServer, "run", lambda self: started.append(self.options))
    monkeypatch.setattr(serve, "default_workers", lambda: 3)
    server = "auto" if connection.vendor == "postgresql" else "gunicorn"
    call_command("serve", "--port", "8124", "--server", server)
    call_command("serve", "--port", "8125", "--server", server, "--workers", "2", "--threads", "6")
    first, second = started
    assert first["bind"] == "127.0.0.1:8124"
    assert (first["workers"], first["threads"], first["worker_class"]) == (3, 4, "gthread")
    assert first["keepalive"] > 60
    assert first["control_socket_disable"] is True
    assert (second["workers"], second["threads"]) == (2, 6)
