from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "skilled_township.core"
    verbose_name = _("公共")
    url_prefix = "files/"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Every app's list exports (``core.exports.declare``), so that a worker knows their generators too.
        autodiscover_modules("exports")
