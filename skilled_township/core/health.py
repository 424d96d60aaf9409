"""``/healthz``: whether this instance can serve, for the reverse proxy, a monitor or the person on call.

No sign-in and nothing personal: the answer names the checks and says ``ok`` or ``error`` for each (the reason
of a failure goes to the log, with the request id). 200 when every check passes, 503 otherwise.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
#: The broker check when no broker is configured (the embedded mode runs background jobs in-process).
NOT_CONFIGURED = "not configured"
#: Seconds the broker may take to answer before it counts as down.
BROKER_TIMEOUT = 2.0

#: Once every migration is applied it stays so for the life of the process: checked again only until then.
_migrations_applied = False


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url or settings.CELERY_TASK_ALWAYS_EAGER:
        return NOT_CONFIGURED
    from kombu import Connection

    with Connection(
        url,
        connect_timeout=BROKER_TIMEOUT,
        transport_options={"socket_timeout": BROKER_TIMEOUT, "socket_connect_timeout": BROKER_TIMEOUT},
    ) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
        client = getattr(connection.default_channel, "client", None)
        if client is not None and hasattr(client, "ping"):  # Redis
            client.ping()
    return OK


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return OK


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return ERROR
    _migrations_applied = True
    return OK


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "migrations": check_migrations,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            log.exception("Health check %s failed", name)
            results[name] = ERROR
            continue
        if results[name] == ERROR:
            log.error("Health check %s failed", name)
    return results


@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(result != ERROR for result in checks.values())
    response = JsonResponse({"status": OK if healthy else ERROR, "checks": checks}, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
