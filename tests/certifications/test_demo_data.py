"""The demo's appraisals and certificates: what the demo accounts and the public request flow rely on."""

from django.core.management import call_command

from skilled_township.accounts.models import User
from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Appraisal, Certificate
from skilled_township.certifications.services.compliance import without_valid_certificate


def test_the_demo_certifies_the_demo_cadres_and_gaocuns_citrus_growers(db):
    call_command("seed_demo", verbosity=0)  # (running it twice changes nothing: tests/test_demo.py)

    for username in ("cadre_gaocun", "cadre_gaocun2", "cadre_zhijiang"):
        assert Certificate.objects.valid().filter(cadre=User.objects.get(username=username).cadre).exists(), username
    citrus = Certificate.objects.valid().filter(cadre__township__name="高村镇", skill__code__in=["JJ02", "JJ03"])
    assert citrus.values("cadre").distinct().count() >= 3
    assert Appraisal.objects.filter(result="failed").exists()
    assert all(
        n.startswith("JN-")
        for n in Certificate.objects.filter(appraisal__isnull=False).values_list("number", flat=True)
    )
    revoked = Certificate.objects.filter(status="revoked")
    assert revoked.count() >= 3 and all(c.revocation_reason for c in revoked)
    assert Certificate.objects.filter(status="valid").exclude(pk__in=Certificate.objects.valid()).count() >= 3
    # Seed 004's gap is visible: some in-post cadres hold no valid certificate yet.
    assert without_valid_certificate(Cadre.objects.all()).exists()
