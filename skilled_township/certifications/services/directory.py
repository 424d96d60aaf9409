"""The public directory (人才库公开名录) and the cadres' public listing behind it.

The directory shows, for one township, the in-post cadres whose listing is switched on: name, duties, skills
with level (each skill at the cadre's best valid certificate in it) and only the phone the cadre chose to publish,
with the date of their consent. Nothing else of the roster (no ID number, no roster mobile, no birth date).

A cadre serves the whole township, not one village; the village filter lists the cadres who have served that
village (a service record there) or have been given a request from it, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from ..models import Certificate, CertificateLevel, PublicProfile, ServiceRecord, ServiceRequest


def public_townships(search: str = ""):
    """Townships still in use, each with its county (namesakes exist in different counties) and the number of
    cadres it lists publicly; searched by the township's or the county's name."""
    townships = Region.objects.townships().current().select_related("parent")
    search = search.strip()
    if search:
        townships = townships.filter(Q(name__icontains=search) | Q(parent__name__icontains=search))
    listed = PublicProfile.objects.public().filter(cadre__township=OuterRef("pk"))
    return townships.annotate(has_listed=Exists(listed)).order_by("code")


def public_township(code: str) -> Region | None:
    if not (code.isdigit() and len(code) == 12):
        return None
    return Region.objects.townships().current().select_related("parent").filter(code=code).first()


def listed_profiles(township, *, skill=None, category=None, village=None, day=None):
    """The township's public listing, filtered, ordered by name (then roster number)."""
    profiles = PublicProfile.objects.public().filter(cadre__township=township).select_related("cadre")
    certified = Certificate.objects.valid(day).filter(cadre=OuterRef("cadre"))
    if skill is not None:
        profiles = profiles.filter(Exists(certified.filter(skill=skill)))
    if category is not None:
        profiles = profiles.filter(Exists(certified.filter(skill__category=category)))
    if village is not None:
        served = ServiceRecord.objects.filter(cadre=OuterRef("cadre"), village=village)
        given = ServiceRequest.objects.filter(cadre=OuterRef("cadre"), village=village)
        profiles = profiles.filter(Exists(served) | Exists(given))
    return profiles.order_by("cadre__name", "cadre_id")


@dataclass
class Listing:
    """One cadre as the public sees them."""

    name: str
    duties: str
    phone: str
    #: (skill name, level label, level) pairs, best level first.
    skills: list[tuple[str, str, int]] = field(default_factory=list)


def listings(profiles, day=None) -> list[Listing]:
    """The page's profiles as the public sees them: two queries however many cadres (levels, skill names)."""
    profiles = list(profiles)
    levels = Certificate.objects.filter(cadre_id__in=[p.cadre_id for p in profiles]).best_levels(day)
    by_cadre: dict[int, list[tuple[int, int]]] = {}
    for row in levels:
        by_cadre.setdefault(row["cadre_id"], []).append((row["skill_id"], row["level"]))
    skill_ids = {skill_id for rows in by_cadre.values() for skill_id, _level in rows}
    names = dict(Skill.objects.filter(pk__in=skill_ids).values_list("pk", "name")) if skill_ids else {}
    found = []
    for profile in profiles:
        rows = sorted(by_cadre.get(profile.cadre_id, []), key=lambda row: (row[1], names.get(row[0], "")))
        found.append(
            Listing(
                name=profile.cadre.name,
                duties=profile.duties,
                phone=profile.public_phone if profile.phone_consent_on else "",
                skills=[(names[skill_id], CertificateLevel(level).label, level) for skill_id, level in rows],
            )
        )
    return found


def skills_offered(township, day=None):
    """Skills in which some listed cadre of the township holds a valid certificate (the skill filter's choices)."""
    cadres = PublicProfile.objects.public().filter(cadre__township=township).values("cadre")
    held = Certificate.objects.valid(day).filter(cadre__in=cadres).values("skill")
    return Skill.objects.filter(pk__in=held).select_related("category").order_by("category__order", "code")


def villages_of(township):
    return Region.objects.villages().current().filter(parent=township).order_by("code")


# --- The listing behind it ---------------------------------------------------------------------------------


def profile_of(cadre) -> PublicProfile:
    """The cadre's listing, or a new unsaved one (listed, no phone) for the form."""
    try:
        return cadre.public_profile
    except PublicProfile.DoesNotExist:
        return PublicProfile(cadre=cadre)


@transaction.atomic
def save_profile(profile: PublicProfile) -> PublicProfile:
    """Save a listing; withdrawing the phone also clears the consent date (audited like any change)."""
    if not profile.public_phone:
        profile.phone_consent_on = None
    profile.full_clean()
    profile.save()
    return profile
