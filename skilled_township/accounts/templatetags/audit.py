from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from skilled_township.accounts import audit as trail

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """Link to the audit trail of one record."""
    content_type = ContentType.objects.get_for_model(obj)
    query = urlencode({"content_type": content_type.pk, "object_id": obj.pk})
    return f"{reverse('accounts:audit_list')}?{query}"


@register.simple_tag
def readable_changes(entry) -> list:
    """An entry's changes with field and choice labels, in the reader's language (see ``accounts.audit``)."""
    return trail.readable_changes(entry)
