"""Access-matrix rows for service cards and the public verification of a certificate (see tests/access.py).

Service cards: the township's keepers (its secretary, the organisation department in scope) print them; a cadre
prints their own. Verification of a certificate is public: everyone, signed in or not, gets the same page and
JSON (lookups are rate-limited per address, not per role)."""

from ..access import Access, everyone, only
from . import certificates

KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)


def _code(world, personas):
    return {"code": certificates.the_certificate(world).verification_code}


def _township_with_cards(world, personas):
    certificates.the_certificate(world)
    return {"pk": world.township.pk}


def _cadre_with_card(world, personas):
    return {"pk": certificates.the_certificate(world).cadre_id}


ROWS: dict[str, Access] = {
    "certifications:cards": Access(KEEPERS_PAGE),
    # POST only: a worker renders the township's batch; the keeper follows it on the file's page.
    "certifications:cards_township_pdf": Access(
        only(org_admin=405, other_org_admin=405, secretary=405, other_secretary=405),
        kwargs=_township_with_cards,
        post=only(org_admin=302, other_org_admin=404, secretary=302, other_secretary=404),
    ),
    # The 高村镇 cadre's own card: theirs to print, nobody else's among the cadres.
    "certifications:card_pdf": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, cadre=200, other_cadre=404),
        kwargs=_cadre_with_card,
    ),
    # Every cadre their own (the other cadre holds no certificate: a page saying why there is no card).
    "certifications:my_card": Access(only(cadre=200, other_cadre=200)),
    "public:verify_form": Access(everyone(200)),
    "public:verify": Access(everyone(200), kwargs=_code),
    "api:verify": Access(everyone(200), kwargs=_code),
}
