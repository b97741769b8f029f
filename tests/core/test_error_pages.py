"""Error pages read as the rest of the site: Chinese, in the layout, with a way back."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import bad_request, server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_chinese_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html and 'class="topbar"' in html
    assert "Not Found" not in html
    assert "<title>页面不存在 · 智慧工会</title>" in html


def test_an_out_of_scope_record_says_not_found_without_saying_why(login, world):
    response = login(world.outsider).get(reverse("members:detail", args=[world.member.uuid]))
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html
    assert world.member.name not in html


def test_a_too_low_role_gets_a_chinese_403_that_says_what_to_do(login, world):
    response = login(world.viewer).post(reverse("orgs:create", args=[world.township.uuid]), {"name": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in html and "请联系所在工会" in html and "Forbidden" not in html


def test_a_stale_form_gets_a_chinese_page_and_nothing_is_saved(world):
    from gonghui.volunteers.models import Volunteer

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.worker)
    response = client.post(reverse("volunteers:register"), {"org": world.township.pk, "consent": "on"})
    html = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in html and "CSRF verification" not in html
    assert not Volunteer.objects.exists()


def test_bad_request_and_server_error_pages_are_chinese(rf):
    request = rf.get("/")
    assert "请求有误" in bad_request(request, Exception()).content.decode()
    html = server_error(request).content.decode()
    assert "系统繁忙" in html and "不会只保存一半" in html


def test_error_pages_follow_the_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/no-such-page/").content.decode()
    assert "页面不存在" not in html and "not found" in html.lower()
