"""Choosing a cadre on a phone: a search box over the user's scope, and a select of what it finds.

A township may have two 张伟: every option reads "张伟 · 一般干部 · 高村镇 · ****1234" (name, position, township and
the ID's last four digits, which the masked ID shows everyone), so namesakes are told apart. When the cadres on
offer are few (``PLAIN_LIST_MAX``) the field is a plain select listing them all. Otherwise a search box stands
above the select: as the user types, htmx replaces the select's options with those of ``cadres:cadre_options``
(at most ``SEARCH_LIMIT`` cadres; the first option says how many were found). A native select, rather than a
``<datalist>`` or a hand-made list box, because it is what a phone's keyboard and screen reader already know, it
submits the cadre's id rather than a label that namesakes share, and it needs no JavaScript of ours. Without
JavaScript, submitting the form lists what the box found, to pick one and save again.

The search is the roster's (``CadreFilter.search``): name contains, mobile number, and an ID number only as
the ID mask allows (by its last digits for those who see full numbers, otherwise only the whole number).
Whatever the page shows, the server decides: the cadre must be visible to the user, in post (a record being
edited keeps the cadre it holds) and, for a new record started from a township, in that township.

Every form that picks a cadre declares the field (``CadreChoiceField``, or ``field_classes``) and calls
``offer`` from its ``__init__``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .filters import CadreFilter
from .models import Cadre

#: Up to this many cadres on offer, a plain select lists them all.
PLAIN_LIST_MAX = 30
#: The most cadres one search lists.
SEARCH_LIMIT = 20
#: The search box of a field is named after the field: ``cadre`` → ``cadre_q``.
SEARCH_SUFFIX = "_q"


def cadre_label(cadre: Cadre) -> str:
    """``张伟 · 一般干部 · 高村镇 · ****1234``: what tells two namesakes apart."""
    return " · ".join((cadre.name, cadre.get_position_display(), cadre.township.name, "****" + cadre.id_number[-4:]))


def candidates(cadres, *, township=None, keep: Iterable[Any] = ()):
    """The cadres a record may pick among ``cadres`` (those the user sees): those in post, of ``township`` if
    one is given, and the ones the record being edited already holds (``keep``), whatever their status."""
    offered = cadres.in_post()
    if township is not None:
        offered = offered.filter(township=township)
    keep = [pk for pk in keep if pk not in (None, "")]
    if keep:
        offered = offered | cadres.filter(pk__in=keep)
    return offered.select_related("township").order_by("name", "township__code", "pk")


@dataclass
class SearchResult:
    text: str
    cadres: list[Cadre]
    more: bool

    @property
    def status(self) -> str:
        """The select's first option: what to do next."""
        if not self.text:
            return _("请先在上方输入姓名或手机号查找")
        if not self.cadres:
            return _("没有找到匹配的在岗干部")
        if self.more:
            return _("找到 %(n)s 位以上，只列出前 %(n)s 位，请输入更多文字") % {"n": SEARCH_LIMIT}
        return _("找到 %(n)s 位，请选择") % {"n": len(self.cadres)}


def search(offered, text: str, user, *, chosen: Iterable[Any] = ()) -> SearchResult:
    """At most ``SEARCH_LIMIT`` of the ``offered`` cadres that ``text`` finds (none without text), after the
    ``chosen`` ones (the cadre a re-shown form holds), which stay on offer whatever the text."""
    text = text.strip()[:40]
    found: list[Cadre] = []
    chosen = [pk for pk in chosen if str(pk).isdigit()]
    if chosen:
        found = list(offered.filter(pk__in=chosen))
    more = False
    if text:
        matches = CadreFilter(queryset=offered, user=user).search(offered, "q", text)
        matches = list(matches.exclude(pk__in=[cadre.pk for cadre in found])[: SEARCH_LIMIT + 1])
        more = len(matches) > SEARCH_LIMIT
        found += matches[:SEARCH_LIMIT]
    return SearchResult(text, found, more)


def search_text(params: Mapping[str, str]) -> str:
    """What was typed in a picker's search box: ``q``, or the ``<field>_q`` box that htmx sends by its name."""
    if "q" in params:
        return params["q"]
    return next((value for key, value in params.items() if key.endswith(SEARCH_SUFFIX)), "")


class CadrePicker(forms.Select):
    """A select with, when ``search`` is set, a search box above it that refreshes its options."""

    template_name = "cadres/widgets/cadre_picker.html"
    #: ``{"name", "value", "url", "vals"}`` of the search box; ``None``: a plain select.
    search: dict[str, str] | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search"] = self.search
        return context


class SearchedCadreIterator(ModelChoiceIterator):
    """The status line, then the cadres the search found (``field.found``), rather than every cadre accepted."""

    def __iter__(self):
        yield ("", self.field.found.status)
        for cadre in self.field.found.cadres:
            yield self.choice(cadre)

    def __len__(self):
        return len(self.field.found.cadres) + 1

    def __bool__(self):
        return True


class CadreChoiceField(forms.ModelChoiceField):
    """A cadre, picked by searching when there are many (see the module docstring). ``offer`` sets it up."""

    widget = CadrePicker

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", gettext_lazy("干部"))
        super().__init__(Cadre.objects.all() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj) -> str:
        return cadre_label(obj)

    def offer(self, form, name: str, *, township=None) -> None:
        """Accept the ``candidates`` among the field's (already scoped) cadres, and show them all or a search.
        Call from the form's ``__init__``; ``form`` has ``user`` and ``held`` (``core.forms.ScopedModelForm``)."""
        keep = form.held(name)
        self.queryset = candidates(self.queryset, township=township, keep=keep)
        if self.queryset.count() <= PLAIN_LIST_MAX:
            return
        html_name = form.add_prefix(name)
        search_name = html_name + SEARCH_SUFFIX
        text = form.data.get(search_name, "") if form.is_bound else ""
        chosen = [form.data.get(html_name)] if form.is_bound else [*keep, form.initial.get(name)]
        self.found = search(self.queryset, text or "", form.user, chosen=chosen)
        self.iterator = SearchedCadreIterator
        self.widget.choices = self.choices
        vals = {"township": township.pk} if township is not None else {}
        if keep:
            vals["keep"] = keep[0]
        self.widget.search = {
            "name": search_name,
            "value": self.found.text,
            "url": reverse("cadres:cadre_options"),
            "vals": json.dumps(vals) if vals else "",
        }
        if not self.help_text:
            sees_ids = form.user is not None and form.user.has_role_perm("cadres.view_id_number")
            self.help_text = (
                gettext_lazy("输入姓名、手机号或身份证号码后四位查找，再从下拉列表中选择。")
                if sees_ids
                else gettext_lazy("输入姓名、手机号或完整的身份证号码查找，再从下拉列表中选择。")
            )
