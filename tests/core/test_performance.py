"""What keeps pages fast under load (benchmarks/load.py measures the speed; these tests keep the shape):
a page's queries do not grow with its rows, `gonghui serve` runs a process or two per core on persistent
connections, and the faster session setup still ends a session on logout and on a password change."""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from gonghui.core.management.commands.serve import Command as ServeCommand
from gonghui.core.management.commands.serve import gunicorn_options
from gonghui.members.models import DataRequest, MembershipEvent
from tests.factories import PASSWORD


def _history(world, n: int) -> None:
    for i in range(n):
        MembershipEvent.objects.create(
            member=world.member,
            kind=MembershipEvent.Kind.CORRECTED,
            org=world.union,
            from_org=world.township,
            actor=world.county_cadre,
            on=datetime.date(2025, 1, 1 + i % 28),
        )
        DataRequest.objects.create(
            member=world.member, org_path=world.union.path, kind=DataRequest.Kind.values[0]
        )


@pytest.mark.parametrize("rows", [3, 9])
def test_my_page_takes_the_same_queries_for_a_long_history(world, login, django_assert_max_num_queries, rows):
    _history(world, rows)
    client = login(world.member_user)
    # session, user, member, transfers, data requests, positions (navigation), unread count, events
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:me"))
    assert response.status_code == 200
    assert len(response.context["events"]) >= rows


def test_my_card_takes_a_handful_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.member_user)
    # session, user, member (with their union's name), positions (navigation), unread count
    with django_assert_max_num_queries(5):
        assert client.get(reverse("members:card")).status_code == 200


def _serve_options(*argv: str) -> dict:
    parsed = ServeCommand().create_parser("gonghui", "serve").parse_args(argv)
    return gunicorn_options(bind=parsed.bind, workers=parsed.workers, threads=parsed.threads)


def test_serve_runs_two_single_threaded_processes_per_core_and_one_more_by_default(monkeypatch):
    monkeypatch.delenv("GONGHUI_WORKERS", raising=False)
    monkeypatch.delenv("GONGHUI_THREADS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    options = _serve_options()
    assert (options["workers"], options["threads"], options["worker_class"]) == (5, 1, "sync")


def test_serve_runs_threads_with_the_gthread_worker_and_keeps_nginx_connections(monkeypatch):
    options = _serve_options("--workers", "2", "--threads", "4")
    assert (options["workers"], options["threads"], options["worker_class"]) == (2, 4, "gthread")
    assert options["keepalive"] > 0


def test_serve_takes_processes_and_threads_from_the_environment_or_the_command_line(monkeypatch):
    monkeypatch.setenv("GONGHUI_WORKERS", "5")
    monkeypatch.setenv("GONGHUI_THREADS", "3")
    assert (_serve_options()["workers"], _serve_options()["threads"]) == (5, 3)
    options = _serve_options("--workers", "3", "--threads", "1")
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 1, "sync")


def test_postgresql_connections_persist_and_are_checked_before_use():
    db = django_settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        assert db["CONN_MAX_AGE"] == 0  # a SQLite connection is a file open: nothing to keep
    else:
        assert db["CONN_MAX_AGE"] > 0 and db["CONN_HEALTH_CHECKS"] is True


@pytest.fixture
def redis_like_sessions(settings):
    """Sessions as production keeps them with REDIS_URL: read from the cache, written through to the database."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_a_logged_out_session_cookie_no_longer_logs_in(client, world, redis_like_sessions):
    client.post(reverse("accounts:login"), {"phone": world.member_user.phone, "password": PASSWORD})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("members:me")).status_code == 200
    client.post(reverse("accounts:logout"))
    client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie  # a copy of the old cookie
    response = client.get(reverse("members:me"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(client, world, redis_like_sessions):
    from django.test import Client

    other = Client()
    other.post(reverse("accounts:login"), {"phone": world.member_user.phone, "password": PASSWORD})
    assert other.get(reverse("members:me")).status_code == 200
    client.post(reverse("accounts:login"), {"phone": world.member_user.phone, "password": PASSWORD})
    new = "Another-pass-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("members:me")).status_code == 200
    response = other.get(reverse("members:me"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
