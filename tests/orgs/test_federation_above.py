""" "The federation above an org" is one selector (orgs.selectors.federation_above): the nearest
federation, not the tree's root — in a city → county → township tree, the county's."""

import pytest

from gonghui.members.selectors.lifecycle import transfer_unions_for
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import federation_above
from gonghui.orgs.services import org_create
from gonghui.servicedesk.selectors.petitions import default_receiving_org
from gonghui.volunteers.selectors import county_path
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def _org(name, kind, parent):
    return org_create(name=name, kind=kind, parent=parent, check_scope=False)


@pytest.fixture
def tree():
    city = _org("临江市总工会", OrgKind.FEDERATION, None)
    county = _org("临江市东区总工会", OrgKind.FEDERATION, city)
    township = _org("东区河口镇工会", OrgKind.TOWNSHIP, county)
    union = _org("河口机械厂工会", OrgKind.GRASSROOTS, township)
    neighbour = _org("河口纺织厂工会", OrgKind.GRASSROOTS, township)
    sister = _org("临江市西区总工会", OrgKind.FEDERATION, city)
    sister_union = _org("西区化工厂工会", OrgKind.GRASSROOTS, sister)
    return city, county, township, union, neighbour, sister_union


def test_the_nearest_federation_not_the_root(tree, django_assert_num_queries):
    city, county, township, union, _neighbour, _sister_union = tree
    assert federation_above(union) == county
    assert federation_above(township) == county
    assert federation_above(county) == county
    assert federation_above(city) == city
    with django_assert_num_queries(0):  # kept on the org object
        assert federation_above(union) == county


def test_a_tree_without_a_federation_falls_back_to_its_root():
    root = _org("某园区工会", OrgKind.PARK, None)
    child = _org("某企业工会", OrgKind.GRASSROOTS, root)
    assert federation_above(child) == root


def test_every_caller_names_the_county(tree):
    _city, county, _township, union, neighbour, sister_union = tree
    member = make_member(union, name="赵河口", user=make_user(name="赵河口"))
    # members: a transfer stays within the county, not the whole city
    unions = set(transfer_unions_for(member))
    assert neighbour in unions and sister_union not in unions
    # volunteers: a volunteer of the township belongs to the county
    assert county_path(union) == county.path
    # servicedesk: an online petition goes to the county federation by default
    assert default_receiving_org(member.user) == county
