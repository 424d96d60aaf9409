import datetime

from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from skilled_township.accounts.demo import DEMO_PASSWORD
from skilled_township.accounts.models import AuditEntry, User
from skilled_township.assessment.models import StarNomination
from skilled_township.certifications.models import Certificate
from skilled_township.regions.models import PilotTownship, Region, VillageIncome


def counts():
    return (
        Region.objects.count(),
        PilotTownship.objects.count(),
        User.objects.count(),
        VillageIncome.objects.count(),
    )


def test_seed_demo_is_idempotent_and_every_demo_account_signs_in(db, client):
    call_command("seed_demo", verbosity=0)
    first, entries = counts(), AuditEntry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert AuditEntry.objects.count() == entries
    # 学用之星 deeds claim a skill certificate only for a nominee who held a valid one at the year's end.
    nominated = list(StarNomination.objects.select_related("round"))
    assert nominated
    for star in nominated:
        year_end = datetime.date(star.round.year, 12, 31)
        held = Certificate.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=year_end),
            cadre=star.cadre_id,
            status="valid",
            issued_on__lte=year_end,
        ).exists()
        assert ("取得技能证书" in star.deeds) is held, star.deeds

    assert Region.objects.get(code="431200000000").name == "怀化市"
    secretaries = User.objects.filter(role="township_secretary")
    assert secretaries.count() == PilotTownship.objects.count() >= 4
    assert all(hasattr(s.scope, "pilot") for s in secretaries.select_related("scope"))
    cadres = User.objects.filter(role="cadre").select_related("cadre", "scope")
    assert {(c.username, c.scope.name) for c in cadres} == {
        ("cadre_gaocun", "高村镇"),
        ("cadre_gaocun2", "高村镇"),
        ("cadre_zhijiang", "芷江镇"),
    }
    assert all(c.cadre.township == c.scope and not c.must_change_password for c in cadres)
    for username in [
        "org_admin",
        "hr_appraiser",
        "reviewer_a",
        "reviewer_b",
        "leader",
        *[s.username for s in secretaries],
        "cadre_gaocun",
        "cadre_gaocun2",
        "cadre_zhijiang",
    ]:
        response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post(reverse("accounts:logout"))
