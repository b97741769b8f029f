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
    assert '<svg shape-rendering="crispEdges" viewBox="0 0 ' in html  # inline, sized by its box
    assert "电子会员证" in html and "会员卡" not in html  # one name for the card


def test_card_url_is_absolute_and_opaque(world):
    url = card_verify_url(world.member)
    assert url.startswith(settings.GONGHUI_PUBLIC_URL)
    assert world.member.name not in url and world.member.member_no not in url


def test_my_card_for_non_member_redirects_home_with_message(world, login):
    response = login(world.worker).get(reverse("members:card"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "暂无电子会员证" in response.content.decode()


def test_my_card_anonymous_redirects_to_login(world, client):
    response = client.get(reverse("members:card"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_verify_shows_a_heading_the_time_and_the_holder_as_the_card_shows_them(world, client):
    response = client.get(reverse("members:verify", args=[card_token(world.member)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>电子会员证核验</h1>" in html
    assert html.count("有效") == 1 and world.union.name in html
    assert f"<strong>{world.member.name[0]}{'*' * (len(world.member.name) - 1)}</strong>" in html
    assert f"<strong>{world.member.member_no}</strong>" in html
    assert "核验时间" in html and timezone.localtime().strftime("%Y年%-m月%-d日") in html
    for bit in (
        world.member.name,
        world.member.mobile,
        world.member.mobile_masked,
        world.member.id_number_plain(),
    ):
        assert bit not in html
    assert world.member.id_number_masked not in html


def test_the_card_token_is_stable_so_its_qr_code_is_drawn_once(world):
    assert card_token(world.member) == card_token(world.member)


def test_a_timestamped_token_from_before_still_verifies(world, client):
    old = signing.dumps(str(world.member.uuid), salt=CARD_SALT)
    assert "有效" in client.get(reverse("members:verify", args=[old])).content.decode()


def test_verify_forged_or_garbage_token_is_invalid(world, client):
    forged = signing.dumps(str(world.member.uuid), salt="another-salt")
    for token in (forged, "nonsense", card_token(world.member)[:-3] + "abc"):
        html = client.get(reverse("members:verify", args=[token])).content.decode()
        assert "无效" in html and '<p class="big ok">' not in html and world.union.name not in html
        assert world.member.member_no not in html


def test_verify_a_signed_non_uuid_is_invalid(world, client):
    html = client.get(reverse("members:verify", args=[signing.dumps("x", salt=CARD_SALT)])).content.decode()
    assert "无效" in html


def test_card_after_retirement_stays_valid(world, client, login):
    member_retire(member=world.member, actor=world.enterprise_cadre, on=timezone.localdate())
    html = client.get(reverse("members:verify", args=[card_token(world.member)])).content.decode()
    assert '<p class="big ok">有效</p>' in html
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
    name_masked = world.member.name[0] + "*" * (len(world.member.name) - 1)
    assert response.json() == {
        "valid": True,
        "union": world.union.name,
        "name_masked": name_masked,
        "member_no": world.member.member_no,
    }
    bad = client.get("/api/v1/members/verify/forged-token")
    assert bad.status_code == 200
    assert bad.json() == {"valid": False, "union": "", "name_masked": "", "member_no": ""}
