"""The roster page (名册) and its API: scope, search, filters, masking, constant query count."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import ApiToken
from gonghui.members.models import Member
from tests.factories import make_id_number, make_member

URL = reverse("members:roster")
API = "/api/v1/roster"


@pytest.fixture
def riders(world):
    """Three riders in the joint union and two more workers at the machinery plant."""
    out = [make_member(world.joint, name=f"骑手{i}", job_type="delivery_rider") for i in range(3)]
    out += [make_member(world.union, name=f"钳工{i}", enterprise=world.enterprise) for i in range(2)]
    return out


def test_it_lists_scoped_members_masked(world, login, riders):
    response = login(world.county_cadre).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "骑手0" in page and "钳工1" in page and "张伟" in page
    assert "钱芳" not in page  # another county
    plain = world.member.id_number_plain()
    assert plain not in page and world.member.id_number_masked in page
    assert world.member.mobile not in page and world.member.mobile_masked in page
    assert reverse("members:detail", args=[world.member.uuid]) in page
    assert (
        response.context["page_obj"].paginator.count == Member.objects.in_subtree(world.county.path).count()
    )


def test_each_row_shows_its_columns_escaped_and_masked(world, login):
    from gonghui.orgs.models import Org

    Org.objects.filter(pk=world.joint.pk).update(name="<b>骑手</b>工会联合会")
    hostile = make_member(
        world.joint,
        name="<script>alert('x')</script>",
        job_type="delivery_rider",
        joined_on=datetime.date(2026, 3, 9),
    )
    plain = make_member(world.union, name="王五")
    Member.objects.filter(pk=plain.pk).update(status=Member.Status.RETIRED)
    page = login(world.county_cadre).get(URL).content.decode()
    headings = ["姓名", "会员编号", "身份证号码", "手机号码", "所在工会", "职业类型", "会籍状态", "入会日期"]
    assert "".join(f"<th>{h}</th>" for h in headings) in "".join(page.split())
    assert "<script>alert" not in page and "<b>骑手" not in page
    assert (
        f'<tr><td><a href="{reverse("members:detail", args=[hostile.uuid])}">'
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</a></td>"
        f"<td>{hostile.member_no}</td><td>{hostile.id_number_masked}</td><td>{hostile.mobile_masked}</td>"
        "<td>&lt;b&gt;骑手&lt;/b&gt;工会联合会</td><td>外卖骑手</td>"
        '<td><span class="badge active">在册</span></td><td>2026年3月9日</td></tr>'
    ) in page
    assert hostile.id_number_plain() not in page and hostile.mobile not in page
    assert (
        f"<td>{world.union.name}</td>"
        '<td><span class="muted">—</span></td><td><span class="badge retired">退休（保留会籍）</span></td>'
    ) in page


def test_township_cadre_sees_only_the_township(world, login, riders):
    response = login(world.township_cadre).get(URL)
    names = {m["name"] for m in response.context["members"]}
    assert names == {"张伟", "钳工0", "钳工1"}


def test_outsider_sees_nothing_of_the_world_county(world, login, riders):
    response = login(world.outsider).get(URL)
    assert [m["name"] for m in response.context["members"]] == ["钱芳"]


def test_a_cadres_own_membership_elsewhere_is_not_in_their_roster(world, login):
    # the township cadre is also a member of a union in the other county: their page shows it, their roster not
    own = make_member(world.other_union, name="李秀英", user=world.township_cadre)
    client = login(world.township_cadre)
    assert own.uuid not in {m["uuid"] for m in client.get(URL).context["members"]}
    assert client.get(API).json()["count"] == Member.objects.in_subtree(world.township.path).count()
    assert world.other_union.name in client.get(reverse("members:card")).content.decode()


def test_outsider_filtering_by_an_org_outside_scope_gets_404(world, login):
    response = login(world.outsider).get(URL, {"org": str(world.union.uuid)})
    assert response.status_code == 404


def test_a_malformed_org_filter_is_404(world, login):
    assert login(world.county_cadre).get(URL, {"org": "not-a-uuid"}).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["member_user", "worker"])
def test_non_cadres_get_a_chinese_403_page(world, login, persona):
    """Members and workers are not cadres: the roster answers 403 with a page that says why."""
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 403
    assert "名册仅供工会干部使用" in response.content.decode()


def test_viewer_may_read_the_roster_but_not_import(world, login):
    client = login(world.viewer)
    assert client.get(URL).status_code == 200
    assert "导入名册" not in client.get(URL).content.decode()


def test_the_import_button_follows_a_new_position_at_once(world, login):
    from gonghui.accounts.models import Role
    from gonghui.accounts.services import position_grant

    client = login(world.viewer)
    assert "导入名册" not in client.get(URL).content.decode()  # kept with the viewer's facts
    position_grant(user=world.viewer, org=world.union, role=Role.CHAIR, actor=None, check_scope=False)
    assert "导入名册" in client.get(URL).content.decode()


def test_search_by_id_number_uses_the_keyed_hash(world, login, riders):
    number = make_id_number(777)
    target = make_member(world.union, name="王芳", id_number=number)
    # a lower-case x, spaces and dashes are normalised before hashing
    for typed in (number, f" {number[:6]} {number[6:14]}-{number[14:]} ".lower()):
        response = login(world.county_cadre).post(URL, {"q": typed}, follow=True)
        assert [m["uuid"] for m in response.context["members"]] == [target.uuid]
        assert number[6:14] not in response.redirect_chain[-1][0]  # the number never goes in a URL
    # never a LIKE on plaintext: a prefix of an ID number finds nobody
    response = login(world.county_cadre).get(URL, {"q": number[:10]})
    assert target.uuid not in {m["uuid"] for m in response.context["members"]}


def test_search_by_name_member_number_and_mobile(world, login, riders):
    client = login(world.county_cadre)
    rider = riders[1]
    assert [m["uuid"] for m in client.get(URL, {"q": "骑手1"}).context["members"]] == [rider.uuid]
    assert [m["uuid"] for m in client.get(URL, {"q": rider.member_no}).context["members"]] == [rider.uuid]
    by_mobile = client.post(URL, {"q": rider.mobile}, follow=True).context["members"]
    assert [m["uuid"] for m in by_mobile] == [rider.uuid]


def test_filters_by_union_status_new_form_and_job_type(world, login, riders):
    client = login(world.county_cadre)
    riders[0].status = Member.Status.RETIRED
    riders[0].save(update_fields=["status"])
    in_joint = client.get(URL, {"org": str(world.joint.uuid)}).context["members"]
    assert {m["name"] for m in in_joint} == {"骑手0", "骑手1", "骑手2"}
    in_township = client.get(URL, {"org": str(world.township.uuid)}).context["members"]  # subtree
    assert {m["name"] for m in in_township} == {"张伟", "钳工0", "钳工1"}
    retired = client.get(URL, {"status": "retired"}).context["members"]
    assert [m["name"] for m in retired] == ["骑手0"]
    new_form = client.get(URL, {"new_form": "1"}).context["members"]
    assert {m["name"] for m in new_form} == {"骑手0", "骑手1", "骑手2"}
    not_new_form = client.get(URL, {"new_form": "0"}).context["members"]
    assert {m["name"] for m in not_new_form} == {"张伟", "钳工0", "钳工1"}
    by_type = client.get(URL, {"job_type": "delivery_rider", "status": "active"}).context["members"]
    assert {m["name"] for m in by_type} == {"骑手1", "骑手2"}


def test_filter_select_offers_only_orgs_in_scope(world, login):
    page = login(world.township_cadre).get(URL).content.decode()
    assert world.union.name in page and world.joint.name not in page and world.other_union.name not in page


def test_pagination_is_fifty_per_page(world, login):
    for i in range(55):
        make_member(world.union, name=f"会员{i:02d}")
    response = login(world.enterprise_cadre).get(URL)
    assert len(response.context["members"]) == 50
    second = login(world.enterprise_cadre).get(URL, {"page": 2})
    assert len(second.context["members"]) == 56 - 50


@pytest.mark.parametrize("page_size", [5, 50])
def test_query_count_does_not_grow_with_page_size(world, login, django_assert_num_queries, page_size):
    for i in range(60):
        make_member(
            world.joint if i % 2 else world.union, name=f"会员{i:02d}", job_type="courier" if i % 2 else ""
        )
    client = login(world.county_cadre)
    # session, user, positions, unread notifications, count, page, importable unions (exists), and
    # the navigation's modules (membership, volunteer record, desk roles: read once, then kept by
    # core.facts; among them the notices' entry: the audience's membership and the unread count); the
    # filter's orgs are searched as one types, never listed
    with django_assert_num_queries(12) as queries:
        response = client.get(URL, {"page_size": page_size})
    assert len(response.context["members"]) == page_size
    # the count reads the members alone: the unions' names are joined for the page's rows only
    (count,) = [
        q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "members_member" in q["sql"]
    ]
    assert "JOIN" not in count


@pytest.fixture
def _jobs_run_at_once(settings):
    settings.GONGHUI_TASKS = "sync"


def _names(response) -> list[str]:
    return re.findall(r'<a href="/members/[0-9a-f-]{36}/">([^<]+)</a>', response.content.decode())


def test_the_roster_opened_again_reads_no_member_and_shows_every_change_next_time(
    world, login, django_assert_max_num_queries, _jobs_run_at_once
):
    """The roster's count and page are kept between requests (core.stamps) and never hide a
    change: a member saved, one who joined, an import (written without signals), another org's
    member (no change here), the English page."""
    first = make_member(world.union, name="甲会员")
    client = login(world.county_cadre)
    before = client.get(URL)
    n = len(_names(before))
    assert "甲会员" in _names(before) and f"共 {n} 名会员" in before.content.decode()
    with django_assert_max_num_queries(8) as queries:
        again = client.get(URL)
    assert _names(again) == _names(before) and f"共 {n} 名会员" in again.content.decode()
    assert not [q for q in queries.captured_queries if "members_member" in q["sql"]]

    first.name = "甲会员改"
    first.save()
    assert "甲会员改" in _names(client.get(URL)) and "甲会员" not in _names(client.get(URL))
    make_member(world.joint, name="乙会员")
    response = client.get(URL)
    assert "乙会员" in _names(response) and f"共 {n + 1} 名会员" in response.content.decode()

    from tests.members.test_import import good_rows, post_import, xlsx

    importer = Client()
    importer.force_login(world.enterprise_cadre)
    post_import(importer, world.union, xlsx(good_rows(3)))
    response = client.get(URL)
    assert len(_names(response)) == n + 4 and f"共 {n + 4} 名会员" in response.content.decode()
    # The English page draws its own rows; the Chinese one still has its own.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<span class="badge active">Active</span>' in client.get(URL).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert '<span class="badge active">在册</span>' in client.get(URL).content.decode()


# --- API ---


def test_api_lists_masked_members_in_scope(world, login, riders):
    response = login(world.township_cadre).get(API, {"page_size": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3 and data["num_pages"] == 2 and len(data["results"]) == 2
    first = data["results"][0]
    assert set(first) >= {"id_number_masked", "mobile_masked", "member_no", "org"}
    assert "id_number" not in first and "mobile" not in first
    assert "*" in first["id_number_masked"] and "****" in first["mobile_masked"]


def test_api_search_and_org_filter(world, login, riders):
    client = login(world.county_cadre)
    data = client.get(API, {"q": riders[2].name}).json()
    assert [r["uuid"] for r in data["results"]] == [str(riders[2].uuid)]
    data = client.get(API, {"org": str(world.joint.uuid), "status": "active"}).json()
    assert data["count"] == 3
    # the glance's 会员 tile's choice (active and retired) is the API's too
    holding = client.get(API, {"org": str(world.joint.uuid), "status": "members"}).json()
    assert (
        holding["count"]
        == Member.objects.in_subtree(world.joint.path).filter(status__in=("active", "retired")).count()
    )


def test_api_refuses_an_unknown_choice_with_the_choices(world, login):
    client = login(world.county_cadre)
    response = client.get(API, {"status": "aktive", "job_type": "pilot"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert (
        "会籍状态不能为“aktive”" in errors["status"][0]
        and "members（会员（在册和退休））" in errors["status"][0]
    )
    assert "职业类型不能为“pilot”" in errors["job_type"][0]


def test_api_with_a_token(world, client, riders):
    _token, key = ApiToken.issue(user=world.joint_cadre)
    response = client.get(API, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["count"] == 3


def test_api_anonymous_is_401(client):
    assert client.get(API).status_code == 401


def test_api_non_cadre_is_403(world, login):
    response = login(world.member_user).get(API)
    assert response.status_code == 403 and "权限" in response.json()["detail"]


def test_api_outsider_sees_only_its_county_and_404s_on_ours(world, login, riders):
    client = login(world.outsider)
    assert [r["name"] for r in client.get(API).json()["results"]] == ["钱芳"]
    assert client.get(API, {"org": str(world.joint.uuid)}).status_code == 404


def test_personal_numbers_never_stay_in_the_url(world, login, riders):
    """A search by ID or mobile number is kept in the session behind an opaque key (qk); the
    export and the pagination links carry the key, never the number."""
    client = login(world.county_cadre)
    rider = riders[1]
    response = client.post(URL, {"q": rider.mobile, "status": "active"})
    assert response.status_code == 302
    assert rider.mobile not in response["Location"] and "qk=" in response["Location"]
    page = client.get(response["Location"])
    assert [m["uuid"] for m in page.context["members"]] == [rider.uuid]
    assert rider.mobile not in page.context["export_query"] and "qk=" in page.context["export_query"]
    # a number typed straight into the address bar is moved out of it at once
    typed = client.get(URL, {"q": rider.mobile})
    assert typed.status_code == 302 and rider.mobile not in typed["Location"]
    # the key is this session's: another cadre's session does not resolve it
    other = login(world.township_cadre).get(response["Location"])
    assert not other.context["form"]["q"].value()


def test_the_api_refuses_personal_numbers_in_the_url_and_searches_by_post(world, login, riders):
    client = login(world.county_cadre)
    rider = riders[1]
    refused = client.get(API, {"q": rider.mobile})
    assert refused.status_code == 400 and "POST" in refused.json()["detail"]
    found = client.post(API + "/search", {"q": rider.mobile}, content_type="application/json")
    assert found.status_code == 200
    assert [r["uuid"] for r in found.json()["results"]] == [str(rider.uuid)]


def test_the_glance_member_tile_opens_a_roster_of_as_many_members(world, login, riders):
    """The tile counts those holding membership (active and retired): its link lists those, not
    also the members who left."""
    from gonghui.core import indicators
    from gonghui.members.services.lifecycle import member_leave, member_retire

    leaving, retiring = Member.objects.filter(org=world.union)[:2]
    member_leave(member=leaving, actor=world.county_cadre, on=datetime.date(2026, 6, 1), reason="调离")
    member_retire(member=retiring, actor=world.county_cadre, on=datetime.date(2026, 6, 1))
    period = indicators.year_to_date()
    members = indicators.get("members.members")
    shown = indicators.figures(world.county, period, keys=[members.key])[members.key]
    page = login(world.county_cadre).get(members.drill(world.county, period))
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == shown
    assert Member.objects.filter(org_path__startswith=world.county.path).count() == shown + 1
    assert "会员（在册和退休）" in page.content.decode()
