"""学用之星 (seed 002: 开展"学用之星"评选活动, commendations of the 一人学一技 campaign) of a round.

Candidates come from the year's record: the in-post cadres whose record score (``services.grades.records``, the
same score as the annual grade's suggestion) is at or above the round's threshold (``StarList.min_score``, 80 by
default). Once the round's results are stored (closed or published), a township secretary nominates up to
``quota`` candidates of their own township (1 by default; a rejected nomination frees its place), each with the
cadre's deeds; while it is pending the secretary may withdraw it (the place is free again). The organisation
department approves or rejects each nomination with a reason, and the city's department publishes the list once the
round is published and nothing is pending; a published list is frozen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skilled_township.cadres.models import Cadre

from ..models import AssessmentRound, StarList, StarNomination
from . import grades

#: Rounds whose results are stored: the record score then includes the township's total.
NOMINATING = (AssessmentRound.Status.CLOSED, AssessmentRound.Status.PUBLISHED)


#: A round's list, as its round page shows it: before the results are stored, while nominations are made and
#: decided, and once published.
STAGES = {
    "waiting": gettext_lazy("未开始"),
    "nominating": gettext_lazy("推荐中"),
    "published": gettext_lazy("已发布"),
}


def stage(round: AssessmentRound) -> str:
    """The round's list stage (a key of ``STAGES``), read without creating the list."""
    if StarList.objects.filter(round=round, published_at__isnull=False).exists():
        return "published"
    return "nominating" if round.status in NOMINATING else "waiting"


def reads_nominations(user, published: bool) -> bool:
    """Whether the user reads a round's nominations (``StarNominationQuerySet.visible_to``): those who nominate
    or decide at every stage, the other readers (leaders) once the list is published."""
    if not user.has_role_perm("assessment.stars"):
        return False
    return published or user.has_role_perm("assessment.star_nominate") or user.has_role_perm("assessment.star_decide")


def star_list_of(round: AssessmentRound) -> StarList:
    found, _created = StarList.objects.get_or_create(round=round)
    return found


def _points(value) -> str:
    """80.00 → "80", 82.50 → "82.5"."""
    return f"{value.normalize():f}"


def rule(star_list: StarList) -> str:
    return _(
        "候选人：本年度实绩得分（与干部年度等次同一算法）不低于%(score)s分的在岗干部；每个乡镇党委推荐不超过%(quota)s名，"
        "须填写主要事迹；组织部逐一审核并说明意见，考核结果发布且无待审核推荐后发布名单，发布后不再变更。"
    ) % {"score": _points(star_list.min_score), "quota": star_list.quota}


def candidates(round: AssessmentRound, user, star_list: StarList | None = None):
    """The user's candidates (in their scope), best first, each marked whether already nominated this year."""
    star_list = star_list or star_list_of(round)
    nominated = StarNomination.objects.filter(round=round, cadre=OuterRef("pk"))
    return (
        grades.records(round)
        .visible_to(user)
        .filter(record_score__gte=star_list.min_score)
        .annotate(nominated=Exists(nominated))
        .select_related("township")
        .order_by("township__code", "-record_score", "pk")
    )


def taken(round: AssessmentRound, township_id) -> int:
    """Places a township has used: its nominations not rejected."""
    return (
        StarNomination.objects.filter(round=round, township_id=township_id)
        .exclude(status=StarNomination.Status.REJECTED)
        .count()
    )


def _refuse_published(star_list: StarList) -> None:
    if star_list.is_published:
        raise ValidationError(_("学用之星名单已发布，不能修改。"))


def _locked(round: AssessmentRound) -> StarList:
    return StarList.objects.select_for_update().get(pk=star_list_of(round).pk)


@transaction.atomic
def save_settings(star_list: StarList) -> StarList:
    _refuse_published(StarList.objects.select_for_update().get(pk=star_list.pk))
    star_list.full_clean()
    star_list.save()
    return star_list


@transaction.atomic
def nominate(round: AssessmentRound, cadre: Cadre, deeds: str, *, by) -> StarNomination:
    star_list = _locked(round)
    _refuse_published(star_list)
    if round.status not in NOMINATING:
        raise ValidationError(_("考核轮次结束评分后才能推荐学用之星。"))
    deeds = (deeds or "").strip()
    if not deeds:
        raise ValidationError({"deeds": _("请填写主要事迹。")})
    if not Cadre.objects.visible_to(by).filter(pk=cadre.pk).exists():
        raise ValidationError(_("只能推荐本乡镇的干部。"))
    if not cadre.is_in_post:
        raise ValidationError(_("只能推荐在岗干部。"))
    if StarNomination.objects.filter(round=round, cadre=cadre).exists():
        raise ValidationError(_("%(name)s本年度已被推荐。") % {"name": cadre.name})
    record = candidates(round, by, star_list).filter(pk=cadre.pk).first()
    if record is None:
        raise ValidationError(
            _("%(name)s的年度实绩得分低于%(score)s分，不在候选人之列。")
            % {"name": cadre.name, "score": _points(star_list.min_score)}
        )
    if taken(round, cadre.township_id) >= star_list.quota:
        raise ValidationError(
            _("%(township)s的推荐名额（%(quota)s名）已用完。")
            % {"township": cadre.township.name, "quota": star_list.quota}
        )
    return StarNomination.objects.create(
        round=round,
        cadre=cadre,
        township_id=cadre.township_id,
        record_score=record.record_score,
        deeds=deeds,
        nominated_by=by,
    )


@transaction.atomic
def decide(nomination: StarNomination, *, approve: bool, reason: str, by) -> StarNomination:
    star_list = _locked(nomination.round)
    _refuse_published(star_list)
    nomination = StarNomination.objects.select_for_update().get(pk=nomination.pk)
    if not StarNomination.objects.visible_to(by).filter(pk=nomination.pk).exists():
        raise ValidationError(_("该推荐不在您的管辖范围内。"))
    if not nomination.is_pending:
        raise ValidationError(_("该推荐已审核。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写审核意见。")})
    nomination.status = StarNomination.Status.APPROVED if approve else StarNomination.Status.REJECTED
    nomination.reason, nomination.decided_by, nomination.decided_at = reason, by, timezone.now()
    nomination.save()
    return nomination


def withdraw_refusal(nomination: StarNomination, *, published: bool) -> str:
    """Why the nomination can no longer be withdrawn ("" while it can): once decided, or once the list is
    published."""
    if published:
        return _("学用之星名单已发布，不能撤回推荐。")
    if not nomination.is_pending:
        return _("该推荐已审核（%(status)s），不能撤回。") % {"status": nomination.get_status_display()}
    return ""


def may_withdraw(nomination: StarNomination, user, *, published: bool) -> bool:
    """Whether the page offers the user to withdraw the nomination (``withdraw`` has the final word)."""
    return user.has_role_perm("assessment.star_nominate") and not withdraw_refusal(nomination, published=published)


@transaction.atomic
def withdraw(nomination: StarNomination, *, by) -> None:
    """The township withdraws its pending nomination: the row goes (the audit trail keeps what it said), so the
    place counts in the quota again and the cadre may be nominated again. Refused once decided or published."""
    star_list = _locked(nomination.round)
    found = StarNomination.objects.select_for_update().filter(pk=nomination.pk).first()
    if found is None:
        raise ValidationError(_("该推荐已撤回。"))
    if not StarNomination.objects.visible_to(by).filter(pk=found.pk).exists():
        raise ValidationError(_("该推荐不在您的管辖范围内。"))
    refusal = withdraw_refusal(found, published=star_list.is_published)
    if refusal:
        raise ValidationError(refusal)
    found.delete()


@transaction.atomic
def publish(round: AssessmentRound, *, by) -> StarList:
    star_list = _locked(round)
    _refuse_published(star_list)
    if not AssessmentRound.objects.filter(pk=round.pk, status=AssessmentRound.Status.PUBLISHED).exists():
        raise ValidationError(_("考核结果发布后才能发布学用之星名单。"))
    nominations = StarNomination.objects.filter(round=round)
    pending = nominations.filter(status=StarNomination.Status.PENDING).count()
    if pending:
        raise ValidationError(_("还有%(n)s份推荐待审核。") % {"n": pending})
    if not nominations.filter(status=StarNomination.Status.APPROVED).exists():
        raise ValidationError(_("还没有审核通过的推荐。"))
    star_list.published_by, star_list.published_at = by, timezone.now()
    star_list.save()
    return star_list


def published_years(city_prefix: str = ""):
    """Rounds with a published list, newest first."""
    return AssessmentRound.objects.filter(
        star_list__published_at__isnull=False, city__code__startswith=city_prefix
    ).order_by("-year")


def published_stars(round: AssessmentRound):
    return (
        StarNomination.objects.published()
        .filter(round=round)
        .select_related("cadre", "township__parent")
        .order_by("township__code", "-record_score", "id")
    )
