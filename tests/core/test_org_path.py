"""A record moved to another org leaves the old org's subtree at once, however it was saved."""

import pytest

from gonghui.members.models import Member
from gonghui.orgs.models import Enterprise
from gonghui.servicedesk.models import MenuItem, ServiceTeam
from gonghui.volunteers.models import Volunteer


def test_a_full_save_with_another_org_moves_the_path(desk):
    team = ServiceTeam.objects.get(pk=desk.legal_team.pk)
    team.org = desk.other_county
    team.save()
    team.refresh_from_db()
    assert team.org_path == desk.other_county.path
    assert not ServiceTeam.objects.visible_to(desk.county_cadre).filter(pk=team.pk).exists()
    assert ServiceTeam.objects.visible_to(desk.outsider).filter(pk=team.pk).exists()


def test_update_fields_naming_only_org_still_writes_the_path(desk):
    item = MenuItem.objects.get(pk=desk.lecture.pk)
    item.org = desk.other_county
    item.save(update_fields=["org"])
    assert MenuItem.objects.get(pk=item.pk).org_path == desk.other_county.path


def test_an_org_id_assignment_moves_the_path_too(desk):
    team = ServiceTeam.objects.get(pk=desk.health_team.pk)
    team.org_id = desk.township.pk
    team.save()
    assert ServiceTeam.objects.get(pk=team.pk).org_path == desk.township.path


def test_a_stale_path_passed_on_create_is_corrected(desk):
    team = ServiceTeam.objects.create(org=desk.other_county, org_path=desk.county.path, name="错路径")
    assert ServiceTeam.objects.get(pk=team.pk).org_path == desk.other_county.path


@pytest.mark.parametrize("model", [Member, Enterprise])
def test_other_apps_paths_follow_their_org(world, model):
    obj = model.objects.filter(org=world.township if model is Enterprise else world.union).first()
    obj.org = world.other_union if model is Member else world.other_county
    obj.save()
    obj.refresh_from_db()
    assert obj.org_path == obj.org.path


def test_a_volunteer_path_follows_its_org(desk):
    volunteer = Volunteer.objects.create(user=desk.volunteer_user, org=desk.township)
    assert volunteer.org_path == desk.township.path
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    volunteer.org = desk.other_county
    volunteer.save(update_fields=["org", "updated_at"])
    assert Volunteer.objects.get(pk=volunteer.pk).org_path == desk.other_county.path


# A menu item: an org-owned record no one's facts follow (a team's save also makes the cadres
# above it forget their board's team list, one query of its own).
def test_a_save_naming_other_fields_reads_no_org(desk, django_assert_num_queries):
    item = MenuItem.objects.get(pk=desk.lecture.pk)
    item.description = "改了简介"
    with django_assert_num_queries(1):  # the UPDATE only
        item.save(update_fields=["description", "updated_at"])


def test_a_full_save_of_a_record_holding_its_org_reads_no_org(desk, django_assert_num_queries):
    item = MenuItem.objects.select_related("org").get(pk=desk.lecture.pk)
    item.description = "改了简介"
    with django_assert_num_queries(1):
        item.save()
    assert MenuItem.objects.get(pk=item.pk).org_path == desk.county.path
