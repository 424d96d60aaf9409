"""Accounts created and edited by the organisation department (see tests/generic.py)."""

from skilled_township.accounts.models import User

from .. import objects
from ..generic import CreateOutOfScopeCases, MoveOutOfScopeCases

PASSWORD = "Lvjiaping-2026"


class TestUser(CreateOutOfScopeCases, MoveOutOfScopeCases):
    """An admin places accounts only inside their own scope."""

    model = User
    editor = "org_admin"
    create_url_name, update_url_name = "accounts:user_create", "accounts:user_update"
    scope_field = "scope"

    def form_data(self, world):
        return {
            "username": "clerk_lvjiaping",
            "full_name": "吕家坪镇填报员",
            "mobile": "13911112222",
            "role": "township_secretary",
            "scope": world.other_township.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        }

    def make(self, world):
        return objects.account(world)

    def changes(self, world, obj):
        return {"full_name": "高村镇统计员", "mobile": "13922223333"}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk
