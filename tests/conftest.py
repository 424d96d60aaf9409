"""Personas and a small world every test can use.

怀化市 (city) → 麻阳县 (county) → 高村镇 (our township, a pilot) and 吕家坪镇 (another township),
each with villages. Personas: ``org_admin``, ``hr_appraiser``, ``reviewer_a``, ``leader`` (city-wide),
``secretary_of_gaocun`` (高村镇), ``secretary_of_other_township`` (吕家坪镇), ``cadre_of_gaocun`` (a cadre of
高村镇 with their own account: the cadre who owns the objects of ``tests/objects.py``) and
``cadre_of_other_township`` (a cadre of 吕家坪镇 with their own account).
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass

import pytest

from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.regions.models import PilotTownship, Region, VillageIncome

from . import factories, objects

#: Tests of tens of seconds each (a real worker or server process, the demo city loaded, a crawl of every page or
#: route): run first, so that the parallel workers share them out from the start and finish together,
#: instead of one of them ending the run alone on a long test while the other waits.
LONG_FIRST = (
    "tests/production/",
    "tests/api/test_json_errors.py",
    "tests/assessment/test_report_worker.py",
    "tests/cadres/test_import_worker.py",
    "tests/certifications/test_demo_data.py",
    "tests/test_demo.py",
    "tests/test_filter_fuzz.py",
    "tests/test_form_fuzz.py",
    "tests/test_worker.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))  # stable: each group keeps its order


@pytest.fixture(autouse=True)
def cache_of_the_tests_own(settings):
    """Every test counts its attempts (codes sent, sign-ins, look-ups) in a cache space of its own.

    The cache is the suite's Redis, shared by parallel workers and by earlier runs within a limit's window, and
    primary keys repeat from one test database to the next: without this a visit's "codes sent this hour" could
    include another run's.
    """
    caches = copy.deepcopy(settings.CACHES)
    for alias in caches.values():
        alias["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@dataclass
class World:
    city: Region
    county: Region
    township: Region
    other_township: Region
    village: Region
    other_village: Region
    pilot: PilotTownship
    income: VillageIncome
    other_county: Region


@pytest.fixture
def world(db) -> World:
    city = factories.region("431200000000", "怀化市")
    county = factories.region("431226000000", "麻阳苗族自治县", city)
    other_county = factories.region("431228000000", "芷江侗族自治县", city)
    township = factories.region("431226101000", "高村镇", county)
    other_township = factories.region("431226102000", "吕家坪镇", county)
    village = factories.region("431226101201", "锦和村", township)
    other_village = factories.region("431226102201", "吕家坪村", other_township)
    return World(
        city=city,
        county=county,
        township=township,
        other_township=other_township,
        village=village,
        other_village=other_village,
        pilot=factories.pilot(township),
        income=factories.income(village),
        other_county=other_county,
    )


@pytest.fixture
def org_admin(world) -> User:
    return factories.user("org_admin", Role.ORG_ADMIN, world.city)


@pytest.fixture
def hr_appraiser(world) -> User:
    return factories.user("hr_appraiser", Role.HR_APPRAISER, world.city)


@pytest.fixture
def reviewer_a(world) -> User:
    return factories.user("reviewer_a", Role.REVIEWER, world.city)


@pytest.fixture
def leader(world) -> User:
    return factories.user("leader", Role.LEADER, world.city)


@pytest.fixture
def secretary_of_gaocun(world) -> User:
    return factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, world.township)


@pytest.fixture
def secretary_of_other_township(world) -> User:
    return factories.user("secretary_other", Role.TOWNSHIP_SECRETARY, world.other_township)


@pytest.fixture
def org_admin_of_other_county(world) -> User:
    return factories.user("org_admin_zhijiang", Role.ORG_ADMIN, world.other_county)


@pytest.fixture
def cadre_of_gaocun(world) -> User:
    return factories.cadre_user("cadre_gaocun", objects.cadre(world))


@pytest.fixture
def cadre_of_other_township(world) -> User:
    return factories.cadre_user("cadre_other", factories.cadre(world.other_township, "吕家坪干部"))


@pytest.fixture
def personas(
    org_admin,
    org_admin_of_other_county,
    hr_appraiser,
    reviewer_a,
    leader,
    secretary_of_gaocun,
    secretary_of_other_township,
    cadre_of_gaocun,
    cadre_of_other_township,
):
    """Every role, keyed as the access matrix names them (anonymous is ``None``)."""
    return {
        "anonymous": None,
        "org_admin": org_admin,
        "other_org_admin": org_admin_of_other_county,
        "hr_appraiser": hr_appraiser,
        "reviewer": reviewer_a,
        "leader": leader,
        "secretary": secretary_of_gaocun,
        "other_secretary": secretary_of_other_township,
        "cadre": cadre_of_gaocun,
        "other_cadre": cadre_of_other_township,
    }


@pytest.fixture
def client_as(client):
    """``client_as(user)``: the test client signed in as ``user`` (or anonymous for ``None``)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def worker():
    """A real Celery worker (tests/worker.py); the test needs ``django_db(transaction=True)`` so the worker sees
    its rows."""
    from .worker import running_worker

    yield from running_worker()
