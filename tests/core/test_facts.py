"""What every page asks about its user is kept across requests (core.facts), and a change is seen
by the very next request: a revoked position, a moved org, a new notification, a new volunteer."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import Position
from gonghui.accounts.services import position_grant, position_revoke
from gonghui.core import facts
from gonghui.core.notifications import mark_read, notify
from gonghui.orgs.services import org_update
from gonghui.volunteers.services import volunteer_register
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROSTER = reverse("members:roster")


def test_a_revoked_position_ends_access_on_the_next_request(world, login):
    cadre = make_user(name="新干部")
    position_grant(user=cadre, org=world.township, role="staff", actor=world.county_cadre)
    client = login(cadre)
    assert client.get(ROSTER).status_code == 200  # positions now kept in the cache
    position_revoke(position=Position.objects.get(user=cadre), actor=world.county_cadre)
    assert client.get(ROSTER).status_code == 403


def test_a_cadres_org_moved_in_the_tree_keeps_its_scope_at_the_new_place(world, login):
    client = login(world.township_cadre)
    detail = reverse("orgs:detail", args=[world.union.uuid])
    assert client.get(detail).status_code == 200  # the township's path is now kept in the cache
    org_update(org=world.township, actor=world.county_cadre, parent=world.park)  # new paths below
    assert client.get(detail).status_code == 200


def test_the_bell_counts_a_new_notification_and_a_read_one(world, login):
    client = login(world.member_user)
    assert client.get("/").context["unread_notifications"]() == 0
    notify(recipients=[world.member_user], title="您的申请已通过")
    assert client.get("/").context["unread_notifications"]() == 1
    mark_read(user=world.member_user)
    assert client.get("/").context["unread_notifications"]() == 0


def test_a_new_volunteer_finds_volunteering_in_the_navigation(world, login):
    client = login(world.member_user)
    tasks = reverse("volunteers:task_list")
    assert tasks not in client.get("/services/").content.decode()
    volunteer_register(
        user=world.member_user,
        org=world.union,
        consent=True,
        member=world.member_user.member,
        actor=world.member_user,
    )
    assert tasks in client.get("/services/").content.decode()


def test_pages_work_when_the_cache_is_down(world, login, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(facts.cache, "get_many", down)
    monkeypatch.setattr(facts.cache, "set", down)
    monkeypatch.setattr(facts.cache, "set_many", down)
    assert login(world.county_cadre).get(ROSTER).status_code == 200


def test_a_value_kept_with_fresh_is_computed_again_once_it_is_that_old(world, monkeypatch):
    import time

    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    user = world.member_user
    assert facts.remembered(user, "t", compute, fresh=60) == 1
    user.__dict__.pop("_gonghui_facts", None)  # the next request
    now[0] += 59
    assert facts.remembered(user, "t", compute, fresh=60) == 1
    user.__dict__.pop("_gonghui_facts", None)
    now[0] += 1
    assert facts.remembered(user, "t", compute, fresh=60) == 2


def test_the_homes_tiles_are_kept_and_read_afresh_after_the_users_own_write(world, login, monkeypatch):
    """The tiles are kept (core.homes.tiles_for); after anything the user sends they are read again,
    so what they just did shows on the next page."""
    from gonghui.core import homes

    client = login(world.member_user)
    assert client.get("/").status_code == 200  # tiles now kept
    reads = []
    real = homes._tiles_now
    monkeypatch.setattr(homes, "_tiles_now", lambda user: reads.append(user.pk) or real(user))
    client.get("/")
    assert reads == []
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})  # any write of theirs
    client.get("/")
    assert reads == [world.member_user.pk]
