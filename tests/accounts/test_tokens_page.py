"""我的接口令牌: the account page where a user sees and revokes the tokens their apps hold."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.accounts.services import token_issue

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


def revoke_url(token) -> str:
    return f"/accounts/tokens/{token.pk}/revoke/"


@pytest.fixture
def browser(world):
    """The member's browser, CSRF enforced; browser.csrf is the token its forms carry."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member_user)
    client.get(PAGE)
    client.csrf = client.cookies["csrftoken"].value
    return client


def api_works(key: str) -> bool:
    return Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/tokens/1/revoke/").status_code == 302


def test_the_page_lists_the_users_live_tokens_and_nothing_secret(browser, world):
    phone, phone_key = token_issue(user=world.member_user, name="手机App")
    expired, _ = token_issue(user=world.member_user, name="旧平板")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    revoked, _ = token_issue(user=world.member_user, name="已注销的")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked=True)
    _other, other_key = token_issue(user=world.county_cadre, name="周建国的令牌")
    api_works(phone_key)

    response = browser.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "我的接口令牌" in page and "手机App" in page and "30 天内有效" in page
    assert "旧平板" not in page and "已注销的" not in page and "周建国的令牌" not in page
    assert revoke_url(phone) in page
    phone.refresh_from_db()
    assert timezone.localtime(phone.last_used_at).strftime("%Y年%-m月%-d日 %H:%M") in page
    for token in ApiToken.objects.all():
        assert token.key_hash not in page
    assert phone_key not in page and other_key not in page


def test_the_password_page_links_to_it(browser):
    assert PAGE in browser.get("/accounts/password/change/").content.decode()


def test_revoking_stops_the_token_at_once_and_a_second_click_is_harmless(browser, world):
    token, key = token_issue(user=world.member_user, name="手机App")
    other, other_key = token_issue(user=world.member_user, name="小程序")
    response = browser.post(revoke_url(token), HTTP_X_CSRFTOKEN=browser.csrf, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "已注销令牌“手机App”" in response.content.decode()
    assert not api_works(key) and api_works(other_key)
    again = browser.post(revoke_url(token), HTTP_X_CSRFTOKEN=browser.csrf, follow=True)
    assert again.status_code == 200 and "令牌“手机App”已注销。" in again.content.decode()
    assert list(ApiToken.objects.filter(revoked=True)) == [token]


def test_revoking_needs_the_csrf_token_and_a_post(browser, world):
    token, key = token_issue(user=world.member_user)
    assert browser.post(revoke_url(token)).status_code == 403
    assert browser.get(revoke_url(token)).status_code == 405
    assert api_works(key)


def test_nobody_revokes_another_users_token(browser, world):
    token, key = token_issue(user=world.county_cadre)
    assert browser.post(revoke_url(token), HTTP_X_CSRFTOKEN=browser.csrf).status_code == 404
    assert api_works(key)


def test_revoke_all(browser, world):
    keys = [token_issue(user=world.member_user, name=n)[1] for n in ("手机", "平板")]
    _other, other_key = token_issue(user=world.county_cadre)
    response = browser.post("/accounts/tokens/revoke-all/", HTTP_X_CSRFTOKEN=browser.csrf, follow=True)
    assert "已注销全部2个令牌" in response.content.decode()
    assert not any(api_works(k) for k in keys) and api_works(other_key)
    again = browser.post("/accounts/tokens/revoke-all/", HTTP_X_CSRFTOKEN=browser.csrf, follow=True)
    assert "没有需要注销的令牌" in again.content.decode()
