"""Logging a visit on a phone: the household among the cadre's own active pairings, a date that happened within
the pairing, an optional photo and GPS point; a cadre reads only their own diary."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from skilled_township.pairing.models import Visit

from .. import factories
from . import visit_builders as builders


def visit_form(pairing, **overrides):
    data = {
        "pairing": pairing.pk,
        "visited_on": "2026-03-05",
        "kind": "visit",
        "content": "了解柑桔销售情况",
        "problems": "",
        "help_given": "",
        "follow_up_due": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


def post_visit(client, pairing, **overrides):
    return client.post(reverse("pairing:visit_create"), visit_form(pairing, **overrides))


def image(fmt="JPEG", size=(40, 30), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, fmt)
    return out.getvalue()


def test_a_cadre_is_offered_only_their_own_active_pairings(world, cadre_of_gaocun, client_as):
    own = builders.pairing(world)
    ended = builders.pairing(world, "刘大山", started_on=datetime.date(2025, 1, 1))
    ended.ended_on, ended.end_reason = datetime.date(2025, 6, 1), "脱贫"
    ended.save()
    colleague = factories.cadre(world.township, "舒红梅", mobile="13700000001")
    theirs = builders.pairing(world, "蒋小花", cadre=colleague, phone="13922220000")

    page = client_as(cadre_of_gaocun).get(reverse("pairing:visit_create"))

    choices = [value for value, _label in page.context["form"].fields["pairing"].choices if value]
    assert [choice.value for choice in choices] == [own.pk]
    response = post_visit(client_as(cadre_of_gaocun), theirs)
    assert response.status_code == 200 and "pairing" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_a_cadre_logs_a_visit_which_starts_unconfirmed(world, cadre_of_gaocun, client_as):
    pairing = builders.pairing(world)

    response = post_visit(client_as(cadre_of_gaocun), pairing, kind="technical", follow_up_due="2026-03-20")

    visit = Visit.objects.get()
    assert response["Location"] == visit.get_absolute_url()
    assert (visit.cadre, visit.household, visit.recorded_by) == (pairing.cadre, pairing.household, cadre_of_gaocun)
    assert (visit.kind, visit.confirmation, visit.confirmed_at) == ("technical", "none", None)
    page = client_as(cadre_of_gaocun).get(visit.get_absolute_url()).content.decode()
    assert "未确认" in page and "发送验证码给农户" in page


def test_a_secretary_logs_a_visit_for_a_cadre_of_the_township_but_not_of_another(
    world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    pairing = builders.pairing(world)
    assert post_visit(client_as(secretary_of_other_township), pairing).status_code == 200
    assert not Visit.objects.exists()

    assert post_visit(client_as(secretary_of_gaocun), pairing).status_code == 302
    visit = Visit.objects.get()
    assert (visit.cadre, visit.recorded_by) == (pairing.cadre, secretary_of_gaocun)


def test_no_future_date_none_before_the_pairing_and_no_follow_up_before_the_visit(world, cadre_of_gaocun, client_as):
    pairing = builders.pairing(world, started_on=datetime.date(2025, 9, 1))
    client = client_as(cadre_of_gaocun)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    errors = post_visit(client, pairing, visited_on=tomorrow.isoformat()).context["form"].errors
    assert errors["visited_on"] == ["日期不能晚于今天。"]
    errors = post_visit(client, pairing, visited_on="2025-08-31").context["form"].errors
    assert errors["visited_on"] == ["走访日期不能早于结对日期（2025-09-01）。"]
    errors = post_visit(client, pairing, follow_up_due="2026-03-04").context["form"].errors
    assert errors["follow_up_due"] == ["跟进期限不能早于走访日期。"]
    assert not Visit.objects.exists()


def test_a_gps_point_is_whole_and_within_range(world, cadre_of_gaocun, client_as):
    pairing = builders.pairing(world)
    client = client_as(cadre_of_gaocun)

    errors = post_visit(client, pairing, latitude="27.866").context["form"].errors
    assert errors["latitude"] == ["纬度和经度要么都填，要么都不填。"]
    errors = post_visit(client, pairing, latitude="95", longitude="109.8").context["form"].errors
    assert "latitude" in errors
    assert not Visit.objects.exists()

    post_visit(client, pairing, latitude="27.866012", longitude="109.802345")
    visit = Visit.objects.get()
    assert (str(visit.latitude), str(visit.longitude)) == ("27.866012", "109.802345")


def test_a_photo_is_re_encoded_and_stored_through_the_storage(world, cadre_of_gaocun, client_as):
    pairing = builders.pairing(world)
    photo = SimpleUploadedFile("visit.png", image("PNG"), "image/png")

    post_visit(client_as(cadre_of_gaocun), pairing, photo=photo)

    visit = Visit.objects.get()
    assert visit.photo.name.startswith("visits/") and visit.photo.name.endswith(".jpg")
    with visit.photo.open("rb") as stored, Image.open(stored) as opened:
        assert (opened.format, opened.size) == ("JPEG", (40, 30))


def test_a_file_that_is_not_a_photo_a_large_file_and_a_decompression_bomb_are_refused(
    world, cadre_of_gaocun, client_as
):
    pairing = builders.pairing(world)
    client = client_as(cadre_of_gaocun)

    gif = SimpleUploadedFile("visit.png", image("GIF"), "image/png")
    assert post_visit(client, pairing, photo=gif).context["form"].errors["photo"] == [
        "只能上传 JPEG、PNG 或 WebP 格式的照片。"
    ]
    text = SimpleUploadedFile("visit.jpg", b"not a picture at all", "image/jpeg")
    assert "无法识别的图片文件" in post_visit(client, pairing, photo=text).context["form"].errors["photo"][0]
    large = SimpleUploadedFile("visit.jpg", b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 1), "image/jpeg")
    assert post_visit(client, pairing, photo=large).context["form"].errors["photo"] == ["照片不能超过 8 MB。"]
    bomb = SimpleUploadedFile("visit.png", image("PNG", (12000, 12000), "1"), "image/png")
    assert "照片像素过多（12000×12000）" in post_visit(client, pairing, photo=bomb).context["form"].errors["photo"][0]
    assert not Visit.objects.exists()


def test_a_cadre_never_sees_another_cadres_visits(world, cadre_of_gaocun, client_as):
    own = builders.visit(world)
    colleague = factories.cadre(world.township, "舒红梅", mobile="13700000001")
    theirs = builders.visit(world, pair=builders.pairing(world, "蒋小花", cadre=colleague, phone="13922220000"))
    client = client_as(cadre_of_gaocun)

    page = client.get(reverse("pairing:visit_list")).content.decode()

    assert own.get_absolute_url() in page and theirs.get_absolute_url() not in page
    assert "我的民情日志" in page
    for url in (
        theirs.get_absolute_url(),
        reverse("pairing:visit_update", args=[theirs.pk]),
        reverse("pairing:visit_signature", args=[theirs.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("pairing:visit_send_code", args=[theirs.pk])).status_code == 404
    api = client.get(reverse("api:visit-list")).json()
    assert [row["id"] for row in api["results"]] == [own.pk]
    assert client.get(reverse("api:visit-detail", args=[theirs.pk])).status_code == 404


def test_the_list_filters_by_month_kind_and_confirmation(world, secretary_of_gaocun, client_as):
    march = builders.visit(world)
    confirmed = builders.confirmed_visit(world)
    april = builders.visit(world, day=datetime.date(2026, 4, 1), content="四月走访")
    client = client_as(secretary_of_gaocun)

    def shown(query):
        page = client.get(reverse("pairing:visit_list") + query).content.decode()
        return {v.pk for v in (march, confirmed, april) if v.get_absolute_url() in page}

    assert shown("?month=2026-03") == {march.pk, confirmed.pk}
    assert shown("?confirmed=no") == {march.pk, april.pk}
    assert shown("?confirmed=yes") == {confirmed.pk}
    assert shown("?kind=technical") == {confirmed.pk}
    assert shown(f"?township={world.township.pk}&village=锦和") == {march.pk, confirmed.pk, april.pk}


def test_an_unconfirmed_visit_is_edited_in_place(world, cadre_of_gaocun, client_as):
    visit = builders.visit(world)
    url = reverse("pairing:visit_update", args=[visit.pk])

    response = client_as(cadre_of_gaocun).post(
        url, {**visit_form(visit.pairing, visited_on="2026-03-02"), "content": "了解柑桔销售和储存"}
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.content == "了解柑桔销售和储存" and not visit.amendments.exists()
