"""core.checkin: signed short codes bound to one event, one check-in whatever the gates, the offline queue."""

import datetime
import json
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from gonghui.core import checkin
from gonghui.volunteers import services
from gonghui.volunteers.models import Signup
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer, shift, signed, vol  # noqa: F401

KEY = b"k" * 32


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


# ---------------------------------------------------------------- codes


def test_a_code_reads_back_its_id_and_is_short():
    token = checkin.make_token(KEY, 12345)
    assert checkin.read_token(KEY, token) == 12345
    assert len(token) <= 12 and token.isalnum() and token == token.upper()


def test_a_typed_code_is_normalised():
    token = checkin.make_token(KEY, 987)
    shown = checkin.display_token(token)
    assert "-" in shown
    for typed in (shown, f"  {shown.lower()} ", _fullwidth(token), " ".join(token), token.replace("0", "O")):
        assert checkin.read_token(KEY, typed) == 987, typed
    assert checkin.read_token(KEY, f"https://example.org/c/{token}".split("/")[-1]) == 987


def test_bad_signature_tampering_and_garbage_are_refused():
    token = checkin.make_token(KEY, 42)
    last = "1" if token[-1] != "1" else "2"
    first = "3" if token[0] != "3" else "4"
    for bad in (token[:-1] + last, first + token[1:], "", "x", "FORGED", token + "0", "Z" * 30, "刘" + token):
        with pytest.raises(checkin.InvalidToken):
            checkin.read_token(KEY, bad)


def test_a_code_of_one_event_fails_at_another():
    key_a = checkin.event_key(scope="activities.activity", event_id=1)
    key_b = checkin.event_key(scope="activities.activity", event_id=2)
    other_scope = checkin.event_key(scope="training.session", event_id=1)
    rotated = checkin.event_key(scope="activities.activity", event_id=1, secret="new")
    token = checkin.make_token(key_a, 7)
    assert checkin.read_token(key_a, token) == 7
    for key in (key_b, other_scope, rotated):
        with pytest.raises(checkin.InvalidToken):
            checkin.read_token(key, token)


def test_the_page_gets_the_event_key_never_the_secret_key(settings):
    desk = checkin.ScanDesk(
        scope="x", event_id=1, window=checkin.CheckinWindow(timezone.now(), timezone.now()), records=None
    )
    config = desk.page_config(post_url="/scan/")
    assert settings.SECRET_KEY not in json.dumps(config) and len(bytes.fromhex(config["key"])) == 32


# ---------------------------------------------------------------- scans


@pytest.fixture
def live(vol):  # noqa: F811
    """The task started 10 minutes ago; the volunteer signed up."""
    vol.signup = signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=-datetime.timedelta(minutes=10))
    vol.desk = services.signup_desk(vol.task)
    vol.code = vol.desk.token_for(vol.signup)
    return vol


def test_the_first_gate_wins_and_later_scans_change_nothing(live):
    first = live.desk.scan(token=live.code, gate="东门")
    assert first.status == checkin.OK and first.gate == "东门"
    signup = Signup.objects.get()
    at = signup.checked_in_at
    assert signup.checkin_gate == "东门"
    again = live.desk.scan(token=checkin.display_token(live.code).lower(), gate="西门")
    hhmm = timezone.localtime(at).strftime("%H:%M")
    assert again.status == checkin.ALREADY and "东门" in again.message and hhmm in again.message
    signup.refresh_from_db()
    assert (signup.checked_in_at, signup.checkin_gate) == (at, "东门")


def test_a_code_of_another_task_or_a_withdrawn_signup_is_invalid(live):
    other = make_task(live.township, leader=live.township_cadre, starts_in=-datetime.timedelta(minutes=5))
    result = services.signup_desk(other).scan(token=live.code, gate="东门")
    assert result.status == checkin.INVALID and result.reason == checkin.BAD_CODE
    Signup.objects.filter(pk=live.signup.pk).update(state=Signup.State.WITHDRAWN)
    assert live.desk.scan(token=live.code, gate="东门").reason == checkin.BAD_CODE
    assert Signup.objects.get().checked_in_at is None


def test_a_late_offline_scan_keeps_its_time_within_bounds(live):
    now = timezone.now()
    scanned = now - datetime.timedelta(minutes=8)
    batch = [{"id": "a", "token": live.code, "gate": "北门", "scanned_at": scanned.isoformat()}]
    assert live.desk.batch(batch)[0]["status"] == checkin.OK
    signup = Signup.objects.get()
    assert (
        abs(signup.checked_in_at - scanned) < datetime.timedelta(seconds=1) and signup.checkin_gate == "北门"
    )
    # the page resends (the answer was lost): nothing changes
    answer = live.desk.batch(batch)
    assert answer[0]["id"] == "a" and answer[0]["status"] == checkin.ALREADY
    signup.refresh_from_db()
    assert abs(signup.checked_in_at - scanned) < datetime.timedelta(seconds=1)


def test_a_scan_time_in_the_future_is_read_as_now_and_before_the_window_is_refused(live):
    now = timezone.now()
    before = live.task.starts_at - services.CHECKIN_EARLY - datetime.timedelta(minutes=1)
    refused = live.desk.scan(token=live.code, gate="东门", at=before.isoformat(), now=now)
    assert refused.status == checkin.INVALID and refused.reason == checkin.NOT_OPEN
    result = live.desk.scan(token=live.code, gate="东门", at=now + datetime.timedelta(hours=5), now=now)
    assert result.ok and Signup.objects.get().checked_in_at == now


def test_a_scan_after_the_end_is_refused(live):
    late = live.task.ends_at + datetime.timedelta(minutes=1)
    result = live.desk.scan(token=live.code, gate="东门", now=late)
    assert result.reason == checkin.ENDED and Signup.objects.get().checked_in_at is None


def test_check_out_before_check_in_is_refused_then_once(live):
    refused = live.desk.scan(token=live.code, gate="东门", direction=checkin.OUT)
    assert refused.status == checkin.INVALID and refused.reason == checkin.NOT_IN
    assert Signup.objects.get().checked_out_at is None
    live.desk.scan(token=live.code, gate="东门")
    out = live.desk.scan(token=live.code, gate="西门", direction=checkin.OUT)
    assert out.ok
    again = live.desk.scan(token=live.code, gate="东门", direction=checkin.OUT)
    assert again.status == checkin.ALREADY and "西门" in again.message
    signup = Signup.objects.get()
    assert signup.checkout_gate == "西门" and signup.hours is not None  # the volunteers' after-hook


def test_a_queued_check_out_never_lands_before_its_check_in(live):
    live.desk.scan(token=live.code, gate="东门")
    checked_in = Signup.objects.get().checked_in_at
    earlier = checked_in - datetime.timedelta(minutes=3)
    assert live.desk.scan(token=live.code, gate="东门", direction=checkin.OUT, at=earlier).ok
    signup = Signup.objects.get()
    assert signup.checked_out_at == checked_in


def test_a_batch_answers_each_scan(live):
    forged = live.code[:-1] + ("1" if live.code[-1] != "1" else "2")
    answers = live.desk.batch(
        [
            {"id": 1, "token": live.code, "gate": "东门"},
            {"id": 2, "token": live.code, "gate": "西门"},
            {"id": 3, "token": forged, "gate": "东门"},
            "not a scan",
        ]
    )
    assert [(a["id"], a["status"]) for a in answers] == [(1, "ok"), (2, "already"), (3, "invalid")]


def test_read_batch_refuses_what_is_not_a_queue():
    assert checkin.read_batch(b'{"scans": [{"token": "x"}, 3]}') == [{"token": "x"}]
    for body in (b"", b"nope", b"[]", b'{"scans": 1}'):
        with pytest.raises(ValueError):
            checkin.read_batch(body)


# ---------------------------------------------------------------- the volunteers' scanning endpoint


def _post(client, task, scans):
    return client.post(
        f"/volunteers/tasks/{task.uuid}/scan/batch/",
        json.dumps({"scans": scans}),
        content_type="application/json",
    )


def test_the_task_leader_scans_a_volunteers_code(live, login):
    client = login(live.township_cadre)
    page = client.get(f"/volunteers/tasks/{live.task.uuid}/scan/")
    assert page.status_code == 200 and "data-scanner" in page.content.decode()
    assert (
        _post(client, live.task, [{"id": "x", "token": live.code, "gate": "东门"}]).json()["results"][0][
            "status"
        ]
        == "ok"
    )
    assert (
        client.post(
            f"/volunteers/tasks/{live.task.uuid}/scan/batch/", "nope", content_type="application/json"
        ).status_code
        == 400
    )
    # a volunteer may not scan others in
    response = _post(login(live.volunteer_user), live.task, [{"id": "y", "token": live.code, "gate": "西门"}])
    assert response.status_code == 403
    assert Signup.objects.get().checkin_gate == "东门"


def test_the_volunteer_sees_their_own_code(live, login):
    page = login(live.volunteer_user).get(live.task.get_absolute_url()).content.decode()
    assert checkin.display_token(live.code) in page and "我的签到码" in page


# ---------------------------------------------------------------- concurrency


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL and real concurrency"
)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_gates_scanning_at_once_check_in_once(desk):
    volunteer = make_volunteer(make_user(name="并发"), desk.township)
    task = make_task(desk.township, leader=desk.township_cadre)
    signup = signed(task, volunteer)
    shift(task, starts_in=-datetime.timedelta(minutes=10))
    code = services.signup_desk(task).token_for(signup)
    gates = ["东门", "西门", "南门", "北门"]
    barrier = threading.Barrier(len(gates))
    results = []
    lock = threading.Lock()

    def scan(gate):
        try:
            barrier.wait()
            result = services.signup_desk(task).scan(token=code, gate=gate)
            with lock:
                results.append((result.status, gate))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan, args=(g,)) for g in gates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(s for s, _ in results)
    assert statuses == ["already", "already", "already", "ok"], results
    winner = next(g for s, g in results if s == "ok")
    assert Signup.objects.get(pk=signup.pk).checkin_gate == winner
