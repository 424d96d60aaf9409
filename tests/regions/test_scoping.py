"""Scope arithmetic: what each persona sees, through the one mechanism every page and API uses."""

from skilled_township.accounts.models import User
from skilled_township.regions.models import PilotTownship, Region, VillageIncome

from .. import factories


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_city_admin_sees_the_whole_city(world, org_admin):
    assert Region.objects.visible_to(org_admin).count() == Region.objects.count()


def test_secretary_sees_own_township_and_its_villages_only(world, secretary_of_gaocun):
    assert codes(Region.objects.visible_to(secretary_of_gaocun)) == [world.township.code, world.village.code]
    assert list(PilotTownship.objects.visible_to(secretary_of_gaocun)) == [world.pilot]
    assert list(VillageIncome.objects.visible_to(secretary_of_gaocun)) == [world.income]


def test_secretary_of_another_township_sees_none_of_ours(world, secretary_of_other_township):
    visible = Region.objects.visible_to(secretary_of_other_township)
    assert codes(visible) == [world.other_township.code, world.other_village.code]
    assert not PilotTownship.objects.visible_to(secretary_of_other_township).exists()
    assert not VillageIncome.objects.visible_to(secretary_of_other_township).exists()


def test_admin_of_another_county_sees_nothing_of_mayang(world, org_admin_of_other_county):
    assert codes(Region.objects.visible_to(org_admin_of_other_county)) == [world.other_county.code]


def test_disabled_anonymous_and_unscoped_users_see_nothing(world, secretary_of_gaocun):
    secretary_of_gaocun.is_active = False
    secretary_of_gaocun.save()
    assert not Region.objects.visible_to(secretary_of_gaocun).exists()
    assert not Region.objects.visible_to(None).exists()
    no_scope = factories.user("no_scope")
    assert not Region.objects.visible_to(no_scope).exists()


def test_superuser_sees_everything(world):
    root = factories.user("root", is_superuser=True)
    assert Region.objects.visible_to(root).count() == Region.objects.count()


def test_user_accounts_are_scoped_like_everything_else(
    world, org_admin, org_admin_of_other_county, secretary_of_gaocun
):
    assert secretary_of_gaocun in User.objects.visible_to(org_admin)
    assert secretary_of_gaocun not in User.objects.visible_to(org_admin_of_other_county)
    assert list(User.objects.visible_to(org_admin_of_other_county)) == [org_admin_of_other_county]
