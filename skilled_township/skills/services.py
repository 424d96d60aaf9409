from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Skill, SkillCategory

CATALOGUE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "skills.json"


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE_FIXTURE) -> int:
    """Create or refresh categories and skills from the fixture, matched by code (so re-runs change nothing).

    Returns the number of skills in the file. Skills retired by the organisation department stay retired.
    """
    rows = json.loads(Path(path).read_text("utf-8"))
    categories = {}
    for row in rows:
        if row["model"] == "skills.skillcategory":
            fields = row["fields"]
            category, _ = SkillCategory.objects.update_or_create(
                code=fields["code"], defaults={"name": fields["name"], "order": fields["order"]}
            )
            categories[row["pk"]] = category
    skills = [row for row in rows if row["model"] == "skills.skill"]
    for row in skills:
        fields = row["fields"]
        Skill.objects.update_or_create(
            code=fields["code"],
            defaults={
                "name": fields["name"],
                "category": categories[fields["category"]],
                "description": fields["description"],
                "related_industry": fields["related_industry"],
            },
        )
    return len(skills)


@transaction.atomic
def set_retired(skill: Skill, retired: bool) -> Skill:
    """Retire a skill (no longer offered) or bring it back. Nothing that refers to it is touched."""
    skill.is_active = not retired
    skill.save(update_fields=["is_active", "updated_at"])
    return skill


def required_skills(township, year: int):
    return Skill.objects.filter(required_in__township=township, required_in__year=year).order_by("code")


def current_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
