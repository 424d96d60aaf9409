from django.utils.translation import gettext_lazy as _

from skilled_township.accounts.roles import Role
from skilled_township.core.forms import ScopedModelForm
from skilled_township.regions.models import Region

from ..models import ReviewerAssignment


class AssignmentForm(ScopedModelForm):
    """A reviewer for a township of the round: townships of the city, active reviewers the admin may see."""

    class Meta:
        model = ReviewerAssignment
        fields = ["township", "reviewer"]

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        townships = self.fields["township"].queryset.filter(
            level=Region.Level.TOWNSHIP, code__startswith=round.city.prefix
        )
        self.fields["township"].queryset = townships.select_related("parent").order_by("code")
        self.fields["township"].label_from_instance = Region.name_with_parent
        reviewers = self.fields["reviewer"].queryset.filter(role=Role.REVIEWER, is_active=True)
        self.fields["reviewer"].queryset = reviewers.select_related("scope").order_by("username")
        self.fields["reviewer"].label_from_instance = lambda user: f"{user.display_name} · {user.scope.name}"
        self.fields["reviewer"].help_text = _("回避：县（市、区）的考核组成员不能考核本县的乡镇。")
        self.instance.round = round

    def validate_unique(self):
        # The service says it in words (and checks the conflict of interest first).
        pass
