"""What the region lists show (see tests/content.py)."""

from ..content import Shows

LISTS = {
    "regions:pilot_list": Shows(lambda w: w.pilot, marks=lambda pilot: pilot.township.get_absolute_url()),
    "regions:income_list": Shows(lambda w: w.income, marks=lambda income: income.village.name),
    "api:region-list": Shows(lambda w: w.township),
}
