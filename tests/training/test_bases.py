"""Bases: the headmaster is a tech deputy head seconded to the township and in term; photos are checked and
re-encoded before they are stored; each change of stage is kept with its date."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from skilled_township.cadres.models import Secondment
from skilled_township.training import services
from skilled_township.training.models import BasePhoto, TrainingBase

from .. import factories, objects
from ..generic import api_client, posted_values
from . import builders


def edit_base(client, base, **changes):
    url = reverse("training:base_update", args=[base.pk])
    return client.post(url, {**posted_values(client.get(url)), **changes})


def test_the_headmaster_must_be_the_townships_tech_deputy_head_in_term(world, secretary_of_gaocun, client_as):
    plain = objects.cadre(world)  # a cadre with no secondment is not even offered
    base = builders.base(world)
    deputy = builders.deputy(world)
    client = client_as(secretary_of_gaocun)

    assert edit_base(client, base, headmaster=plain.pk).status_code == 200

    # A first secretary is not a tech deputy head; a term that has ended no longer counts.
    Secondment.objects.create(
        cadre=plain, kind="tech_deputy", sending_unit="农科所", start_date=datetime.date(2022, 1, 1)
    )
    refused = edit_base(client, base, headmaster=plain.pk)
    assert "校长须由在高村镇挂职、任期内的科技副镇长担任：龙建国 没有这样的挂职。" in refused.content.decode()

    assert edit_base(client, base, headmaster=deputy.pk).status_code == 302
    base.refresh_from_db()
    assert base.headmaster == deputy


def test_a_tech_deputy_of_another_township_is_refused_through_the_api(world, org_admin):
    base = builders.base(world)
    elsewhere = factories.cadre(world.other_township, "外镇科技")
    Secondment.objects.create(
        cadre=elsewhere, kind="tech_deputy", sending_unit="农科所", start_date=datetime.date(2025, 6, 1)
    )
    response = api_client(org_admin).patch(
        reverse("api:training-base-detail", args=[base.pk]), {"headmaster": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    assert "没有这样的挂职" in response.data["headmaster"][0]


def test_each_change_of_stage_is_kept_with_its_date(world, secretary_of_gaocun, client_as):
    base = TrainingBase(township=world.township, name="新基地", area_mu=Decimal("12"), village=world.village)
    base.stage_changed_on = datetime.date(2026, 1, 10)
    base.save()
    client = client_as(secretary_of_gaocun)
    assert edit_base(client, base, stage="building", stage_changed_on="2026-04-01").status_code == 302
    assert edit_base(client, base, stage="operating", stage_changed_on="2026-09-15").status_code == 302
    history = list(base.stages.values_list("stage", "changed_on"))
    assert history == [
        ("operating", datetime.date(2026, 9, 15)),
        ("building", datetime.date(2026, 4, 1)),
        ("planned", datetime.date(2026, 1, 10)),
    ]
    page = client.get(base.get_absolute_url()).content.decode()
    assert "2026-09-15 · 运营" in page and "2026-04-01 · 在建" in page


def png(width, height, mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


def upload(client, base, content, name="photo.png", content_type="image/png"):
    url = reverse("training:base_photo_upload", args=[base.pk])
    return client.post(url, {"image": SimpleUploadedFile(name, content, content_type), "caption": "大棚"})


def test_a_photo_is_re_encoded_and_stored(world, secretary_of_gaocun, client_as):
    base = builders.base(world)
    response = upload(client_as(secretary_of_gaocun), base, png(3000, 1500))
    assert response.status_code == 302
    photo = BasePhoto.objects.get()
    assert (photo.width, photo.height) == (2048, 1024)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
    assert photo.image.name.endswith(".jpg")
    services.remove_photo(photo)


def test_a_file_that_is_not_a_photo_is_refused(world, secretary_of_gaocun, client_as):
    base = builders.base(world)
    response = upload(client_as(secretary_of_gaocun), base, b"%PDF-1.4 not a photo", "photo.jpg", "image/jpeg")
    assert (
        "只能上传 JPEG、PNG 或 WebP" in response.content.decode() or "无法识别的图片文件" in response.content.decode()
    )
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    response = upload(client_as(secretary_of_gaocun), base, gif.getvalue(), "photo.png")
    assert "只能上传 JPEG、PNG 或 WebP 格式的照片。" in response.content.decode()
    assert not BasePhoto.objects.exists()


def test_an_oversized_photo_is_refused_before_it_is_read(world, secretary_of_gaocun, client_as):
    base = builders.base(world)
    big = png(10, 10) + b"\0" * services.MAX_PHOTO_BYTES
    response = upload(client_as(secretary_of_gaocun), base, big)
    assert "照片不能超过 8 MB。" in response.content.decode()
    assert not BasePhoto.objects.exists()


def test_a_decompression_bomb_is_refused(world, secretary_of_gaocun, client_as):
    """A few kilobytes of PNG that would expand to 144 million pixels."""
    base = builders.base(world)
    bomb = png(12000, 12000, mode="1")
    assert len(bomb) < 100_000
    response = upload(client_as(secretary_of_gaocun), base, bomb)
    assert "照片像素过多（12000×12000）" in response.content.decode()
    assert not BasePhoto.objects.exists()


def test_area_is_in_mu_and_positive(world, secretary_of_gaocun, client_as):
    base = builders.base(world)
    response = edit_base(client_as(secretary_of_gaocun), base, area_mu="0")
    assert response.status_code == 200
    base.refresh_from_db()
    assert base.area_mu == Decimal("50")
