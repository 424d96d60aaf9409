from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skilled_township.skills"
    verbose_name = _("技能目录与群众需求")
