"""A large audit log built in SQL on PostgreSQL, for the constant-cost test and the
benchmark: events with links of the right shape (the hashes are not valid ones)."""

from django.db import connection


def fill_log(n: int) -> None:
    """Replace the audit tables' contents by ``n`` chained events, then refresh the planner's
    statistics (outside a transaction, vacuum too, so that autovacuum does not start later)."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # run the deferred foreign-key checks before TRUNCATE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "TRUNCATE audit_auditpending, audit_auditchainlink, audit_auditcheckpoint,"
            " audit_auditevent RESTART IDENTITY"
        )
        cursor.execute(
            "INSERT INTO audit_auditevent (occurred_at, agency_id, actor_id, actor_name, ip,"
            " action, object_type, object_id, object_repr, outcome, details)"
            " SELECT TIMESTAMPTZ '2020-01-01' + g * INTERVAL '1 minute', g %% 50, g %% 3000,"
            " '操作人' || (g %% 3000), '10.0.0.' || (g %% 250), 'org.person.update',"
            " 'org.person', (g %% 3000)::text, '对象', 'success', jsonb_build_object('n', g)"
            " FROM generate_series(1, %s) AS g",
            [n],
        )
        cursor.execute(
            "INSERT INTO audit_auditchainlink (seq, event_id, prev_hash, hash, chained_at)"
            " SELECT id, id, md5((id - 1)::text) || md5((id - 1)::text),"
            " md5(id::text) || md5(id::text), occurred_at FROM audit_auditevent"
        )
        tables = "audit_auditevent, audit_auditchainlink, audit_auditpending"
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM ANALYZE {tables}")
