"""What the catalogue, required-skill and demand lists show (see tests/content.py)."""

from django.urls import reverse

from .. import objects
from ..content import Shows

LISTS = {
    "skills:skill_list": Shows(objects.skill, marks=lambda skill: skill.get_absolute_url(), city_wide=True),
    "skills:required_list": Shows(objects.required_skill, marks=lambda r: (r.township.name, r.skill.name)),
    "skills:demand_list": Shows(objects.demand, marks=lambda d: reverse("skills:demand_update", args=[d.pk])),
    "api:skill-category-list": Shows(lambda w: objects.skill(w).category, city_wide=True),
    "api:skill-list": Shows(objects.skill, city_wide=True),
    "api:demand-list": Shows(objects.demand),
}
