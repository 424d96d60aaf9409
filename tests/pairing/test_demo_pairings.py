"""The demo pairs the households that exist, about six to a cadre, with handovers and a cadre awaiting
handover; run again it changes nothing."""

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.pairing.demo import pair_households
from skilled_township.pairing.models import Household, Pairing
from skilled_township.pairing.services.pairings import awaiting_handover

from .. import factories
from .builders import household


def test_demo_pairs_every_household_hands_over_and_leaves_one_cadre_awaiting(world):
    cadres = [factories.cadre(world.township, f"演示干部{n}") for n in range(6)]
    for n in range(30):
        household(world.village, f"演示户{n:02d}")
    paired, handed = pair_households([world.township])
    assert (paired, handed) == (30, 2)
    assert not Household.objects.filter(paired_cadre__isnull=True).exists()
    assert max(c.pairings.filter(ended_on__isnull=True).count() for c in cadres) <= 8
    handed_over = Pairing.objects.filter(previous__isnull=False)
    assert handed_over.count() == 2 and all(p.previous.end_reason == "交接" for p in handed_over)
    left = Cadre.objects.get(status=Cadre.Status.LEFT)
    assert awaiting_handover(Pairing.objects.all()).filter(cadre=left).count() == 6

    before = (Pairing.objects.count(), AuditEntry.objects.count())
    assert pair_households([world.township]) == (0, 0)
    assert (Pairing.objects.count(), AuditEntry.objects.count()) == before
