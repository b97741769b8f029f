"""The member tally stays equal to a recount of the members table through every membership change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gonghui.members.models import Member
from gonghui.members.services import lifecycle
from gonghui.members.services.join import join_approve, join_submit
from gonghui.members.services.roster import build_member, member_create, member_create_many
from gonghui.orgs import stats
from gonghui.orgs.models import OrgKind, OrgMemberTally
from gonghui.orgs.services import org_create, org_update
from gonghui.orgs.tally import counted, recount, tally_add
from tests.factories import make_id_number, make_member, make_mobile

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def tallies() -> dict[int, tuple[int, int]]:
    """The tally as {org id: (members, new-form members)}, leaving out empty rows."""
    return {
        t.org_id: (t.members, t.new_form_members)
        for t in OrgMemberTally.objects.all()
        if t.members or t.new_form_members
    }


def assert_matches_recount() -> None:
    assert tallies() == counted(Member.objects.all())
    for t in OrgMemberTally.objects.select_related("org"):
        assert t.org_path == t.org.path


def test_the_world_starts_counted(world):
    assert tallies() == {world.union.pk: (1, 0), world.other_union.pk: (1, 0)}
    assert_matches_recount()


def test_join_approval_counts_the_new_member(world):
    app = join_submit(
        name="骑手小王",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        job_type="delivery_rider",
        work_area=world.township,
    )
    assert tallies().get(world.joint.pk) is None  # an application is not a membership
    join_approve(application=app, actor=world.joint_cadre)
    assert tallies()[world.joint.pk] == (1, 1)
    assert_matches_recount()


def test_a_failed_create_does_not_count(world):
    member = build_member(
        org=world.union,
        name="重复",
        id_number=world.member.id_number_plain(),
        mobile=make_mobile(),
        joined_on=datetime.date(2026, 1, 5),
        source="manual",
    )
    with pytest.raises(ValidationError):
        member_create(member=member, actor=world.enterprise_cadre)
    assert tallies()[world.union.pk] == (1, 0)


def test_import_counts_every_row_once(world):
    rows = [
        build_member(
            org=world.park_joint,
            name=f"职工{i}",
            id_number=make_id_number(),
            mobile=make_mobile(),
            joined_on=datetime.date(2026, 2, 1),
            source="import",
            job_type="courier" if i % 3 == 0 else "",
        )
        for i in range(7)
    ]
    assert member_create_many(org=world.park_joint, members=rows, actor=world.county_cadre) == 7
    assert tallies()[world.park_joint.pk] == (7, 3)
    assert_matches_recount()


def test_a_failed_import_counts_nothing(world):
    rows = [
        build_member(
            org=world.park_joint,
            name="新职工",
            id_number=make_id_number(),
            mobile=make_mobile(),
            joined_on=datetime.date(2026, 2, 1),
            source="import",
        ),
        build_member(
            org=world.park_joint,
            name="重复职工",
            id_number=world.member.id_number_plain(),
            mobile=make_mobile(),
            joined_on=datetime.date(2026, 2, 1),
            source="import",
        ),
    ]
    with pytest.raises(ValidationError):
        member_create_many(org=world.park_joint, members=rows, actor=world.county_cadre)
    assert world.park_joint.pk not in tallies()
    assert_matches_recount()


def test_transfer_moves_the_count(world):
    rider = make_member(world.joint, name="骑手老李", job_type="delivery_rider")
    transfer = lifecycle.transfer_request(member=rider, to_org=world.park_joint, actor=world.joint_cadre)
    assert tallies()[world.joint.pk] == (1, 1)  # a request changes nothing yet
    lifecycle.transfer_approve(transfer=transfer, actor=world.county_cadre)
    assert tallies()[world.park_joint.pk] == (1, 1)
    assert world.joint.pk not in tallies()
    assert_matches_recount()


def test_leave_retire_and_rejoin(world):
    m = world.member
    lifecycle.member_retire(member=m, actor=world.enterprise_cadre, on=datetime.date(2026, 3, 1))
    assert tallies()[world.union.pk] == (1, 0)  # retired members keep their membership
    lifecycle.member_leave(
        member=m, actor=world.enterprise_cadre, on=datetime.date(2026, 4, 1), reason="离职"
    )
    assert world.union.pk not in tallies()
    assert_matches_recount()
    with pytest.raises(ValidationError):  # leaving twice does not count out twice
        lifecycle.member_leave(
            member=m, actor=world.enterprise_cadre, on=datetime.date(2026, 4, 1), reason="离职"
        )
    assert world.union.pk not in tallies()
    lifecycle.member_rejoin(member=m, org=world.park_joint, actor=world.county_cadre)
    assert tallies()[world.park_joint.pk] == (1, 0)
    assert_matches_recount()
    assert stats.subtree_stats(world.park, *YEAR).members == 1
    assert stats.subtree_stats(world.township, *YEAR).members == 0


def test_moving_an_org_moves_its_tally(world):
    new_town = org_create(name="新城街道工会", kind=OrgKind.STREET, parent=world.county, check_scope=False)
    org_update(org=world.union, actor=world.county_cadre, parent=new_town)
    world.union.refresh_from_db()
    assert OrgMemberTally.objects.get(org=world.union).org_path == world.union.path
    assert stats.subtree_stats(new_town, *YEAR).members == 1
    assert stats.subtree_stats(world.township, *YEAR).members == 0
    assert_matches_recount()


def test_increments_are_relative_so_concurrent_joins_add_up(world):
    # What two concurrent joins do: each adds to what is in the row when its UPDATE runs, not to
    # what it read before; a stale in-memory copy of the row cannot overwrite the count.
    stale = OrgMemberTally.objects.get(org=world.union)
    tally_add(org=world.union, members=1)
    tally_add(org=world.union, members=1, new_form=1)
    stale.refresh_from_db()
    assert (stale.members, stale.new_form_members) == (3, 1)


def test_recount_command_repairs_a_corrupted_tally(world, capsys):
    OrgMemberTally.objects.filter(org=world.union).update(members=40, new_form_members=2)
    OrgMemberTally.objects.filter(org=world.other_union).delete()
    OrgMemberTally.objects.create(org=world.park_joint, org_path="99999", members=5)

    call_command("recount_tallies", "--dry-run")
    out = capsys.readouterr().out
    assert "3 个需要更正" in out and "未修改" in out
    assert OrgMemberTally.objects.get(org=world.union).members == 40  # a dry run writes nothing

    call_command("recount_tallies")
    assert "更正 3 个" in capsys.readouterr().out
    assert_matches_recount()
    assert tallies() == {world.union.pk: (1, 0), world.other_union.pk: (1, 0)}
    assert OrgMemberTally.objects.get(org=world.park_joint).org_path == world.park_joint.path
    assert stats.subtree_stats(world.county, *YEAR).members == 1

    assert recount().corrected == 0  # a second run finds nothing to do


def test_stats_read_members_from_the_tally(world):
    """Members added behind the services' back are not seen until a recount: the tally is the source."""
    make_member(world.union, name="新会员", joined_on=datetime.date(2026, 5, 1))
    assert stats.subtree_stats(world.county, *YEAR).members == 2
    OrgMemberTally.objects.filter(org=world.union).update(members=10)
    f = stats.subtree_stats(world.county, *YEAR)
    assert f.members == 10 and f.new_members == 1  # new members still come from the members table
    rows = {r.org: r for r in stats.child_stats(world.county, *YEAR)}
    assert rows[world.township].members == 10 and rows[world.township].new_members == 1
