from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "skilled_township.assessment"
    verbose_name = _("年度考核")
    url_prefix = "assessment/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("考核轮次"),
                "assessment:round_list",
                "assessment.view",
                _("百分制评分细则、考核组分工、满意度测评、结果与等次"),
                group=MenuGroup.ASSESSMENT,
            ),
            MenuItem(
                _("我的评分表"),
                "assessment:my_sheets",
                "assessment.score",
                _("分配给我的乡镇：逐项评分、保存草稿、提交"),
                group=MenuGroup.ASSESSMENT,
            ),
            MenuItem(
                _("干部年度等次"),
                "assessment:grade_list",
                "assessment.grades",
                _("优秀、称职、基本称职、不称职：依年度实绩建议，组织部评定并发布"),
                group=MenuGroup.ASSESSMENT,
            ),
            MenuItem(
                _("等次申诉"),
                "assessment:appeal_list",
                "assessment.appeals",
                _("等次发布后申诉期内提出，组织部处理"),
                group=MenuGroup.ASSESSMENT,
            ),
            MenuItem(
                _("学用之星推荐"),
                "assessment:star_list",
                "assessment.stars",
                _("依年度实绩确定候选人，乡镇推荐、组织部审核并发布"),
                group=MenuGroup.ASSESSMENT,
            ),
            MenuItem(
                _("科技副镇长期满考核"),
                "assessment:deputy_list",
                "assessment.deputies",
                _("任期已满或即将期满的科技副镇长及其团队：分项评分、结论与表彰"),
                group=MenuGroup.ASSESSMENT,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Rounds, their rubric and (once published) results: read in scope.
            "assessment.view": roles.PROGRAMME_READERS,
            # Open and close rounds, edit the rubric, assign reviewers, enter the satisfaction survey. The
            # organisation department of the city only (a county's admin reads, see services.rounds.may_manage).
            "assessment.manage": roles.ORG,
            # Score sheets: a reviewer's own; the organisation department's in its scope (read only).
            "assessment.sheets": frozenset({roles.Role.REVIEWER, roles.Role.ORG_ADMIN}),
            # Score the townships assigned.
            "assessment.score": frozenset({roles.Role.REVIEWER}),
            # Cadres' annual grades: the organisation department in its scope; once published, secretaries and
            # leaders in their scope and each cadre their own.
            "assessment.grades": frozenset(
                {roles.Role.ORG_ADMIN, roles.Role.TOWNSHIP_SECRETARY, roles.Role.LEADER, roles.Role.CADRE}
            ),
            # Set the final grades and decide appeals (the weights and publishing: the city's department only).
            "assessment.grade": roles.ORG,
            # Appeals: a cadre's own; the organisation department's in its scope.
            "assessment.appeals": frozenset({roles.Role.ORG_ADMIN, roles.Role.CADRE}),
            # File an appeal against one's own published grade.
            "assessment.appeal": roles.CADRE_ONLY,
            # 学用之星 nominations: the organisation department in its scope and secretaries their own township's at
            # every stage; leaders the published ones in their scope. The published list itself is public.
            "assessment.stars": frozenset({roles.Role.ORG_ADMIN, roles.Role.TOWNSHIP_SECRETARY, roles.Role.LEADER}),
            # Nominate candidates of one's own township.
            "assessment.star_nominate": frozenset({roles.Role.TOWNSHIP_SECRETARY}),
            # Approve or reject nominations (the candidates' threshold, quota and publishing: the city's department).
            "assessment.star_decide": roles.ORG,
            # Tech deputies' end-of-term assessments: read in scope (a secretary their own township's).
            "assessment.deputies": roles.PROGRAMME_READERS,
            # Record them: the leadership group's reviewers and the organisation department.
            "assessment.deputy_assess": frozenset({roles.Role.ORG_ADMIN, roles.Role.REVIEWER}),
        }

    def notices(self, user):
        from .services.notices import notices_for

        return notices_for(user)
