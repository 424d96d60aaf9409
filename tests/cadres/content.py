"""What the roster, its export, the education structure and the targets show (see tests/content.py)."""

from django.urls import reverse

from .. import objects
from ..content import Shows

LISTS = {
    "cadres:cadre_list": Shows(objects.cadre, marks=lambda cadre: cadre.get_absolute_url()),
    "cadres:cadre_export": Shows(objects.cadre, marks=lambda cadre: (cadre.name, cadre.masked_id_number)),
    # A report on one township: its heading names the township whose cadres it counts.
    "cadres:education": Shows(objects.cadre, marks=lambda cadre: cadre.township.name),
    "cadres:target_list": Shows(
        objects.education_target, marks=lambda target: reverse("cadres:target_update", args=[target.pk])
    ),
    "api:cadre-list": Shows(objects.cadre),
    "api:secondment-list": Shows(objects.secondment),
}

#: Files with no rows at all.
NO_ROWS = {"cadres:cadre_import_template"}
