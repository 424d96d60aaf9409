from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from skilled_township.core.scoping import ScopedQuerySet, scope_prefix


class UserQuerySet(ScopedQuerySet):
    region_code_lookup = "scope__code"


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEntryQuerySet:
        """Entries of rows in the user's scope, for those who may read the audit trail; a city-wide reader
        also sees changes to rows that belong to no region (the catalogue is the city's)."""
        prefix = scope_prefix(user)
        if prefix is None or not user.has_role_perm("audit.view"):
            return self.none()
        if prefix == "":
            return self.all()
        in_scope = Q(region_code__startswith=prefix)
        if user.scope.level == "city":
            in_scope |= Q(region_code="")
        return self.filter(in_scope)

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
