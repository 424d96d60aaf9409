from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationsConfig(AppConfig):
    name = "skilled_township.certifications"
    verbose_name = _("技能鉴定与证书")
