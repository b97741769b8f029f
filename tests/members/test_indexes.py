"""The members table keeps the indexes its queries use and none that only slow imports (PostgreSQL)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pattern_ops indexes")
def test_no_pattern_ops_indexes_on_the_member_number_columns():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'members_member'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert not [d for d in definitions if "pattern_ops" in d]
    # the plain (unique) indexes that lookups and the one-membership rule rely on are still there
    for column in ("id_number_hash", "member_no", "mobile"):
        assert any(f"({column})" in d for d in definitions), column
    assert any("UNIQUE" in d and "(id_number_hash)" in d for d in definitions)
