from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "skilled_township.training"
    verbose_name = _("培训")
    url_prefix = "training/"

    def ready(self):
        # The study ledger shows which records a session's attendance keeps, and leaves them to the session.
        from skilled_township.learning import sources

        from .services import attendance_sources

        sources.register(attendance_sources)

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("培训课次"),
                "training:session_list",
                "training.view",
                _("排课、点名出勤、扫码签到，出勤记入学习台账"),
                group=MenuGroup.TRAINING,
            ),
            MenuItem(
                _("培训日历"), "training:calendar", "training.view", _("本月每天的培训课次"), group=MenuGroup.TRAINING
            ),
            MenuItem(
                _("培训计划"),
                "training:plan_list",
                "training.view",
                _("培训内容、培训人员、预期目标和计划课次"),
                group=MenuGroup.TRAINING,
            ),
            MenuItem(
                _("培训进度"),
                "training:progress",
                "training.view",
                _("计划与已办课次、出勤率、人均学时、人均费用"),
                group=MenuGroup.TRAINING,
            ),
            MenuItem(
                _("示范基地"),
                "training:base_list",
                "training.view",
                _("面积、阶段、校长（科技副镇长）和技术团队"),
                group=MenuGroup.TRAINING,
            ),
            MenuItem(
                _("经费下达"),
                "training:allocation_list",
                "training.view",
                _("每个基地每年的经费，已拨付和余额"),
                group=MenuGroup.TRAINING,
            ),
            MenuItem(
                _("经费拨付"), "training:disbursement_list", "training.view", _("每一笔拨付"), group=MenuGroup.TRAINING
            ),
            MenuItem(
                _("经费汇总"),
                "training:fund_summary",
                "training.view",
                _("按基地、乡镇、县和全市汇总，科技副镇长生活补贴"),
                group=MenuGroup.TRAINING,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Bases, funds, plans, sessions, attendance, progress: read in scope.
            "training.view": roles.PROGRAMME_READERS,
            # Bases (and their photos), plans, sessions and their attendance: the township and the department.
            "training.manage": roles.ORG_AND_SECRETARY,
            # Allocations and disbursements: the organisation department allocates and pays (seed 000 五).
            "training.funds": roles.ORG,
            # Checking in to a session of one's own township with one's own account.
            "training.checkin": roles.CADRE_ONLY,
        }
