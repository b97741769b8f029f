#!/usr/bin/env python
"""Stats benchmark: time subtree_stats and child_stats on a county-sized (or province-sized) tree.

    python benchmarks/stats.py [--unions 20000] [--members 1000000] [--townships 20] [--rebuild]

Builds, once, a federation → townships → grassroots/joint unions tree with enterprises and members
on a dedicated database, then times the figures for the root, a township and a grassroots union
(best of 5, milliseconds). The data is reused on the next run when the sizes match.

- DATABASE_URL pointing at PostgreSQL: the database `bench_stats` on the same server (created if
  missing). The configured database itself is never touched.
- Otherwise: a SQLite file /tmp/gonghui-bench-stats.sqlite3.

Members are inserted with COPY (PostgreSQL) or executemany (SQLite), bypassing the services: the
ID-number ciphertexts, hashes and masks are fake placeholders (no encryption for a benchmark), and
no membership history rows are written (the figures do not read them). The member tally
(orgs.tally) is then computed with one INSERT … SELECT … GROUP BY, as `recount_tallies` would; it is
recomputed the same way when existing data is reused.
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "bench_stats"
SQLITE_FILE = "/tmp/gonghui-bench-stats.sqlite3"
ROOT_NAME = "基准测试县总工会"


def configure(db_name: str = BENCH_DB) -> str:
    """Point Django at the benchmark database `db_name` (never the configured one) and set it up."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        cfg = dj_database_url.parse(url)
        import psycopg

        admin = psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db_name}"')
        admin.close()
        auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "") + "@" if cfg["USER"] else ""
        bench_url = f"postgres://{auth}{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{db_name}"
    else:
        bench_url = (
            f"sqlite:///{SQLITE_FILE}" if db_name == BENCH_DB else f"sqlite:////tmp/gonghui-{db_name}.sqlite3"
        )
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench-stats")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return bench_url.split("@")[-1]


def existing_sizes() -> tuple[int, int] | None:
    from gonghui.members.models import Member
    from gonghui.orgs.models import MEMBER_KINDS, Org

    if not Org.objects.filter(name=ROOT_NAME, depth=0).exists():
        return None
    return Org.objects.filter(kind__in=MEMBER_KINDS).count(), Member.objects.count()


def wipe() -> None:
    from django.db import connection

    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    else:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    assert not Org.objects.exists() and not Member.objects.exists()


def build(*, unions: int, members: int, townships: int, seed: int = 2026) -> None:
    from django.db import connection, transaction

    from gonghui.core.scoping import SEGMENT
    from gonghui.orgs.models import Enterprise, Org, OrgKind

    rng = random.Random(seed)
    t0 = time.perf_counter()

    def seg(n: int) -> str:
        return str(n).zfill(SEGMENT)

    with transaction.atomic():
        root = Org.objects.create(name=ROOT_NAME, kind=OrgKind.FEDERATION, path=seg(1), depth=0)
        towns = Org.objects.bulk_create(
            [
                Org(
                    name=f"第{i}镇工会",
                    kind=OrgKind.STREET if i % 4 == 0 else OrgKind.TOWNSHIP,
                    parent=root,
                    path=root.path + seg(i),
                    depth=1,
                )
                for i in range(1, townships + 1)
            ]
        )
        per_town = unions // townships
        union_rows = []
        for t_index, town in enumerate(towns):
            count = per_town + (1 if t_index < unions % townships else 0)
            for j in range(1, count + 1):
                kind = OrgKind.JOINT_GRASSROOTS if j % 40 == 0 else OrgKind.GRASSROOTS
                formed = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(0, 9800))
                union_rows.append(
                    Org(
                        name=f"{town.name}第{j}基层工会",
                        kind=kind,
                        parent=town,
                        path=town.path + seg(j),
                        depth=2,
                        formed_on=formed,
                    )
                )
        union_orgs = Org.objects.bulk_create(union_rows, batch_size=2000)
        print(f"  orgs: {1 + len(towns) + len(union_orgs)} in {time.perf_counter() - t0:.1f}s", flush=True)

        # Every union covers one enterprise; a third as many again are 25+ enterprises without one.
        ents = []
        n = 0
        for union in union_orgs:
            n += 1
            ents.append(
                Enterprise(
                    name=f"企业{n}",
                    uscc=f"B{n:017d}",
                    employee_count=rng.randint(20, 400),
                    org_id=union.parent_id,
                    org_path=union.path[: 2 * SEGMENT],
                    union=union,
                    union_formed_on=union.formed_on,
                )
            )
        for _ in range(len(union_orgs) // 3):
            n += 1
            town = rng.choice(towns)
            ents.append(
                Enterprise(
                    name=f"企业{n}",
                    uscc=f"B{n:017d}",
                    employee_count=rng.randint(5, 300),
                    org_id=town.pk,
                    org_path=town.path,
                )
            )
        ents = Enterprise.objects.bulk_create(ents, batch_size=2000)
        ent_by_union = {e.union_id: e for e in ents if e.union_id}
        print(f"  enterprises: {len(ents)} in {time.perf_counter() - t0:.1f}s", flush=True)

        member_rows(connection, union_orgs, ent_by_union, members, rng)
        print(f"  members: {members} in {time.perf_counter() - t0:.1f}s", flush=True)
        fill_tally()
    print(f"  tally: in {time.perf_counter() - t0:.1f}s", flush=True)


def fill_tally() -> None:
    """The member tally from the members table, in one statement (the services keep it from then on)."""
    from django.db import connection, transaction

    from gonghui.members.models import Member
    from gonghui.orgs.models import Org, OrgMemberTally

    tally, member, org = OrgMemberTally._meta.db_table, Member._meta.db_table, Org._meta.db_table
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f'DELETE FROM "{tally}"')
        cur.execute(
            f'INSERT INTO "{tally}" (org_id, org_path, members, new_form_members) '
            f"SELECT m.org_id, o.path, COUNT(*), SUM(CASE WHEN m.job_type <> '' THEN 1 ELSE 0 END) "
            f'FROM "{member}" m JOIN "{org}" o ON o.id = m.org_id '
            f"WHERE m.status IN ('active', 'retired') GROUP BY m.org_id, o.path"
        )


def member_rows(connection, union_orgs, ent_by_union, total: int, rng: random.Random) -> None:
    """Insert `total` members spread over the unions, by COPY (PostgreSQL) or executemany (SQLite)."""
    from django.utils import timezone

    from gonghui.members.models import Member

    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = timezone.now()
    job_types = ["delivery_rider", "ride_hailing", "truck_driver", "courier"]
    # Fields added to Member later get their default, prepared once.
    constant = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    start = datetime.date(2000, 1, 1).toordinal()
    span = datetime.date(2026, 12, 31).toordinal() - start

    def rows():
        for i in range(total):
            union = union_orgs[i % len(union_orgs)]
            enterprise = ent_by_union.get(union.pk)
            joint = union.kind != "grassroots"
            r = rng.random()
            status = "active" if r < 0.92 else ("retired" if r < 0.96 else "left")
            joined = datetime.date.fromordinal(start + rng.randrange(span))
            values = dict(constant)
            values.update(
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                name=f"会员{i}",
                gender="M" if i % 2 else "F",
                birth_date=datetime.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                id_number_encrypted="bench-fake",
                id_number_masked="330102********0011",
                mobile=f"139{i:08d}",
                member_no=f"B{i:09d}",
                id_number_hash=f"{i:064x}",
                org_id=union.pk,
                org_path=union.path,
                enterprise_id=None if joint else enterprise.pk,
                employer_name="" if joint else enterprise.name,
                job_type=rng.choice(job_types) if joint else "",
                work_area_id=None,
                status=status,
                joined_on=joined,
                left_on=joined + datetime.timedelta(days=400) if status == "left" else None,
                retired_on=joined + datetime.timedelta(days=300) if status == "retired" else None,
                source="import",
                user_id=None,
                created_at=now,
                updated_at=now,
            )
            yield [values[f.attname] for f in fields]

    table = Member._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            col_sql = ", ".join(f'"{c}"' for c in columns)
            with cur.cursor.copy(f'COPY "{table}" ({col_sql}) FROM STDIN') as copy:
                for done, row in enumerate(rows(), start=1):
                    copy.write_row(row)
                    if done % 200_000 == 0:
                        print(f"    {done} members…", flush=True)
        else:
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
            batch = []
            for done, row in enumerate(rows(), start=1):
                batch.append(
                    [
                        v.isoformat(sep=" ")
                        if isinstance(v, datetime.datetime)
                        else v.isoformat()
                        if isinstance(v, datetime.date)
                        else v
                        for v in row
                    ]
                )
                if len(batch) == 20_000:
                    cur.executemany(sql, batch)
                    batch.clear()
                if done % 200_000 == 0:
                    print(f"    {done} members…", flush=True)
            if batch:
                cur.executemany(sql, batch)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map, which index-only scans need after a bulk load.
            cur.execute("VACUUM ANALYZE")
        else:
            cur.execute("ANALYZE")


def best_of(fn, repeat: int = 5) -> tuple[float, int]:
    from django.db import connection, reset_queries

    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        queries = len(connection.queries)
    return min(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="drop the benchmark data and build it again")
    parser.add_argument("--db-name", default=BENCH_DB, help=f"benchmark database (default {BENCH_DB})")
    args = parser.parse_args()

    where = configure(args.db_name)
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = True  # count queries
    from gonghui.orgs.models import Org, OrgKind
    from gonghui.orgs.stats import child_stats, default_period, subtree_stats

    sizes = existing_sizes()
    if args.rebuild or sizes != (args.unions, args.members):
        print(
            f"Building {args.unions} unions, {args.members} members on {connection.vendor} ({where})…",
            flush=True,
        )
        if sizes is not None or Org.objects.exists():
            wipe()
        build(unions=args.unions, members=args.members, townships=args.townships)
        t = time.perf_counter()
        analyze()
        print(f"  analyze: {time.perf_counter() - t:.1f}s", flush=True)
    else:
        print(f"Reusing {sizes[0]} unions, {sizes[1]} members on {connection.vendor} ({where}).")
        t = time.perf_counter()
        fill_tally()
        analyze()
        print(f"  tally recomputed, analyze: {time.perf_counter() - t:.1f}s", flush=True)

    root = Org.objects.get(name=ROOT_NAME, depth=0)
    township = Org.objects.filter(parent=root).order_by("path").first()
    union = Org.objects.filter(parent=township, kind=OrgKind.GRASSROOTS).order_by("path").first()
    start, end = default_period()
    print(f"\nperiod {start} – {end}; best of 5, milliseconds (queries)")
    print(f"{'org':<28}{'subtree_stats':>16}{'child_stats':>16}")
    worst = 0.0
    for label, org in (("root (federation)", root), ("township", township), ("grassroots union", union)):
        s_ms, s_q = best_of(lambda o=org: subtree_stats(o, start, end))
        c_ms, c_q = best_of(lambda o=org: child_stats(o, start, end))
        worst = max(worst, s_ms, c_ms)
        print(f"{label:<28}{s_ms:>11.1f} ({s_q}){c_ms:>11.1f} ({c_q})")
    f = subtree_stats(root, start, end)
    print(f"\nroot figures: {f.as_dict()}")
    print(f"target ≤ 100 ms each: {'met' if worst <= 100 else 'MISSED'} (worst {worst:.1f} ms)")
    roster(root, township, union)


def roster(root, township, union) -> None:
    """The roster page's queries (members.selectors.roster.members_for: count + first page of 50) for
    a chair of the root: the whole tree, a township, a union, and the active members of the tree."""
    from django.core.paginator import Paginator

    from gonghui.accounts.models import Position
    from gonghui.accounts.services import user_get_or_create
    from gonghui.members.selectors.roster import RosterFilter, members_for

    chair, _created = user_get_or_create(phone="13900000000", name="基准主席")
    Position.objects.get_or_create(user=chair, org=root, defaults={"role": "chair"})

    def page(**filters):
        paginator = Paginator(members_for(chair, RosterFilter(**filters)), 50)
        rows = list(paginator.get_page(1).object_list)
        return paginator.count, rows

    print("\nroster page (count + first 50, ordered by union and member number); best of 5, ms (queries)")
    worst = 0.0
    for label, filters in (
        ("whole tree", {}),
        ("whole tree, active", {"status": "active"}),
        ("township", {"org": township}),
        ("grassroots union", {"org": union}),
    ):
        ms, q = best_of(lambda f=filters: page(**f))
        worst = max(worst, ms)
        print(f"{label:<28}{ms:>11.1f} ({q})")
    print(f"target ≤ 100 ms each: {'met' if worst <= 100 else 'MISSED'} (worst {worst:.1f} ms)")

    # The export job's work (members.services.roster_export): 100,000 masked rows into an .xlsx.
    import io

    from gonghui.core.xlsx import write_xlsx
    from gonghui.members.services import roster_export

    qs = members_for(chair, RosterFilter())[:100_000]
    t = time.perf_counter()
    buf = io.BytesIO()
    write_xlsx(buf, roster_export.headers(), roster_export.rows(qs, full=False))
    seconds = time.perf_counter() - t
    print(
        f"\nroster export, 100,000 masked rows: {seconds:.1f} s ({100_000 / seconds:,.0f} rows/s, "
        f"{len(buf.getvalue()) / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
