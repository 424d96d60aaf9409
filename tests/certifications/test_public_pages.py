"""The public pages, signed in or not: the township chooser, a township's directory, the request form with its
rate limits and honeypot, the filed page and tracking. Nothing personal beyond what a cadre chose to publish."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skilled_township.certifications.models import PublicProfile, ServiceRequest
from skilled_township.certifications.services import requests
from skilled_township.core import ratelimit
from skilled_township.core.resident_id import mask

from .. import factories
from .service_builders import certificate, profile, service_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def address():
    """An address of the test's own: the limits are counted in the shared cache, which tests running side by side
    share."""
    found = f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"
    yield found
    for scope in ("service-request-ip", "service-request-track"):
        ratelimit.reset(scope, found)


def unique_phone() -> str:
    """A phone number of the test's own, for the same reason (forgotten after the test: ``forget``)."""
    return f"137{random.randrange(10**8):08d}"


def forget(*phones: str) -> None:
    for number in phones:
        ratelimit.reset("service-request-phone", number)


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture
def people(world):
    """Cadres as the roster holds them (IDs, mobiles, birth dates); one publishes a phone of their choice."""
    grafting = factories.skill("T90", "柑桔嫁接")
    published = factories.cadre(world.township, "龙建国", mobile="13511112222")
    quiet = factories.cadre(world.township, "杨秀英", mobile="13633334444", male=False)
    hidden = factories.cadre(world.township, "舒志强", mobile="13755556666")
    left = factories.cadre(world.township, "滕离岗", mobile="13877778888", status="left", left_on=timezone.localdate())
    profile(published, phone="13599990000", duties="柑桔嫁接上门指导")
    profile(quiet, duties="病虫害防治")
    profile(hidden, listed=False, duties="不公开的职责")
    profile(left, phone="13866665555", duties="已离岗")
    certificate(published, grafting, level=2)
    certificate(quiet, grafting, level=4)
    certificate(hidden, grafting, level=1)
    return {"grafting": grafting, "published": published, "quiet": quiet, "hidden": hidden, "left": left}


def public_urls(world, codes):
    township = world.township.code
    return [
        reverse("public:townships"),
        reverse("public:townships") + "?q=高村",
        reverse("public:directory", args=[township]),
        reverse("public:directory", args=[township]) + f"?village={world.village.pk}",
        reverse("public:request", args=[township]),
        reverse("public:request_filed"),
        reverse("public:track"),
        *[reverse("public:track") + f"?code={code}" for code in codes],
    ]


def test_no_public_page_shows_an_id_number_or_a_phone_not_published(world, people, client_as, personas, address):
    open_request = service_request(
        world, cadre=people["quiet"], skill=people["grafting"], requester_phone="13912345678"
    )
    by_published = service_request(world, cadre=people["published"], skill=people["grafting"], status="closed")
    forbidden = ["13912345678"]  # the requester's phone
    for cadre in (people["published"], people["quiet"], people["hidden"], people["left"]):
        forbidden += [cadre.id_number, mask(cadre.id_number), cadre.mobile, cadre.birth_date.isoformat()]
    forbidden += ["13866665555", "舒志强", "滕离岗"]  # a listing switched off, a cadre who left the post
    for role in ("anonymous", "secretary", "cadre"):
        client = client_as(personas[role])
        for url in public_urls(world, [open_request.code, by_published.code]):
            response = client.get(url, REMOTE_ADDR=address)
            assert response.status_code == 200, url
            html = response.content.decode()
            leaked = [value for value in forbidden if value in html]
            assert not leaked, f"{url} as {role} shows {leaked}"
    directory = client_as(None).get(reverse("public:directory", args=[world.township.code])).content.decode()
    assert 'href="tel:13599990000"' in directory and "杨秀英" in directory and "病虫害防治" in directory
    assert "柑桔嫁接" in directory and "二级/技师" in directory and "四级/中级工" in directory
    tracked = client_as(None).get(reverse("public:track"), {"code": by_published.code}, REMOTE_ADDR=address)
    assert "13599990000" in tracked.content.decode() and "向*" in tracked.content.decode()
    assert "向阿婆" not in tracked.content.decode()


def test_the_directory_filters_by_skill_category_and_village(world, people, client):
    pigs = factories.skill("T91", "生猪养殖", category=factories.skill_category("stability", "维护社会稳定", 2))
    certificate(people["quiet"], pigs, level=3)
    url = reverse("public:directory", args=[world.township.code])

    def names(**query):
        html = client.get(url, query).content.decode()
        return {name for name in ("龙建国", "杨秀英") if name in html.split("<main", 1)[1].split("</form>", 1)[-1]}

    assert names() == {"龙建国", "杨秀英"}
    assert names(skill=pigs.pk) == {"杨秀英"}
    assert names(category=pigs.category_id) == {"杨秀英"}
    assert names(village=world.village.pk) == set()  # nobody has served 锦和村 yet
    service_request(world, cadre=people["published"], village=world.village, status="closed")
    assert names(village=world.village.pk) == {"龙建国"}
    assert "有服务记录或承办过该村求助" in client.get(url).content.decode()


def test_namesake_townships_are_told_apart_by_their_county(world, client):
    namesake = factories.region("431228101000", "高村镇", world.other_county)
    html = client.get(reverse("public:townships"), {"q": "高村"}).content.decode()
    assert world.county.name in html and world.other_county.name in html
    assert reverse("public:directory", args=[namesake.code]) in html
    assert reverse("public:directory", args=[world.township.code]) in html


def test_the_directory_answers_in_the_same_number_of_queries_for_10_or_500_cadres(world, client):
    grafting = factories.skill("T90", "柑桔嫁接")
    url = reverse("public:directory", args=[world.township.code])

    def add(count):
        for n in range(count):
            cadre = factories.cadre(world.township, f"干部{n:03d}", mobile="13500000000")
            profile(cadre, phone="13600000000" if n % 2 else "")
            certificate(cadre, grafting, level=n % 5 + 1)

    add(10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    add(490)
    with CaptureQueriesContext(connection) as five_hundred:
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("data-cadre") == 20
    assert len(five_hundred) == len(ten), (len(ten), len(five_hundred))
    print(f"directory page queries: 10 cadres {len(ten)}, 500 cadres {len(five_hundred)}")


def form_data(world, skill, **extra):
    return {
        "name": "向阿婆",
        "phone": unique_phone(),
        "village": world.village.pk,
        "skill": skill.pk,
        "description": "柑桔树叶子发黄，请来看看。",
        **extra,
    }


def test_a_filed_request_gives_a_short_code_and_lands_with_a_certified_cadre(world, people, client, address):
    number = unique_phone()
    # Full-width digits, as a phone keyboard may type them.
    data = form_data(world, people["grafting"], phone=number.translate(FULL_WIDTH))
    response = client.post(reverse("public:request", args=[world.township.code]), data, REMOTE_ADDR=address)
    forget(number)
    assert response.status_code == 302 and response["Location"] == reverse("public:request_filed")
    filed = ServiceRequest.objects.get()
    # Level 1 wins; being left out of the public directory does not keep a cadre from serving.
    assert filed.requester_phone == number and filed.cadre == people["hidden"]
    assert filed.village == world.village and len(filed.code) == 10
    page = client.get(response["Location"])
    assert filed.code in page.content.decode()
    # The code is the requester's alone: no shared cache may keep the page for the next visitor.
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


@pytest.mark.parametrize("phone", ["1391234567", "23912345678", "abc"])
def test_a_phone_that_is_not_an_11_digit_mobile_is_refused(world, people, client, phone, address):
    response = client.post(
        reverse("public:request", args=[world.township.code]),
        form_data(world, people["grafting"], phone=phone),
        REMOTE_ADDR=address,
    )
    assert response.status_code == 200 and "11位手机号码" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_village_of_another_township_is_refused(world, people, client, address):
    data = form_data(world, people["grafting"], village=world.other_village.pk)
    response = client.post(reverse("public:request", args=[world.township.code]), data, REMOTE_ADDR=address)
    assert response.status_code == 200 and not ServiceRequest.objects.exists()


def test_the_honeypot_answers_like_a_filed_request_and_saves_nothing(world, people, client, address):
    data = form_data(world, people["grafting"], website="http://spam.example")
    response = client.post(reverse("public:request", args=[world.township.code]), data, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == reverse("public:request_filed")
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-testid="tracking-code"' in page.content.decode()
    assert not ServiceRequest.objects.exists()


def test_filing_is_limited_per_address_and_per_phone(world, people, client, address):
    url = reverse("public:request", args=[world.township.code])
    first, second, elsewhere = (
        unique_phone(),
        unique_phone(),
        f"198.19.{random.randrange(256)}.{random.randrange(1, 255)}",
    )
    try:
        for _n in range(requests.FILINGS_PER_PHONE):
            data = form_data(world, people["grafting"], phone=first)
            assert client.post(url, data, REMOTE_ADDR=address).status_code == 302
        refused = client.post(url, form_data(world, people["grafting"], phone=first), REMOTE_ADDR=address)
        assert refused.status_code == 429 and "已提交多次" in refused.content.decode()
        # Another phone from the same address: allowed until the address's limit.
        for _n in range(requests.FILINGS_PER_ADDRESS - requests.FILINGS_PER_PHONE - 1):
            data = form_data(world, people["grafting"], phone=second)
            assert client.post(url, data, REMOTE_ADDR=address).status_code == 302
        refused = client.post(url, form_data(world, people["grafting"], phone=second), REMOTE_ADDR=address)
        assert refused.status_code == 429 and "提交次数过多" in refused.content.decode()
        assert ServiceRequest.objects.count() == requests.FILINGS_PER_ADDRESS - 1
        # Another address is not held up by this one.
        data = form_data(world, people["grafting"])
        assert client.post(url, data, REMOTE_ADDR=elsewhere).status_code == 302
    finally:
        forget(first, second, data["phone"])
        ratelimit.reset("service-request-ip", elsewhere)


def test_tracking_lookups_are_limited_per_address(world, client, address):
    url = reverse("public:track")
    for _ in range(requests.LOOKUPS_PER_ADDRESS):
        assert client.get(url, {"code": "XXXXXXXXXX"}, REMOTE_ADDR=address).status_code == 200
    assert client.get(url, {"code": "XXXXXXXXXX"}, REMOTE_ADDR=address).status_code == 429


def test_the_requester_rates_a_closed_request_once(world, people, client, address):
    filed = service_request(world, cadre=people["published"], status="closed", closed_at=timezone.now())
    url = reverse("public:track")
    page = client.get(url, {"code": filed.code.lower()}, REMOTE_ADDR=address).content.decode()
    assert "已办结" in page and "龙建国" in page and 'name="rating"' in page
    response = client.post(url, {"code": filed.code, "rating": 5, "comment": "很及时"}, REMOTE_ADDR=address)
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.rating == 5 and filed.rating_comment == "很及时" and filed.rated_at is not None
    again = client.post(url, {"code": filed.code, "rating": 1}, REMOTE_ADDR=address)
    assert again.status_code == 200 and "不能重复评价" in again.content.decode()
    filed.refresh_from_db()
    assert filed.rating == 5
    page = client.get(url, {"code": filed.code}, REMOTE_ADDR=address).content.decode()
    assert 'name="rating"' not in page and "5 / 5" in page


def test_an_open_request_cannot_be_rated(world, people, client, address):
    filed = service_request(world, cadre=people["quiet"])
    page = client.get(reverse("public:track"), {"code": filed.code}, REMOTE_ADDR=address).content.decode()
    assert "已分派" in page and "杨秀英" in page and 'name="rating"' not in page
    response = client.post(reverse("public:track"), {"code": filed.code, "rating": 4}, REMOTE_ADDR=address)
    assert "办结后才能评价" in response.content.decode()
    filed.refresh_from_db()
    assert filed.rating is None


def test_a_cadre_publishes_a_phone_only_with_a_consent_date(world, people, client_as, personas):
    client = client_as(personas["secretary"])
    url = reverse("certifications:profile_edit", args=[people["quiet"].pk])
    assert "13633334444" in client.get(url).content.decode()  # the roster mobile, offered as a suggestion
    refused = client.post(url, {"duties": "病虫害防治", "listed": "on", "public_phone": "13633334444"})
    assert refused.status_code == 200 and "同意的日期" in refused.content.decode()
    assert PublicProfile.objects.get(cadre=people["quiet"]).public_phone == ""
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    saved = client.post(
        url, {"duties": "病虫害防治", "listed": "on", "public_phone": "13633334444", "phone_consent_on": day}
    )
    assert saved.status_code == 302
    listing = PublicProfile.objects.get(cadre=people["quiet"])
    assert listing.public_phone == "13633334444" and listing.phone_consent_on.isoformat() == day
    # Withdrawn: the number and its consent date go, and the change is in the record's history.
    client.post(url, {"duties": "病虫害防治", "listed": "on", "public_phone": "", "phone_consent_on": day})
    listing.refresh_from_db()
    assert listing.public_phone == "" and listing.phone_consent_on is None
    from skilled_township.accounts.models import AuditEntry

    changes = AuditEntry.objects.filter(object_id=str(listing.pk), action="update")
    assert any("public_phone" in str(entry.changes) for entry in changes)
