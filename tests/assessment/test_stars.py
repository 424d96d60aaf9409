"""学用之星: candidates from the year's record, a township's nominations within its quota, the organisation
department's decisions with a reason, the published list frozen and public, and what a secretary of another
township may do (nothing with 高村镇's cadres or nominations)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from skilled_township.assessment.models import FrozenWhenPublished, StarNomination
from skilled_township.assessment.services import stars

from .. import factories, objects
from . import builders
from . import stars as starred

DEEDS = "学会柑桔嫁接，全年上门指导农户40余次。"


def test_only_candidates_at_or_above_the_threshold_may_be_nominated(world, secretary_of_gaocun, client_as):
    round = builders.published_round(world)
    cadre = objects.cadre(world)
    star_list = stars.star_list_of(round)
    assert star_list.quota == 1 and star_list.min_score == 80  # the defaults
    with pytest.raises(ValidationError, match="低于80分，不在候选人之列"):
        stars.nominate(round, cadre, DEEDS, by=secretary_of_gaocun)
    page = client_as(secretary_of_gaocun).get(reverse("assessment:star_list"), {"round": round.pk}).content.decode()
    assert "不低于80分的在岗干部；每个乡镇党委推荐不超过1名" in page and "没有达到候选条件的干部。" in page
    starred.open_list(world)  # threshold 0: every in-post cadre
    gone = factories.cadre(world.township, "离岗", status="left", left_on=datetime.date(2024, 6, 1))
    page = client_as(secretary_of_gaocun).get(reverse("assessment:star_list"), {"round": round.pk}).content.decode()
    assert cadre.name in page and "离岗" not in page
    with pytest.raises(ValidationError, match="只能推荐在岗干部"):
        stars.nominate(round, gone, DEEDS, by=secretary_of_gaocun)


def test_a_township_nominates_within_its_quota_and_a_rejection_frees_the_place(world, secretary_of_gaocun, org_admin):
    round = starred.open_list(world).round
    first, second = objects.cadre(world), factories.cadre(world.township, "杨秀英")
    with pytest.raises(ValidationError, match="请填写主要事迹"):
        stars.nominate(round, first, "  ", by=secretary_of_gaocun)
    one = stars.nominate(round, first, DEEDS, by=secretary_of_gaocun)
    assert one.township == world.township and one.is_pending and one.record_score >= 0
    with pytest.raises(ValidationError, match="高村镇的推荐名额（1名）已用完"):
        stars.nominate(round, second, DEEDS, by=secretary_of_gaocun)
    with pytest.raises(ValidationError, match="本年度已被推荐"):
        stars.nominate(round, first, DEEDS, by=secretary_of_gaocun)
    with pytest.raises(ValidationError, match="请填写审核意见"):
        stars.decide(one, approve=False, reason="", by=org_admin)
    stars.decide(one, approve=False, reason="事迹材料不够具体", by=org_admin)
    assert stars.nominate(round, second, DEEDS, by=secretary_of_gaocun).is_pending
    with pytest.raises(ValidationError, match="该推荐已审核"):
        stars.decide(one, approve=True, reason="改判", by=org_admin)


def test_the_quota_is_set_on_the_round(world, secretary_of_gaocun):
    star_list = starred.open_list(world)
    star_list.quota = 2
    stars.save_settings(star_list)
    for name in ("甲", "乙"):
        stars.nominate(star_list.round, factories.cadre(world.township, name), DEEDS, by=secretary_of_gaocun)
    with pytest.raises(ValidationError, match="（2名）已用完"):
        stars.nominate(star_list.round, factories.cadre(world.township, "丙"), DEEDS, by=secretary_of_gaocun)


def test_a_cadre_is_nominated_once_a_year_by_the_database_too(world, secretary_of_gaocun):
    one = starred.nomination(world)
    twin = StarNomination(
        round=one.round,
        cadre=one.cadre,
        township=one.township,
        record_score=one.record_score,
        deeds=DEEDS,
        nominated_by=secretary_of_gaocun,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_no_nomination_before_the_round_is_scored(world, secretary_of_gaocun):
    round = builders.scoring_round(world)
    with pytest.raises(ValidationError, match="结束评分后才能推荐"):
        stars.nominate(round, objects.cadre(world), DEEDS, by=secretary_of_gaocun)


def test_a_secretary_of_another_township_can_neither_nominate_nor_see_unpublished_nominations(
    world, secretary_of_other_township, leader, client_as
):
    one = starred.nomination(world)
    with pytest.raises(ValidationError, match="只能推荐本乡镇的干部"):
        stars.nominate(one.round, factories.cadre(world.township, "杨秀英"), DEEDS, by=secretary_of_other_township)
    client = client_as(secretary_of_other_township)
    assert client.get(one.get_absolute_url()).status_code == 404
    url = reverse("assessment:star_nominate", args=[one.round_id, one.cadre_id])
    assert client.post(url, {"deeds": DEEDS}).status_code == 404
    page = client.get(reverse("assessment:star_list"), {"round": one.round_id}).content.decode()
    assert one.cadre.name not in page and "高村镇" not in page
    assert client.get(reverse("api:assessment-star-nomination-list")).json()["results"] == []
    # Leaders read the list once it is published.
    assert client_as(leader).get(one.get_absolute_url()).status_code == 404


def test_the_pages_nominate_decide_publish_and_the_list_is_then_frozen_and_public(
    world, secretary_of_gaocun, org_admin, leader, client_as
):
    round = starred.open_list(world).round
    cadre = objects.cadre(world)
    client = client_as(secretary_of_gaocun)
    url = reverse("assessment:star_nominate", args=[round.pk, cadre.pk])
    assert "请填写主要事迹" not in client.get(url).content.decode()
    assert client.post(url, {"deeds": ""}).status_code == 200
    response = client.post(url, {"deeds": DEEDS})
    one = StarNomination.objects.get(round=round, cadre=cadre)
    assert response.status_code == 302 and response["Location"] == one.get_absolute_url()
    assert client.post(one.get_absolute_url(), {"approve": "1", "reason": "自己批"}).status_code == 403

    client = client_as(org_admin)
    publish = reverse("assessment:star_publish", args=[round.pk])
    page = client.post(publish, follow=True).content.decode()
    assert "还有1份推荐待审核。" in page
    assert client.post(one.get_absolute_url(), {"approve": "1", "reason": ""}).status_code == 200
    assert client.post(one.get_absolute_url(), {"approve": "1", "reason": "事迹突出"}).status_code == 302
    public = reverse("assessment:star_public")
    assert cadre.name not in client_as(None).get(public).content.decode()  # not yet published
    assert "学用之星名单已发布。" in client_as(org_admin).post(publish, follow=True).content.decode()

    one.refresh_from_db()
    assert one.status == StarNomination.Status.APPROVED and one.decided_by == org_admin
    page = client_as(None).get(public, {"year": round.year}).content.decode()
    assert cadre.name in page and DEEDS in page and "高村镇" in page
    assert client_as(leader).get(one.get_absolute_url()).status_code == 200
    # Frozen: no more nominations, decisions or changes, in the service or the model.
    with pytest.raises(ValidationError, match="已发布，不能修改"):
        stars.nominate(round, factories.cadre(world.township, "杨秀英"), DEEDS, by=secretary_of_gaocun)
    with pytest.raises(FrozenWhenPublished):
        one.deeds = "改"
        one.save()
    with pytest.raises(ValidationError, match="已发布"):
        stars.save_settings(stars.star_list_of(round))
    page = client_as(secretary_of_gaocun).get(reverse("assessment:star_list"), {"round": round.pk})
    assert "/stars/nominate/" not in page.content.decode() and "名单已发布" in page.content.decode()


def test_publishing_waits_for_the_round_results(world, org_admin):
    round = builders.scoring_round(world)
    with pytest.raises(ValidationError, match="考核结果发布后才能发布学用之星名单"):
        stars.publish(round, by=org_admin)


def test_the_api_nominates_through_the_same_rules(world, secretary_of_gaocun, client_as):
    round = starred.open_list(world).round
    cadre = objects.cadre(world)
    client = client_as(secretary_of_gaocun)
    url = reverse("api:assessment-star-nomination-list")
    refused = client.post(url, {"round": round.pk, "cadre": cadre.pk, "deeds": " "}, content_type="application/json")
    assert refused.status_code == 400
    made = client.post(url, {"round": round.pk, "cadre": cadre.pk, "deeds": DEEDS}, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "pending"
    again = client.post(url, {"round": round.pk, "cadre": cadre.pk, "deeds": DEEDS}, content_type="application/json")
    assert again.status_code == 400


def test_the_round_page_shows_the_stage_of_its_stars_and_links_only_what_the_reader_may_open(
    world, org_admin, leader, reviewer_a, secretary_of_gaocun, client_as
):
    round = starred.open_list(world).round
    stars_url = reverse("assessment:star_list") + f"?round={round.pk}"
    deputies_url = reverse("assessment:deputy_list")

    def page(user, of=round):
        return client_as(user).get(of.get_absolute_url()).content.decode()

    for user in (org_admin, secretary_of_gaocun):
        shown = page(user)
        assert "推荐中" in shown and stars_url in shown and deputies_url in shown
    # Leaders read the nominations once published; a reviewer never (the deputies' page both).
    for user in (leader, reviewer_a):
        shown = page(user)
        assert "推荐中" in shown and stars_url not in shown and deputies_url in shown
    assert "未开始" in page(org_admin, builders.scoring_round(world))

    starred.published_star(world)
    shown = page(leader)
    assert "已发布" in shown and stars_url in shown
    assert stars_url not in page(reviewer_a)


def test_a_secretary_withdraws_a_pending_nomination_and_the_place_is_free_again(
    world, secretary_of_gaocun, secretary_of_other_township, org_admin, client_as
):
    one = starred.nomination(world)
    round, cadre = one.round, one.cadre
    url = reverse("assessment:star_withdraw", args=[one.pk])
    with pytest.raises(ValidationError, match="名额（1名）已用完"):
        stars.nominate(round, factories.cadre(world.township, "杨秀英"), DEEDS, by=secretary_of_gaocun)
    assert client_as(org_admin).post(url).status_code == 403
    assert client_as(secretary_of_other_township).post(url).status_code == 404
    assert "撤回推荐" not in client_as(org_admin).get(one.get_absolute_url()).content.decode()

    client = client_as(secretary_of_gaocun)
    assert url in client.get(one.get_absolute_url()).content.decode()
    confirm = client.get(url).content.decode()
    assert f"确定撤回对“{cadre.name}”的推荐吗" in confirm and "确认撤回" in confirm
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment:star_list") + f"?round={round.pk}"
    assert f"已撤回对{cadre.name}的推荐，名额已退回。" in response.content.decode()
    assert not StarNomination.objects.filter(pk=one.pk).exists() and stars.taken(round, world.township.pk) == 0
    # The place is free: another cadre of the township, or the same one again.
    assert stars.nominate(round, cadre, DEEDS, by=secretary_of_gaocun).is_pending


def test_a_decided_or_published_nomination_is_not_withdrawn(world, secretary_of_gaocun, org_admin, client_as):
    one = stars.decide(starred.nomination(world), approve=False, reason="事迹材料不够具体", by=org_admin)
    url = reverse("assessment:star_withdraw", args=[one.pk])
    client = client_as(secretary_of_gaocun)
    assert "撤回推荐" not in client.get(one.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "该推荐已审核（未通过），不能撤回。" in page and "确认撤回" not in page
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == one.get_absolute_url()
    assert "该推荐已审核（未通过），不能撤回。" in response.content.decode()
    assert StarNomination.objects.filter(pk=one.pk).exists()

    # Once the list is published, it says so first: the list is frozen.
    star = stars.nominate(one.round, factories.cadre(world.township, "杨秀英"), DEEDS, by=secretary_of_gaocun)
    stars.decide(star, approve=True, reason="事迹突出", by=org_admin)
    stars.publish(one.round, by=org_admin)
    page = client.get(reverse("assessment:star_withdraw", args=[star.pk])).content.decode()
    assert "学用之星名单已发布，不能撤回推荐。" in page and "确认撤回" not in page
    response = client.post(reverse("assessment:star_withdraw", args=[star.pk]), follow=True)
    assert "学用之星名单已发布，不能撤回推荐。" in response.content.decode()
    assert StarNomination.objects.filter(pk=star.pk).exists()


def test_the_organisation_department_decides_a_nomination_through_the_api(
    world, org_admin, org_admin_of_other_county, secretary_of_gaocun
):
    """The same rules as the nomination's page: a decision needs its reason, a decided nomination is not decided
    again, the nominating secretary cannot decide, and nothing changes once the list is published."""
    from rest_framework.test import APIClient

    from skilled_township.accounts.models import AuditEntry

    one = starred.nomination(world)
    url = f"/api/v1/assessment-star-nominations/{one.pk}/decide/"
    secretary = APIClient()
    secretary.force_authenticate(secretary_of_gaocun)
    assert secretary.post(url, {"status": "approved", "reason": "自己批"}, format="json").status_code == 403
    outsider = APIClient()
    outsider.force_authenticate(org_admin_of_other_county)
    assert outsider.post(url, {"status": "approved", "reason": "事迹突出"}, format="json").status_code == 404
    admin = APIClient()
    admin.force_authenticate(org_admin)
    refused = admin.post(url, {"status": "approved", "reason": " "}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert admin.post(url, {"status": "pending", "reason": "事迹突出"}, format="json").status_code == 400
    assert StarNomination.objects.get(pk=one.pk).is_pending

    decided = admin.post(url, {"status": "approved", "reason": "事迹突出，群众认可"}, format="json")
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["reason"]) == ("approved", "事迹突出，群众认可")
    one.refresh_from_db()
    assert one.decided_by == org_admin and one.decided_at is not None
    entry = AuditEntry.objects.filter(action="update", object_id=str(one.pk)).latest("pk")
    assert (entry.user, entry.source, entry.changes["status"][1]) == (org_admin, "api", "approved")
    again = admin.post(url, {"status": "rejected", "reason": "改判"}, format="json")
    assert again.status_code == 400 and "该推荐已审核。" in again.content.decode()

    stars.publish(one.round, by=org_admin)
    frozen = admin.post(url, {"status": "rejected", "reason": "改判"}, format="json")
    assert frozen.status_code == 400 and "学用之星名单已发布，不能修改。" in frozen.content.decode()
    assert StarNomination.objects.get(pk=one.pk).status == StarNomination.Status.APPROVED


def test_the_demo_deeds_claim_a_certificate_only_for_a_cadre_who_holds_a_valid_one(
    world, org_admin, secretary_of_gaocun
):
    from skilled_township.assessment.demo import star_deeds
    from skilled_township.assessment.services import grades, rounds
    from skilled_township.certifications.models import Certificate

    from .test_grades import study, visits

    round = rounds.create_round(world.city, 2025, by=org_admin)
    certified, expired, revoked = (factories.cadre(world.township, name) for name in ("甲", "乙", "丙"))
    for number, (cadre, extra) in enumerate(
        [
            (certified, {}),
            (expired, {"expires_on": datetime.date(2025, 6, 30)}),  # lapsed before the year's end
            (
                revoked,
                {
                    "status": Certificate.Status.REVOKED,
                    "revocation_reason": "鉴定材料不实",
                    "revoked_at": datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
                },
            ),
        ]
    ):
        Certificate.objects.create(
            cadre=cadre,
            skill=objects.skill(world),
            level=5,
            number=f"A{number}",
            issuing_body="人社局",
            issued_on=datetime.date(2025, 3, 1),
            **extra,
        )
    study(certified, "30", world=world)
    visits(certified, 12, world, secretary_of_gaocun)
    study(expired, "50.5", world=world)
    visits(revoked, 3, world, secretary_of_gaocun)
    nothing = factories.cadre(world.township, "丁")
    deeds = {record.name: star_deeds(record) for record in grades.records(round) if record.name in "甲乙丙丁"}
    assert deeds == {
        "甲": "全年学习种养等实用技术30小时，取得技能证书；走访结对农户12天，上门开展技术指导。",
        "乙": "全年学习种养等实用技术50.5小时。",
        "丙": "走访结对农户3天，上门开展技术指导。",
        "丁": f"年度实绩得分{grades.records(round).get(pk=nothing.pk).record_score}分。",
    }
