"""A query compiled once (core.compiled) gives the rows the ORM gives, for any subtree at the same
depth and any period; a query that reads anything but its inputs is never kept."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from gonghui.core import compiled
from gonghui.core.scoping import child_length, grouped_by_prefix, subtree_q
from gonghui.members.models import Member
from gonghui.rights.models.legal import LegalCase
from tests.factories import make_member
from tests.rights.legal.conftest import make_case

pytestmark = pytest.mark.django_db


def _bounds(year: int) -> tuple:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime(year, 1, 1), tz),
        timezone.make_aware(datetime.datetime(year + 1, 1, 1), tz),
    )


class Builds:
    """build(path, bounds) for members joined in a period, grouped by child; counts its calls."""

    def __init__(self, where=None):
        self.calls = 0
        self.where = where or (lambda lo, hi: Q(joined_on__gte=lo.date(), joined_on__lt=hi.date()))

    def __call__(self, path, bounds):
        self.calls += 1
        lo, hi = bounds
        rows = Member.objects.filter(subtree_q(path, "org_path"))
        return grouped_by_prefix(
            rows,
            "org_path",
            child_length(path),
            {
                "joined": Count("pk", filter=self.where(lo, hi)),
                "active": Count("pk", filter=Q(status="active")),
            },
        )


def _orm(build, path, bounds) -> list[dict]:
    return sorted(build(path, bounds), key=lambda r: r["prefix"])


def test_a_kept_query_runs_with_new_values_without_being_built(world, monkeypatch):
    make_member(world.union, joined_on=datetime.date(2025, 3, 1))
    make_member(world.union, joined_on=datetime.date(2026, 3, 1))
    make_member(world.other_union, joined_on=datetime.date(2026, 5, 1))
    monkeypatch.setattr(compiled, "VERIFY", False)
    build = Builds()
    key = ("test", "members joined")
    first = compiled.rows(key, build, world.county.path, _bounds(2026))
    assert build.calls == 3  # learnt from two stand-ins and checked against the real values once
    for org in (world.county, world.other_county):
        for year in (2025, 2026, 2027):
            calls = build.calls
            got = sorted(compiled.rows(key, build, org.path, _bounds(year)), key=lambda r: r["prefix"])
            assert build.calls == calls  # run from the kept SQL
            assert got == _orm(Builds(), org.path, _bounds(year))
    assert sorted(first, key=lambda r: r["prefix"]) == _orm(Builds(), world.county.path, _bounds(2026))
    joined = {r["prefix"]: r["joined"] for r in compiled.rows(key, build, world.county.path, _bounds(2026))}
    assert sum(joined.values()) == 1


def test_values_come_back_as_the_orm_gives_them(world):
    case = make_case(world)
    case.amount_recovered = Decimal("12345.60")
    case.save(update_fields=["amount_recovered"])

    def build(path, bounds):
        lo, hi = bounds
        rows = LegalCase.objects.filter(subtree_q(path, "org_path"), created_at__gte=lo, created_at__lt=hi)
        return grouped_by_prefix(
            rows, "org_path", child_length(path), {"recovered": Sum("amount_recovered"), "cases": Count("pk")}
        )

    bounds = (timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(days=1))
    compiled.rows(("test", "recovered"), build, world.county.path, bounds)  # learn
    got = compiled.rows(("test", "recovered"), build, world.county.path, bounds)
    assert got == list(build(world.county.path, bounds))
    assert type(got[0]["recovered"]) is Decimal and got[0]["recovered"] == Decimal("12345.60")
    assert type(got[0]["cases"]) is int and got[0]["cases"] == 1  # PostgreSQL's converters left out
    again = compiled.rows(("test", "recovered"), build, world.county.path, bounds)
    assert again == got and type(again[0]["recovered"]) is Decimal


def test_a_query_reading_today_or_shaped_by_its_values_is_never_kept(world, monkeypatch):
    monkeypatch.setattr(compiled, "VERIFY", False)  # as in production: the first run is checked
    make_member(world.union, joined_on=timezone.localdate())
    today = Builds(where=lambda lo, hi: Q(joined_on__lte=timezone.localdate()))
    shaped = Builds(where=lambda lo, hi: Q(joined_on__year=lo.year) if lo.year < 2050 else Q(pk=0))
    for name, build in (("today", today), ("shaped", shaped)):
        for _ in range(3):
            calls = build.calls
            got = compiled.rows(("test", name), build, world.county.path, _bounds(2026))
            assert got == list(Builds(where=build.where)(world.county.path, _bounds(2026)))
            assert build.calls > calls  # built for the run: nothing kept
    assert not [k for k in compiled._kept if k[1] in (("test", "today"), ("test", "shaped"))]
