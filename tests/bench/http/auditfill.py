"""Grows the audit log to a given number of events, fast and chained exactly as the chainer
would have chained them (so ``govoa audit-verify`` still passes): rows made in Python with
their SM3 digests and link hashes, written with PostgreSQL's COPY. Run while no server writes
(the chain's queue is drained first, and the chain lock held)."""

import datetime
import json
import random
from collections.abc import Callable

from django.db import connection, transaction

from govoa.audit.chain import chain_head, chain_pending, link_hash, lock_chain, values_digest
from govoa.audit.models import AuditEvent, AuditPending

ACTIONS = [
    ("flow.item.act", "flow.workitem", "同意"),
    ("outgoing.document.view", "outgoing.document", "查看发文"),
    ("incoming.document.view", "incoming.document", "查看收文"),
    ("accounts.session.login", "org.person", "登录"),
    ("outgoing.document.update", "outgoing.document", "修改文稿"),
]
BATCH = 20_000


def audit_events() -> int:
    return AuditEvent.objects.count()


def fill_audit(target: int, log: Callable[[str], None]) -> int:
    """Add events until there are ``target``; returns how many were added."""
    while chain_pending():  # the queued events first, so the new links follow them
        pass
    assert not AuditPending.objects.exists()
    missing = target - audit_events()
    if missing <= 0:
        return 0
    rng = random.Random(7)
    start = datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC)
    span = (datetime.datetime.now(datetime.UTC) - start).total_seconds()
    added = 0
    with transaction.atomic():
        lock_chain(wait=True)
        seq, prev = chain_head()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
                "(SELECT COALESCE(MAX(id), 0) FROM audit_auditevent) + %s)",
                [missing],
            )
            last_id = cursor.fetchone()[0]
        next_id = last_id - missing + 1
        times = sorted(
            start + datetime.timedelta(seconds=rng.random() * span) for _ in range(missing)
        )
        raw = connection.connection  # the psycopg connection, in this transaction
        while added < missing:
            n = min(BATCH, missing - added)
            events, links = [], []
            for i in range(n):
                event_id = next_id + added + i
                action, object_type, label = ACTIONS[event_id % len(ACTIONS)]
                actor = 1000 + event_id % 2000
                values = [
                    event_id,
                    times[added + i],
                    1,
                    actor,
                    f"人员{actor}",
                    "10.0.0.1",
                    action,
                    object_type,
                    str(event_id % 300_000),
                    f"{label}（负载测试）",
                    "success",
                    {},
                ]
                digest = values_digest(values)
                seq += 1
                current = link_hash(prev, digest)
                events.append(values)
                links.append((seq, event_id, prev, current, times[added + i]))
                prev = current
            with raw.cursor() as cursor:
                with cursor.copy(
                    "COPY audit_auditevent (id, occurred_at, agency_id, actor_id, actor_name, ip, "
                    "action, object_type, object_id, object_repr, outcome, details) FROM STDIN"
                ) as copy:
                    for values in events:
                        copy.write_row([*values[:-1], json.dumps(values[-1])])
                with cursor.copy(
                    "COPY audit_auditchainlink (seq, event_id, prev_hash, hash, chained_at) "
                    "FROM STDIN"
                ) as copy:
                    for row in links:
                        copy.write_row(row)
            added += n
            if added % 200_000 < BATCH:
                log(f"  audit events: +{added:,}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
        cursor.execute("ANALYZE audit_auditchainlink")
    return added
