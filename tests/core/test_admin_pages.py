"""The Django admin opens for a platform admin and never shows a full ID number or mobile."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import User


@pytest.fixture
def admin_client(client, world):
    admin = User.objects.create_superuser("13999999999", "Admin-pass-2026", name="平台管理员")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "orgs/org",
        "orgs/enterprise",
        "members/member",
        "members/joinapplication",
        "members/transferrequest",
        "members/datarequest",
        "orgs/orgmembertally",
    ],
)
def test_admin_lists_open(admin_client, model):
    app, name = model.split("/")
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_member_admin_masks_personal_data(admin_client, world):
    html = admin_client.get(reverse("admin:members_member_change", args=[world.member.pk])).content.decode()
    assert world.member.id_number_masked in html
    assert world.member.id_number_plain() not in html
    assert world.member.mobile not in html


def test_org_admin_is_read_only(admin_client, world):
    assert admin_client.get(reverse("admin:orgs_org_add")).status_code == 403
