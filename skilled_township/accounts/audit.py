"""The audit trail: every create, update and delete of domain data, and every sign-in event.

Changes are captured at the model layer so that no path (page, API, import, task) can skip them.
Who and from where come from :mod:`skilled_township.core.context`.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skilled_township.core.context import client_ip, current_actor
from skilled_township.core.models import DomainModel
from skilled_township.core.scoping import region_code_of
from skilled_township.core.signals import bulk_saved

from .models import AuditEntry, LoginAttempt, User


def is_audited(model: type[models.Model]) -> bool:
    return issubclass(model, (DomainModel, User)) and not model._meta.abstract


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value)


def _audited_fields(instance: models.Model) -> list[models.Field]:
    exclude = set(getattr(instance, "audit_exclude", ()))
    return [f for f in instance._meta.concrete_fields if not f.primary_key and f.name not in exclude]


def _display(instance: models.Model, field: models.Field) -> Any:
    """A value as a person reads it: a related row by its name, everything else as stored."""
    raw = getattr(instance, field.attname)
    if field.is_relation and raw is not None:
        related = getattr(instance, field.name, None)
        return f"{related} (#{raw})" if related is not None else str(raw)
    return _plain(raw)


def diff(old: models.Model | None, new: models.Model | None) -> dict[str, list[Any]]:
    """Field name → [before, after] for every audited field that differs."""
    changes: dict[str, list[Any]] = {}
    reference = new if new is not None else old
    for field in _audited_fields(reference):
        before = getattr(old, field.attname) if old is not None else None
        after = getattr(new, field.attname) if new is not None else None
        if before == after:
            continue
        if old is None and after in (None, "", False):
            continue
        if new is None and before in (None, "", False):
            continue
        changes[field.name] = [
            _display(old, field) if old is not None else None,
            _display(new, field) if new is not None else None,
        ]
    if "password" in getattr(reference, "audit_exclude", ()) and old is not None and new is not None:
        if old.password != new.password:
            changes["password"] = ["***", "***"]
    return changes


def record(
    action: str,
    instance: models.Model | None = None,
    changes: dict | None = None,
    *,
    username: str | None = None,
    user: Any = None,
    ip: str | None = None,
    region_code: str | None = None,
) -> AuditEntry:
    entry = _entry(action, instance, changes, username=username, user=user, ip=ip, region_code=region_code)
    entry.save()
    return entry


def _entry(
    action: str,
    instance: models.Model | None,
    changes: dict | None,
    *,
    username: str | None = None,
    user: Any = None,
    ip: str | None = None,
    region_code: str | None = None,
) -> AuditEntry:
    """An unsaved entry: who (the acting user, unless given), from where, what."""
    actor = current_actor()
    user = user if user is not None else actor.user
    if user is not None and not getattr(user, "pk", None):
        user = None
    entry = AuditEntry(
        user=user,
        username=username if username is not None else (user.get_username() if user else ""),
        ip=ip if ip is not None else actor.ip,
        source=actor.source,
        action=action,
        changes=changes or {},
        region_code=region_code or "",
    )
    if instance is not None:
        entry.content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        entry.object_id = str(instance.pk)
        entry.object_repr = str(instance)[:200]
        if region_code is None:
            entry.region_code = _region_code(instance)
    return entry


@receiver(bulk_saved)
def _record_bulk(sender, created=(), changed=(), **kwargs):
    """Rows another app wrote in bulk (e.g. a region tree loaded from the division codes): one entry each."""
    entries = [_entry("create", row, changes) for row, changes in created]
    entries += [_entry("update", row, changes) for row, changes in changed]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _region_code(instance: models.Model) -> str:
    """The division code the row lies under, by the same path its ``visible_to`` filters on."""
    try:
        return region_code_of(instance) or ""
    except ObjectDoesNotExist:  # a related row already gone; the entry still stands, unscoped to a region
        return ""


# --- Reading the trail ------------------------------------------------------------------------
# Entries keep the raw stored values and field names, so the history stays exact whatever the labels become;
# they are turned into the words the pages use only when shown, in the reader's language.

#: What the security entries record that is not a model field.
_EVENT_FIELDS = {"reason": gettext_lazy("原因"), "api_token": gettext_lazy("接口令牌")}
_EVENT_REASONS = {
    "credentials": gettext_lazy("用户名或密码错误"),
    "locked": gettext_lazy("账号已锁定"),
    "password_changed": gettext_lazy("密码已修改"),
    "disabled": gettext_lazy("账号已停用"),
    "revoked": gettext_lazy("手动撤销"),
}


def type_label(content_type: ContentType | None) -> str:
    """An object type as the pages name it (干部, 学习记录); a model that no longer exists by its stored name."""
    if content_type is None:
        return ""
    model = content_type.model_class()
    return capfirst(str(model._meta.verbose_name)) if model is not None else content_type.model


def audited_type_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every audited object type once, grouped by app in the menu's order, for the trail's type filter."""
    models_by_app: dict[str, list[type[models.Model]]] = {}
    for model in apps.get_models():
        if is_audited(model):
            models_by_app.setdefault(model._meta.app_config.verbose_name, []).append(model)
    types = ContentType.objects.get_for_models(
        *[model for group in models_by_app.values() for model in group], for_concrete_models=False
    )
    return [
        (str(app), [(types[model].pk, capfirst(str(model._meta.verbose_name))) for model in group])
        for app, group in models_by_app.items()
    ]


def readable_changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field label, before, after) for each change of the entry, as the pages show them: a field by its
    label, a choice by its label, yes/no for a flag. A field the model no longer has keeps its stored name."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name, values in (entry.changes or {}).items():
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        field = _field(model, name)
        if field is not None:
            label = capfirst(str(field.verbose_name))
        elif name in _EVENT_FIELDS:
            label = str(_EVENT_FIELDS[name])
        else:
            label = name
        rows.append((label, _readable(field, name, before), _readable(field, name, after)))
    return rows


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _readable(field: models.Field | None, name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(str(_readable(field, name, item)) for item in value)
    if field is None:
        return str(_EVENT_REASONS[value]) if name == "reason" and value in _EVENT_REASONS else value
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value


# --- Model changes ----------------------------------------------------------------------------


@receiver(pre_save)
def _remember_previous(sender, instance, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    previous = None
    if instance.pk is not None and not instance._state.adding:
        previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_previous = previous


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    previous = None if created else getattr(instance, "_audit_previous", None)
    changes = diff(previous, instance)
    instance._audit_previous = None
    if not created and not changes:
        return
    record(AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, instance, changes)
    permission_fields = set(getattr(sender, "permission_fields", ()))
    if not created and permission_fields & changes.keys():
        granted = {name: value for name, value in changes.items() if name in permission_fields}
        record(AuditEntry.Action.PERMISSION, instance, granted)


@receiver(pre_delete)
def _remember_deleted(sender, instance, **kwargs):
    if is_audited(sender):
        instance._audit_region_code = _region_code(instance)
        instance._audit_changes = diff(instance, None)


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if is_audited(sender):
        record(
            AuditEntry.Action.DELETE,
            instance,
            getattr(instance, "_audit_changes", {}),
            region_code=getattr(instance, "_audit_region_code", ""),
        )


# --- Sign-in events ---------------------------------------------------------------------------


@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs):
    ip = client_ip(request) if request is not None else None
    LoginAttempt.objects.create(username=user.get_username(), ip=ip, succeeded=True)
    record(AuditEntry.Action.LOGIN, user, user=user, ip=ip)


@receiver(user_logged_out)
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEntry.Action.LOGOUT, user, user=user, ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def _record_login_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    ip = client_ip(request) if request is not None else None
    LoginAttempt.objects.create(username=username, ip=ip, succeeded=False)
    _record_failed_sign_in(username, ip, "credentials")


def record_refused_while_locked(username: str, ip: str | None) -> None:
    """A sign-in refused because of the lock-out: audited, but not counted as another failure."""
    _record_failed_sign_in(username[:150], ip, "locked")


def _record_failed_sign_in(username: str, ip: str | None, reason: str) -> None:
    account = get_user_model()._default_manager.filter(username=username).select_related("scope").first()
    record(
        AuditEntry.Action.LOGIN_FAILED,
        account,
        {"reason": [None, reason]},
        username=username,
        user=None,
        ip=ip,
    )
