import pytest

from tests.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Throttle counters and job progress live in the cache: no test sees another's."""
    from django.core.cache import cache

    from gonghui.core import workdays

    cache.clear()
    workdays.forget()  # the calendar a rolled-back test saved must not outlive it
    yield
    cache.clear()
    workdays.forget()


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def desk(world):
    """make_world plus the service-desk and volunteer personas (tests.factories.make_desk_world)."""
    from tests.factories import make_desk_world

    return make_desk_world(world)
