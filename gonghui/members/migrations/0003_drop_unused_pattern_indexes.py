"""Drop the varchar_pattern_ops indexes PostgreSQL got for Member's unique or indexed number columns.

Django adds a LIKE-prefix index beside the plain one for every indexed varchar on PostgreSQL. For
`id_number_hash` (looked up by equality only), `member_no` and `mobile` (equality, `endswith` and
`contains` searches, which a prefix index cannot serve) no query uses them, and each costs every
import and every join: at a province's 10M members about 1.5 GB. The plain indexes stay.
"""

from django.db import migrations

COLUMNS = ("id_number_hash", "member_no", "mobile")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'members_member'"
        )
        for name, definition in cursor.fetchall():
            if any(f"({column} varchar_pattern_ops)" in definition for column in COLUMNS):
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("members", "0002_stats_index")]

    # Reversing leaves them dropped: nothing reads them.
    operations = [migrations.RunPython(drop, migrations.RunPython.noop, elidable=True)]
