"""学用之星 around 高村镇 for the access matrix, the content checks and the tests: the published round of 2024
(``builders.published_round``) with its threshold at 0, so every in-post cadre is a candidate; ``published_star``
is the 高村镇 cadre persona's nomination, approved, the list published."""

from skilled_township.accounts.roles import Role

from .. import objects
from . import builders


def secretary(world):
    return builders.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, world.township)


def open_list(world):
    """The 2024 round's list, unpublished, every in-post cadre a candidate."""
    from skilled_township.assessment.services import stars

    star_list = stars.star_list_of(builders.published_round(world))
    if star_list.min_score and not star_list.is_published:
        star_list.min_score = 0
        stars.save_settings(star_list)
    return star_list


def nomination(world):
    """The 高村镇 cadre persona's nomination in the 2024 round (pending unless decided since)."""
    from skilled_township.assessment.models import StarNomination
    from skilled_township.assessment.services import stars

    round = open_list(world).round
    cadre = objects.cadre(world)
    found = StarNomination.objects.filter(round=round, cadre=cadre).first()
    return found or stars.nominate(round, cadre, "学会柑桔嫁接，全年上门指导农户40余次。", by=secretary(world))


def published_star(world):
    from skilled_township.assessment.services import stars

    one = nomination(world)
    star_list = stars.star_list_of(one.round)
    if not star_list.is_published:
        if one.is_pending:
            one = stars.decide(one, approve=True, reason="事迹突出，群众认可", by=builders.chair(world))
        stars.publish(one.round, by=builders.chair(world))
        one.refresh_from_db()
    return one
