"""A NUL character in an address or its query string is refused in words (400), never a server error: PostgreSQL
can neither store nor compare it. (Forms refuse it field by field: see tests/test_form_fuzz.py.)"""

from django.urls import reverse

MESSAGE = "请求中含有空字符（NUL），无法处理。请删除后重试。"


def test_a_nul_in_the_public_township_search_is_refused_in_words(world, client):
    url = reverse("public:townships")
    assert client.get(url, {"q": "高村"}).status_code == 200
    response = client.get(url, {"q": "高\x00村"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert response["Content-Security-Policy"] and response["X-Frame-Options"]


def test_a_nul_in_the_address_or_a_parameters_name_is_refused_too(world, client):
    for url in (
        reverse("public:directory", args=["431226101000\x00"]),
        reverse("public:townships") + "?q%00=1",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert MESSAGE in response.content.decode()


def test_a_signed_in_list_and_the_api_refuse_it_the_same_way(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("cadres:cadre_list"), {"q": "\x00"})
    assert page.status_code == 400 and MESSAGE in page.content.decode()
    api = client.get("/api/v1/cadres/", {"search": "\x00"}, HTTP_ACCEPT="application/json")
    assert api.status_code == 400
    assert api.json() == {"detail": MESSAGE}


def test_a_nul_in_a_posted_form_is_shown_at_its_field(world, secretary_of_gaocun, client_as):
    """The body of a POST is the form's to check: the form comes back with the field's error, not a 400."""
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_create"), {"name": "杨\x00大伯"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
