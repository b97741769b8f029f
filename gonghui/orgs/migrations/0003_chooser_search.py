"""Indexes for the choosers' prefix search (core.choosers.prefix_q), per database.

Django's `istartswith` is `UPPER(col::text) LIKE UPPER('x%')` on PostgreSQL, which an expression
index with text_pattern_ops serves in any collation; `startswith` on the credit code is
`col::text LIKE 'X%'`, served by varchar_pattern_ops. On SQLite both are `col LIKE 'x%' ESCAPE '\\'`,
which SQLite's LIKE optimisation serves only from a NOCASE index. Other databases: no index.
"""

from django.db import migrations

INDEXES = [
    # (name, table, PostgreSQL column expression, SQLite column expression)
    ("orgs_ent_name_prefix", "orgs_enterprise", "UPPER(name::text) text_pattern_ops", "name COLLATE NOCASE"),
    ("orgs_ent_uscc_prefix", "orgs_enterprise", "uscc varchar_pattern_ops", "uscc COLLATE NOCASE"),
    ("orgs_org_name_prefix", "orgs_org", "UPPER(name::text) text_pattern_ops", "name COLLATE NOCASE"),
    (
        "orgs_org_short_prefix",
        "orgs_org",
        "UPPER(short_name::text) text_pattern_ops",
        "short_name COLLATE NOCASE",
    ),
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, pg, sqlite in INDEXES:
        column = {"postgresql": pg, "sqlite": sqlite}.get(vendor)
        if column:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        for name, *_ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_member_tally")]
    operations = [migrations.RunPython(create, drop)]
