"""Demo certificates: about one cadre in four of each demo pilot township holds one."""

import datetime
import random

from django.utils import timezone

from skilled_township.cadres.models import Cadre, Position
from skilled_township.regions import codes
from skilled_township.regions.demo import PILOTS
from skilled_township.skills.models import Skill

from .models import Certificate, CertificateLevel


def seed(state: dict) -> None:
    today = timezone.localdate()
    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    for code, *_rest in PILOTS:
        rng = random.Random(f"certificates-{code}")
        cadres = Cadre.objects.filter(township=state["regions"][code]).exclude(position=Position.TECH_DEPUTY)
        for index, cadre in enumerate(cadres.order_by("id")):
            # Drawn for every cadre, so that the random sequence (and so the demo) is the same on every run.
            skill, level, age = rng.choice(skills), rng.choice(CertificateLevel.values), rng.randint(30, 700)
            if index % 4 == 1:
                Certificate.objects.get_or_create(
                    number=f"{codes.county_prefix_of(code)}-{index:04d}",
                    defaults={
                        "cadre": cadre,
                        "skill": skill,
                        "level": level,
                        "issued_on": today - datetime.timedelta(days=age),
                    },
                )
    state["report"].append(f"Certificates: {Certificate.objects.count()} on the demo rosters.")
