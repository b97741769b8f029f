"""Search by any part of a name (core.choosers.name_q): "华宇" finds 桐川华宇机械有限公司.

Django's `icontains` is `UPPER(col::text) LIKE UPPER('%x%')` on PostgreSQL, which a GIN trigram
index on the same expression serves (pg_trgm; the database's C.UTF-8 or zh_CN ctype makes Chinese
characters trigram characters). Searches of three characters or more are index scans; the prefix
indexes of `chooser_search` for names are no longer used by any query and are dropped (the credit
code keeps its prefix index: codes are still matched from the start). SQLite has no trigram index:
it scans, which is fine for the embedded database's size. Other databases: nothing.
"""

from django.db import migrations

TRIGRAM_INDEXES = [
    ("orgs_ent_name_trgm", "orgs_enterprise", "name"),
    ("orgs_org_name_trgm", "orgs_org", "name"),
    ("orgs_org_short_trgm", "orgs_org", "short_name"),
]
PREFIX_INDEXES = [
    # from 0003_chooser_search: (name, table, PostgreSQL expression, SQLite expression)
    ("orgs_ent_name_prefix", "orgs_enterprise", "UPPER(name::text) text_pattern_ops", "name COLLATE NOCASE"),
    ("orgs_org_name_prefix", "orgs_org", "UPPER(name::text) text_pattern_ops", "name COLLATE NOCASE"),
    (
        "orgs_org_short_prefix",
        "orgs_org",
        "UPPER(short_name::text) text_pattern_ops",
        "short_name COLLATE NOCASE",
    ),
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
            )
    if vendor in ("postgresql", "sqlite"):
        for name, *_ in PREFIX_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, *_ in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table, pg, sqlite in PREFIX_INDEXES:
        column = {"postgresql": pg, "sqlite": sqlite}.get(vendor)
        if column:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_enterprise_contact")]
    operations = [migrations.RunPython(forwards, backwards)]
