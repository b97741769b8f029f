"""What is kept per subtree (core.stamps) holds until a row of its kind changes in that subtree, and
no longer: a change below, a move in the tree, a transaction that commits later, a cache outage."""

import pytest
from django.core.cache import cache

from gonghui.core import stamps
from gonghui.orgs.services import org_update
from gonghui.servicedesk.models import ServiceOrder
from gonghui.servicedesk.selectors.orders import ORDERS

pytestmark = pytest.mark.django_db


class Reads:
    """A compute function that counts how often it ran."""

    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return self.n


def kept(paths, key="k", name="v", compute=None):
    return stamps.Kept(ORDERS, paths, key).get(name, compute)


def test_a_value_is_kept_until_its_subtree_or_one_below_changes():
    reads = Reads()
    assert kept(["00001"], compute=reads) == 1
    assert kept(["00001"], compute=reads) == 1  # kept
    stamps.touch(ORDERS, ["0000100002"])  # a change in a child org's subtree
    assert kept(["00001"], compute=reads) == 2
    stamps.touch(ORDERS, ["00009"])  # another county's
    assert kept(["00001"], compute=reads) == 2
    stamps.touch("servicedesk.other", ["00001"])  # another kind of row
    assert kept(["00001"], compute=reads) == 2


def test_a_change_above_a_subtree_leaves_it_kept_and_keys_are_apart():
    reads = Reads()
    assert kept(["0000100002"], compute=reads) == 1
    stamps.touch(ORDERS, ["00001"])  # the county's own rows: not in the township's subtree
    assert kept(["0000100002"], compute=reads) == 1
    assert kept(["0000100002"], key="other filters", compute=reads) == 2
    entry = stamps.Kept(ORDERS, ["0000100002"], "k")
    assert entry.get("v", reads) == 1 and entry.get("w", reads) == 3  # two values, one entry
    assert stamps.Kept(ORDERS, ["0000100002"], "k").get("w", reads) == 3


def test_an_org_moving_renews_everything(world):
    reads = Reads()
    assert kept([world.county.path], compute=reads) == 1
    org_update(org=world.township, actor=world.county_cadre, parent=world.park)
    assert kept([world.county.path], compute=reads) == 2


def test_saves_and_deletes_touch_the_rows_org_and_the_one_it_left(desk):
    from tests.servicedesk.test_orders import place_order

    reads_county, reads_township = Reads(), Reads()
    order = place_order(desk)
    kept([desk.county.path], compute=reads_county)
    kept([desk.township.path], compute=reads_township)
    moved = ServiceOrder.objects.get(pk=order.pk)
    moved.org = desk.township
    moved.save()  # into the township: both subtrees change
    assert kept([desk.township.path], compute=reads_township) == 2
    assert kept([desk.county.path], compute=reads_county) == 2
    back = ServiceOrder.objects.get(pk=order.pk)
    back.org = desk.county
    back.save()  # out of the township again: it no longer holds it
    assert kept([desk.township.path], compute=reads_township) == 3
    assert kept([desk.county.path], compute=reads_county) == 3
    assert kept([desk.county.path], compute=reads_county) == 3
    ServiceOrder.objects.get(pk=order.pk).delete()
    assert kept([desk.county.path], compute=reads_county) == 4


def test_a_value_read_before_a_commit_is_not_kept_after_it(django_capture_on_commit_callbacks):
    reads = Reads()
    with django_capture_on_commit_callbacks(execute=True):
        stamps.touch(ORDERS, ["00001"])
        # another request, not seeing the uncommitted rows, reads and keeps under the new stamp
        assert kept(["00001"], compute=reads) == 1
    assert kept(["00001"], compute=reads) == 2  # the commit renewed the stamp


def test_without_the_cache_every_request_reads(monkeypatch):
    reads = Reads()

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "set_many", down)
    assert kept(["00001"], compute=reads) == 1
    assert kept(["00001"], compute=reads) == 2
    stamps.touch(ORDERS, ["00001"])  # no error either
