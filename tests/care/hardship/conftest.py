import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.care.services import hardship as svc


@pytest.fixture
def line(world):
    """The county's minimum-living line for this year: 800 元/人/月."""
    return svc.poverty_line_set(
        org=world.county,
        year=timezone.localdate().year,
        minimum_living=Decimal("800"),
        actor=world.county_cadre,
    )


def make_file(world, *, member=None, income="1500", size=3, cause="illness", **extra):
    """A draft file for the member (张伟 of the enterprise union): per capita 500 元, deep hardship."""
    return svc.file_create(
        member=member or world.member,
        actor=world.enterprise_cadre,
        cause=cause,
        household_size=size,
        household_income=Decimal(income),
        **extra,
    )


def add_household(world, file, n=None):
    for i in range((file.household_size - 1) if n is None else n):
        svc.household_add(
            file=file,
            actor=world.enterprise_cadre,
            name=f"家人{i}",
            relation="child",
            birth_year=2012 + i,
            situation="student",
        )


def approve_all(world, file):
    """Proposed by the union, verified by the township, approved by the county."""
    add_household(world, file)
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    svc.file_act(file=file, action="approve", actor=world.township_cadre)
    svc.file_act(file=file, action="approve", actor=world.county_cadre)
    file.refresh_from_db()
    return file


def past(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
