"""Org and enterprise services: create, edit, move, USCC rules, formation, routing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.members.models import Member
from gonghui.orgs import services
from gonghui.orgs.models import Enterprise, NewFormRoute, Org, OrgKind
from gonghui.orgs.selectors import union_for_new_form_worker
from tests.factories import make_uscc


def test_create_child_gets_a_path_under_its_parent(world):
    org = services.org_create(
        name="城关镇社区工会", kind=OrgKind.COMMUNITY, parent=world.township, actor=world.township_cadre
    )
    assert org.path.startswith(world.township.path) and org.depth == 2
    assert AuditEntry.objects.filter(object_id=org.pk, action="create").exists()


def test_viewer_and_outsider_cannot_create(world):
    for user in (world.viewer, world.outsider):
        with pytest.raises(PermissionDenied):
            services.org_create(name="X", kind=OrgKind.COMMUNITY, parent=world.township, actor=user)


def test_union_uscc_must_be_a_union_code(world):
    with pytest.raises(ValidationError) as e:
        services.org_create(
            name="甲工会",
            kind=OrgKind.GRASSROOTS,
            parent=world.township,
            actor=world.township_cadre,
            uscc=make_uscc(prefix="91330102"),
        )
    assert "81开头" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.org_create(
            name="乙工会",
            kind=OrgKind.GRASSROOTS,
            parent=world.township,
            actor=world.township_cadre,
            uscc="81330102MA2B3C4D5X",
        )
    assert "校验位" in str(e.value)
    ok = services.org_create(
        name="丙工会",
        kind=OrgKind.GRASSROOTS,
        parent=world.township,
        actor=world.township_cadre,
        uscc=make_uscc(prefix="81330102"),
    )
    assert ok.uscc.startswith("81")


def test_move_an_org_moves_its_enterprises_and_members(world):
    services.org_update(org=world.union, actor=world.county_cadre, parent=world.other_township)
    world.union.refresh_from_db()
    assert world.union.parent == world.other_township
    assert world.union.path.startswith(world.other_township.path)
    assert Member.objects.get(pk=world.member.pk).org_path == world.union.path


def test_cannot_move_under_its_own_subtree_or_outside_scope(world):
    with pytest.raises(ValidationError):
        services.org_update(org=world.township, actor=world.county_cadre, parent=world.union)
    with pytest.raises(PermissionDenied):
        services.org_update(org=world.union, actor=world.township_cadre, parent=world.other_township)


def test_formation_and_new_union(world):
    e = world.no_union_enterprise
    union = services.enterprise_form_union(
        enterprise=e, name="恒通物流工会", formed_on=datetime.date(2026, 1, 5), actor=world.township_cadre
    )
    e.refresh_from_db()
    assert e.union == union and union.kind == OrgKind.GRASSROOTS and union.parent == world.township
    assert e.union_formed_on == datetime.date(2026, 1, 5) and union.formed_on == datetime.date(2026, 1, 5)
    assert AuditEntry.objects.filter(object_id=e.pk, action="formation").exists()


def test_formation_rejects_a_future_date_and_a_non_union(world):
    e = world.no_union_enterprise
    with pytest.raises(ValidationError):
        services.enterprise_record_formation(
            enterprise=e,
            union=world.union,
            actor=world.township_cadre,
            formed_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.enterprise_record_formation(
            enterprise=e,
            union=world.township,
            actor=world.township_cadre,
            formed_on=datetime.date(2025, 1, 1),
        )
    assert Enterprise.objects.get(pk=e.pk).union is None


def test_route_set_and_delete(world):
    route = services.route_set(
        job_type="ride_hailing", area=world.township, union=world.joint, actor=world.county_cadre
    )
    assert union_for_new_form_worker(job_type="ride_hailing", area=world.union) == world.joint
    with pytest.raises(ValidationError):
        services.route_set(
            job_type="ride_hailing", area=world.township, union=world.union, actor=world.county_cadre
        )
    with pytest.raises(ValidationError):
        services.route_set(
            job_type="astronaut", area=world.township, union=world.joint, actor=world.county_cadre
        )
    services.route_delete(route=route, actor=world.county_cadre)
    assert not NewFormRoute.objects.filter(pk=route.pk).exists()
    assert Org.objects.filter(pk=world.joint.pk).exists()


def test_moving_an_org_moves_every_denormalised_path(world):
    """Every model keeping a copy of an org path (scope_path_fields) follows a move."""
    from gonghui.orgs.services import denormalised_path_fields, org_update

    fields = {(m._meta.label, f) for m, f in denormalised_path_fields()}
    assert {
        ("members.Member", "org_path"),
        ("orgs.Enterprise", "org_path"),
        ("orgs.OrgMemberTally", "org_path"),
        ("members.TransferRequest", "to_path"),
        ("servicedesk.ServiceOrder", "org_path"),
        ("volunteers.VolunteerTask", "org_path"),
    } <= fields
    org_update(org=world.union, actor=world.county_cadre, parent=world.other_township)
    world.union.refresh_from_db()
    world.member.refresh_from_db()
    world.enterprise.refresh_from_db()
    assert world.union.path.startswith(world.other_township.path)
    assert world.member.org_path == world.union.path
    assert world.enterprise.org_path == world.township.path  # the enterprise's area did not move
