"""Sign-in backend: the model backend, refusing also accounts that may no longer be used."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class AccountBackend(ModelBackend):
    """Refuses inactive accounts (as the model backend does) and a cadre who has left the post — at sign-in,
    and on every later request of a session already open (``get_user`` runs per request)."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.may_sign_in()

    def get_user(self, user_id):
        # The roster entry comes in the same query: every request of a cadre checks it.
        user = User._default_manager.select_related("cadre").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
