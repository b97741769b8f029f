"""The e-member card, its QR code, the public verification page and the card API."""

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from gonghui.members.selectors.lifecycle import CARD_SALT, card_token, card_verify_url
from gonghui.members.services.lifecycle import member_leave, member_retire

pytestmark = pytest.mark.django_db


def _personal_bits(member):
    return [
        member.name,
        member.mobile,
        member.mobile_masked,
        member.id_number_masked,
        member.id_number_plain(),
        member.member_no,
    ]


def test_my_card_shows_card_and_inline_qr(world, login):
    response = login(world.member_user).get(reverse("members:card"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.member.name in html and world.member.member_no in html and world.union.name in html
    assert "在册" in html and "2020年1月1日" in html
    assert "<svg" in html and "segno" in html  # inline, nothing fetched from outside


def test_card_url_is_absolute_and_opaque(world):
    url = card_verify_url(world.member)
    assert url.startswith(settings.GONGHUI_PUBLIC_URL)
    assert world.member.name not in url and world.member.member_no not in url


def test_my_card_for_non_member_redirects_home_with_message(world, login):
    response = login(world.worker).get(reverse("members:card"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "暂无电子会员卡" in response.content.decode()


def test_my_card_anonymous_redirects_to_login(world, client):
    response = client.get(reverse("members:card"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_verify_valid_shows_union_only(world, client):
    response = client.get(reverse("members:verify", args=[card_token(world.member)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "有效会员" in html and world.union.name in html
    for bit in _personal_bits(world.member):
        assert bit not in html


def test_verify_forged_or_garbage_token_is_invalid(world, client):
    forged = signing.dumps(str(world.member.uuid), salt="another-salt")
    for token in (forged, "nonsense", card_token(world.member)[:-3] + "abc"):
        html = client.get(reverse("members:verify", args=[token])).content.decode()
        assert "无效" in html and "有效会员" not in html and world.union.name not in html


def test_verify_a_signed_non_uuid_is_invalid(world, client):
    html = client.get(reverse("members:verify", args=[signing.dumps("x", salt=CARD_SALT)])).content.decode()
    assert "无效" in html


def test_card_after_retirement_stays_valid(world, client, login):
    member_retire(member=world.member, actor=world.enterprise_cadre, on=timezone.localdate())
    html = client.get(reverse("members:verify", args=[card_token(world.member)])).content.decode()
    assert "有效会员" in html
    card = login(world.member_user).get(reverse("members:card")).content.decode()
    assert "退休" in card


def test_card_after_leaving_is_invalid_and_gone(world, client, login):
    token = card_token(world.member)
    member_leave(member=world.member, actor=world.enterprise_cadre, on=timezone.localdate(), reason="离职")
    html = client.get(reverse("members:verify", args=[token])).content.decode()
    assert "无效" in html and world.union.name not in html
    response = login(world.member_user).get(reverse("members:card"))
    assert response.status_code == 302


# --- API ----------------------------------------------------------------------------------------


def test_api_my_card(world, login):
    response = login(world.member_user).get("/api/v1/members/me/card")
    assert response.status_code == 200
    data = response.json()
    assert data["member_no"] == world.member.member_no and data["union"] == world.union.name
    assert data["valid"] is True and data["status"] == "active" and data["joined_on"] == "2020-01-01"
    assert data["verify_url"] == card_verify_url(world.member)


def test_api_my_card_anonymous_401_and_non_member_404(world, client, login):
    assert client.get("/api/v1/members/me/card").status_code == 401
    assert login(world.worker).get("/api/v1/members/me/card").status_code == 404
    assert login(world.outsider).get("/api/v1/members/me/card").status_code == 404


def test_api_my_card_with_bearer_token(world, client):
    from gonghui.accounts.services import token_issue

    _token, key = token_issue(user=world.member_user, name="app")
    response = client.get("/api/v1/members/me/card", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["member_no"] == world.member.member_no


def test_api_verify_is_public_and_has_no_personal_data(world, client):
    response = client.get(f"/api/v1/members/verify/{card_token(world.member)}")
    assert response.status_code == 200
    assert response.json() == {"valid": True, "union": world.union.name}
    bad = client.get("/api/v1/members/verify/forged-token")
    assert bad.status_code == 200 and bad.json() == {"valid": False, "union": ""}
