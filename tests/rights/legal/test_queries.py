"""The cadre's lists cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.rights.legal.conftest import make_case, make_consultation

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["rights:legal_cases", "rights:legal_consultations"])
def test_the_lists_do_not_query_per_row(login, world, name):
    client = login(world.county_cadre)
    url = reverse(name)
    make_case(world)
    make_consultation(world)
    client.get(url)
    few = _queries(client, url)
    for _ in range(5):
        make_case(world)
        make_consultation(world)
    client.get(url)  # the cadre's facts (core.facts) are read again after a change to a case
    assert _queries(client, url) == few <= 12
