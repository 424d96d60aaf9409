"""The demo city: the real 怀化市 (2023 division codes) with the programme's pilot townships."""

from skilled_township.accounts.models import AuditEntry
from skilled_township.regions import codes
from skilled_township.regions.demo import PILOTS, seed_regions
from skilled_township.regions.models import PilotTownship, VillageIncome

GAOCUN = "431226106000"


def test_the_demo_city_is_real_huaihua_with_pilots_on_real_townships(db):
    nodes = seed_regions()

    assert len(nodes) == 2998
    pilots = {p.township.code: p.township.name for p in PilotTownship.objects.select_related("township")}
    assert pilots == {
        "431226106000": "高村镇",
        "431228100000": "芷江镇",
        "431225212000": "青朗侗族苗族乡",
        "431222114000": "官庄镇",
        "431281101000": "黔城镇",
    }
    assert set(pilots) == {code for code, *_rest in PILOTS}
    # Income lines for the rural villages of the pilot townships, not their urban communities.
    lines = VillageIncome.objects.select_related("village")
    assert {line.village.parent.code for line in lines.select_related("village__parent")} == set(pilots)
    assert all(codes.is_villagers_committee(line.village.code) for line in lines)
    assert lines.filter(village__parent__code=GAOCUN).count() == 27 * 2
    entries = AuditEntry.objects.count()

    seed_regions()
    assert VillageIncome.objects.count() == lines.count() and AuditEntry.objects.count() == entries
