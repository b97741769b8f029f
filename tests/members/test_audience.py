"""The audience rule that activities, tournaments and notices share (members.audience)."""

from types import SimpleNamespace

import pytest

from gonghui.members.audience import audience_refusal, job_types_value, path_prefixes
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def _record(org, *, members_only=True, job_types=()):
    return SimpleNamespace(
        org=org, org_path=org.path, members_only=members_only, audience_job_types=job_types_value(job_types)
    )


def test_path_prefixes_are_the_org_and_its_ancestors(world):
    assert path_prefixes(world.union.path) == [world.county.path, world.township.path, world.union.path]


def test_a_member_of_the_subtree_is_admitted_and_one_outside_is_told_why(world):
    inside = make_member(world.union, user=make_user(name="李明")).user
    outside = make_member(world.park_joint, user=make_user(name="王芳")).user
    record = _record(world.township)
    assert audience_refusal(inside, record) is None
    assert world.township.name in audience_refusal(outside, record)
    assert audience_refusal(outside, _record(world.township, members_only=False)) is None


def test_a_registered_non_member_takes_part_only_in_open_records(world):
    visitor = make_user(name="赵强")
    assert "仅限工会会员" in audience_refusal(visitor, _record(world.county))
    assert audience_refusal(visitor, _record(world.county, members_only=False)) is None


def test_member_kinds_narrow_the_audience(world):
    rider = make_member(world.joint, user=make_user(name="骑手"), job_type="delivery_rider").user
    clerk = make_member(world.union, user=make_user(name="文员")).user
    record = _record(world.county, job_types=["delivery_rider", "courier", "bogus"])
    assert record.audience_job_types == ",delivery_rider,courier,"
    assert audience_refusal(rider, record) is None
    assert "外卖骑手" in audience_refusal(clerk, record)
