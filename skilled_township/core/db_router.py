"""Reads of reports and dashboard figures on a read replica, when there is one.

``DATABASE_REPLICA_URL`` adds the ``replica`` database (a streaming replica of the primary) and names it in
``READ_REPLICA``. The heavy,
read-only work of the yearly reports and of the figure pages — aggregates over the roster, visits, incomes —
then runs there, away from the primary that serves every page's writes. Which reads those are is said in
code, not guessed from the model: the services that compute them run inside ``replica_reads()`` (a context
manager and a decorator); the same models read anywhere else (a list, a form, a job's status) stay on the
primary, which always has the latest row.

Writes always go to the primary; so do reads inside a transaction on it (a transaction must see its own
writes) and reads that lock rows (``select_for_update`` counts as a write). Without the variable there is no
``replica`` database and everything stays on the primary. A replica is a little behind the primary (usually
well under a second): what is read there is what was settled before — published results, last year's
figures, the roster as of the page's opening.
"""

from __future__ import annotations

from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_on_replica: ContextVar[bool] = ContextVar("replica_reads", default=False)


class replica_reads(ContextDecorator):
    """Reads inside go to the replica (when one is configured and no transaction is open on the primary)."""

    def __enter__(self):
        self._token = _on_replica.set(True)
        return self

    def __exit__(self, *exc):
        _on_replica.reset(self._token)
        return False


class ReplicaRouter:
    """``DATABASE_ROUTERS``: reads inside ``replica_reads()`` to the replica, everything else to the primary."""

    def db_for_read(self, model, **hints):
        replica = settings.READ_REPLICA
        if replica and _on_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return replica
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication; migrations run on the primary only.
        return db == DEFAULT_DB_ALIAS
