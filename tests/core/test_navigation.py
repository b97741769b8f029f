"""base.html's navigation: the tab a page belongs to, the 服务 and 我的 pages, and what the
navigation costs a request (computed once, only when a page renders it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.context_processors import _tab, navigation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("/", "home"),
        ("/jobs/notifications/", "messages"),
        ("/account/", "mine"),
        ("/me/card/", "mine"),
        ("/accounts/password/change/", "mine"),
        ("/roster/", "services"),
        ("/desk/board/", "services"),
        ("/join/", "join"),
        ("/accounts/login/", "login"),
    ],
)
def test_each_page_belongs_to_one_tab(path, tab):
    assert _tab(path) == tab


def test_the_services_page_lists_only_the_users_modules(world, login):
    page = login(world.member_user).get(reverse("services")).content.decode()
    assert reverse("members:card") in page and reverse("servicedesk:menu") in page
    assert reverse("members:roster") not in page and reverse("members:application_list") not in page

    page = login(world.county_cadre).get(reverse("services")).content.decode()
    assert reverse("members:roster") in page and reverse("servicedesk:board") in page


def test_the_account_page_has_password_tokens_language_and_logout(world, login):
    response = login(world.member_user).get(reverse("account"))
    page = response.content.decode()
    for url in (
        reverse("accounts:password_change"),
        reverse("accounts:tokens"),
        reverse("set_language"),
        reverse("accounts:logout"),
    ):
        assert url in page
    assert reverse("members:card") in page  # a member's own entries
    assert world.member_user.phone not in page  # masked


def test_a_visitor_is_sent_to_login(client):
    for name in ("services", "account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_cadre_side_navigation_marks_the_current_module(world, login):
    page = login(world.county_cadre).get(reverse("members:roster")).content.decode()
    side = page[page.index('class="sidenav"') :]
    assert f'<a href="{reverse("members:roster")}" aria-current="page">' in side
    member_page = login(world.member_user).get(reverse("members:me")).content.decode()
    assert 'class="sidenav"' not in member_page


def test_the_kept_side_navigation_marks_only_the_page_it_is_on(world, login):
    client = login(world.county_cadre)
    for name in ("members:roster", "home", "members:roster"):
        page = client.get(reverse(name)).content.decode()
        side = page[page.index('class="sidenav"') : page.index("</nav>", page.index('class="sidenav"'))]
        marked = side.count('aria-current="page"')
        if name == "home":
            assert marked == 0  # no module is the home
        else:
            assert marked == 1 and f'<a href="{reverse(name)}" aria-current="page">' in side
    # The kept HTML goes with the position it was drawn for: revoked, the next page has none.
    from gonghui.accounts.models import Position

    Position.objects.filter(user=world.county_cadre).delete()
    assert 'class="sidenav"' not in client.get(reverse("home")).content.decode()


def test_the_navigation_is_computed_once_and_only_when_rendered(world, rf):
    request = rf.get("/roster/")
    request.user = world.county_cadre
    with CaptureQueriesContext(connection) as nothing_yet:
        context = navigation(request)
    assert context["is_cadre"]
    is_cadre_queries = len(nothing_yet)  # the positions, cached on the user for the request
    with CaptureQueriesContext(connection) as first:
        sidenav = context["sidenav"]()
        context["unread_notifications"]()
    with CaptureQueriesContext(connection) as again:
        assert context["sidenav"]() is sidenav
        context["unread_notifications"]()
    assert is_cadre_queries <= 1 and len(again) == 0
    # the modules' sources ask once each (kinds of the cadre's orgs, membership, desk roles,
    # volunteering; memoised on the user and shared with the home page), plus the bell's COUNT and
    # the notices' unread COUNT (cached per user for two minutes)
    assert len(first) <= 6, [q["sql"] for q in first.captured_queries]
