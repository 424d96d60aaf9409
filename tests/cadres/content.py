"""What the roster, its export, the education structure and the targets show (see tests/content.py)."""

from django.urls import reverse

from .. import factories, objects
from ..content import Shows


def transfer_request(world):
    """高村镇 asks for a cadre on 吕家坪镇's roster."""
    from skilled_township.cadres.models import TransferRequest

    return TransferRequest.objects.create(
        cadre=factories.cadre(world.other_township, "调动干部"),
        to_township=world.township,
        entered_name="调动干部",
        requested_by=factories.user("transfer_requester", "township_secretary", world.township),
    )


LISTS = {
    "cadres:transfer_list": Shows(transfer_request, marks=lambda transfer: transfer.entered_name),
    "cadres:cadre_list": Shows(objects.cadre, marks=lambda cadre: cadre.get_absolute_url()),
    "cadres:cadre_export": Shows(objects.cadre, marks=lambda cadre: (cadre.name, cadre.id_number[-4:])),
    # A report on one region, here 高村镇 (picked with ?region=): its heading names the township it counts.
    "cadres:education": Shows(objects.cadre, marks=lambda cadre: cadre.township.name),
    "cadres:target_list": Shows(
        objects.education_target, marks=lambda target: reverse("cadres:target_update", args=[target.pk])
    ),
    "cadres:secondment_list": Shows(
        objects.secondment, marks=lambda secondment: (secondment.cadre.get_absolute_url(), secondment.sending_unit)
    ),
    "cadres:secondment_export": Shows(
        objects.secondment, marks=lambda secondment: (secondment.cadre.name, secondment.sending_unit)
    ),
    "api:cadre-list": Shows(objects.cadre),
    "api:secondment-list": Shows(objects.secondment),
}

#: Files with no rows at all.
NO_ROWS = {"cadres:cadre_import_template"}
