"""Routing a request on a known roster: best level first (level 1 is the highest), then the fewest open requests,
then the lowest roster number; expired or revoked certificates, cadres who left the post, other townships and other
skills never count; nobody qualifies → the secretary's queue."""

import datetime

import pytest
from django.utils import timezone

from skilled_township.certifications.models import ServiceRequest
from skilled_township.certifications.services import requests

from .. import factories
from .service_builders import certificate, service_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(world):
    grafting = factories.skill("T90", "柑桔嫁接")
    pigs = factories.skill("T91", "生猪养殖")
    today = timezone.localdate()
    people = {name: factories.cadre(world.township, name) for name in ["甲", "乙", "丙", "丁", "戊", "己", "庚"]}
    certificate(people["甲"], grafting, level=3)
    certificate(people["乙"], grafting, level=2)
    certificate(people["丙"], grafting, level=2)
    certificate(people["丁"], grafting, level=2)
    # Level 1, but expired yesterday / revoked / left the post: never chosen.
    certificate(
        people["戊"],
        grafting,
        level=1,
        issued_on=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=1),
    )
    certificate(
        people["己"],
        grafting,
        level=1,
        status="revoked",
        revoked_at=timezone.now(),
        revocation_reason="证书信息有误",
    )
    people["庚"].status, people["庚"].left_on = "left", today
    people["庚"].save()
    certificate(people["庚"], grafting, level=1)
    # Level 1 in another township, and level 1 in another skill.
    certificate(factories.cadre(world.other_township, "外镇高手"), grafting, level=1)
    certificate(people["甲"], pigs, level=1)
    return {"grafting": grafting, "pigs": pigs, **people}


def file(world, skill):
    return requests.file_request(
        township=world.township,
        village=world.village,
        skill=skill,
        name="向阿婆",
        phone="13912345678",
        description="请来看看",
    )


def give(world, cadre, skill, count, status="assigned"):
    for _ in range(count):
        service_request(world, cadre=cadre, skill=skill, status=status)


def test_the_best_level_wins_over_fewer_open_requests(world, roster):
    give(world, roster["乙"], roster["grafting"], 2)
    give(world, roster["丙"], roster["grafting"], 2)
    give(world, roster["丁"], roster["grafting"], 2)
    filed = file(world, roster["grafting"])
    # 乙 丙 丁 hold level 2 with two open requests each; 甲 (level 3, none open) comes after them.
    assert filed.status == ServiceRequest.Status.ASSIGNED and filed.cadre == roster["乙"]
    assert "二级" in filed.routing_note and "2" in filed.routing_note
    assert filed.assigned_at is not None


def test_among_the_same_level_the_fewest_open_requests_then_the_lowest_roster_number(world, roster):
    give(world, roster["乙"], roster["grafting"], 2)
    give(world, roster["丙"], roster["grafting"], 1)
    give(world, roster["丁"], roster["grafting"], 1)
    # Closed and cancelled requests are not open: they do not count against 乙.
    give(world, roster["乙"], roster["grafting"], 3, status="closed")
    assert roster["丙"].pk < roster["丁"].pk
    first = file(world, roster["grafting"])
    assert first.cadre == roster["丙"]  # one open, and entered in the roster before 丁
    second = file(world, roster["grafting"])
    assert second.cadre == roster["丁"]  # 丙 now has two open, 丁 one
    order = [cadre.name for cadre in requests.candidates(world.township, roster["grafting"])]
    assert order == ["乙", "丙", "丁", "甲"]  # two open each among level 2 now: roster order; then level 3


def test_expired_revoked_and_left_post_cadres_are_never_chosen(world, roster):
    chosen = {file(world, roster["grafting"]).cadre.name for _ in range(8)}
    assert chosen <= {"甲", "乙", "丙", "丁"}
    assert {"戊", "己", "庚"}.isdisjoint(chosen)


def test_nobody_certified_sends_the_request_to_the_secretarys_queue(world, roster):
    cooking = factories.skill("T92", "农家乐经营")
    certificate(
        roster["甲"],
        cooking,
        level=2,
        issued_on=timezone.localdate() - datetime.timedelta(days=800),
        expires_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    filed = file(world, cooking)
    assert filed.status == ServiceRequest.Status.QUEUED and filed.cadre is None
    assert "农家乐经营" in filed.routing_note and "填报员" in filed.routing_note


def test_an_expired_certificate_falls_back_to_the_cadres_other_valid_one(world, roster):
    pigs = roster["pigs"]
    today = timezone.localdate()
    certificate(
        roster["乙"],
        pigs,
        level=1,
        issued_on=today - datetime.timedelta(days=900),
        expires_on=today - datetime.timedelta(days=10),
    )
    certificate(roster["乙"], pigs, level=4)
    ranked = [(cadre.name, cadre.level) for cadre in requests.candidates(world.township, pigs)]
    assert ranked == [("甲", 1), ("乙", 4)]
