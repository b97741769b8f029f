"""Search-as-you-type choosers: the search endpoints, the JS-less path and the indexes they use."""

import pytest
from django.db import connection
from django.urls import reverse

from gonghui.core import choosers
from gonghui.members.forms.join import JoinForm
from gonghui.members.models import JoinApplication
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.services import enterprise_create
from tests.factories import make_id_number, make_mobile, make_uscc

pytestmark = pytest.mark.django_db

ENTERPRISES = reverse("orgs:enterprise_search")
ORGS = reverse("orgs:search")
JOIN = reverse("members:join")


def employee(**kw):
    data = {
        "name": "王小明",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "join_as": "employee",
        "consent": "on",
    }
    data.update(kw)
    return data


# ------------------------------------------------------------------ enterprise search (public)


def test_anyone_finds_enterprises_by_any_part_of_the_name_with_only_name_and_area(client, world):
    world.enterprise.contact_name, world.enterprise.contact_phone = "黄经理", "13800001111"
    world.enterprise.save(update_fields=["contact_name", "contact_phone"])
    html = client.get(ENTERPRISES, {"for": "join", "q": "安平华宇"}).content.decode()
    assert world.enterprise.name in html and world.township.name in html
    assert f'data-value="{world.enterprise.uuid}"' in html
    assert world.small_enterprise.name not in html
    assert "黄经理" not in html and "13800001111" not in html and world.enterprise.uscc not in html
    # any part of the name: every name in a county starts with the county's
    assert world.enterprise.name in client.get(ENTERPRISES, {"for": "join", "q": "华宇"}).content.decode()
    assert world.enterprise.name in client.get(ENTERPRISES, {"for": "join", "q": "机械"}).content.decode()


def test_unions_and_areas_are_found_by_any_part_of_the_name(client, world):
    middle = world.union.name[2:5]
    html = client.get(ORGS, {"for": "public_area", "q": world.township.name[2:]}).content.decode()
    assert world.township.name in html
    assert middle and not world.union.name.startswith(middle)
    assert world.union.name in [
        o.name for o in Org.objects.filter(choosers.name_q(middle, name_fields=("name",)))
    ]


def test_enterprises_are_found_by_credit_code_prefix_in_any_case(client, world):
    html = client.get(
        ENTERPRISES, {"for": "join", "q": world.small_enterprise.uscc[:12].lower()}
    ).content.decode()
    assert world.small_enterprise.name in html


def test_enterprise_search_returns_at_most_20_and_says_so(client, world):
    for i in range(25):
        enterprise_create(
            org=world.township, name=f"安平批量企业{i:02d}", uscc=make_uscc(), check_scope=False
        )
    html = client.get(ENTERPRISES, {"for": "join", "q": "安平批量"}).content.decode()
    assert html.count("data-chooser-option") == choosers.MAX_RESULTS
    assert "只显示前20个结果" in html


def test_enterprise_search_with_nothing_found_or_nothing_typed(client, world):
    assert "没有找到以“某某”开头" in client.get(ENTERPRISES, {"for": "join", "q": "某某"}).content.decode()
    assert client.get(ENTERPRISES, {"for": "join", "q": " "}).content.decode().strip() == ""


def test_transfer_enterprise_search_is_for_the_member_or_a_cadre_in_scope(client, login, world):
    params = {"for": "transfer", "member": str(world.member.uuid), "q": "安平"}
    assert client.get(ENTERPRISES, params).status_code == 302  # anonymous → login
    assert login(world.outsider).get(ENTERPRISES, params).status_code == 404
    html = login(world.member_user).get(ENTERPRISES, params).content.decode()
    # only employers with a union are offered for a transfer
    assert world.small_enterprise.name in html and world.no_union_enterprise.name not in html
    assert login(world.member_user).get(ENTERPRISES, {**params, "member": "x"}).status_code == 404


def test_an_unknown_search_purpose_is_404(client):
    assert client.get(ENTERPRISES, {"for": "all", "q": "安"}).status_code == 404


# ------------------------------------------------------------------ org search (cadres)


def test_org_search_needs_a_login_and_a_cadre(client, login, world):
    response = client.get(ORGS, {"for": "scope", "q": "安平"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert login(world.worker).get(ORGS, {"for": "scope", "q": "安平"}).status_code == 403
    # a read-only cadre may search to filter, not to choose where to import or whom to grant
    assert login(world.viewer).get(ORGS, {"for": "scope", "q": "城关"}).status_code == 200
    assert login(world.viewer).get(ORGS, {"for": "import", "q": "安平"}).status_code == 403
    assert login(world.viewer).get(ORGS, {"for": "nonsense", "q": "安平"}).status_code == 404


def test_org_search_stays_in_scope_and_filters_by_purpose_and_kind(login, world):
    outsider = login(world.outsider).get(ORGS, {"for": "scope", "q": "安平"}).content.decode()
    assert "data-chooser-option" not in outsider
    client = login(world.county_cadre)
    areas = client.get(ORGS, {"for": "area", "q": "安平"}).content.decode()
    assert world.park.name in areas and world.union.name not in areas and world.joint.name not in areas
    joint = client.get(ORGS, {"for": "scope", "q": "安平", "kind": "joint_union"}).content.decode()
    assert world.joint.name in joint and world.union.name not in joint
    assert world.county.name in client.get(ORGS, {"for": "scope", "q": "安平县总"}).content.decode()


def test_anyone_searches_the_public_areas_and_only_those(client, world):
    html = client.get(ORGS, {"for": "public_area", "q": "安平"}).content.decode()
    assert world.county.name in html and world.park.name in html
    # membership unions (an enterprise union, the joint unions) are never offered as an area
    assert world.union.name not in html and world.joint.name not in html
    assert "城关镇工会" in client.get(ORGS, {"for": "public_area", "q": "城关"}).content.decode()
    # every other purpose still needs a login
    response = client.get(ORGS, {"for": "area", "q": "安平"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_join_and_volunteer_pages_offer_areas_through_the_chooser_not_a_list(client, login, world):
    html = client.get(JOIN).content.decode()
    assert 'name="work_area__text"' in html and 'hx-get="/orgs/search/?for=public_area"' in html
    assert world.other_township.name not in html
    html = login(world.outsider).get(reverse("volunteers:register")).content.decode()
    assert 'name="org__text"' in html and 'hx-get="/orgs/search/?for=public_area"' in html
    assert world.other_township.name not in html


def test_a_rider_types_the_work_area_without_javascript(client, world):
    rider = employee(join_as="new_form", job_type="delivery_rider")
    html = client.post(JOIN, {**rider, "work_area__text": "城关"}).content.decode()
    assert "没有找到名称或统一社会信用代码为“城关”的区域" in html
    # a membership union typed as the area is not an area
    html = client.post(JOIN, {**rider, "work_area__text": world.union.name}).content.decode()
    assert f"没有找到名称或统一社会信用代码为“{world.union.name}”的区域" in html
    assert JoinApplication.objects.count() == 0
    response = client.post(JOIN, {**rider, "work_area__text": world.township.name})
    assert response.status_code == 302
    app = JoinApplication.objects.get()
    assert app.work_area == world.township and app.org == world.joint


def test_transfer_union_search_is_404_for_someone_elses_member(login, world):
    params = {"for": "transfer", "member": str(world.member.uuid), "q": "安平"}
    assert login(world.outsider).get(ORGS, params).status_code == 404
    html = login(world.member_user).get(ORGS, params).content.decode()
    assert world.joint.name in html and f">{world.union.name}（" not in html  # not the member's own union


# ------------------------------------------------------------------ without JavaScript


def test_join_without_javascript_by_exact_enterprise_name(client, world):
    data = employee(enterprise__text=world.small_enterprise.name)
    response = client.post(JOIN, data)
    assert response.status_code == 302
    app = JoinApplication.objects.get()
    assert app.enterprise == world.small_enterprise and app.org == world.park_joint
    client.post(JOIN, data)  # double submit: still one application
    assert JoinApplication.objects.count() == 1


def test_join_without_javascript_by_credit_code(client, world):
    response = client.post(JOIN, employee(enterprise__text=world.enterprise.uscc.lower()))
    assert response.status_code == 302
    assert JoinApplication.objects.get().enterprise == world.enterprise


def test_join_with_an_unknown_or_ambiguous_name_says_so_and_writes_nothing(client, world):
    html = client.post(JOIN, employee(enterprise__text="不存在的公司")).content.decode()
    assert "没有找到名称或统一社会信用代码为“不存在的公司”的单位" in html
    Enterprise.objects.create(
        name=world.enterprise.name, uscc=make_uscc(), org=world.other_county, org_path=world.other_county.path
    )
    html = client.post(JOIN, employee(enterprise__text=world.enterprise.name)).content.decode()
    assert "有多个名称为“安平华宇机械有限公司”的单位，请输入统一社会信用代码" in html
    assert JoinApplication.objects.count() == 0


def test_the_hidden_choice_wins_unless_the_text_was_retyped(world):
    chosen = {"join_as": "employee", "enterprise": str(world.enterprise.uuid)}
    form = JoinForm(employee(**chosen, enterprise__text=world.enterprise.name))
    assert form.is_valid() and form.cleaned_data["enterprise"] == world.enterprise
    # typed over a previous choice without JavaScript: the typed name counts
    form = JoinForm(employee(**chosen, enterprise__text=world.small_enterprise.name))
    assert form.is_valid() and form.cleaned_data["enterprise"] == world.small_enterprise
    # a pk from an older client still works
    form = JoinForm(employee(enterprise=str(world.enterprise.pk)))
    assert form.is_valid() and form.cleaned_data["enterprise"] == world.enterprise


def test_the_join_page_renders_the_chooser_not_a_list(client, world):
    html = client.get(JOIN).content.decode()
    assert 'name="enterprise__text"' in html and 'hx-get="/orgs/enterprises/search/?for=join"' in html
    assert 'name="enterprise" value=""' in html and world.enterprise.name not in html


def test_a_cadre_imports_into_a_union_typed_by_name(login, world):
    from tests.members.test_import import good_rows, upload, xlsx

    client = login(world.county_cadre)
    bad = client.post(
        reverse("members:roster_import"),
        {"org__text": world.township.name, "file": upload(xlsx(good_rows(1)))},
    )
    assert "没有找到" in bad.content.decode()
    response = client.post(
        reverse("members:roster_import"), {"org__text": world.joint.name, "file": upload(xlsx(good_rows(2)))}
    )
    assert response.status_code == 302
    assert world.joint.members.count() == 2


def test_the_roster_filter_accepts_a_typed_name(login, world):
    client = login(world.county_cadre)
    response = client.get(reverse("members:roster"), {"org__text": world.other_township.name})
    assert response.status_code == 200 and response.context["filtered_org"] == world.other_township
    response = client.get(reverse("members:roster"), {"org": str(world.union.uuid)})
    assert response.context["filtered_org"] == world.union
    assert f'value="{world.union.name}（基层工会）"' in response.content.decode()


# ------------------------------------------------------------------ indexes


@pytest.mark.skipif(connection.vendor not in ("sqlite", "postgresql"), reason="indexes created for these two")
@pytest.mark.parametrize("url", ["/desk/teams/new/", "/desk/menu/new/", "/desk/units/new/", "/desk/bus/new/"])
def test_org_fields_are_a_select_for_a_few_orgs_and_a_chooser_for_many(login, desk, url):
    from gonghui.core.choosers import SELECT_LIMIT
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    client = login(desk.county_cadre)
    html = client.get(url).content.decode()
    assert '<select name="org"' in html and 'name="org__text"' not in html
    for i in range(SELECT_LIMIT):
        org_create(
            name=f"城关镇第{i:02d}社区工会", kind=OrgKind.COMMUNITY, parent=desk.township, check_scope=False
        )
    html = client.get(url).content.decode()
    assert '<select name="org"' not in html and 'name="org__text"' in html
    assert "城关镇第49社区工会" not in html


def test_a_service_team_is_created_in_an_org_typed_by_name(login, desk):
    from gonghui.core.choosers import SELECT_LIMIT
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create
    from gonghui.servicedesk.models import ServiceTeam

    for i in range(SELECT_LIMIT + 1):
        org_create(
            name=f"城关镇第{i:02d}社区工会", kind=OrgKind.COMMUNITY, parent=desk.township, check_scope=False
        )
    client = login(desk.county_cadre)
    response = client.post("/desk/teams/new/", {"org__text": "城关镇第07社区工会", "name": "社区健康服务队"})
    assert response.status_code == 302
    assert ServiceTeam.objects.get(name="社区健康服务队").org.name == "城关镇第07社区工会"
    # an org outside the cadre's scope, typed by name, is not found
    response = login(desk.township_cadre).post(
        "/desk/teams/new/", {"org__text": desk.park.name, "name": "队"}
    )
    assert "没有找到" in response.content.decode()


def test_name_search_uses_the_trigram_indexes_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite scans: no trigram index there")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    enterprises = Enterprise.objects.filter(choosers.name_q("华宇机械")).order_by().explain()
    orgs = (
        Org.objects.filter(choosers.name_q("华宇机械", name_fields=("name", "short_name")))
        .order_by()
        .explain()
    )
    assert "orgs_ent_name_trgm" in enterprises, enterprises
    assert "orgs_org_name_trgm" in orgs and "orgs_org_short_trgm" in orgs, orgs
    code_plan = Enterprise.objects.filter(choosers.name_q("91330102")).order_by().explain()
    assert "orgs_ent_uscc_prefix" in code_plan, code_plan


def test_the_name_search_migration_runs_on_this_database(world):
    """It is a no-op on SQLite apart from dropping unused prefix indexes, and builds pg_trgm
    indexes on PostgreSQL: either way the search works."""
    assert Enterprise.objects.filter(choosers.name_q(world.enterprise.name[2:4])).exists()
