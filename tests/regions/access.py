"""Access-matrix rows for the region tree, pilot townships and village income lines (see tests/access.py)."""

from ..access import ADMIN_OBJECT, ADMIN_PAGE, PROGRAMME_STAFF, READ_IN_SCOPE, Access, endpoint, staff

ROWS: dict[str, Access] = {
    "regions:region_tree": Access(staff(302)),
    "regions:region_detail": Access(READ_IN_SCOPE, kwargs=lambda w, p: {"code": w.township.code}),
    "regions:region_create": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"code": w.township.code}),
    "regions:region_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"code": w.township.code}),
    "regions:pilot_list": Access(staff(200)),
    "regions:pilot_create": Access(ADMIN_PAGE),
    "regions:pilot_detail": Access(READ_IN_SCOPE, kwargs=lambda w, p: {"pk": w.pilot.pk}),
    "regions:pilot_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": w.pilot.pk}),
    "regions:income_list": Access(staff(200)),
    "regions:income_create": Access(ADMIN_PAGE),
    "regions:income_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": w.income.pk}),
    # The village options of a form's township-then-village picker: none until a township is asked for
    # (tests/regions/test_village_picker.py asks for townships in and out of scope).
    "regions:village_options": Access(staff(200)),
    **endpoint("region", PROGRAMME_STAFF, None, obj=lambda w: w.township),
}
