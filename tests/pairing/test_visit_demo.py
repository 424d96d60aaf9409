"""The demo's visit logs: over the last months for every demo pairing, of every confirmation kind, a few amended,
some cadres below the norm last month; running the demo again adds nothing."""

import datetime

from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.pairing import demo
from skilled_township.pairing.models import Visit, VisitAmendment
from skilled_township.pairing.services import norms

from .. import factories
from . import visit_builders as builders


def test_the_demo_logs_visits_of_every_kind_once(world, secretary_of_gaocun):
    for n in range(12):
        cadre = factories.cadre(world.township, f"示范干部{n}", mobile=f"137000002{n:02d}")
        for k in range(3):
            builders.pairing(world, f"示范户{n}-{k}", cadre=cadre, phone=f"13966{n:02d}00{k:02d}")
    state = {"report": []}

    demo.seed_visits(state)
    first = sorted(Visit.objects.values_list("pairing_id", "visited_on", "kind", "confirmation"))
    demo.seed_visits(state)

    assert sorted(Visit.objects.values_list("pairing_id", "visited_on", "kind", "confirmation")) == first
    kinds = {confirmation for *_rest, confirmation in first}
    assert kinds == {"code", "signature", "none"}
    assert Visit.objects.filter(visited_on__gt=timezone.localdate()).count() == 0
    assert all(v.signature for v in Visit.objects.filter(confirmation="signature"))
    assert VisitAmendment.objects.exists()
    year, month = norms.previous_month(timezone.localdate())
    below = norms.below_norm(Cadre.objects.all(), year, month)
    assert 0 < len(below) < 12
    oldest = Visit.objects.order_by("visited_on").first().visited_on
    assert oldest >= (timezone.localdate().replace(day=1) - datetime.timedelta(days=100))
