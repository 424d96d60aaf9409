from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.context import client_ip
from skilled_township.core.forms import ScopedModelForm
from skilled_township.regions.models import Region

from .audit import record_refused_while_locked
from .lockout import locked_until
from .models import User
from .roles import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。连续失败 5 次将锁定 15 分钟。"),
        "inactive": _("该账号已停用。"),
        "locked": _("登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。"),
        "left_post": _("您已离岗，干部账号不能再登录。如有疑问，请联系乡镇党委。"),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            ip = client_ip(self.request)
            until = locked_until(username, ip)
            if until is not None:
                record_refused_while_locked(username, ip)
                raise ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": timezone.localtime(until).strftime("%H:%M")},
                )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._cadre_who_left(username, self.cleaned_data.get("password")):
                raise ValidationError(self.error_messages["left_post"], code="left_post") from None
            raise

    @staticmethod
    def _cadre_who_left(username: str | None, password: str | None) -> bool:
        """The right password of a cadre who has left: say why they are refused (only to them: the password
        is checked first, so nobody learns from this page who has left)."""
        if not username or not password:
            return False
        account = User.objects.filter(username=username, role=Role.CADRE, is_active=True).first()
        return account is not None and not account.may_sign_in() and account.check_password(password)


class FirstPasswordChangeForm(PasswordChangeForm):
    """The password change form; a new password must differ from the one it replaces (a one-time password
    handed out on paper is not kept)."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error("new_password1", _("新密码不能与原密码相同。"))
        return cleaned


class UserForm(ScopedModelForm):
    """Create or edit an account. Roles and scopes offered are only those the manager may grant."""

    password1 = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    class Meta:
        model = User
        fields = ["username", "full_name", "mobile", "email", "role", "scope"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        # A cadre's account is opened from the roster (it needs its roster entry), not here.
        roles = [(value, label) for value, label in Role.choices if value != Role.CADRE or self.instance.is_cadre]
        self.fields["role"].choices = [("", "---------"), *roles]
        self.fields["scope"].required = True
        scope_queryset = self.fields["scope"].queryset.exclude(level=Region.Level.VILLAGE).select_related("parent")
        self.fields["scope"].queryset = scope_queryset
        self.fields["scope"].label_from_instance = _scope_label
        if self.instance.pk:
            del self.fields["password1"]
            del self.fields["password2"]
            self.fields["username"].disabled = True
        if self.instance.is_cadre:
            # Role and scope follow the roster entry.
            self.fields["role"].disabled = True
            self.fields["scope"].disabled = True

    def clean_scope(self):
        scope = self.cleaned_data.get("scope")
        if scope is not None and not self.user.can_grant_scope(scope):
            raise ValidationError(_("不能授予超出您本人管辖范围的权限。"))
        return scope

    def clean(self):
        cleaned = super().clean()
        if "password1" in self.fields:
            p1, p2 = cleaned.get("password1"), cleaned.get("password2")
            if p1 and p2 and p1 != p2:
                self.add_error("password2", _("两次输入的密码不一致。"))
            elif p1:
                candidate = User(username=cleaned.get("username") or "", full_name=cleaned.get("full_name") or "")
                try:
                    password_validation.validate_password(p1, candidate)
                except ValidationError as error:
                    self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        if "password1" in self.fields:
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


def _scope_label(region: Region) -> str:
    if region.parent_id:
        return f"{region.parent.name} / {region.name}"
    return region.name


class UserActiveForm(forms.Form):
    """Disable or re-enable an account (accounts are never deleted)."""

    is_active = forms.BooleanField(required=False)
