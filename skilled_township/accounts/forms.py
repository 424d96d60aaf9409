from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm
from skilled_township.regions.models import Region

from .models import User
from .roles import Role
from .services import SignInRefused, authenticate_or_refuse


class LoginForm(AuthenticationForm):
    """The sign-in page: the same check as the API token endpoint (``services.authenticate_or_refuse``)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = authenticate_or_refuse(self.request, username, password)
            except SignInRefused as refused:
                raise ValidationError(refused.message, code=refused.code) from None
        return self.cleaned_data


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
        self.fields["scope"].label_from_instance = Region.name_with_parent
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


class UserActiveForm(forms.Form):
    """Disable or re-enable an account (accounts are never deleted)."""

    is_active = forms.BooleanField(required=False)
