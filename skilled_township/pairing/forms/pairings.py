from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.forms import DateInput
from skilled_township.core.validators import text_limit

from ..models import Household, Pairing


class PairForm(forms.Form):
    """Pair a household of one township with one of its in-post cadres. The choices come scoped from the view
    (``visible_to``): households without an active pairing, cadres in post in the township."""

    household = forms.ModelChoiceField(label=_("农户"), queryset=Household.objects.none())
    cadre = forms.ModelChoiceField(label=_("结对干部"), queryset=Cadre.objects.none())
    started_on = forms.DateField(label=_("结对日期"), widget=DateInput())
    goals = forms.CharField(
        label=_("帮扶目标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_limit()["max_length"],
    )

    def __init__(self, *args, households, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["cadre"].queryset = cadres
        self.fields["started_on"].initial = timezone.localdate()


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    end_reason = forms.CharField(label=_("结束原因"), max_length=Pairing._meta.get_field("end_reason").max_length)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class HandoverForm(forms.Form):
    """Hand chosen pairings of one cadre over to another in-post cadre of the township."""

    pairings = forms.ModelMultipleChoiceField(
        label=_("要交接的结对"), queryset=Pairing.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    to = forms.ModelChoiceField(label=_("接手干部"), queryset=Cadre.objects.none())
    on = forms.DateField(label=_("交接日期"), widget=DateInput())

    def __init__(self, *args, pairings, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairings"].queryset = pairings
        self.fields["pairings"].initial = [pairing.pk for pairing in pairings]
        self.fields["pairings"].label_from_instance = lambda pairing: (
            f"{pairing.household} · {pairing.started_on:%Y-%m-%d}"
        )
        self.fields["to"].queryset = cadres
        self.fields["on"].initial = timezone.localdate()
