from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry
from tests.factories import PASSWORD

SET = reverse("accounts:password_set")
CHANGE = reverse("accounts:password_change")
NEW = "Hongqi-lu-88号"


def _no_password_user():
    return User.objects.create_user("13712349999", None, name="孙丽")


def test_anonymous_is_sent_to_login(client, db):
    for url in (SET, CHANGE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_user_without_password_sets_one(login, db):
    user = _no_password_user()
    client = login(user)
    assert "设置登录密码" in client.get(SET).content.decode()
    response = client.post(SET, {"new_password1": NEW, "new_password2": NEW, "next": "/me/"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.session["_auth_user_id"] == str(user.pk)  # still logged in
    assert AuditEntry.objects.filter(object_id=user.pk, action="password_set").count() == 1


def test_set_password_rejects_weak_and_mismatched(login, db):
    user = _no_password_user()
    client = login(user)
    body = client.post(SET, {"new_password1": "12345678", "new_password2": "12345678"}).content.decode()
    assert "这个密码太常见了" in body or "密码全部为数字" in body
    body = client.post(SET, {"new_password1": "abc", "new_password2": "abc"}).content.decode()
    assert "密码太短，至少需要8个字符" in body
    body = client.post(SET, {"new_password1": NEW, "new_password2": NEW + "x"}).content.decode()
    assert "两次输入的密码不一致" in body
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_set_page_sends_users_with_a_password_to_change(login, world):
    client = login(world.member_user)
    assert client.get(SET)["Location"] == CHANGE
    assert client.post(SET, {"new_password1": NEW, "new_password2": NEW})["Location"] == CHANGE
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)


def test_change_password(login, world):
    client = login(world.member_user)
    assert "当前密码" in client.get(CHANGE).content.decode()
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(NEW)
    assert client.session["_auth_user_id"] == str(world.member_user.pk)
    assert AuditEntry.objects.filter(object_id=world.member_user.pk, action="password_change").exists()


def test_change_password_needs_the_current_one(login, world):
    client = login(world.member_user)
    body = client.post(
        CHANGE, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    ).content.decode()
    assert "当前密码不正确" in body
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)


def test_change_page_sends_users_without_password_to_set(login, db):
    client = login(_no_password_user())
    assert client.get(CHANGE)["Location"] == SET


def test_password_is_not_in_the_audit_trail(login, world):
    client = login(world.member_user)
    client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    entry = AuditEntry.objects.get(object_id=world.member_user.pk, action="password_change")
    assert NEW not in str(entry.changes) and "argon2" not in str(entry.changes)
