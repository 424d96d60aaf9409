"""The pattern every API endpoint follows (an app adds one module with a serializer, a filter set and one of
these, and registers it in ``urls.py``):

* rows come from ``Model.objects.visible_to(user)``, so a row outside the user's scope is a 404;
* ``view_permission`` / ``manage_permission`` (codes of ``accounts.roles.PERMISSIONS``) decide reading and
  writing, a missing one is a 403;
* writes are cleaned by the model (see ``serializers.ScopedModelSerializer``), saved in a transaction and the
  row is checked again afterwards, so nobody moves a record out of their own scope;
* writes are audited as the API user (who may have signed in with a token the page middleware never saw);
* deletion is offered only where the pages' rules allow it: add ``"delete"`` to ``http_method_names``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from skilled_township.core.context import acting_as, client_ip
from skilled_township.core.scoping import is_visible

from .filters import KeyOrderingFilter, ScopedFilterBackend
from .permissions import RolePermission


class ScopedModelViewSet(viewsets.ModelViewSet):
    """List, read and (where the role may) write rows of one model, always within the user's scope."""

    permission_classes = [RolePermission]
    filter_backends = [ScopedFilterBackend, KeyOrderingFilter]
    view_permission: str = ""
    manage_permission: str = ""
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields: list[str] = ["id"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        with self.acting():
            self.save_in_scope(serializer)

    def perform_update(self, serializer):
        with self.acting():
            self.save_in_scope(serializer)

    def perform_destroy(self, instance):
        with self.acting(), transaction.atomic():
            instance.delete()

    def acting(self):
        """Attribute the audit entries of this request to the API user and their address."""
        return acting_as(self.request.user, client_ip(self.request), source="api")

    def save_in_scope(self, serializer) -> None:
        with transaction.atomic():
            obj = serializer.save()
            if not is_visible(obj, self.request.user):
                # Raising inside the block rolls the save back.
                raise ValidationError({"non_field_errors": [_("保存后的记录不在您的管辖范围内，未保存。")]})
