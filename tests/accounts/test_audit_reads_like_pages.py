"""The audit trail names fields and choices as the pages do, in the reader's language, while the entries keep the
stored values; its type filter offers each kind of record once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.templatetags.audit import history_url
from skilled_township.cadres.models import Position
from skilled_township.core.context import acting_as

from .. import factories
from ..test_export_scope import run_audit_export


@pytest.fixture
def promoted(world, secretary_of_gaocun):
    cadre = factories.cadre(world.township, "向东升")
    with acting_as(secretary_of_gaocun):
        cadre.position = Position.PARTY_SECRETARY
        cadre.save()
    return cadre


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_entry_keeps_the_stored_codes(promoted):
    entry = AuditEntry.objects.for_object(promoted).get(action="update")
    assert entry.changes == {"position": ["staff", "party_secretary"]}


@pytest.mark.parametrize(
    ("language", "change"),
    [("zh-hans", "职务类别: 一般干部 → 党委书记"), ("en", "Position: Staff cadre → Party secretary")],
)
def test_the_audit_list_and_the_records_history_show_labels(promoted, org_admin, client_as, language, change):
    client = client_as(org_admin)
    for url in (reverse("accounts:audit_list") + "?action=update", history_url(promoted)):
        page = text_of(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        assert change in page, url
        assert "party_secretary" not in page and "position" not in page


def test_a_creation_shows_choice_labels_and_a_deletion_its_values(world, secretary_of_gaocun, org_admin, client_as):
    with acting_as(secretary_of_gaocun):
        cadre = factories.cadre(world.township, "舒晓梅", position=Position.VILLAGE_SECRETARY, education=3)
    page = text_of(client_as(org_admin).get(history_url(cadre)).content.decode())
    assert "职务类别: → 村党组织书记" in page
    assert "学历: → 大专" in page


def test_a_field_the_model_no_longer_has_shows_its_stored_name(promoted, org_admin, client_as):
    entry = AuditEntry.objects.for_object(promoted).get(action="update")
    AuditEntry.objects.filter(pk=entry.pk).update(changes={"old_rank": ["A", "B"], "position": ["staff", "retired"]})
    page = text_of(client_as(org_admin).get(history_url(promoted)).content.decode())
    assert "old_rank: A → B" in page
    assert "职务类别: 一般干部 → retired" in page  # a code no longer offered stays readable as stored


def test_a_failed_sign_in_says_why_in_words(world, org_admin, client, client_as):
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    page = text_of(
        client_as(org_admin).get(reverse("accounts:audit_list"), {"action": "login_failed"}).content.decode()
    )
    assert "原因: → 用户名或密码错误" in page


@pytest.mark.parametrize(
    ("language", "change"),
    [
        ("zh-hans", ("干部", "职务类别: 一般干部 → 党委书记")),
        ("en", ("Cadre", "Position: Staff cadre → Party secretary")),
    ],
)
def test_the_export_reads_like_the_list(promoted, org_admin, client, language, change):
    client.cookies.load({"django_language": language})
    rows = run_audit_export(client, org_admin, {"action": "update"})
    assert (rows[1][5], rows[1][7]) == change


def test_the_type_filter_lists_each_audited_type_once(world, org_admin, client_as):
    page = client_as(org_admin).get(reverse("accounts:audit_list"))
    field = page.context["filter"].form.fields["content_type"]
    labels = [label for _group, options in field.choices if isinstance(options, list) for _pk, label in options]
    assert len(labels) == len(set(labels))
    assert {"干部", "学习记录", "群众需求", "用户", "行政区划"} <= set(labels)
    # Kinds of rows the trail never records are not offered.
    assert not {"令牌", "审计记录", "登录尝试", "生成文件"} & set(labels)


def test_filtering_by_type_keeps_to_that_type(promoted, org_admin, client_as):
    page = client_as(org_admin).get(reverse("accounts:audit_list"))
    field = page.context["filter"].form.fields["content_type"]
    cadre_type = next(
        pk for _group, options in field.choices if isinstance(options, list) for pk, label in options if label == "干部"
    )
    rows = list(
        client_as(org_admin).get(reverse("accounts:audit_list"), {"content_type": cadre_type}).context["table"].data
    )
    assert rows and {row.content_type.model for row in rows} == {"cadre"}
