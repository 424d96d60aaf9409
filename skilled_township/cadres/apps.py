from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "skilled_township.cadres"
    verbose_name = _("干部与学习")
