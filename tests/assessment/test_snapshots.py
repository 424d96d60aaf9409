"""The automatic figures reviewers see are computed for every township of the round and kept: the sheet says
when; the nightly job refreshes rounds being scored; closing a round fixes them for the results and the
reports."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.test import Client

from skilled_township.assessment import tasks
from skilled_township.assessment.models import FigureSnapshot
from skilled_township.assessment.services import rounds, snapshots
from skilled_township.celery import app
from skilled_township.learning.models import StudyRecord

from .. import factories, objects
from . import builders


def hours(world, cadre, amount, day=datetime.date(2025, 5, 1)):
    StudyRecord.objects.create(
        cadre=cadre, studied_on=day, hours=Decimal(amount), skill=objects.skill(world), mode="self_study"
    )


def shown(sheet):
    client = Client()
    client.force_login(sheet.reviewer)
    page = client.get(f"/assessment/sheets/{sheet.pk}/")
    assert page.status_code == 200
    return page.content.decode()


def stored(round, township, key="study_hours_per_cadre"):
    return FigureSnapshot.objects.get(round=round, township=township, key=key).value


def test_the_sheet_shows_the_kept_figure_and_when_it_was_computed_until_the_nightly_refresh(world):
    cadres = [factories.cadre(world.township, f"干部{i}") for i in range(2)]
    hours(world, cadres[0], 10)
    sheet = builders.sheet(world)
    assert snapshots.refresh(sheet.round) > 0
    assert stored(sheet.round, world.township) == Decimal("5.00")
    page = shown(sheet)
    assert "自动指标计算于" in page and "<strong>5.00</strong>" in page

    hours(world, cadres[1], 20, datetime.date(2025, 6, 1))
    assert "<strong>5.00</strong>" in shown(sheet), "the figure stays as computed until the next refresh"

    assert tasks.refresh_figures() == {2025: FigureSnapshot.objects.filter(round=sheet.round).count()}
    assert stored(sheet.round, world.township) == Decimal("15.00")
    assert "<strong>15.00</strong>" in shown(sheet)


def test_a_township_not_yet_refreshed_is_computed_on_the_spot(world):
    factories.cadre(world.township, "干部")
    sheet = builders.sheet(world)
    assert not FigureSnapshot.objects.filter(round=sheet.round).exists()
    page = shown(sheet)
    assert "自动指标为当前数据" in page and 'data-testid="figure-study_hours_per_cadre"' in page


def test_the_nightly_refresh_leaves_draft_and_closed_rounds_alone(world):
    cadre = factories.cadre(world.township, "干部")
    draft = builders.draft_round(world)  # 2026, not yet open
    published = builders.published_round(world)  # 2024: closing stored its figures
    at_close = stored(published, world.township)
    hours(world, cadre, 20, datetime.date(2024, 3, 1))
    builders.scoring_round(world)  # 2025
    refreshed = tasks.refresh_figures()
    assert list(refreshed) == [2025]
    assert not FigureSnapshot.objects.filter(round=draft).exists()
    assert stored(published, world.township) == at_close


def test_closing_a_round_keeps_the_figures_as_they_stood(world):
    cadre = factories.cadre(world.township, "干部")
    round = builders.scoring_round(world)
    for sheet in round.assignments.select_related("reviewer", "round"):
        builders.submit(sheet)
    builders.survey(round, world.township)
    hours(world, cadre, 12)
    round = rounds.close(round, by=builders.chair(world))
    assert stored(round, world.township) == Decimal("12.00")
    keys = set(FigureSnapshot.objects.filter(round=round, township=world.township).values_list("key", flat=True))
    from skilled_township.assessment.services import figures

    assert keys == set(figures.FIGURES)


def test_celery_beat_runs_the_refresh_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-assessment-figures"]
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert (schedule.hour, schedule.minute) == ({2}, {30})


def test_kept_figures_are_read_by_those_who_read_the_townships_sheets(world, org_admin_of_other_county):
    sheet = builders.sheet(world)
    snapshots.refresh(sheet.round)
    assert FigureSnapshot.objects.visible_to(sheet.reviewer).filter(township=world.township).exists()
    assert FigureSnapshot.objects.visible_to(builders.chair(world)).exists()
    outsider = builders.reviewer(world, "reviewer_z")
    assert not FigureSnapshot.objects.visible_to(outsider).exists()
    assert not FigureSnapshot.objects.visible_to(org_admin_of_other_county).exists()
