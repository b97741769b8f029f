import pytest
from django.contrib.contenttypes.models import ContentType

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
