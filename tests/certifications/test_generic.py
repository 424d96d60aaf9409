"""The appraisal and certificate pages and the appraisal API (see tests/generic.py). They are kept by HR
appraisers: the scope tests use an appraiser of 麻阳县, who tries a cadre of 芷江县."""

import pytest

from skilled_township.accounts.roles import Role
from skilled_township.certifications.models import Appraisal, Certificate

from .. import factories, objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases
from . import builders
from .generic_services import TestPublicProfile, TestServiceRecord  # noqa: F401  (collected here)


class AppraiserKept:
    editor = "hr_appraiser"

    @pytest.fixture
    def scope_keeper(self, world, personas):
        return factories.user("hr_mayang", Role.HR_APPRAISER, world.county)

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk


class TestAppraisal(AppraiserKept, CreateOutOfScopeCases, ApiScopeCases):
    model = Appraisal
    create_url_name = "certifications:appraisal_create"
    api_basename = "appraisal"
    scope_field = "cadre"

    def form_data(self, world):
        return {
            "cadre": objects.cadre(world).pk,
            "skill": objects.skill(world).pk,
            "appraised_on": "2026-03-10",
            "method": "practice",
            "theory_score": "",
            "practice_score": "86.5",
            "result": "passed",
            "level": 4,
            "note": "柑桔嫁接实操",
        }

    def make(self, world):
        return builders.appraisal(world)

    def api_payload(self, world):
        return {**self.form_data(world), "theory_score": None, "appraised_on": "2026-03-11"}

    def api_changes(self, world, obj):
        return {"note": "复核无误"}


class TestCertificate(AppraiserKept, MoveOutOfScopeCases):
    model = Certificate
    update_url_name = "certifications:certificate_update"
    scope_field = "cadre"

    def make(self, world):
        return builders.certificate(world)

    def changes(self, world, obj):
        return {"issuing_body": "怀化市职业技能鉴定中心", "expires_on": "2031-03-01"}
