from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skilled_township.skills"
    verbose_name = _("技能目录与群众需求")
    url_prefix = "skills/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("技能目录"), "skills:skill_list", "skills.view", _("三类技能及其相关产业"), group=MenuGroup.LEARNING
            ),
            MenuItem(
                _("必修技能"),
                "skills:required_list",
                "skills.view",
                _("各乡镇本年度干部必学的技能"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(
                _("群众需求"),
                "skills:demand_list",
                "demand.view",
                _("走访、问卷、座谈、来电收集的技能需求"),
                group=MenuGroup.LEARNING,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Skills catalogue: everyone reads it (a cadre too: the township publishes its required skills);
            # the organisation department maintains it.
            "skills.view": roles.ALL_ROLES,
            "skills.manage": roles.ORG,
            # A township's required skills for the year (必修), set by its secretary or the organisation department.
            "skills.required.manage": roles.ORG_AND_SECRETARY,
            # Villagers' demand (群众需求) and the demand-gap ranking.
            "demand.view": roles.PROGRAMME_READERS,
            "demand.manage": roles.ORG_AND_SECRETARY,
        }
