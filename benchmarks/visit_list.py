"""The 民情日志 list at 10, 100 and 10,000 visits: queries and response time of the page and the API list.

    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/visit_list.py [rounds]

Builds (or reuses) a small township with one paired cadre in that database, replaces its visits with 10, then
100 (full pages), then 10,000, and prints for each role the query count and the median, best and worst time of
``rounds`` requests after one warm-up, with the median time spent in SQL.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

BENCH_TOWNSHIP = "431299101000"


def world():
    from skilled_township.accounts.models import User
    from skilled_township.cadres.models import Cadre
    from skilled_township.pairing.models import Household, Pairing
    from skilled_township.regions.models import Region
    from tests import factories

    def region(code, name, parent):
        return Region.objects.get_or_create(code=code, defaults={"name": name, "parent": parent})[0]

    city = region("431200000000", "怀化市", None)
    county = region("431299000000", "基准县", city)
    township = region(BENCH_TOWNSHIP, "基准镇", county)
    village = region("431299101201", "基准村", township)
    users = {}
    for username, role, scope in (
        ("bench_org_admin", "org_admin", city),
        ("bench_secretary", "township_secretary", township),
    ):
        users[username] = User.objects.filter(username=username).first() or factories.user(username, role, scope)
    cadre = Cadre.objects.filter(township=township, name="基准干部").first() or factories.cadre(township, "基准干部")
    users["bench_cadre"] = User.objects.filter(username="bench_cadre").first() or factories.cadre_user(
        "bench_cadre", cadre
    )
    pairings = []
    for n in range(6):
        home = Household.objects.filter(village=village, head_name=f"基准户{n}").first() or Household.objects.create(
            village=village,
            head_name=f"基准户{n}",
            id_number=factories.resident_id(area="431299"),
            phone=f"1390000000{n}",
            members=4,
            paired_cadre=cadre,
        )
        pairings.append(
            Pairing.objects.filter(household=home, ended_on__isnull=True).first()
            or Pairing.objects.create(cadre=cadre, household=home, started_on=datetime.date(2024, 1, 1))
        )
    return users, pairings


def fill(pairings, recorder, count):
    from skilled_township.pairing.models import Visit, VisitAmendment

    VisitAmendment.objects.filter(visit__household__village__code__startswith="431299").delete()
    Visit.objects.filter(household__village__code__startswith="431299").delete()
    now = timezone.now()
    start = datetime.date(2024, 1, 1)
    Visit.objects.bulk_create(
        (
            Visit(
                pairing=pairings[n % 6],
                cadre=pairings[n % 6].cadre,
                household=pairings[n % 6].household,
                visited_on=start + datetime.timedelta(days=n % 1000),
                kind=Visit.Kind.values[n % 5],
                content=f"走访 {n}",
                recorded_by=recorder,
                confirmation="code" if n % 3 else "none",
                confirmed_at=now if n % 3 else None,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pairing_visit, pairing_household, pairing_pairing, regions_region, cadres_cadre")


class Counter:
    """Counts the queries of a request and their time (``connection.execute_wrapper``)."""

    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - began


def measure(client, url, rounds):
    assert client.get(url).status_code == 200
    times, sql, queries = [], [], set()
    for _ in range(rounds):
        counter = Counter()
        began = time.perf_counter()
        with connection.execute_wrapper(counter):
            client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        sql.append(counter.seconds * 1000)
        queries.add(counter.queries)
    return queries, statistics.median(times), min(times), max(times), statistics.median(sql)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    users, pairings = world()
    from rest_framework.test import APIClient

    clients = {}
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        clients[username] = client
    api = APIClient()
    api.force_authenticate(users["bench_secretary"])
    targets = [
        ("page, township secretary", clients["bench_secretary"], "/pairing/visits/"),
        ("page, org admin (city)", clients["bench_org_admin"], "/pairing/visits/"),
        ("page, the cadre (own)", clients["bench_cadre"], "/pairing/visits/"),
        ("page, filtered (unconfirmed)", clients["bench_secretary"], "/pairing/visits/?confirmed=no"),
        ("API list, secretary", api, "/api/v1/visits/"),
    ]
    print(f"{'visits':>7}  {'what':<30} {'queries':>7} {'median ms':>10} {'best':>7} {'worst':>7} {'SQL ms':>7}")
    for count in (10, 100, 10_000):
        fill(pairings, users["bench_secretary"], count)
        for label, client, url in targets:
            queries, median, best, worst, sql = measure(client, url, rounds)
            shown = "/".join(str(n) for n in sorted(queries))
            print(f"{count:>7}  {label:<30} {shown:>7} {median:>10.1f} {best:>7.1f} {worst:>7.1f} {sql:>7.1f}")


if __name__ == "__main__":
    main()
