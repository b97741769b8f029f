"""Join pages: the form, the status page and lookup, the cadre's list, detail, approve and reject."""

import re

import pytest
from django.urls import reverse

from gonghui.members.models import JoinApplication, Member
from gonghui.members.services.join import duplicate_message, join_approve, join_reject, join_submit
from tests.factories import make_id_number, make_mobile

pytestmark = pytest.mark.django_db


def apply(world, **kw):
    data = {
        "name": "王小明",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "consent": True,
        "enterprise": world.enterprise,
    }
    data.update(kw)
    return join_submit(**data)


def form_data(**kw):
    data = {
        "name": "马骁",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "join_as": "new_form",
        "job_type": "delivery_rider",
        "consent": "on",
    }
    data.update(kw)
    return data


# ------------------------------------------------------------------ the join form


def test_the_join_form_shows_the_consent_purpose_and_the_enterprises(client, world):
    response = client.get(reverse("members:join"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "入会审核、会员管理与服务" in html
    # Enterprises are searched as one types (never all listed): the chooser and its search endpoint.
    assert 'name="enterprise__text"' in html and reverse("orgs:enterprise_search") in html
    found = client.get(reverse("orgs:enterprise_search"), {"for": "join", "q": "安平"}).content.decode()
    assert world.enterprise.name in found and world.small_enterprise.name in found
    assert 'name="consent"' in html and 'name="work_area"' in html


def test_a_rider_joins_and_lands_on_the_status_page(client, world):
    data = form_data(work_area=world.township.pk)
    response = client.post(reverse("members:join"), data)
    app = JoinApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:join_status", args=[app.uuid])
    assert app.org == world.joint and app.applicant is None
    page = client.get(response["Location"]).content.decode()
    assert "待审核" in page and world.joint.name in page and "收藏" in page
    assert data["id_number"] not in page and data["mobile"] not in page and "马骁" not in page


def test_a_logged_in_worker_becomes_the_applicant(login, world):
    client = login(world.worker)
    assert world.worker.phone in client.get(reverse("members:join")).content.decode()
    client.post(reverse("members:join"), form_data(work_area=world.county.pk, mobile=world.worker.phone))
    assert JoinApplication.objects.get().applicant == world.worker


def test_an_employee_joins_their_enterprise_union(client, world):
    client.post(reverse("members:join"), form_data(join_as="employee", enterprise=world.enterprise.pk))
    assert JoinApplication.objects.get().org == world.union


def test_bad_input_shows_the_chinese_errors_and_writes_nothing(client, world):
    response = client.post(
        reverse("members:join"),
        form_data(id_number="110105194912310021", mobile="2345", consent="", job_type=""),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in html
    assert "手机号码应为以1开头的11位数字" in html
    assert "请阅读并同意个人信息处理说明后再提交" in html
    assert "请选择职业类型" in html
    assert JoinApplication.objects.count() == 0


def test_an_enterprise_without_a_union_shows_the_routing_error(client, world):
    response = client.post(
        reverse("members:join"), form_data(join_as="employee", enterprise=world.no_union_enterprise.pk)
    )
    assert "尚未建立工会" in response.content.decode()
    assert JoinApplication.objects.count() == 0


def test_the_id_of_a_member_gets_the_neutral_message(client, world):
    response = client.post(
        reverse("members:join"),
        form_data(id_number=world.member.id_number_plain(), work_area=world.county.pk),
    )
    html = response.content.decode()
    assert duplicate_message() in html
    assert world.union.name not in html
    assert JoinApplication.objects.count() == 0


def test_double_submit_makes_one_application(client, world):
    data = form_data(work_area=world.county.pk)
    first = client.post(reverse("members:join"), data)
    second = client.post(reverse("members:join"), data)
    assert first.status_code == 302 and second.status_code == 200
    assert duplicate_message() in second.content.decode()
    assert JoinApplication.objects.count() == 1


# ------------------------------------------------------------------ status page and lookup


def test_the_status_page_shows_the_rejection_reason(client, world):
    app = apply(world)
    join_reject(application=app, actor=world.enterprise_cadre, reason="请携带劳动合同到工会办公室核实")
    html = client.get(reverse("members:join_status", args=[app.uuid])).content.decode()
    assert "未通过" in html and "请携带劳动合同到工会办公室核实" in html


def test_an_unknown_status_page_is_404(client, world):
    assert (
        client.get(reverse("members:join_status", args=["6f1c7a1e-0000-4000-8000-000000000000"])).status_code
        == 404
    )


def test_the_applicant_withdraws_on_the_status_page(login, world):
    app = apply(world, applicant=world.worker)
    client = login(world.worker)
    assert "撤回申请" in client.get(reverse("members:join_status", args=[app.uuid])).content.decode()
    client.post(reverse("members:join_status", args=[app.uuid]))
    app.refresh_from_db()
    assert app.state == "withdrawn"


def test_someone_else_cannot_withdraw(client, login, world):
    app = apply(world, applicant=world.worker)
    assert client.post(reverse("members:join_status", args=[app.uuid])).status_code == 403
    assert (
        login(world.enterprise_cadre).post(reverse("members:join_status", args=[app.uuid])).status_code == 403
    )
    app.refresh_from_db()
    assert app.state == "submitted"


def test_the_lookup_finds_the_newest_application(client, world):
    id_number, mobile = make_id_number(), make_mobile()
    old = apply(world, id_number=id_number, mobile=mobile)
    join_reject(application=old, actor=world.enterprise_cadre, reason="信息不全")
    new = apply(world, id_number=id_number, mobile=mobile)
    response = client.post(reverse("members:join_status_lookup"), {"id_number": id_number, "mobile": mobile})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:join_status", args=[new.uuid])


def test_the_lookup_needs_both_to_match_and_says_only_not_found(client, world):
    app = apply(world)
    response = client.post(
        reverse("members:join_status_lookup"), {"id_number": app.id_number_plain(), "mobile": make_mobile()}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "未找到" in html and world.union.name not in html


def test_the_lookup_checks_the_input(client, world):
    response = client.post(reverse("members:join_status_lookup"), {"id_number": "123", "mobile": ""})
    html = response.content.decode()
    assert "身份证号码应为18位" in html and "请填写手机号码" in html


def test_the_lookup_pauses_after_many_misses(client, world, settings):
    from gonghui.members.views import join as join_views

    for _ in range(join_views.LOOKUP_LIMIT):
        client.post(
            reverse("members:join_status_lookup"), {"id_number": make_id_number(), "mobile": make_mobile()}
        )
    app = apply(world)
    response = client.post(
        reverse("members:join_status_lookup"), {"id_number": app.id_number_plain(), "mobile": app.mobile}
    )
    assert response.status_code == 200 and "查询次数过多" in response.content.decode()


# ------------------------------------------------------------------ cadre pages


def test_the_list_shows_pending_first_then_oldest_first(login, world):
    a1 = apply(world, name="甲")
    a2 = apply(world, name="乙")
    apply(world, name="丙")
    join_reject(application=a1, actor=world.enterprise_cadre, reason="不符合条件")
    html = login(world.enterprise_cadre).get(reverse("members:application_list")).content.decode()
    names = re.findall(r'application_detail|applications/[0-9a-f-]+/">([^<]+)<', html)
    names = [n for n in names if n]
    assert names == ["乙", "丙", "甲"]
    assert a2.mobile not in html and a2.mobile_masked in html


def test_the_list_filters_by_state(login, world):
    a1 = apply(world, name="甲")
    apply(world, name="乙")
    join_reject(application=a1, actor=world.enterprise_cadre, reason="不符合条件")
    html = (
        login(world.enterprise_cadre)
        .get(reverse("members:application_list"), {"state": "rejected"})
        .content.decode()
    )
    assert ">甲<" in html and ">乙<" not in html


def test_the_list_shows_only_the_scope(login, world):
    apply(world, name="甲")
    rider = join_submit(
        name="乙",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        job_type="delivery_rider",
        work_area=world.county,
    )
    html = login(world.enterprise_cadre).get(reverse("members:application_list")).content.decode()
    assert ">甲<" in html and ">乙<" not in html
    assert ">甲<" not in login(world.outsider).get(reverse("members:application_list")).content.decode()
    assert rider.org == world.joint


def test_the_list_uses_a_constant_number_of_queries(login, world, django_assert_num_queries):
    client = login(world.county_cadre)
    apply(world)
    client.get(reverse("members:application_list"))  # warm the session and caches
    # Session, user, the count and the page: positions, the navigation and the bell come from the
    # cache once warm (core.facts).
    with django_assert_num_queries(4) as few:
        client.get(reverse("members:application_list"))
    for _ in range(12):
        apply(world)
    join_submit(
        name="骑手",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        job_type="delivery_rider",
        work_area=world.county,
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:application_list"))
    assert response.content.decode().count("/applications/") >= 14


def test_the_list_needs_login_and_a_cadre(client, login, world):
    response = client.get(reverse("members:application_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert login(world.worker).get(reverse("members:application_list")).status_code == 403


def test_the_detail_masks_personal_data_and_shows_the_history(login, world):
    app = apply(world, name="何静", id_number="11010519491231002X", mobile="13912345678")
    html = (
        login(world.county_cadre).get(reverse("members:application_detail", args=[app.uuid])).content.decode()
    )
    assert "110105********002X" in html and "11010519491231002X" not in html
    assert "139****5678" in html and "13912345678" not in html
    assert world.enterprise.name in html and "提交申请" in html and "通过，生成会员编号" in html


def test_the_detail_is_404_outside_the_scope_and_read_only_for_a_viewer(client, login, world):
    app = apply(world)
    url = reverse("members:application_detail", args=[app.uuid])
    assert client.get(url).status_code == 302
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.joint_cadre).get(url).status_code == 404
    viewer_page = login(world.viewer).get(url)
    assert viewer_page.status_code == 200 and "通过，生成会员编号" not in viewer_page.content.decode()


def test_approve_creates_the_member_and_redirects_with_a_message(login, world):
    app = apply(world, job_type="delivery_rider", work_area=world.township, enterprise=None)
    client = login(world.joint_cadre)
    response = client.post(reverse("members:application_approve", args=[app.uuid]), follow=True)
    member = Member.objects.get(id_number_hash=app.id_number_hash)
    assert "已通过" in response.content.decode() and member.member_no in response.content.decode()
    app.refresh_from_db()
    assert app.state == "approved" and app.member == member and member.user.phone == app.mobile


def test_approving_a_member_who_cannot_log_in_warns_the_cadre(login, world):
    world.worker.is_active = False
    world.worker.save(update_fields=["is_active"])
    client = login(world.enterprise_cadre)
    app = apply(world, mobile=world.worker.phone)  # a recycled number of a deactivated account
    html = client.post(reverse("members:application_approve", args=[app.uuid]), follow=True).content.decode()
    assert "已通过" in html and "该手机号码对应的账号已停用，这名会员暂时不能登录" in html
    app = apply(world, mobile=world.member.user.phone)  # already another member's login
    html = client.post(reverse("members:application_approve", args=[app.uuid]), follow=True).content.decode()
    assert "已通过" in html and "该手机号码已是另一名会员的登录账号" in html
    plain = apply(world)
    html = client.post(
        reverse("members:application_approve", args=[plain.uuid]), follow=True
    ).content.decode()
    assert "注意：" not in html


def test_approve_twice_makes_one_member_and_says_why(login, world):
    app = apply(world)
    client = login(world.enterprise_cadre)
    client.post(reverse("members:application_approve", args=[app.uuid]))
    response = client.post(reverse("members:application_approve", args=[app.uuid]), follow=True)
    assert "不能执行" in response.content.decode()
    assert Member.objects.filter(id_number_hash=app.id_number_hash).count() == 1


@pytest.mark.parametrize("action", ["application_approve", "application_reject"])
def test_deciding_needs_login_scope_and_a_managing_role(client, login, world, action):
    app = apply(world)
    url = reverse(f"members:{action}", args=[app.uuid])
    data = {"reason": "不符合条件"}
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert login(world.outsider).post(url, data).status_code == 404
    assert login(world.viewer).post(url, data).status_code == 403
    assert login(world.enterprise_cadre).get(url).status_code == 405
    app.refresh_from_db()
    assert app.state == "submitted" and Member.objects.filter(id_number_hash=app.id_number_hash).count() == 0


def test_reject_with_a_reason(login, world):
    app = apply(world)
    response = login(world.township_cadre).post(
        reverse("members:application_reject", args=[app.uuid]), {"reason": "经核实，您不是本单位职工"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "rejected" and app.reason == "经核实，您不是本单位职工"


def test_reject_without_a_reason_shows_the_error_next_to_the_field(login, world):
    app = apply(world)
    response = login(world.enterprise_cadre).post(
        reverse("members:application_reject", args=[app.uuid]), {"reason": " "}
    )
    assert response.status_code == 400
    assert "请填写不予通过的理由" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "submitted"


def test_approving_an_application_already_rejected_is_refused(login, world):
    app = apply(world)
    join_reject(application=app, actor=world.enterprise_cadre, reason="不符合条件")
    login(world.enterprise_cadre).post(reverse("members:application_approve", args=[app.uuid]))
    app.refresh_from_db()
    assert app.state == "rejected" and Member.objects.filter(id_number_hash=app.id_number_hash).count() == 0


def test_the_rider_sees_the_approved_status(client, world):
    app = apply(world, job_type="delivery_rider", work_area=world.county, enterprise=None)
    join_approve(application=app, actor=world.joint_cadre)
    html = client.get(reverse("members:join_status", args=[app.uuid])).content.decode()
    assert "已通过" in html and world.joint.name in html
    # The text tells the rider to log in with a code: the button leads there, then to the card.
    assert "接收验证码登录" in html and "电子会员证" in html
    assert f'href="{reverse("accounts:code_login")}?next={reverse("members:card")}"' in html


def test_a_member_opening_the_join_form_is_told_they_already_belong(login, world):
    html = login(world.member_user).get(reverse("members:join")).content.decode()
    assert "您已是" in html and world.union.name in html and reverse("members:card") in html


def test_a_member_who_left_is_not_told_they_still_belong(login, world):
    Member.objects.filter(pk=world.member.pk).update(status=Member.Status.LEFT)
    html = login(world.member_user).get(reverse("members:join")).content.decode()
    assert "您已是" not in html and reverse("members:card") not in html
    assert "您曾是工会会员（已退会）。可以在下面重新申请入会" in html and 'id="join-form"' in html


def test_one_address_cannot_flood_the_cadres_with_applications(client, world, settings):
    """After JOIN_SUBMIT_PER_HOUR applications from one address, the next is refused in Chinese
    and nothing is written; the API shares the same limit."""
    from gonghui.members.models import JoinApplication
    from gonghui.members.services.join import JOIN_SUBMIT_PER_HOUR
    from tests.factories import make_id_number, make_mobile

    def payload(n):
        return {
            "name": "测试",
            "id_number": make_id_number(3000 + n),
            "mobile": make_mobile(),
            "join_as": "employee",
            "enterprise": world.enterprise.pk,
            "consent": "on",
        }

    for n in range(JOIN_SUBMIT_PER_HOUR):
        assert client.post(reverse("members:join"), payload(n)).status_code == 302
    refused = client.post(reverse("members:join"), payload(99))
    assert refused.status_code == 200 and "提交过于频繁" in refused.content.decode()
    api = client.post(
        "/api/v1/join-applications",
        {
            "name": "测试",
            "id_number": make_id_number(3999),
            "mobile": make_mobile(),
            "enterprise": str(world.enterprise.uuid),
            "consent": True,
        },
        content_type="application/json",
    )
    assert api.status_code == 429 and "提交过于频繁" in api.json()["detail"]
    assert int(api["Retry-After"]) > 0
    assert JoinApplication.objects.count() == JOIN_SUBMIT_PER_HOUR
