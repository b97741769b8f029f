import pytest

from gonghui.care.services import wishes as services
from tests.factories import make_member, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def make_rider(org, *, name="马骑手", job_type="delivery_rider"):
    user = make_user(name=name)
    make_member(org, name=name, user=user, mobile=user.phone, job_type=job_type)
    return user


def post_wish(user, **kw):
    fields = dict(
        kind="work", title="一件冬季骑行防寒服", reason="冬天送餐太冷了", amount="280.00", actor=user
    )
    fields.update(kw)
    return services.wish_post(**fields)


@pytest.fixture
def wishes(world):
    """The world, a rider of the joint union (new-employment-form workers) with a wish posted, and
    a donor (a volunteer: any logged-in person)."""
    world.rider = make_rider(world.joint)
    world.donor = make_user(name="何志愿")
    world.wish = post_wish(world.rider)
    return world
