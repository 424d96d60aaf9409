"""What the 民情日志 lists and the norm pages show (see tests/content.py)."""

from ..content import Shows
from . import visit_builders as builders

LISTS = {
    "pairing:visit_list": Shows(builders.visit, marks=lambda visit: visit.get_absolute_url()),
    "pairing:visit_export": Shows(
        builders.visit, marks=lambda visit: (visit.household.head_name, visit.household.id_number[-4:])
    ),
    # A paired cadre of 高村镇 with no visit this month is below the norm.
    "pairing:norm_report": Shows(builders.below_norm_cadre, marks=lambda cadre: cadre.name),
    "pairing:norm_list": Shows(builders.norm, marks=lambda norm: str(norm.region)),
    "api:visit-list": Shows(builders.visit),
    "api:visit-amendment-list": Shows(builders.amendment),
}
