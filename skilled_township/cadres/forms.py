from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import DateInput, ScopedModelForm
from skilled_township.regions.models import Region
from skilled_township.regions.pickers import ShownChoiceIterator, village_choices

from .models import Cadre, EducationTarget, Secondment
from .services import transfers
from .services.importing import MAX_UPLOAD_BYTES


class CadreForm(ScopedModelForm):
    class Meta:
        model = Cadre
        fields = Cadre.ENTERED_FIELDS
        widgets = {"left_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"id_number": _("性别与出生日期由身份证号码得出。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        townships = self.fields["township"].queryset.filter(level=Region.Level.TOWNSHIP).select_related("parent")
        self.fields["township"].queryset = townships
        self.fields["township"].label_from_instance = Region.name_with_parent
        if self.user is not None and self.user.scope is not None and self.user.scope.level == Region.Level.TOWNSHIP:
            self.fields["township"].initial = self.user.scope

    def validate_unique(self):
        # A new cadre whose ID is on a roster outside the user's scope becomes a transfer request
        # (``transfers.request_transfer``): checked like any new cadre, never refused as "already registered".
        self.transfer_of = None
        if self.instance._state.adding and self.user is not None:
            self.transfer_of = transfers.registered_elsewhere(self.instance.id_number, self.user)
        self.instance.transfer_requested = self.transfer_of is not None
        super().validate_unique()


class SecondmentForm(ScopedModelForm):
    """A secondment of one cadre. The village select lists the villages of the cadre's township (the township
    select of ``regions.pickers`` has nothing to choose here: the township is the cadre's); it accepts any village
    the user may see, so that one of another township is refused by the model with a message that says why."""

    class Meta:
        model = Secondment
        fields = [
            "kind",
            "village",
            "sending_unit",
            "start_date",
            "end_date",
            "longer_term_reason",
            "team_members",
            "living_allowance",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "longer_term_reason": forms.Textarea(attrs={"rows": 2}),
            "team_members": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end_date": _("留空则按任期自动计算：科技副镇长两年，第一书记一年。")}

    def __init__(self, *args, cadre=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadre is not None:
            self.instance.cadre = cadre
        self.fields["end_date"].required = False
        village = self.fields["village"]
        village.queryset = village.queryset.villages()
        township = self.instance.cadre.township if self.instance.cadre_id else None
        village.shown = village_choices(village.queryset, township, self.held("village"))
        village.iterator = ShownChoiceIterator
        village.widget.choices = village.choices


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"))
        if upload.size > MAX_UPLOAD_BYTES:  # refused before anything reads it
            raise ValidationError(_("文件不能超过 5 MB。"))
        return upload


class EducationTargetForm(ScopedModelForm):
    class Meta:
        model = EducationTarget
        fields = ["region", "year", "group", "min_education", "target_percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.exclude(level=Region.Level.VILLAGE)
