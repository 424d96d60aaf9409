"""Where a page's time goes: cProfile over repeated requests to one URL on the bench database.

    .venv/bin/python benchmarks/profile_page.py /cadres/ [username] [rounds]

Run `make bench` first (it builds the database named by `BENCH_DATABASE_URL`). Prints the functions with the
most cumulative and own time, summed over the rounds, after one warm-up request.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django

django.setup()

from django.test import Client  # noqa: E402


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "/cadres/"
    username = sys.argv[2] if len(sys.argv) > 2 else "org_admin"
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    from skilled_township.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    assert client.get(url).status_code == 200
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
