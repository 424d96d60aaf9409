"""Gunicorn's settings for ``bin/serve web`` (``gunicorn -c deploy/gunicorn.conf.py``).

Sized from the machine's CPU count; each figure can be set in the environment (see the README). Threads
("gthread" workers) keep a worker busy while another request of it waits for the database or renders a PDF.
Every thread holds at most one PostgreSQL connection: workers × threads, plus the Celery worker's, must stay
under PostgreSQL's ``max_connections`` (100 by default).
"""

import os

_cpus = os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value!r} must be a whole number of at least 1.")
    return int(value)


wsgi_app = "skilled_township.wsgi:application"
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"
worker_class = "gthread"
workers = _int("WEB_WORKERS", 2 * _cpus + 1)
threads = _int("WEB_THREADS", 4)
# A request running longer than this is stopped (its worker restarted); the longest pages (an export, a batch
# of service cards) take seconds, large jobs run on the Celery worker.
timeout = _int("WEB_TIMEOUT", 60)
# On a stop or reload, requests under way get this long to finish.
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
# Connections kept open by the reverse proxy between requests.
keepalive = 5
# A worker is replaced after this many requests (a little apart, so that they do not all restart together):
# memory a long-lived process gathers (PDF rendering, large imports) is given back.
max_requests = _int("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The app writes one line per request itself (with the user and the request id): gunicorn's access log is off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# The workers' heartbeat files on a memory file system, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# X-Forwarded-Proto is believed from the reverse proxy on this machine only (Django reads it as well, see
# SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "skilled-township-web"
# Stopped and reloaded by signals (systemd's stop and reload); no control socket in the home directory, which
# would also clash between two instances on one machine.
control_socket_disable = True
