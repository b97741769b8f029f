"""The bell: unread count in the header, the notifications page, open → read → go, mark all read."""

from django.urls import reverse

from gonghui.core.models import Notification
from gonghui.core.notifications import notify

LIST = reverse("core:notifications")
READ_ALL = reverse("core:notifications_read_all")


def _notes(world, n=3, url="/desk/menu/"):
    notify(
        recipients=[world.member_user],
        title="您的点单已受理",
        body="请留意派单",
        url=url,
        actor=world.county_cadre,
    )
    for i in range(n - 1):
        notify(recipients=[world.member_user], title=f"通知{i}", url=url)
    return list(Notification.objects.filter(recipient=world.member_user))


def test_the_header_shows_the_unread_count(login, world):
    _notes(world, 3)
    html = login(world.member_user).get(reverse("members:me")).content.decode()
    assert '<span class="count">3</span>' in html
    html = login(world.county_cadre).get(LIST).content.decode()
    assert 'class="count"' not in html and "暂无通知。" in html


def test_the_page_lists_newest_first_and_opening_marks_read(login, world):
    notes = _notes(world, 3)
    client = login(world.member_user)
    response = client.get(LIST)
    assert [n.pk for n in response.context["notifications"]] == [n.pk for n in notes]
    assert "您的点单已受理" in response.content.decode() and "全部标为已读" in response.content.decode()
    oldest = notes[-1]
    response = client.post(reverse("core:notification_open", args=[oldest.pk]))
    assert response.status_code == 302 and response.url == "/desk/menu/"
    assert Notification.objects.get(pk=oldest.pk).read_at is not None
    assert Notification.objects.filter(recipient=world.member_user, read_at__isnull=True).count() == 2


def test_mark_all_read(login, world):
    _notes(world, 3)
    notify(recipients=[world.county_cadre], title="别人的通知")
    response = login(world.member_user).post(READ_ALL, follow=True)
    assert "已将3条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.member_user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.county_cadre, read_at__isnull=True).count() == 1


def test_anonymous_is_sent_to_login(client, world):
    note = _notes(world, 1)[0]
    for response in (
        client.get(LIST),
        client.post(READ_ALL),
        client.post(reverse("core:notification_open", args=[note.pk])),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_someone_elses_notification_is_a_404(login, world):
    note = _notes(world, 1)[0]
    assert login(world.outsider).post(reverse("core:notification_open", args=[note.pk])).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_get_cannot_change_state_and_outside_links_are_not_followed(login, world):
    note = _notes(world, 1, url="https://evil.example.com/")[0]
    client = login(world.member_user)
    assert client.get(reverse("core:notification_open", args=[note.pk])).status_code == 405
    assert client.get(READ_ALL).status_code == 405
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response.url == LIST and Notification.objects.get(pk=note.pk).read_at is not None


def test_the_list_is_paginated(login, world):
    _notes(world, 25)
    client = login(world.member_user)
    assert len(client.get(LIST).context["notifications"]) == 20
    assert len(client.get(LIST, {"page": 2}).context["notifications"]) == 5


def test_the_bell_costs_one_query_and_none_for_anonymous(rf, world, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from gonghui.core.context_processors import navigation

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert navigation(request)["unread_notifications"] == 0
    _notes(world, 2)
    request.user = world.member_user
    with django_assert_num_queries(2):  # positions (is_cadre) + the unread count, once per request
        count = navigation(request)["unread_notifications"]  # computed when a page shows it
        assert count() == 2 and count() == 2
