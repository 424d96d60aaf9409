"""Compliance with seed 004 on a hand-computed data set: the share of in-post cadres holding a valid certificate
per township, county and city, the list of those without one, its export and the home-page notice."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skilled_township.certifications.services.compliance import compliance

from .. import factories, objects
from . import builders


@pytest.fixture
def data_set(world):
    """高村镇: 甲 valid, 乙 expired only, 丙 revoked only, 丁 valid and revoked; 戊 left the post (valid, not counted).
    吕家坪镇: 己 valid, 庚 none, 辛 valid until next year. 芷江镇 (芷江县): 壬 none.

    高村镇 2 of 4 (50.0%); 吕家坪镇 2 of 3 (66.7%); 芷江镇 0 of 1 (0.0%);
    麻阳县 4 of 7 (57.1%); the city 4 of 8 (50.0%).
    """
    skill = objects.skill(world)
    today = timezone.localdate()
    zhijiang = factories.region("431228101000", "芷江镇", world.other_county)
    cadres = {}
    for name, township in [
        ("甲", world.township),
        ("乙", world.township),
        ("丙", world.township),
        ("丁", world.township),
        ("己", world.other_township),
        ("庚", world.other_township),
        ("辛", world.other_township),
        ("壬", zhijiang),
    ]:
        cadres[name] = factories.cadre(township, name)
    cadres["戊"] = factories.cadre(world.township, "戊", status="left", left_on=datetime.date(2026, 1, 31))
    builders.certify(cadres["甲"], skill)
    builders.certify(cadres["乙"], skill, expires_on=today - datetime.timedelta(days=1))
    builders.certify(cadres["丙"], skill, status="revoked")
    builders.certify(cadres["丁"], skill)
    builders.certify(cadres["丁"], skill, level=3, status="revoked")
    builders.certify(cadres["戊"], skill)
    builders.certify(cadres["己"], skill)
    builders.certify(cadres["辛"], skill, expires_on=today + datetime.timedelta(days=365))
    return cadres, zhijiang


def figures(f):
    return (f.region.name, f.cadres, f.certified, f.uncertified, None if f.share is None else str(f.share))


def test_figures_at_township_county_and_city(world, data_set, django_assert_num_queries):
    _cadres, zhijiang = data_set
    with django_assert_num_queries(2):
        city = compliance(world.city)
    assert figures(city.totals) == ("怀化市", 8, 4, 4, "50.0")
    assert [figures(child) for child in city.children] == [
        ("麻阳苗族自治县", 7, 4, 3, "57.1"),
        ("芷江侗族自治县", 1, 0, 1, "0.0"),
    ]
    county = compliance(world.county)
    assert figures(county.totals) == ("麻阳苗族自治县", 7, 4, 3, "57.1")
    assert [figures(child) for child in county.children] == [
        ("高村镇", 4, 2, 2, "50.0"),
        ("吕家坪镇", 3, 2, 1, "66.7"),
    ]
    township = compliance(world.township)
    assert figures(township.totals) == ("高村镇", 4, 2, 2, "50.0") and township.children == []
    assert compliance(zhijiang).totals.share.is_zero()


def test_the_page_drills_down_within_the_users_scope(world, data_set, org_admin, secretary_of_gaocun, client_as):
    client = client_as(org_admin)
    url = reverse("certifications:compliance")
    page = client.get(url).content.decode()
    assert 'data-region="431226000000"' in page and 'data-region="431228000000"' in page
    page = client.get(url, {"region": world.county.code}).content.decode()
    assert f'data-region="{world.township.code}"' in page and "66.7%" in page
    own = client_as(secretary_of_gaocun).get(url).content.decode()
    assert "高村镇" in own and "50.0%" in own and "吕家坪镇" not in own
    assert client_as(secretary_of_gaocun).get(url, {"region": world.county.code}).status_code == 404


def test_the_list_of_cadres_without_a_certificate(world, data_set, org_admin, secretary_of_gaocun, client_as):
    url = reverse("certifications:uncertified_list")
    names = lambda response: sorted(cadre.name for cadre in response.context["table"].data)  # noqa: E731
    assert names(client_as(org_admin).get(url)) == sorted(["乙", "丙", "庚", "壬"])
    assert names(client_as(org_admin).get(url, {"township": world.other_township.pk})) == ["庚"]
    assert names(client_as(org_admin).get(url, {"county": world.other_county.pk})) == ["壬"]
    assert names(client_as(secretary_of_gaocun).get(url)) == sorted(["乙", "丙"])


def test_the_export_lists_them_and_keeps_formulas_as_text(world, data_set, org_admin, client_as):
    cadres, _zhijiang = data_set
    cadres["庚"].name = "=HYPERLINK(1)"
    cadres["庚"].save()
    response = client_as(org_admin).get(reverse("certifications:uncertified_export"), {"county": world.county.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert [row[1] for row in rows[1:]] == ["高村镇", "高村镇", "吕家坪镇"]
    assert sorted(row[2] for row in rows[1:]) == sorted(["乙", "丙", "'=HYPERLINK(1)"])
    assert all(cadre.id_number not in str(rows) for cadre in cadres.values())


def test_the_home_page_counts_them_for_those_who_keep_the_roster(
    world, data_set, org_admin, secretary_of_gaocun, hr_appraiser, client_as
):
    def notice(user):
        notices = client_as(user).get(reverse("home")).context["notices"]
        return [(n.count, n.url) for n in notices if n.key == "cadres-without-certificate"]

    assert notice(org_admin) == [(4, reverse("certifications:uncertified_list"))]
    assert notice(secretary_of_gaocun) == [(2, reverse("certifications:uncertified_list"))]
    assert notice(hr_appraiser) == []
