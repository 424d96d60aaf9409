"""The education structure of a township's cadres against the nearest targets (seed 003)."""

from decimal import Decimal

from skilled_township.cadres.models import EducationTarget
from skilled_township.cadres.services import education

from .. import factories


def test_education_structure_against_targets(world):
    def person(name, position, education, reserve=False):
        return factories.cadre(world.township, name, position=position, education=education, is_reserve=reserve)

    person("书记", "party_secretary", 4)
    person("镇长", "mayor", 3)
    person("委员", "leadership", 2)  # 高中: not 大专以上
    person("干部一", "staff", 3, reserve=True)
    person("干部二", "staff", 2, reserve=True)
    rows = {row.group: row for row in education.education_structure(world.township)}
    leadership, others, reserve = rows["leadership"], rows["others"], rows["reserve"]
    assert (leadership.cadres, leadership.qualified, leadership.share, leadership.met) == (3, 2, Decimal("66.7"), False)
    assert (others.cadres, others.qualified, others.share, others.target) == (2, 1, Decimal("50.0"), Decimal("80"))
    assert (reserve.cadres, reserve.qualified, reserve.target, reserve.met) == (2, 1, Decimal("95"), False)

    EducationTarget.objects.create(region=world.county, group="others", target_percent=Decimal("50"))
    EducationTarget.objects.create(region=world.city, group="others", target_percent=Decimal("99"))
    others = {row.group: row for row in education.education_structure(world.township)}["others"]
    assert (others.target, others.met, others.configured) == (Decimal("50"), True, True)
