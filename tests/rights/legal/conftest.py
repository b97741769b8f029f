import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.rights.services import legal as svc


@pytest.fixture
def lawyer(world):
    """The county's volunteer lawyer, adviser of no enterprise."""
    return svc.lawyer_save(
        org=world.county, actor=world.county_cadre, name="郑明", firm="安平正义律师事务所", kind="volunteer"
    )


@pytest.fixture
def adviser(world):
    """The county's retained lawyer, legal adviser of 安平华宇机械有限公司: a conflict for cases against it."""
    return svc.lawyer_save(
        org=world.county,
        actor=world.county_cadre,
        name="钱律",
        firm="安平信达律师事务所",
        kind="retained",
        enterprises=[world.enterprise],
    )


def make_consultation(world, **extra):
    data = {
        "org": world.union,
        "actor": world.enterprise_cadre,
        "channel": "hotline",
        "topic": "wages",
        "summary": "三个月工资未发",
        "member": world.member,
        "enterprise": world.enterprise,
    }
    data.update(extra)
    return svc.consultation_record(**data)


def make_case(world, *, actor=None, **extra):
    data = {
        "actor": actor or world.enterprise_cadre,
        "org": world.union,
        "member": world.member,
        "enterprise": world.enterprise,
        "topic": "wages",
        "summary": "拖欠三个月工资共 18,000 元",
        "amount_claimed": Decimal("18000"),
        "opened_on": past(10),
    }
    data.update(extra)
    return svc.case_open(**data)


def past(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
