"""Demo pairings: every demo household paired with a cadre of its township (about six households a cadre, the
demo cadres' accounts first), a couple of handovers with their history, and one cadre who has left the post
with pairings awaiting handover. Deterministic and idempotent: a township that has pairings is left as it is."""

import datetime
import random

from django.utils import timezone

from skilled_township.cadres.demo import CADRE_ACCOUNTS
from skilled_township.cadres.models import Cadre, Position
from skilled_township.regions.demo import PILOTS

from .models import Household, Pairing
from .services import pairings as pairing_rules

#: Households a demo cadre is paired with.
PER_CADRE = 6
#: The roster position (in-post cadres by id, as the demo accounts count them) of the cadres whose first two
#: households are handed over to the next one, and of the cadre who leaves the post.
HANDING_OVER, LEAVING = 2, 4
GOALS = [
    "发展柑桔种植，两年内人均纯收入达到本村平均水平。",
    "帮助一名劳动力转移就业，参加一次技能培训。",
    "发展生猪养殖，落实产业帮扶资金。",
    "改善住房条件，家庭成员掌握一门致富技能。",
]


def seed(state: dict) -> None:
    seed_pairings(state)


def seed_pairings(state: dict) -> None:
    """Pair the pilot townships' households; runs after the households are loaded."""
    regions = state.get("regions", {})
    townships = [regions[code] for code, *_rest in PILOTS if code in regions]
    with_accounts = {regions[code].pk for code, *_rest, slug in PILOTS if code in regions and slug in _account_slugs()}
    paired, handed = pair_households(townships, keep_in_post=with_accounts)
    if paired:
        state["report"].append(f"Pairings: {paired} households paired, {handed} handed over.")


def _account_slugs() -> set[str]:
    return {slug for _user, slug, index in CADRE_ACCOUNTS if index >= LEAVING}


def pair_households(townships, keep_in_post=frozenset()) -> tuple[int, int]:
    """Pair every household of ``townships`` (those without pairings yet) and make the handovers; returns how
    many were paired and handed over. ``keep_in_post``: townships whose cadre at ``LEAVING`` has a demo account."""
    today = timezone.localdate()
    left_done = Cadre.objects.filter(status=Cadre.Status.LEFT, pairings__ended_on__isnull=True).exists()
    paired = handed = 0
    for township in townships:
        households = list(Household.objects.filter(village__parent=township).order_by("id"))
        if not households or Pairing.objects.filter(household__village__parent=township).exists():
            continue
        roster = Cadre.objects.filter(township=township).in_post().exclude(position=Position.TECH_DEPUTY)
        cadres = list(roster.order_by("id"))
        if not cadres:
            continue
        for index, household in enumerate(households):
            cadre = cadres[(index // PER_CADRE) % len(cadres)]
            rng = random.Random(f"pairing-{household.id_number}")
            started = today - datetime.timedelta(days=rng.randint(300, 700))
            pairing_rules.pair(household, cadre, started_on=started, goals=rng.choice(GOALS))
            paired += 1
        # Handovers with history: a cadre's first two households go to the next cadre.
        if len(cadres) > HANDING_OVER + 1:
            moving = list(Pairing.objects.active().filter(cadre=cadres[HANDING_OVER]).order_by("id")[:2])
            if moving:
                on = min(max(p.started_on for p in moving) + datetime.timedelta(days=90), today)
                pairing_rules.handover(moving, to=cadres[HANDING_OVER + 1], on=on)
                handed += len(moving)
        # One cadre leaves the post with their households still to hand over (the first township that can).
        if not left_done and len(cadres) > LEAVING and township.pk not in keep_in_post:
            leaving = cadres[LEAVING]
            if Pairing.objects.active().filter(cadre=leaving).exists():
                leaving.status, leaving.left_on = Cadre.Status.LEFT, today - datetime.timedelta(days=7)
                leaving.save()
                left_done = True
    return paired, handed
