"""The talent pool: each in-post cadre's best valid certificate per skill, filtered, exported, in constant queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skilled_township.certifications.models import Certificate

from .. import factories, objects
from . import builders


@pytest.fixture
def pool(world):
    """甲 (高村镇): citrus 4 and 3 (best 3), citrus 1 expired; 乙: citrus 2 revoked, pigs 5; 戊 left: citrus 1.
    己 (吕家坪镇): citrus 2."""
    citrus, pigs = objects.skill(world), objects.second_skill(world)
    pigs.category = factories.skill_category("livelihood", "服务民生", 2)
    pigs.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    a, b = factories.cadre(world.township, "甲"), factories.cadre(world.township, "乙")
    gone = factories.cadre(world.township, "戊", status="left", left_on=datetime.date(2026, 1, 31))
    other = factories.cadre(world.other_township, "己")
    builders.certify(a, citrus, level=4, number="A-4")
    builders.certify(a, citrus, level=3, number="A-3")
    builders.certify(a, citrus, level=1, number="A-1", expires_on=yesterday)
    builders.certify(b, citrus, level=2, number="B-2", status="revoked")
    builders.certify(b, pigs, level=5, number="B-5")
    builders.certify(gone, citrus, level=1, number="G-1")
    builders.certify(other, citrus, level=2, number="O-2")
    return citrus, pigs


def rows(client, query=None):
    response = client.get(reverse("certifications:talent_pool"), query or {})
    assert response.status_code == 200
    return [(c.cadre.name, c.skill.code, c.level) for c in response.context["table"].data]


def test_one_row_per_cadre_and_skill_at_the_best_valid_level(world, pool, org_admin, client_as):
    citrus, pigs = pool
    client = client_as(org_admin)
    assert sorted(rows(client)) == sorted([("甲", "T01", 3), ("乙", "T02", 5), ("己", "T01", 2)])
    assert sorted(rows(client, {"skill": citrus.pk})) == [("己", "T01", 2), ("甲", "T01", 3)]
    assert rows(client, {"category": pigs.category.pk}) == [("乙", "T02", 5)]
    assert rows(client, {"level": 3}) == [("甲", "T01", 3)]
    assert sorted(rows(client, {"min_level": 3})) == [("己", "T01", 2), ("甲", "T01", 3)]
    assert rows(client, {"township": world.other_township.pk}) == [("己", "T01", 2)]


def test_a_secretary_sees_their_own_township(world, pool, secretary_of_gaocun, client_as):
    assert sorted(rows(client_as(secretary_of_gaocun))) == sorted([("甲", "T01", 3), ("乙", "T02", 5)])


def test_the_export_follows_the_filters(world, pool, org_admin, client_as):
    citrus, _pigs = pool
    response = client_as(org_admin).get(reverse("certifications:talent_pool_export"), {"skill": citrus.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    body = [row for row in sheet.iter_rows(values_only=True)][1:]
    assert [(row[1], row[2], row[7]) for row in body] == [("高村镇", "甲", "A-3"), ("吕家坪镇", "己", "O-2")]
    assert body[0][6] == "三级/高级工"


def many_certificates(world, count):
    skills = [objects.skill(world), objects.second_skill(world)]
    cadres = [factories.cadre(world.township, f"干部{index}") for index in range(5)]
    Certificate.objects.bulk_create(
        Certificate(
            cadre=cadres[index % 5],
            skill=skills[index % 2],
            level=5 - index % 5,
            number=f"Q-{count}-{index:05d}",
            issuing_body="怀化市人力资源和社会保障局",
            issued_on=datetime.date(2025, 1, 1),
        )
        for index in range(count)
    )


def queries(client, url_name, query=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url_name), query or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["certifications:talent_pool", "certifications:certificate_list"])
def test_the_lists_read_a_constant_number_of_queries(world, org_admin, client_as, url_name):
    client = client_as(org_admin)
    many_certificates(world, 10)
    at_10 = queries(client, url_name)
    filtered_10 = queries(client, url_name, {"skill": objects.skill(world).pk, "township": world.township.pk})
    many_certificates(world, 990)
    at_1000 = queries(client, url_name)
    filtered_1000 = queries(client, url_name, {"skill": objects.skill(world).pk, "township": world.township.pk})
    assert at_10 == at_1000
    assert filtered_10 == filtered_1000
    print(f"{url_name}: {at_10} queries at 10 certificates, {at_1000} at 1,000")
