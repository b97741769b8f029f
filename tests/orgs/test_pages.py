"""Org pages with every persona: happy paths asserting the database, 404/403/login, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.orgs.models import Enterprise, NewFormRoute, Org, OrgKind
from tests.factories import make_uscc


def _url(name, obj=None, **kw):
    return reverse(f"orgs:{name}", args=[obj.uuid] if obj is not None else (), **kw)


# --- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,target",
    [
        ("list", None),
        ("detail", "township"),
        ("create", "township"),
        ("edit", "township"),
        ("pipeline_export", "township"),
        ("enterprise_list", None),
        ("enterprise_create", None),
        ("enterprise_detail", "no_union_enterprise"),
        ("enterprise_edit", "no_union_enterprise"),
        ("enterprise_formation", "no_union_enterprise"),
        ("routes", None),
    ],
)
def test_anonymous_is_sent_to_login(client, world, name, target):
    response = client.get(_url(name, getattr(world, target) if target else None))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "name,target",
    [
        ("detail", "township"),
        ("create", "township"),
        ("edit", "township"),
        ("pipeline_export", "township"),
        ("enterprise_detail", "no_union_enterprise"),
        ("enterprise_edit", "no_union_enterprise"),
        ("enterprise_formation", "no_union_enterprise"),
    ],
)
def test_outsider_gets_404(login, world, name, target):
    assert login(world.outsider).get(_url(name, getattr(world, target))).status_code == 404


def test_township_cadre_cannot_see_the_other_township(login, world):
    client = login(world.township_cadre)
    assert client.get(_url("detail", world.other_township)).status_code == 404
    assert client.get(_url("detail", world.township)).status_code == 200
    page = client.get(_url("list")).content.decode()
    assert "城关镇工会" in page and "柳溪乡工会" not in page


@pytest.mark.parametrize(
    "name,target",
    [
        ("create", "township"),
        ("edit", "township"),
        ("enterprise_create", None),
        ("enterprise_edit", "no_union_enterprise"),
        ("enterprise_formation", "no_union_enterprise"),
    ],
)
def test_viewer_gets_403_on_writes(login, world, name, target):
    client = login(world.viewer)
    url = _url(name, getattr(world, target) if target else None)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403


def test_viewer_sees_read_pages(login, world):
    client = login(world.viewer)
    for url in (
        _url("list"),
        _url("detail", world.township),
        _url("enterprise_list"),
        _url("enterprise_detail", world.no_union_enterprise),
        _url("routes"),
    ):
        assert client.get(url).status_code == 200, url


def test_plain_user_gets_403_on_cadre_lists(login, world):
    client = login(world.worker)
    assert client.get(_url("list")).status_code == 403
    assert client.get(_url("enterprise_list")).status_code == 403


# --- org list -----------------------------------------------------------------------------------


def test_org_list_shows_scope_roots_and_children_and_searches(login, world):
    client = login(world.county_cadre)
    page = client.get(_url("list")).content.decode()
    assert "安平县总工会" in page and "城关镇工会" in page
    assert "安平华宇机械有限公司工会" not in page  # grandchild: reached by drill-down or search
    assert "临川" not in page
    found = client.get(_url("list"), {"q": "华宇"}).content.decode()
    assert "安平华宇机械有限公司工会" in found and "城关镇工会" in found  # parent column
    assert "柳溪乡工会" not in found


def test_org_list_queries_do_not_grow_with_the_page(login, world):
    client = login(world.county_cadre)
    client.get(_url("list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(_url("list"))
    for i in range(40):
        Org.objects.create(
            name=f"新镇{i}",
            kind=OrgKind.TOWNSHIP,
            parent=world.county,
            path=world.county.path + str(100 + i).zfill(5),
            depth=1,
        )
    client.get(_url("list"))  # a new org makes everyone's kept positions be read again (core.facts)
    with CaptureQueriesContext(connection) as big:
        response = client.get(_url("list"))
    assert len(response.context["page_obj"]) == 30
    assert len(big) == len(small)


# --- org detail ---------------------------------------------------------------------------------


def test_detail_shows_figures_drill_down_and_pipeline(login, world):
    response = login(world.county_cadre).get(
        _url("detail", world.county), {"start": "2015-01-01", "end": "2015-12-31"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["figures"].enterprises_25 == 2
    assert response.context["figures"].unions_formed == 1  # 华宇 union formed 2015-07-01
    assert "50.0%" in page  # formation rate
    assert _url("detail", world.township) in page  # drill-down link
    assert "安平恒通物流有限公司" in page  # pipeline
    assert "2015年1月1日" in page


def test_detail_rows_show_their_columns_escaped_and_linked(login, world):
    from gonghui.orgs.services import enterprise_create

    Org.objects.filter(pk=world.township.pk).update(name="<script>城关</script>镇工会")
    Enterprise.objects.filter(pk=world.no_union_enterprise.pk).update(
        name="<b>恒通</b>物流", industry="logistics"
    )
    own = enterprise_create(  # in the county's own area, no union: the "本级" row
        org=world.county, name='安平县直属"物流"公司', uscc=make_uscc(), employee_count=30, check_scope=False
    )
    client = login(world.county_cadre)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("detail", world.county), {"start": "2015-01-01", "end": "2015-12-31"})
    page = response.content.decode()
    assert "<script>城关" not in page and "<b>恒通" not in page
    # the pipeline's count reads the enterprises alone: the areas' names are joined for its rows only
    (count,) = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "orgs_enterprise"')
    ]
    assert "JOIN" not in count
    headings = "组织 25人以上企业 已建会 建会率 新建工会 会员 新入会 入会率 新就业形态会员".split()
    assert "".join(f"<th>{h}</th>" for h in headings) in "".join(page.split())
    period = "?start=2015-01-01&amp;end=2015-12-31"
    assert (
        f'<tr><td><a href="{_url("detail", world.township)}{period}">&lt;script&gt;城关&lt;/script&gt;镇工会</a></td>'
        "<td>2</td><td>1</td><td>50.0%</td><td>1</td><td>1</td><td>0</td><td>0.6%</td><td>0</td></tr>"
    ) in page
    assert (
        f'<tr><td><a href="{_url("detail", world.other_township)}{period}">柳溪乡工会</a></td>'
        "<td>0</td><td>0</td><td>—</td><td>0</td><td>0</td><td>0</td><td>—</td><td>0</td></tr>"
    ) in page
    assert "<tr><td>本级</td><td>1</td><td>0</td><td>0.0%</td>" in page  # not a link
    assert "".join(f"<th>{h}</th>" for h in ["企业名称", "职工人数", "行业", "所属区域工会"]) in page
    assert (
        f'<tr><td><a href="{_url("enterprise_detail", world.no_union_enterprise)}">&lt;b&gt;恒通&lt;/b&gt;物流</a></td>'
        "<td>60</td><td>交通运输、仓储和邮政业</td><td>&lt;script&gt;城关&lt;/script&gt;镇工会</td></tr>"
    ) in page
    assert (
        f'<tr><td><a href="{_url("enterprise_detail", own)}">安平县直属&quot;物流&quot;公司</a></td>'
        f"<td>30</td><td>其他</td><td>{world.county.name}</td></tr>"
    ) in page


def test_the_pipeline_is_kept_until_an_enterprise_of_the_subtree_changes(login, world):
    """The org page's pipeline (count and page as drawn) is kept between requests (core.stamps) and
    never hides a change: a union formed, a new enterprise below, a covering union deleted."""
    from gonghui.orgs.services import enterprise_create

    client = login(world.county_cadre)
    url = _url("detail", world.county)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "安平恒通物流有限公司" in page
    assert not [q for q in queries.captured_queries if "orgs_enterprise" in q["sql"]]

    union = Org.objects.create(
        name="恒通物流工会", kind=OrgKind.GRASSROOTS, parent=world.township,
        path=world.township.path + "00999", depth=world.township.depth + 1,
    )  # fmt: skip
    enterprise = Enterprise.objects.get(pk=world.no_union_enterprise.pk)
    enterprise.union = union
    enterprise.save()
    assert "安平恒通物流有限公司" not in client.get(url).content.decode()
    enterprise_create(
        org=world.township,
        name="安平新来物流有限公司",
        uscc=make_uscc(),
        employee_count=80,
        check_scope=False,
    )
    assert "安平新来物流有限公司" in client.get(url).content.decode()
    union.delete()  # as the admin would: the enterprise it covered is left without a union
    assert "安平恒通物流有限公司" in client.get(url).content.decode()


def test_the_org_page_says_which_figures_the_period_limits(login, world):
    page = (
        login(world.county_cadre)
        .get(_url("detail", world.county), {"start": "2026-01-01", "end": "2026-06-30"})
        .content.decode()
    )
    assert "统计期间：2026年1月1日 至 2026年6月30日" in page
    assert "“本期新建工会”“本期新入会”按此期间计算，其余为当前数" in page


def test_detail_bad_period_shows_the_chinese_error(login, world):
    client = login(world.county_cadre)
    page = client.get(_url("detail", world.county), {"start": "2026-13-01"}).content.decode()
    assert "请输入正确的日期" in page
    page = client.get(
        _url("detail", world.county), {"start": "2026-05-01", "end": "2026-01-01"}
    ).content.decode()
    assert "开始日期不能晚于结束日期" in page


def test_pipeline_export_is_an_xlsx(login, world):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(world.township_cadre).get(_url("pipeline_export", world.township))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "企业名称" and [r[0] for r in rows[1:]] == ["安平恒通物流有限公司"]


# --- create / edit / move -----------------------------------------------------------------------


def test_create_child_org(login, world):
    client = login(world.township_cadre)
    data = {
        "kind": OrgKind.GRASSROOTS,
        "name": "城关镇纺织厂工会",
        "formed_on": "2026-02-01",
        "uscc": make_uscc(prefix="81330102"),
    }
    response = client.post(_url("create", world.township), data)
    org = Org.objects.get(name="城关镇纺织厂工会")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert org.parent == world.township and org.formed_on == datetime.date(2026, 2, 1)
    page = client.post(_url("create", world.township), data).content.decode()  # double submit
    assert "同一上级组织下已有同名组织" in page
    assert Org.objects.filter(name="城关镇纺织厂工会").count() == 1


def test_create_child_rejects_bad_input_in_chinese(login, world):
    client = login(world.township_cadre)
    before = Org.objects.count()
    page = client.post(
        _url("create", world.township),
        {"kind": OrgKind.GRASSROOTS, "name": "甲工会", "uscc": "91350100M000100Y44"},
    ).content.decode()
    assert "统一社会信用代码校验位不正确" in page
    page = client.post(
        _url("create", world.township),
        {"kind": OrgKind.GRASSROOTS, "name": "乙工会", "uscc": "91350100M000100Y43"},
    ).content.decode()
    assert "81开头" in page
    page = client.post(
        _url("create", world.township),
        {"kind": OrgKind.GRASSROOTS, "name": "丙工会", "formed_on": "2999-01-01"},
    ).content.decode()
    assert "建会日期不能晚于今天" in page
    assert Org.objects.count() == before


def test_edit_and_move_org(login, world):
    client = login(world.county_cadre)
    response = client.post(
        _url("edit", world.union),
        {
            "parent": world.other_township.pk,
            "kind": OrgKind.GRASSROOTS,
            "name": "华宇机械工会",
            "formed_on": "2015-07-01",
        },
    )
    assert response.status_code == 302
    world.union.refresh_from_db()
    assert world.union.name == "华宇机械工会" and world.union.parent == world.other_township
    assert world.union.path.startswith(world.other_township.path)


def test_township_cadre_cannot_move_outside_scope(login, world):
    client = login(world.township_cadre)
    page = client.post(
        _url("edit", world.union),
        {
            "parent": world.other_township.pk,
            "kind": OrgKind.GRASSROOTS,
            "name": "华宇机械工会",
        },
    ).content.decode()
    assert "请从列表中选择" in page
    world.union.refresh_from_db()
    assert world.union.parent == world.township and world.union.name == "安平华宇机械有限公司工会"


# --- enterprises --------------------------------------------------------------------------------


def test_enterprise_list_filters(login, world):
    client = login(world.county_cadre)
    response = client.get(_url("enterprise_list"), {"has_union": "no"})
    assert [e.name for e in response.context["page_obj"]] == ["安平恒通物流有限公司"]
    response = client.get(_url("enterprise_list"), {"big": "on", "has_union": "yes"})
    assert [e.name for e in response.context["page_obj"]] == ["安平华宇机械有限公司"]
    response = client.get(_url("enterprise_list"), {"q": world.small_enterprise.uscc.lower()})
    assert [e.name for e in response.context["page_obj"]] == ["安平小橙科技有限公司"]
    response = client.get(_url("enterprise_list"), {"org": str(world.park.uuid)})
    assert [e.name for e in response.context["page_obj"]] == ["安平小橙科技有限公司"]
    assert (
        login(world.outsider).get(_url("enterprise_list"), {"org": str(world.park.uuid)}).status_code == 404
    )


def test_enterprise_create_and_double_submit(login, world):
    client = login(world.township_cadre)
    data = {
        "name": "城关食品有限公司",
        "uscc": make_uscc(),
        "org": world.township.pk,
        "employee_count": "88",
        "industry": "manufacturing",
        "ownership": "private",
        "address": "城关镇工业路1号",
        "longitude": "115.123456",
        "latitude": "38.123456",
    }
    response = client.post(_url("enterprise_create"), data)
    enterprise = Enterprise.objects.get(name="城关食品有限公司")
    assert (
        response.status_code == 302
        and enterprise.org == world.township
        and enterprise.org_path == world.township.path
    )
    assert enterprise.employee_count == 88 and enterprise.union is None
    page = client.post(_url("enterprise_create"), data).content.decode()
    assert "该统一社会信用代码的企业已登记" in page
    assert Enterprise.objects.filter(name="城关食品有限公司").count() == 1


def test_enterprise_create_bad_input(login, world):
    client = login(world.township_cadre)
    before = Enterprise.objects.count()
    page = client.post(
        _url("enterprise_create"),
        {
            "name": "坏企业",
            "uscc": "91350100M00010",
            "org": world.township.pk,
            "employee_count": "-1",
            "industry": "manufacturing",
            "ownership": "private",
            "longitude": "200",
        },
    ).content.decode()
    assert "统一社会信用代码应为18位" in page and "经度应在73到136之间" in page
    page = client.post(
        _url("enterprise_create"),
        {
            "name": "外区企业",
            "uscc": make_uscc(),
            "org": world.other_township.pk,
            "employee_count": "30",
            "industry": "manufacturing",
            "ownership": "private",
        },
    ).content.decode()
    assert "请从列表中选择" in page
    assert Enterprise.objects.count() == before


def test_enterprise_edit(login, world):
    client = login(world.township_cadre)
    e = world.no_union_enterprise
    response = client.post(
        _url("enterprise_edit", e),
        {
            "name": e.name,
            "uscc": e.uscc,
            "org": world.township.pk,
            "employee_count": "75",
            "industry": "logistics",
            "ownership": "private",
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.employee_count == 75 and e.industry == "logistics"


def test_enterprise_owned_by_another_township_is_404(login, world):
    other = Enterprise.objects.create(
        name="柳溪企业",
        uscc=make_uscc(),
        org=world.other_township,
        org_path=world.other_township.path,
        employee_count=30,
    )
    assert login(world.township_cadre).get(_url("enterprise_detail", other)).status_code == 404


# --- formation ----------------------------------------------------------------------------------


def test_record_formation_with_an_existing_union(login, world):
    client = login(world.county_cadre)
    e = world.no_union_enterprise
    data = {"mode": "existing", "union": world.park_joint.pk, "formed_on": "2026-01-10"}
    assert client.post(_url("enterprise_formation", e), data).status_code == 302
    assert client.post(_url("enterprise_formation", e), data).status_code == 302  # double submit: same state
    e.refresh_from_db()
    assert e.union == world.park_joint and e.union_formed_on == datetime.date(2026, 1, 10)


def test_record_formation_with_a_new_union(login, world):
    client = login(world.township_cadre)
    e = world.no_union_enterprise
    response = client.post(
        _url("enterprise_formation", e),
        {"mode": "new", "new_union_name": "恒通物流工会", "formed_on": "2026-02-02"},
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.union.name == "恒通物流工会" and e.union.parent == world.township


def test_record_formation_bad_input(login, world):
    client = login(world.township_cadre)
    e = world.no_union_enterprise
    page = client.post(
        _url("enterprise_formation", e), {"mode": "existing", "formed_on": "2026-02-02"}
    ).content.decode()
    assert "请选择覆盖该企业的工会" in page
    page = client.post(
        _url("enterprise_formation", e),
        {
            "mode": "new",
            "new_union_name": "恒通工会",
            "new_union_uscc": "91350100M000100Y43",
            "formed_on": "2026-02-02",
        },
    ).content.decode()
    assert "81开头" in page
    page = client.post(
        _url("enterprise_formation", e),
        {"mode": "existing", "union": world.union.pk, "formed_on": "2999-01-01"},
    ).content.decode()
    assert "建会日期不能晚于今天" in page
    page = client.post(
        _url("enterprise_formation", e),
        {"mode": "existing", "union": world.other_union.pk, "formed_on": "2026-01-01"},
    ).content.decode()
    assert "请从列表中选择" in page
    e.refresh_from_db()
    assert e.union is None and not Org.objects.filter(name="恒通工会").exists()


# --- routing ------------------------------------------------------------------------------------


def test_route_page_sets_and_deletes_routes(login, world):
    client = login(world.county_cadre)
    data = {"job_type": "ride_hailing", "area": world.township.pk, "union": world.joint.pk}
    assert client.post(_url("routes"), data).status_code == 302
    assert client.post(_url("routes"), data).status_code == 302
    routes = NewFormRoute.objects.filter(job_type="ride_hailing")
    assert routes.count() == 1 and routes.get().area == world.township
    page = client.get(_url("routes")).content.decode()
    assert "网约车司机" in page
    assert client.post(reverse("orgs:route_delete", args=[routes.get().pk])).status_code == 302
    assert not routes.exists()


def test_route_page_bad_input_and_roles(login, world):
    client = login(world.county_cadre)
    page = client.post(
        _url("routes"), {"job_type": "ride_hailing", "area": world.township.pk, "union": world.union.pk}
    ).content.decode()
    assert "请从列表中选择" in page
    assert not NewFormRoute.objects.filter(job_type="ride_hailing").exists()
    route = NewFormRoute.objects.get(job_type="delivery_rider")
    assert login(world.viewer).post(_url("routes"), {"job_type": "courier"}).status_code == 403
    assert login(world.township_cadre).post(reverse("orgs:route_delete", args=[route.pk])).status_code == 404
    assert login(world.outsider).post(reverse("orgs:route_delete", args=[route.pk])).status_code == 404
    assert NewFormRoute.objects.filter(pk=route.pk).exists()
