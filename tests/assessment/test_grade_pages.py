"""The grade pages and API as their users meet them: the department sets grades under the cap and publishes,
the cadre sees their own published grade and appeals, the department decides; nothing else changes a
published grade."""

import pytest
from django.urls import reverse

from skilled_township.assessment.models import CadreGrade, GradeAppeal
from skilled_township.assessment.services import grades

from .. import factories, objects
from . import builders
from . import grades as graded


def test_the_department_sets_a_grade_with_its_basis_under_the_cap(world, org_admin, client_as):
    round = builders.published_round(world)
    for n in range(4):
        factories.cadre(world.township, f"干部{n}")
    client = client_as(org_admin)
    client.post(reverse("assessment:grade_action", args=[round.pk, "refresh"]))
    page = client.get(reverse("assessment:grade_list"), {"round": round.pk}).content.decode()
    assert "权重：学习 25，持证 15，走访 25，服务评价 15，乡镇考核 20。" in page
    assert "每个乡镇优秀不超过参评干部的 20%。" in page and "年度学习时数 ÷ 40小时" in page
    first, second = CadreGrade.objects.filter(round=round).order_by("pk")[:2]
    url = reverse("assessment:grade_edit", args=[first.pk])
    refused = client.post(url, {"final": "excellent", "basis": ""})
    assert refused.status_code == 200 and CadreGrade.objects.get(pk=first.pk).final == ""
    assert client.post(url, {"final": "excellent", "basis": "走访第一"}).status_code == 302
    # 4 cadres × 20% rounds down to 0: at least one may be 优秀, and that place is taken.
    over = client.post(reverse("assessment:grade_edit", args=[second.pk]), {"final": "excellent", "basis": "学习第一"})
    assert "高村镇优秀比例上限为20%：4名参评干部中最多1名优秀，已有1名，不能再评优秀。" in over.content.decode()
    assert CadreGrade.objects.get(pk=second.pk).final == ""


def test_before_publication_only_the_department_sees_grades(world, secretary_of_gaocun, cadre_of_gaocun, client_as):
    grade = graded.draft_grade(world)
    for person in (secretary_of_gaocun, cadre_of_gaocun):
        client = client_as(person)
        assert client.get(grade.get_absolute_url()).status_code == 404
        assert grade.get_absolute_url() not in client.get(reverse("assessment:grade_list")).content.decode()


def test_the_cadre_sees_their_grade_appeals_and_the_decision_changes_it(
    world, org_admin, cadre_of_gaocun, secretary_of_gaocun, client_as
):
    grade = graded.grade(world)
    client = client_as(secretary_of_gaocun)
    assert "称职" in client.get(grade.get_absolute_url()).content.decode()
    assert client.get(reverse("assessment:appeal_list")).status_code == 403

    client = client_as(cadre_of_gaocun)
    page = client.get(grade.get_absolute_url()).content.decode()
    assert 'data-testid="appeal"' in page
    response = client.post(reverse("assessment:appeal_create", args=[grade.pk]), {"reason": "走访日志未计入"})
    appeal = GradeAppeal.objects.get(grade=grade)
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    assert 'data-testid="appeal"' not in client.get(grade.get_absolute_url()).content.decode()  # one pending
    assert client.post(appeal.get_absolute_url(), {"status": "upheld", "decision": "自己改"}).status_code == 403

    # The edit page is closed after publication: the only path is the decision.
    client = client_as(org_admin)
    assert (
        client.post(
            reverse("assessment:grade_edit", args=[grade.pk]), {"final": "excellent", "basis": "改"}
        ).status_code
        == 302
    )
    assert CadreGrade.objects.get(pk=grade.pk).final == "competent"
    missing = client.post(appeal.get_absolute_url(), {"status": "upheld", "decided_grade": "", "decision": "核实"})
    assert "申诉成立须选择与原等次不同的等次" in missing.content.decode()
    client.post(appeal.get_absolute_url(), {"status": "upheld", "decided_grade": "excellent", "decision": "核实无误"})
    assert CadreGrade.objects.get(pk=grade.pk).final == "excellent"
    page = client_as(cadre_of_gaocun).get(appeal.get_absolute_url()).content.decode()
    assert "申诉成立 → 优秀" in page and "核实无误" in page


def test_the_api_lets_the_cadre_appeal_their_own_and_nobody_decide_through_it(
    world, org_admin, cadre_of_gaocun, cadre_of_other_township, client_as
):
    grade = graded.grade(world)
    url = reverse("api:assessment-grade-appeal-list")
    other = client_as(cadre_of_other_township).post(url, {"grade": grade.pk, "reason": "替人申诉"})
    assert other.status_code == 400 and not GradeAppeal.objects.exists()
    client = client_as(cadre_of_gaocun)
    assert [g["final"] for g in client.get(reverse("api:assessment-cadre-grade-list")).json()["results"]] == [
        "competent"
    ]
    created = client.post(url, {"grade": grade.pk, "reason": "走访日志未计入"})
    assert created.status_code == 201, created.content
    detail = reverse("api:assessment-grade-appeal-detail", args=[created.json()["id"]])
    change = {"status": "upheld", "decided_grade": "excellent", "decision": "x"}
    assert client_as(org_admin).patch(detail, change, content_type="application/json").status_code == 405
    assert client_as(org_admin).post(url, {"grade": grade.pk, "reason": "代为申诉"}).status_code == 403
    assert CadreGrade.objects.get(pk=grade.pk).final == "competent"


@pytest.mark.parametrize("role", ["secretary_of_other_township", "org_admin_of_other_county", "reviewer_a"])
def test_outside_the_township_the_grade_is_not_found(world, role, request, client_as):
    client = client_as(request.getfixturevalue(role))
    grade = graded.grade(world)
    assert client.get(grade.get_absolute_url()).status_code in (403, 404)
    assert objects.cadre(world).name not in client.get(reverse("api:assessment-cadre-grade-list")).content.decode()


def test_publishing_is_refused_until_every_grade_is_set(world, org_admin, client_as):
    round = builders.published_round(world)
    factories.cadre(world.township, "甲")
    grades.refresh(round, by=org_admin)
    client = client_as(org_admin)
    page = client.post(reverse("assessment:grade_action", args=[round.pk, "publish"]), follow=True).content.decode()
    assert "还有1名干部没有评定等次。" in page
