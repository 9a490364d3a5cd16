"""The HTTP benchmark of ``make bench``: the production setup (PostgreSQL, ``govoa serve``
with several gunicorn workers, the task worker and the scheduler) driven over loopback HTTP by
clients that log in as real people. See docs/performance.md."""
