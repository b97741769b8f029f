"""The cadre's lists cost the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from tests.rights.legal.conftest import make_case, make_consultation

pytestmark = pytest.mark.django_db


def test_the_case_and_consultation_lists_do_not_query_per_row(login, world, django_assert_num_queries):
    client = login(world.county_cadre)
    make_case(world)
    make_consultation(world)
    for name in ("rights:legal_cases", "rights:legal_consultations"):
        client.get(reverse(name))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(reverse(name))
        for _ in range(5):
            make_case(world)
            make_consultation(world)
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(reverse(name))
