"""The navigation's modules (core.homes.modules_for): each person gets the modules of their positions
and roles, never one list for everyone."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gonghui.core.homes import modules_for

pytestmark = pytest.mark.django_db


def urls(user) -> set[str]:
    return {m.url for m in modules_for(user)}


def test_an_anonymous_visitor_sees_the_offers_and_joining():
    found = urls(AnonymousUser())
    assert {
        reverse("servicedesk:menu"),
        reverse("volunteers:home"),
        reverse("servicedesk:petition_submit"),
        reverse("members:join"),
    } <= found
    assert reverse("members:roster") not in found and reverse("servicedesk:order_mine") not in found


def test_a_member_sees_the_card_and_no_cadre_module(world):
    found = urls(world.member_user)
    assert reverse("members:card") in found and reverse("members:me") in found
    assert reverse("members:join") not in found
    assert not {reverse("members:roster"), reverse("servicedesk:board"), reverse("orgs:list")} & found


def test_a_registered_non_member_is_offered_joining(world):
    found = urls(world.worker)
    assert reverse("members:join") in found and reverse("members:card") not in found


def test_a_county_chair_sees_the_federation_modules(world):
    found = urls(world.county_cadre)
    for name in (
        "orgs:list",
        "members:roster",
        "members:roster_import",
        "members:application_list",
        "members:transfer_list",
        "members:duplicate_list",
        "servicedesk:board",
        "servicedesk:menu_manage",
        "servicedesk:trip_list",
        "servicedesk:problem_list",
        "servicedesk:petition_list",
        "servicedesk:diary_list",
        "servicedesk:settings",
        "servicedesk:calendar",
        "volunteers:volunteer_list",
        "accounts:positions",
    ):
        assert reverse(name) in found, name


def test_an_enterprise_union_chair_gets_no_dispatch_board_or_menu(world):
    found = urls(world.enterprise_cadre)
    assert reverse("members:roster") in found and reverse("members:application_list") in found
    assert reverse("servicedesk:board") not in found and reverse("servicedesk:menu_manage") not in found
    assert reverse("servicedesk:calendar") not in found  # not a federation's cadre
    assert reverse("accounts:positions") in found  # a chair grants positions in their union


def test_a_viewer_imports_nothing_and_grants_nothing(world):
    found = urls(world.viewer)
    assert reverse("members:roster") in found
    assert reverse("members:roster_import") not in found and reverse("accounts:positions") not in found
    assert reverse("servicedesk:board") not in found


def test_work_pages_of_team_unit_and_enterprise_contacts(desk):
    assert reverse("servicedesk:team_jobs") in urls(desk.team_leader)
    assert reverse("servicedesk:problem_inbox") in urls(desk.unit_contact)
    assert reverse("servicedesk:problem_mine") in urls(desk.enterprise_contact)
    for user in (desk.member_user, desk.worker):
        found = urls(user)
        assert (
            not {
                reverse("servicedesk:team_jobs"),
                reverse("servicedesk:problem_inbox"),
                reverse("servicedesk:problem_mine"),
            }
            & found
        )


def test_modules_cost_few_queries(world, django_assert_max_num_queries):
    from gonghui.accounts.models import User

    user = User.objects.get(pk=world.county_cadre.pk)
    with django_assert_max_num_queries(7):  # the notices' unread count (then cached per user)
        modules_for(user)


def test_the_crew_of_a_bus_trip_finds_the_trips(desk):
    from tests.servicedesk.test_bus import _trip

    assert reverse("servicedesk:trip_list") not in urls(desk.team_leader)
    _trip(desk)
    from gonghui.accounts.models import User

    fresh = User.objects.get(pk=desk.team_leader.pk)  # the answers are kept for one request (one user object)
    assert reverse("servicedesk:trip_list") in urls(fresh)
    assert reverse("servicedesk:trip_list") not in urls(desk.unit_contact)


def test_every_persona_s_work_page_is_in_their_modules(desk):
    """No work page reachable only from a notification (issue 10 §1)."""
    expected = {
        desk.county_cadre: [
            "servicedesk:board",
            "members:transfer_list",
            "members:duplicate_list",
            "servicedesk:followups",
        ],
        desk.township_cadre: [
            "members:application_list",
            "members:transfer_list",
            "servicedesk:problem_list",
        ],
        desk.enterprise_cadre: ["members:roster", "members:application_list", "members:data_request_list"],
        desk.team_leader: ["servicedesk:team_jobs"],
        desk.unit_contact: ["servicedesk:problem_inbox"],
        desk.enterprise_contact: ["servicedesk:problem_mine", "servicedesk:order_mine"],
        desk.member_user: [
            "members:card",
            "servicedesk:menu",
            "volunteers:home",
            "servicedesk:petition_mine",
        ],
    }
    for user, names in expected.items():
        found = urls(user)
        for name in names:
            assert reverse(name) in found, (user.name, name)
