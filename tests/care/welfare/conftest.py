import datetime
from decimal import Decimal

import pytest

from gonghui.care.services import welfare as svc
from tests.factories import make_member

RULE = dict(
    cap_per_occasion=None,
    cap_per_year=None,
    times_per_year=None,
    once_per_case=False,
    allow_goods=True,
    allow_voucher=True,
    allow_cash=False,
    retired_eligible=True,
    min_member_years=0,
    note="",
)


def rule(org, occasion, actor, **values):
    return svc.rule_save(org=org, occasion=occasion, data={**RULE, **values}, actor=actor)


def make_members(org, n, *, prefix="职工", **extra):
    return [make_member(org, name=f"{prefix}{i}", **extra) for i in range(n)]


@pytest.fixture
def county_rules(world):
    """The county's published caps: festival ≤ 2,200 元 a year, birthday ≤ 500 元 once a year,
    hospital once per illness a year; no cash."""
    world.festival_rule = rule(world.county, "festival", world.county_cadre, cap_per_year="2200")
    world.birthday_rule = rule(
        world.county, "birthday", world.county_cadre, cap_per_occasion="500", times_per_year=1
    )
    world.hospital_rule = rule(
        world.county, "hospital", world.county_cadre, cap_per_occasion="1000", once_per_case=True
    )
    return world


def make_batch(world, *, org=None, actor=None, value="300", occasion="festival", form="goods", **extra):
    return svc.batch_create(
        org=org or world.union,
        title=extra.pop("title", "2026年春节慰问"),
        occasion=occasion,
        description=extra.pop("description", "米面油礼包"),
        value=Decimal(value),
        form=form,
        date=extra.pop("date", datetime.date.today()),
        actor=actor or world.enterprise_cadre,
    )
