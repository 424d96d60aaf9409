from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "skilled_township.api"
    verbose_name = _("接口")
    url_prefix = "api/v1/"
