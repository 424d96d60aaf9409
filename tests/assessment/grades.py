"""Cadres' annual grades around 高村镇 for the access matrix, the content checks and the tests: the published
round of 2024 (``builders.published_round``) with its grades set and published; ``grade`` is the 高村镇
cadre persona's own (称职), ``appeal`` that cadre's pending appeal against it."""

from .. import factories, objects
from . import builders


def graded_round(world, *, publish: bool = True):
    """Published: the round of 2024; not published: the round of 2025 being scored."""
    from skilled_township.assessment.services import grades

    round = builders.published_round(world) if publish else builders.scoring_round(world)
    scheme = grades.scheme_of(round)
    if scheme.is_published:
        return round
    objects.cadre(world)  # the cadre persona's roster entry
    grades.refresh(round, by=builders.chair(world))
    for one in round.cadre_grades.select_related("cadre__township", "round"):
        if not one.final:
            grades.set_final(one, "competent", "年度实绩良好", by=builders.chair(world))
    if publish:
        grades.publish(round, by=builders.chair(world))
    return round


def grade(world):
    return graded_round(world).cadre_grades.get(cadre=objects.cadre(world))


def draft_grade(world):
    return graded_round(world, publish=False).cadre_grades.get(cadre=objects.cadre(world))


def cadre_account(world):
    from skilled_township.accounts.models import User

    cadre = objects.cadre(world)
    return User.objects.filter(cadre=cadre).first() or factories.cadre_user("cadre_gaocun", cadre)


def appeal(world):
    from skilled_township.assessment.models import GradeAppeal
    from skilled_township.assessment.services import appeals

    one = grade(world)
    return GradeAppeal.objects.filter(grade=one).first() or appeals.file(
        one, "全年走访天数未计入驻村日志", by=cadre_account(world)
    )
