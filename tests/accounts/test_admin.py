import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.accounts.models import ApiToken, Position, Role, User
from gonghui.core.models import AuditEntry


@pytest.fixture
def admin_client(login, world):
    admin = User.objects.create_superuser("13800000000", "Admin-pass-2026", name="平台管理员")
    return login(admin)


def test_changelists_and_forms_render(admin_client, world):
    ApiToken.issue(user=world.member_user, name="App")
    for url in (
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{world.county_cadre.pk}/change/",
        "/admin/accounts/position/",
        "/admin/accounts/position/add/",
        "/admin/accounts/apitoken/",
        "/admin/accounts/user/?q=周建国",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_admin_creates_a_user_by_phone(admin_client, db):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "139 0000 1234",
            "name": "测试",
            "usable_password": "true",
            "password1": "Hongqi-lu-88号",
            "password2": "Hongqi-lu-88号",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(phone="13900001234")
    assert user.check_password("Hongqi-lu-88号")


def test_admin_grant_goes_through_the_audited_service(admin_client, world):
    response = admin_client.post(
        "/admin/accounts/position/add/",
        {
            "user": world.worker.pk,
            "org": world.township.pk,
            "role": Role.STAFF,
            "title": "干事",
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(user=world.worker)
    assert position.role == Role.STAFF and position.title == "干事"
    assert (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Position), object_id=position.pk, action="grant"
        ).count()
        == 1
    )


def test_admin_revokes_tokens(admin_client, world):
    token, _key = ApiToken.issue(user=world.member_user, name="App")
    response = admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked


def test_cadres_without_staff_flag_cannot_open_admin(login, world):
    response = login(world.county_cadre).get("/admin/accounts/position/")
    assert response.status_code == 302


# ---------------------------------------------------------------- the admin's login is the main login's

ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("13800000001", "Admin-pass-2026", name="平台管理员")


def _admin_login(client, phone, password):
    return client.post(ADMIN_LOGIN, {"username": phone, "password": password, "next": "/admin/"})


def _main_login(client, phone, password):
    return client.post(reverse("accounts:login"), {"phone": phone, "password": password})


def test_the_admin_login_accepts_the_right_password(client, staff):
    response = _admin_login(client, "138 0000 0001", "Admin-pass-2026")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_admin_login_counts_failures_like_the_main_login(client, staff):
    body = _admin_login(client, staff.phone, "wrong-password").content.decode()
    assert "手机号码或密码不正确。再错4次将暂停登录15分钟" in body


def test_after_the_main_login_locks_the_admin_login_refuses_too(client, staff):
    for _ in range(5):
        _main_login(client, staff.phone, "wrong-password")
    response = _admin_login(client, staff.phone, "Admin-pass-2026")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_the_admin_login_locks_the_main_login_refuses_too(client, staff):
    for _ in range(5):
        _admin_login(client, staff.phone, "wrong-password")
    assert "登录失败次数过多" in _admin_login(client, staff.phone, "Admin-pass-2026").content.decode()
    response = _main_login(client, staff.phone, "Admin-pass-2026")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_shares_the_per_address_limit(client, staff, settings):
    settings.GONGHUI_LOGIN_IP_FAILURE_LIMIT = 3
    for n in range(3):
        _admin_login(client, f"1390000000{n}", "wrong-password")
    assert "登录失败次数过多" in _admin_login(client, staff.phone, "Admin-pass-2026").content.decode()


def test_a_person_without_the_staff_flag_cannot_log_into_the_admin(client, world):
    from tests.factories import PASSWORD

    response = _admin_login(client, world.member_user.phone, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
