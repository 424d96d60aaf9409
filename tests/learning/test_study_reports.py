"""一月一述学: a cadre writes their month's account (or the township writes it for them), a leader comments on
it, the township's month shows who has and has not written, and both the month and a cadre's year download."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skilled_township.learning.models import StudyReport

from .. import factories

MARCH = datetime.date(2026, 3, 1)


def report(cadre, month=MARCH, **extra):
    texts = {"learned": f"{cadre.name}学了柑桔嫁接", "applied": "在示范园带村民嫁接", "problems": "", **extra}
    return StudyReport.objects.create(cadre=cadre, month=month, **texts)


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.django_db
def test_a_cadre_writes_their_own_report_and_cannot_open_anothers(world, cadre_of_gaocun, client_as):
    colleague = factories.cadre(world.township, "同事")
    theirs = report(colleague)
    client = client_as(cadre_of_gaocun)

    form = client.get(reverse("learning:report_create"))
    assert "cadre" not in form.context["form"].fields  # nobody to choose: it is their own
    response = client.post(
        reverse("learning:report_create"),
        {"month": "2026-03", "learned": "学了柑桔春季修剪", "applied": "带两户村民修剪", "problems": "病虫害识别不熟"},
    )
    assert response.status_code == 302
    mine = StudyReport.objects.get(cadre=cadre_of_gaocun.cadre)
    assert (mine.month, mine.learned, mine.problems) == (MARCH, "学了柑桔春季修剪", "病虫害识别不熟")

    # A second one for the same month is refused with a reason, not a server error.
    again = client.post(reverse("learning:report_create"), {"month": "2026-03", "learned": "再写", "applied": "再写"})
    assert again.status_code == 200 and again.context["form"].errors["month"]
    assert StudyReport.objects.filter(cadre=cadre_of_gaocun.cadre).count() == 1
    future = client.post(
        reverse("learning:report_create"), {"month": "2099-01", "learned": "还没学", "applied": "还没用"}
    )
    assert future.status_code == 200 and future.context["form"].errors["month"]

    assert client.get(reverse("learning:report_update", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("learning:report_list")).content.decode()
    assert "学了柑桔春季修剪" in listing and "同事学了柑桔嫁接" not in listing


@pytest.mark.django_db
def test_my_learning_links_to_this_months_report(cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    page = client.get(reverse("learning:mine")).content.decode()
    assert reverse("learning:report_create") in page
    written = StudyReport.objects.create(
        cadre=cadre_of_gaocun.cadre,
        month=timezone.localdate().replace(day=1),
        learned="本月学了电商直播",
        applied="帮合作社开了网店",
    )
    page = client.get(reverse("learning:mine")).content.decode()
    assert reverse("learning:report_update", args=[written.pk]) in page and "本月学了电商直播" in page


@pytest.mark.django_db
def test_the_secretary_writes_for_a_cadre_of_the_township_only(
    world, secretary_of_gaocun, cadre_of_other_township, client_as
):
    cadre = factories.cadre(world.township, "向阳")
    client = client_as(secretary_of_gaocun)
    response = client.post(
        reverse("learning:report_create"),
        {"cadre": cadre.pk, "month": "2026-03-15", "learned": "学了生猪防疫", "applied": "走访养殖户"},
    )
    assert response.status_code == 302
    assert StudyReport.objects.get(cadre=cadre).month == MARCH  # any day of the month means the month

    stranger = cadre_of_other_township.cadre
    refused = client.post(
        reverse("learning:report_create"),
        {"cadre": stranger.pk, "month": "2026-03", "learned": "学了", "applied": "用了"},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["cadre"]
    assert not StudyReport.objects.filter(cadre=stranger).exists()


@pytest.mark.django_db
def test_a_leader_comments_and_the_cadre_reads_who_and_when(world, leader, cadre_of_gaocun, client_as):
    written = report(cadre_of_gaocun.cadre)
    cadre_client = client_as(cadre_of_gaocun)
    assert cadre_client.get(reverse("learning:report_review", args=[written.pk])).status_code == 403

    response = client_as(leader).post(
        reverse("learning:report_review", args=[written.pk]), {"review": "结合实际好，下月写清用了多少户"}
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert (written.review, written.reviewed_by) == ("结合实际好，下月写清用了多少户", leader)
    assert written.reviewed_at is not None
    assert "结合实际好" in cadre_client.get(reverse("learning:report_list")).content.decode()
    # An empty 讲评 is not a 讲评.
    empty = client_as(leader).post(reverse("learning:report_review", args=[written.pk]), {"review": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["review"]


@pytest.fixture
def month_of_gaocun(world):
    """高村镇 in March 2026: three cadres in post, two have written, one of them also in April; a cadre of
    another township has written too."""
    wrote, also_wrote, silent = (factories.cadre(world.township, name) for name in ("甲写了", "乙写了", "丙没写"))
    report(wrote, learned="=SUM(A1)学了嫁接")
    report(also_wrote, problems="缺少资料")
    report(silent, month=datetime.date(2026, 4, 1))
    report(factories.cadre(world.other_township, "外镇干部"))
    return wrote, also_wrote, silent


@pytest.mark.django_db
def test_the_month_view_shows_who_has_and_has_not_reported(month_of_gaocun, secretary_of_gaocun, client_as):
    response = client_as(secretary_of_gaocun).get(reverse("learning:monthly"), {"month": "2026-03"})
    assert response.context["reported"] == 2
    assert [cadre.name for cadre in response.context["not_reported"]] == ["丙没写"]
    page = response.content.decode()
    assert 'data-testid="not-reported">丙没写<' in page and "外镇干部" not in page


@pytest.mark.django_db
def test_the_month_and_a_cadres_year_download_as_xlsx(month_of_gaocun, secretary_of_gaocun, client_as):
    *_written, silent = month_of_gaocun
    client = client_as(secretary_of_gaocun)
    rows = sheet_rows(client.get(reverse("learning:monthly"), {"month": "2026-03", "export": "xlsx"}))
    assert rows[0][:4] == ("干部", "学习次数", "学时", "述学")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"甲写了", "乙写了", "丙没写"}
    assert by_name["甲写了"][3:5] == ("已述学", "'=SUM(A1)学了嫁接")  # kept as text, never run as a formula
    assert by_name["乙写了"][6] == "缺少资料"
    assert by_name["丙没写"][3] == "未述学"

    # A cadre's year: the month view links it, and the list exports it as filtered.
    page = client.get(reverse("learning:monthly"), {"month": "2026-03"}).content.decode()
    assert f"{reverse('learning:report_list')}?cadre={silent.pk}&amp;year=2026" in page
    year = sheet_rows(client.get(reverse("learning:report_export"), {"cadre": silent.pk, "year": 2026}))
    assert [row[1:5] for row in year[1:]] == [("丙没写", "2026-04", "丙没写学了柑桔嫁接", "在示范园带村民嫁接")]


@pytest.mark.django_db
def test_through_the_api_a_cadre_writes_their_own_month_once_and_cannot_comment(world, cadre_of_gaocun):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cadre_of_gaocun).key}")
    url = reverse("api:study-report-list")
    body = {"month": "2026-03-20", "learned": "学了电商直播", "applied": "帮合作社开网店"}
    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.data
    assert (created.data["cadre"], created.data["month"]) == (cadre_of_gaocun.cadre.pk, "2026-03-01")

    again = client.post(url, {**body, "month": "2026-03-02"}, format="json")
    assert again.status_code == 400 and "已经" in str(again.data)  # one 述学 a month, said why
    commented = client.patch(f"{url}{created.data['id']}/", {"review": "自己表扬自己"}, format="json")
    assert commented.status_code == 400
    assert StudyReport.objects.get().review == ""
    assert [row["learned"] for row in client.get(url).json()["results"]] == ["学了电商直播"]
