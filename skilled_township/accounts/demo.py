"""Demo accounts: one per role, and a secretary for each demo pilot township."""

from django.db import transaction

from skilled_township.regions.demo import CITY, PILOTS

from .models import User
from .roles import Role

DEMO_PASSWORD = "demo-pass-2026"

CITY_ACCOUNTS = [
    ("org_admin", "组织部 李明", Role.ORG_ADMIN),
    ("hr_appraiser", "人社局 王芳", Role.HR_APPRAISER),
    ("reviewer_a", "考核组 张伟", Role.REVIEWER),
    ("reviewer_b", "考核组 刘洋", Role.REVIEWER),
    ("leader", "市领导 陈刚", Role.LEADER),
]


@transaction.atomic
def seed_accounts(nodes) -> list[tuple[str, str, str]]:
    """Create the demo accounts (passwords only set on creation); returns (username, role, scope) rows."""
    rows = []
    city = nodes[CITY[0]]
    wanted = [(username, name, role, city) for username, name, role in CITY_ACCOUNTS]
    for code, _batch, _year, _industry, slug in PILOTS:
        township = nodes[code]
        wanted.append((f"secretary_{slug}", f"{township.name}填报员", Role.TOWNSHIP_SECRETARY, township))
    for username, full_name, role, scope in wanted:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "role": role, "scope": scope}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        rows.append((username, str(user.get_role_display()), str(scope)))
    return rows


def seed(state: dict) -> None:
    rows = seed_accounts(state["regions"])
    state["report"].append(f"Demo accounts (password {DEMO_PASSWORD}):")
    state["report"].extend(f"  {username:<22} {role:<8} {scope}" for username, role, scope in rows)
