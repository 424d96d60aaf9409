from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class CertificateQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"

    def valid(self) -> CertificateQuerySet:
        return self.filter(status="valid")
