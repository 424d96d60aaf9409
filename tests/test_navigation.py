from django.urls import reverse


def menu_links(client):
    # A cadre's home is their own page: follow it there.
    page = client.get(reverse("home"), follow=True)
    return {item.url_name for section in page.context["menu"] for item in section["items"]}


def test_each_role_sees_only_what_it_may_open(world, org_admin, secretary_of_gaocun, leader, client_as):
    admin_menu = menu_links(client_as(org_admin))
    assert {"accounts:user_list", "accounts:audit_list", "regions:pilot_list"} <= admin_menu

    secretary_menu = menu_links(client_as(secretary_of_gaocun))
    assert "regions:pilot_list" in secretary_menu
    assert not {"accounts:user_list", "accounts:audit_list"} & secretary_menu

    assert not {"accounts:user_list", "accounts:audit_list"} & menu_links(client_as(leader))


def test_every_menu_entry_opens_for_the_role_that_sees_it(world, personas, client_as):
    for role, user in personas.items():
        if user is None:
            continue
        client = client_as(user)
        for url_name in menu_links(client):
            response = client.get(reverse(url_name), follow=True)
            assert response.status_code == 200, (role, url_name)


def test_pages_have_a_collapsible_menu_for_phones(world, secretary_of_gaocun, client_as):
    page = client_as(secretary_of_gaocun).get(reverse("home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "navbar-toggler" in page and "navbar-collapse" in page
