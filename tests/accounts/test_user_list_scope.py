"""Accounts are listed through ``User.objects.visible_to``: an admin sees the accounts inside their scope, and
what those accounts did only where it lies inside that scope too."""

from django.urls import reverse

from skilled_township.cadres.models import Cadre
from skilled_township.core.context import acting_as

from .. import factories


def listed(response) -> set[str]:
    return {account.username for account in response.context["table"].data}


def test_a_county_admin_lists_only_the_accounts_of_their_county(
    world, org_admin, org_admin_of_other_county, secretary_of_gaocun, client_as
):
    zhijiang = factories.region("431228101000", "芷江镇", world.other_county)
    factories.user("secretary_zhijiang", "township_secretary", zhijiang)
    response = client_as(org_admin_of_other_county).get(reverse("accounts:user_list"))
    assert listed(response) == {"org_admin_zhijiang", "secretary_zhijiang"}
    assert "secretary_gaocun" not in response.content.decode()
    assert {"secretary_gaocun", "secretary_zhijiang"} <= listed(client_as(org_admin).get(reverse("accounts:user_list")))


def test_the_scope_filter_treats_a_region_outside_the_scope_as_unknown(
    world, org_admin_of_other_county, secretary_of_gaocun, client_as
):
    client = client_as(org_admin_of_other_county)
    outside = client.get(reverse("accounts:user_list"), {"scope": world.township.pk})
    unknown = client.get(reverse("accounts:user_list"), {"scope": 10**9})
    assert outside.status_code == unknown.status_code == 200
    assert listed(outside) == listed(unknown) == set()
    assert outside.context["filter"].errors == unknown.context["filter"].errors
    assert "scope" in outside.context["filter"].errors


def test_an_account_moved_between_counties_shows_only_the_activity_in_the_viewers_scope(
    world, org_admin, org_admin_of_other_county, secretary_of_gaocun, client_as
):
    with acting_as(secretary_of_gaocun, source="web"):
        factories.cadre(world.township, "高村镇干部甲")
    zhijiang = factories.region("431228101000", "芷江镇", world.other_county)
    secretary_of_gaocun.scope = zhijiang
    secretary_of_gaocun.save()
    with acting_as(secretary_of_gaocun, source="web"):
        factories.cadre(zhijiang, "芷江镇干部乙")
    assert Cadre.objects.count() == 2

    page = client_as(org_admin_of_other_county).get(reverse("accounts:user_detail", args=[secretary_of_gaocun.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "芷江镇干部乙" in html and "高村镇干部甲" not in html
    city_page = client_as(org_admin).get(reverse("accounts:user_detail", args=[secretary_of_gaocun.pk]))
    assert "高村镇干部甲" in city_page.content.decode()
