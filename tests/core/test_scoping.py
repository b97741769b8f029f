from gonghui.core.scoping import can_manage, can_view, can_view_personal_data
from gonghui.orgs.models import Enterprise, Org


def test_a_cadre_sees_its_subtree_only(world):
    names = set(Org.objects.visible_to(world.township_cadre).values_list("name", flat=True))
    assert names == {"城关镇工会", "安平华宇机械有限公司工会"}


def test_a_county_cadre_sees_the_whole_county_and_not_the_other(world):
    visible = Org.objects.visible_to(world.county_cadre)
    assert visible.filter(pk=world.union.pk).exists()
    assert not visible.filter(pk=world.other_county.pk).exists()


def test_anonymous_and_plain_users_see_no_orgs(world):
    from django.contrib.auth.models import AnonymousUser

    assert Org.objects.visible_to(AnonymousUser()).count() == 0
    assert Org.objects.visible_to(world.worker).count() == 0


def test_enterprises_follow_their_area(world):
    assert set(Enterprise.objects.visible_to(world.township_cadre)) == {
        world.enterprise,
        world.no_union_enterprise,
    }


def test_roles(world):
    assert can_manage(world.township_cadre, world.union)
    assert not can_manage(world.viewer, world.union)
    assert can_view(world.viewer, world.union)
    assert not can_view(world.outsider, world.union)
    assert can_view_personal_data(world.county_cadre, world.union)
    assert not can_view_personal_data(world.township_cadre, world.union)


def test_a_member_sees_only_their_own_membership(world):
    from gonghui.members.models import Member

    assert list(Member.objects.visible_to(world.member_user)) == [world.member]
    assert set(Member.objects.visible_to(world.township_cadre)) == {world.member}
    assert list(Member.objects.visible_to(world.outsider)) == [world.other_member]
