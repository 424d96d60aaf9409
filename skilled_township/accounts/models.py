from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skilled_township.core.scoping import InternalQuerySet
from skilled_township.core.validators import mobile_validator
from skilled_township.regions.models import Region

from .querysets import AuditEntryQuerySet, UserQuerySet
from .roles import HOME_PAGES, OWN_ROWS_ROLES, SCOPE_LEVELS, Role, role_has_perm


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """An account: one role, one scope node. Disabled, never deleted, so history stays attributable.

    A cadre's account is tied to their roster entry (``cadre``); its scope is always that entry's township.
    """

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True, db_index=True)
    scope = models.ForeignKey(
        Region, verbose_name=_("管辖范围"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    mobile = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[mobile_validator])
    # A string reference: accounts sits below cadres and never imports it.
    cadre = models.OneToOneField(
        "cadres.Cadre",
        verbose_name=_("干部"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
        help_text=_("干部账号对应的名册条目。"),
    )
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("使用一次性初始密码登录后，必须先修改密码。")
    )

    objects = ScopedUserManager()

    audit_exclude = ("password", "last_login", "date_joined")
    #: Changes to these fields are recorded as permission changes.
    permission_fields = ("role", "scope", "cadre", "is_active", "is_superuser", "is_staff")

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            # A cadre account always has its roster entry, and only a cadre account has one.
            models.CheckConstraint(
                condition=models.Q(role=Role.CADRE, cadre__isnull=False)
                | (~models.Q(role=Role.CADRE) & models.Q(cadre__isnull=True)),
                name="cadre_account_has_cadre",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def has_role_perm(self, perm: str) -> bool:
        if not self.may_sign_in() or not self.is_authenticated:
            return False
        if self.is_superuser:
            return True
        return bool(self.role) and self.scope_id is not None and role_has_perm(self.role, perm)

    def may_sign_in(self) -> bool:
        """Active, and for a cadre: tied to a roster entry still in post (a cadre who leaves loses access)."""
        if not self.is_active:
            return False
        if self.role == Role.CADRE and not self.is_superuser:
            return self.cadre_id is not None and self.cadre.is_in_post
        return True

    @property
    def is_cadre(self) -> bool:
        return self.role == Role.CADRE

    @property
    def sees_own_rows_only(self) -> bool:
        """A cadre sees the rows they own and what their township publishes, not everything in the township."""
        return self.role in OWN_ROWS_ROLES and not self.is_superuser

    @property
    def owner_key(self) -> int | None:
        """What ``ScopedQuerySet.owner_lookup`` matches for this user: their roster entry."""
        return self.cadre_id

    @property
    def home_url_name(self) -> str:
        """The page this user lands on after signing in."""
        return HOME_PAGES.get(self.role, "home") if not self.is_superuser else "home"

    def is_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def can_grant_scope(self, region: Region | None) -> bool:
        """A manager may place accounts only inside their own scope, never wider."""
        if self.is_superuser:
            return True
        return region is not None and self.scope is not None and self.scope.contains(region)

    def clean(self) -> None:
        super().clean()
        if self.cadre_id is not None and self.role != Role.CADRE:
            raise ValidationError({"role": _("只有干部账号对应干部名册条目。")})
        if self.is_superuser:
            return
        if self.role == Role.CADRE:
            self._clean_cadre_account()
        if self.role and self.scope_id is None:
            raise ValidationError({"scope": _("请选择管辖范围。")})
        if self.role and self.scope_id is not None:
            allowed = SCOPE_LEVELS.get(self.role)
            if allowed and self.scope.level not in allowed:
                labels = "、".join(str(Region.Level(level).label) for level in sorted(allowed, key=_level_rank))
                raise ValidationError({"scope": _("该角色的管辖范围必须是：%(levels)s。") % {"levels": labels}})

    def _clean_cadre_account(self) -> None:
        if self.cadre_id is None:
            raise ValidationError({"cadre": _("干部账号必须对应干部名册中的一名干部。")})
        if self.scope_id != self.cadre.township_id:
            raise ValidationError({"scope": _("干部账号的管辖范围必须是该干部所在的乡镇。")})

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        """A new password (whoever sets it: the owner, an admin, the forced first change) or a disabled account
        revokes the account's API tokens: a token must not outlive the password it was issued against."""
        update_fields = kwargs.get("update_fields")
        watched = self.pk is not None and (update_fields is None or {"password", "is_active"} & set(update_fields))
        stored = (
            type(self)._base_manager.filter(pk=self.pk).values("password", "is_active").first() if watched else None
        )
        super().save(*args, **kwargs)
        if stored is None:
            return
        reason = None
        if stored["is_active"] and not self.is_active:
            reason = "disabled"
        elif stored["password"] != self.password:
            reason = "password_changed"
        if reason is not None:
            from .tokens import revoke_tokens  # tokens.py builds on these models

            revoke_tokens(self, reason)


def _level_rank(level: str) -> int:
    return [choice for choice, _label in Region.Level.choices].index(level)


class AuditEntry(models.Model):
    """One recorded change or security event. Append-only: no page or API deletes or edits entries."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        PERMISSION = "permission", _("权限变更")

    # Indexed by audit_order (-timestamp, -id), which serves date ranges as well as the order.
    timestamp = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    username = models.CharField(
        _("用户名"), max_length=150, blank=True, help_text=_("操作时的用户名或尝试登录的用户名")
    )
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=16, default="web")
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    region_code = models.CharField(_("所属区划代码"), max_length=12, blank=True, db_index=True)
    changes = models.JSONField(_("字段变化"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["user", "-timestamp"], name="audit_user_time"),
            # The trail's order: its pages are read off this index, however deep (core.pagination).
            models.Index(fields=["-timestamp", "-id"], name="audit_order"),
            # The same order for one user name, as the list's filter asks for it (case-insensitively): without
            # it the database walked the whole trail to find a rare name's entries.
            models.Index(
                Upper("username"), models.F("timestamp").desc(), models.F("id").desc(), name="audit_username_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("审计记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("审计记录不可删除。"))


class LoginAttempt(models.Model):
    """Failed and successful sign-ins, counted for the lock-out (per username and client address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Counted by the lock-out only: no page, export or API lists sign-in attempts.
    objects = InternalQuerySet.as_manager()

    class Meta:
        verbose_name = _("登录尝试")
        verbose_name_plural = _("登录尝试")
        indexes = [models.Index(fields=["username", "ip", "-at"], name="login_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {'ok' if self.succeeded else 'failed'}"


class ApiTokenUse(models.Model):
    """When and from where an API token (REST framework's ``authtoken.Token``, one per account) was last used:
    a token unused for ``API_TOKEN_IDLE_SECONDS`` stops working, and its owner sees where it was used."""

    token = models.OneToOneField(
        "authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="use", verbose_name=_("令牌")
    )
    last_used = models.DateTimeField(_("最近使用"))
    last_ip = models.GenericIPAddressField(_("最近使用的地址"), null=True, blank=True)

    # Read only with the token it belongs to (accounts.tokens), never listed by region.
    objects = InternalQuerySet.as_manager()

    class Meta:
        verbose_name = _("令牌使用记录")
        verbose_name_plural = _("令牌使用记录")

    def __str__(self) -> str:
        return f"{self.token.user_id} {self.last_used:%Y-%m-%d %H:%M}"
