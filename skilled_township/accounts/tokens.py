"""API tokens under the same rules as the sign-in page and its sessions."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """A token stops working when its account may no longer sign in (disabled, or a cadre who has left the
    post); it is refused with a clear message while the account's first password has not been changed."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.may_sign_in():
            raise exceptions.AuthenticationFailed(_("该账号已停用或对应的干部已离岗，令牌不再有效。"))
        if user.must_change_password:
            raise exceptions.PermissionDenied(_("请先在网页上修改初始密码，然后才能使用接口。"))
        return user, token
