"""Create and edit pages and the scores API of the assessment (see tests/generic.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from skilled_township.assessment.models import (
    AssessmentRound,
    CadreGrade,
    DeputyAssessment,
    GradeAppeal,
    Indicator,
    ReviewerAssignment,
    SatisfactionSurvey,
    Score,
    StarNomination,
)
from skilled_township.assessment.services import scoring

from .. import factories, objects
from ..generic import (
    ApiScopeCases,
    CreateCases,
    CreateOutOfScopeCases,
    EditCases,
    Elsewhere,
    MoveOutOfScopeCases,
    api_client,
    assert_saved,
)
from . import builders, deputies, stars
from . import grades as graded


@pytest.fixture
def another_city(world) -> Elsewhere:
    """永州市, a city the 怀化 organisation department does not reach."""
    city = factories.region("431100000000", "永州市")
    county = factories.region("431102000000", "零陵区", city)
    township = factories.region("431102100000", "邮亭圩镇", county)
    village = factories.region("431102100201", "邮亭圩村", township)
    return Elsewhere(county=county, township=township, village=village)


class TestRound(CreateCases):
    model = AssessmentRound
    editor = "org_admin"
    create_url_name = "assessment:round_create"

    def form_data(self, world):
        return {"year": "2025"}


class TestIndicator(CreateCases, EditCases):
    model = Indicator
    editor = "org_admin"
    create_url_name, update_url_name = "assessment:indicator_create", "assessment:indicator_update"

    def create_kwargs(self, world):
        return {"round_pk": builders.draft_round(world).pk}

    def form_data(self, world):
        return {"area": "service", "order": "12", "name": "述学评议", "max_points": "4.5", "figure": "", "criteria": ""}

    def make(self, world):
        return builders.indicator(world)

    def changes(self, world, obj):
        return {"max_points": "12.5"}


class TestAssignment(CreateOutOfScopeCases):
    model = ReviewerAssignment
    editor = "org_admin"
    create_url_name = "assessment:assignment_create"
    scope_field = "township"

    @pytest.fixture
    def scope_keeper(self, personas):
        return personas["org_admin"]

    @pytest.fixture
    def elsewhere(self, another_city):
        return another_city

    def create_kwargs(self, world):
        return {"round_pk": builders.draft_round(world).pk}

    def form_data(self, world):
        return {"township": world.township.pk, "reviewer": builders.reviewer(world, "reviewer_f").pk}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestSurvey(CreateOutOfScopeCases):
    model = SatisfactionSurvey
    editor = "org_admin"
    create_url_name = "assessment:survey_edit"
    scope_field = "township"

    @pytest.fixture
    def scope_keeper(self, personas):
        return personas["org_admin"]

    @pytest.fixture
    def elsewhere(self, another_city):
        return another_city

    def create_kwargs(self, world):
        return {"round_pk": builders.scoring_round(world).pk, "township_pk": world.township.pk}

    def outside_create_kwargs(self, world, elsewhere):
        return {"round_pk": builders.scoring_round(world).pk, "township_pk": elsewhere.township.pk}

    def form_data(self, world):
        return {
            "conducted_on": "2025-12-01",
            "respondents": "50",
            "satisfied": "40",
            "basically_satisfied": "8",
            "dissatisfied": "2",
        }

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestScore(ApiScopeCases):
    """A reviewer writes their own scores; another reviewer's sheet is not theirs to write."""

    model = Score
    editor = "reviewer"
    api_basename = "assessment-score"
    scope_field = "assignment"

    @pytest.fixture
    def scope_keeper(self, personas):
        return personas["reviewer"]

    def make(self, world):
        return builders.score(world)

    def api_payload(self, world):
        sheet = builders.sheet(world)
        item = scoring.scored_indicators(sheet.round).first()
        return {"assignment": sheet.pk, "indicator": item.pk, "points": "8.0", "comment": "", "version": sheet.version}

    def api_changes(self, world, obj):
        obj.assignment.refresh_from_db()
        return {"points": f"{obj.indicator.max_points - Decimal('0.5')}", "version": obj.assignment.version}

    def outside(self, world, elsewhere):
        return builders.sheet(world, "reviewer_b").pk


def _grade_elsewhere(world, elsewhere) -> int:
    """A grade of the round for a cadre of another township: out of reach of 麻阳县's admin and of the cadre."""
    from skilled_township.assessment.models import CadreGrade

    round = graded.graded_round(world)
    found = round.cadre_grades.filter(cadre=elsewhere.cadre).first()
    if found is None:  # the round was graded before this cadre was on the roster
        found = CadreGrade.objects.bulk_create(
            [CadreGrade(round=round, cadre=elsewhere.cadre, suggested="competent", final="competent")]
        )[0]
    return found.pk


class TestGradeEdit(MoveOutOfScopeCases):
    """The organisation department sets a grade with its basis (who and when are recorded with it)."""

    model = CadreGrade
    editor = "org_admin"
    update_url_name = "assessment:grade_edit"
    scope_field = "cadre"

    def make(self, world):
        return graded.draft_grade(world)

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk

    def changes(self, world, obj):
        return {"final": "excellent", "basis": "全年走访天数居全镇第一"}

    def assert_edited(self, obj, data, user, entries) -> None:
        assert_saved(obj, data)
        assert [(e.action, e.user, e.source) for e in entries] == [("update", user, "web")]
        assert set(entries[0].changes) == {"final", "basis", "set_at"}


class TestAppeal(CreateOutOfScopeCases):
    """A cadre appeals against their own published grade."""

    model = GradeAppeal
    editor = "cadre"
    create_url_name = "assessment:appeal_create"
    scope_field = "grade"

    def create_kwargs(self, world):
        return {"pk": graded.grade(world).pk}

    def outside_create_kwargs(self, world, elsewhere):
        return {"pk": _grade_elsewhere(world, elsewhere)}

    def outside(self, world, elsewhere):
        return _grade_elsewhere(world, elsewhere)

    def form_data(self, world):
        return {"reason": "全年走访记录有遗漏"}


class TestAppealApi(ApiScopeCases):
    """A cadre files their appeal through the API; it is decided on its page, never changed through the API."""

    model = GradeAppeal
    editor = "cadre"
    api_basename = "assessment-grade-appeal"
    scope_field = "grade"

    def make(self, world):
        return graded.appeal(world)

    def outside(self, world, elsewhere):
        return _grade_elsewhere(world, elsewhere)

    def test_api_move_out_of_scope_is_refused(self, world, scope_keeper, elsewhere):
        """An appeal is never changed through the API: moving it to another grade is refused like any change."""
        obj = self.make(world)
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(scope_keeper).patch(url, {"grade": self.outside(world, elsewhere)}, format="json")
        assert response.status_code == 405
        assert GradeAppeal.objects.get(pk=obj.pk).grade_id == obj.grade_id

    def api_payload(self, world):
        return {"grade": graded.grade(world).pk, "reason": "取得的证书未计入"}

    def api_changes(self, world, obj):
        return {"reason": "改"}

    def test_api_update(self, world, keeper):
        obj = self.make(world)
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        assert api_client(keeper).patch(url, self.api_changes(world, obj), format="json").status_code == 405
        assert GradeAppeal.objects.get(pk=obj.pk).reason == obj.reason


class TestStarNominationApi(ApiScopeCases):
    """A secretary nominates a cadre of their township through the API; the nomination is decided on its page,
    never changed through the API."""

    model = StarNomination
    editor = "secretary"
    api_basename = "assessment-star-nomination"
    scope_field = "cadre"

    def make(self, world):
        return stars.nomination(world)

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk

    def api_payload(self, world):
        return {
            "round": stars.open_list(world).round_id,
            "cadre": objects.cadre(world).pk,
            "deeds": "带头推广柑桔新品种",
        }

    def api_changes(self, world, obj):
        return {"deeds": "改"}

    def test_api_move_out_of_scope_is_refused(self, world, scope_keeper, elsewhere):
        obj = self.make(world)
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(scope_keeper).patch(url, {"cadre": self.outside(world, elsewhere)}, format="json")
        assert response.status_code == 405
        assert StarNomination.objects.get(pk=obj.pk).cadre_id == obj.cadre_id

    def test_api_update(self, world, keeper):
        obj = self.make(world)
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        assert api_client(keeper).patch(url, self.api_changes(world, obj), format="json").status_code == 405
        assert StarNomination.objects.get(pk=obj.pk).deeds == obj.deeds

    def test_api_withdraw_frees_the_place_only_while_pending(
        self, world, keeper, secretary_of_other_township, org_admin
    ):
        pending = self.make(world)
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": pending.pk})
        assert api_client(secretary_of_other_township).delete(url).status_code == 404
        assert api_client(org_admin).delete(url).status_code == 403  # the department decides, it does not withdraw
        assert api_client(keeper).delete(url).status_code == 204
        assert not StarNomination.objects.filter(pk=pending.pk).exists()
        # The place is free again: the same cadre is nominated anew.
        listed = reverse(f"api:{self.api_basename}-list")
        again = api_client(keeper).post(listed, self.api_payload(world), format="json")
        assert again.status_code == 201, again.data

        decided = StarNomination.objects.get(pk=again.data["id"])
        decided.status = StarNomination.Status.REJECTED
        decided.reason = "事迹不足"
        decided.save()
        refused = api_client(keeper).delete(reverse(f"api:{self.api_basename}-detail", kwargs={"pk": decided.pk}))
        assert refused.status_code == 400
        assert refused.json() == {"non_field_errors": ["该推荐已审核（未通过），不能撤回。"]}
        assert StarNomination.objects.filter(pk=decided.pk).exists()


def _deputy_elsewhere(world, elsewhere) -> int:
    """A tech deputy of another township whose term ended with 高村镇's."""
    from skilled_township.cadres.models import Secondment

    due = deputies.due_secondment(world)
    return Secondment.objects.create(
        cadre=elsewhere.cadre,
        kind="tech_deputy",
        sending_unit="湖南农业大学",
        start_date=due.start_date,
        end_date=due.end_date,
    ).pk


class TestDeputyAssessmentApi(ApiScopeCases):
    """The organisation department records a tech deputy's end-of-term assessment through the API."""

    model = DeputyAssessment
    editor = "org_admin"
    api_basename = "assessment-deputy-assessment"
    scope_field = "secondment"

    def make(self, world):
        return deputies.deputy_assessment(world)

    def outside(self, world, elsewhere):
        return _deputy_elsewhere(world, elsewhere)

    def api_payload(self, world):
        points = {key: str(value) for key, value in deputies.POINTS.items()}
        return {"secondment": deputies.due_secondment(world).pk, **points}

    def api_changes(self, world, obj):
        return {"comment": "示范基地辐射带动周边三个村。"}

    def test_api_update(self, world, keeper):
        """A correction is audited with the time it was recorded, which moves with it."""
        from skilled_township.accounts.models import AuditEntry

        obj = self.make(world)
        changes = self.api_changes(world, obj)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(keeper).patch(url, changes, format="json")
        assert response.status_code == 200, response.data
        assert_saved(obj, changes)
        entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
        assert [(e.action, e.user, e.source) for e in entries] == [("update", keeper, "api")]
        assert set(entries[0].changes) == {"comment", "recorded_at"}
