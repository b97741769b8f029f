#!/usr/bin/env python
"""Service-desk benchmark: the dispatch board and the order/problem figures on a big county.

    python benchmarks/desk.py [--orders 200000] [--problems 100000] [--unions 2000] [--townships 20] [--rebuild]

Builds, once (reused when the sizes match), a federation → townships → grassroots unions tree with
one enterprise per union, service teams and menus at the county and in every township, and the
orders and problems, on a dedicated database:

- DATABASE_URL pointing at PostgreSQL: the database `bench_desk` on the same server (created if
  missing). The configured database itself is never touched.
- Otherwise: a SQLite file /tmp/gonghui-bench-desk.sqlite3.

The rows are bulk-inserted (`bulk_create`, 5,000 per statement), not placed through the services:
the benchmark measures reads, and two hundred thousand orders through order_place → order_rate
would take an hour. States, timestamps and the fields the board and figures read (org_path, state,
dispatch_due, service_date, created_at, delivered_at, rating, people_served; problems' state,
due_date, unit, created_at, resolved_at) are filled as the services would leave them. No
transition logs or notifications are written (nothing here reads them). Then ANALYZE, and each
figure is timed with exactly the selector the page calls: best of 5, milliseconds, and the number
of queries (which must not grow with the data).
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
BENCH_DB = "bench_desk"
SQLITE_FILE = "/tmp/gonghui-bench-desk.sqlite3"
ROOT_NAME = "基准测试县总工会（服务台）"
BATCH = 5000
TARGET_MS = 150


def configure() -> str:
    """Point Django at the benchmark database (never the configured one) and set it up."""
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
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
        admin.close()
        auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "") + "@" if cfg["USER"] else ""
        bench_url = f"postgres://{auth}{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{BENCH_DB}"
    else:
        bench_url = f"sqlite:///{SQLITE_FILE}"
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench-desk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return bench_url.split("@")[-1]


def existing_sizes() -> tuple[int, int, int] | None:
    from gonghui.orgs.models import Org, OrgKind
    from gonghui.servicedesk.models import Problem, ServiceOrder

    if not Org.objects.filter(name=ROOT_NAME, depth=0).exists():
        return None
    return (
        Org.objects.filter(kind=OrgKind.GRASSROOTS).count(),
        ServiceOrder.objects.count(),
        Problem.objects.count(),
    )


def wipe() -> None:
    from django.core.management import call_command
    from django.db import connection

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    else:
        call_command("flush", interactive=False, verbosity=0)


def build(*, unions: int, orders: int, problems: int, townships: int, seed: int = 2026) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import Position, Role, User
    from gonghui.core.scoping import SEGMENT
    from gonghui.orgs.models import Enterprise, Org, OrgKind

    rng = random.Random(seed)
    t0 = time.perf_counter()
    now = timezone.now()

    def seg(n: int) -> str:
        return str(n).zfill(SEGMENT)

    def at(days_ago: float) -> datetime.datetime:
        return now - datetime.timedelta(days=days_ago)

    with transaction.atomic():
        root = Org.objects.create(name=ROOT_NAME, kind=OrgKind.FEDERATION, path=seg(1), depth=0)
        towns = Org.objects.bulk_create(
            [
                Org(name=f"第{i}镇工会", kind=OrgKind.TOWNSHIP, parent=root, path=root.path + seg(i), depth=1)
                for i in range(1, townships + 1)
            ]
        )
        union_rows = []
        for t_index, town in enumerate(towns):
            count = unions // townships + (1 if t_index < unions % townships else 0)
            union_rows += [
                Org(
                    name=f"{town.name}第{j}基层工会",
                    kind=OrgKind.GRASSROOTS,
                    parent=town,
                    path=town.path + seg(j),
                    depth=2,
                )
                for j in range(1, count + 1)
            ]
        union_orgs = Org.objects.bulk_create(union_rows, batch_size=BATCH)
        ents = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    name=f"企业{n}",
                    uscc=f"B{n:017d}",
                    employee_count=rng.randint(20, 400),
                    org_id=u.parent_id,
                    org_path=u.path[: 2 * SEGMENT],
                    union=u,
                )
                for n, u in enumerate(union_orgs, start=1)
            ],
            batch_size=BATCH,
        )
        users = User.objects.bulk_create(
            [
                User(phone=f"1370000{n:04d}", name=f"用户{n}", password="!")
                for n in range(1, len(union_orgs) + 3)
            ],
            batch_size=BATCH,
        )
        root_cadre, town_cadre, orderers = users[0], users[1], users[2:]
        Position.objects.bulk_create(
            [
                Position(user=root_cadre, org=root, role=Role.CHAIR),
                Position(user=town_cadre, org=towns[0], role=Role.CHAIR),
                *[
                    Position(user=u, org=o, role=Role.CHAIR)
                    for u, o in zip(orderers, union_orgs, strict=True)
                ],
            ],
            batch_size=BATCH,
        )
        print(
            f"  tree: {1 + len(towns) + len(union_orgs)} orgs, {len(ents)} enterprises, {len(users)} users "
            f"in {time.perf_counter() - t0:.1f}s",
            flush=True,
        )

        fill_desk(
            root=root,
            towns=towns,
            union_orgs=union_orgs,
            ents=ents,
            orderers=orderers,
            orders=orders,
            problems=problems,
            rng=rng,
        )
    print(f"  built in {time.perf_counter() - t0:.1f}s", flush=True)


def fill_desk(
    *, root, towns, union_orgs, ents, orderers, orders: int, problems: int, rng: random.Random
) -> None:
    """The service desk's rows on an existing tree (root → towns → unions, one enterprise per union):
    the county's and the townships' teams and menus, partner units, `orders` orders and `problems`
    problems, bulk-inserted as the services would leave them. benchmarks/glance.py uses it too."""
    from django.db import transaction
    from django.utils import timezone

    from gonghui.servicedesk.models import (
        Category,
        MenuItem,
        PartnerUnit,
        Problem,
        ProblemCategory,
        ServiceOrder,
        ServiceTeam,
    )

    now = timezone.now()

    def at(days_ago: float) -> datetime.datetime:
        return now - datetime.timedelta(days=days_ago)

    with transaction.atomic():
        # The county's five teams and menu; each township its own team and three items.
        categories = list(Category.values)
        owners = [root, *towns]
        teams, items = {}, {}
        for org in owners:
            names = (
                ["康体活力", "法安先锋", "文艺风尚", "技能帮帮团", "心灵驿站"]
                if org is root
                else [f"{org.name}服务队"]
            )
            teams[org.pk] = ServiceTeam.objects.bulk_create(
                [ServiceTeam(org=org, org_path=org.path, name=n, leader=rng.choice(orderers)) for n in names]
            )
            items[org.pk] = MenuItem.objects.bulk_create(
                [
                    MenuItem(
                        org=org,
                        org_path=org.path,
                        title=f"{org.name}服务{k}",
                        category=categories[k % len(categories)],
                        team=teams[org.pk][k % len(teams[org.pk])],
                    )
                    for k in range(12 if org is root else 3)
                ]
            )
        units = PartnerUnit.objects.bulk_create(
            [
                PartnerUnit(org=root, org_path=root.path, name=n)
                for n in ("市场监管局", "人社局", "税务局", "自然资源和规划局", "住建局")
            ]
        )

        ent_by_town: dict[int, list] = {}
        for e, u in zip(ents, union_orgs, strict=True):
            ent_by_town.setdefault(e.org_id, []).append((e, u))
        states = ("rated", "delivered", "dispatched", "accepted", "ordered", "declined", "cancelled")
        weights = (62, 13, 8, 5, 4, 4, 4)
        t1 = time.perf_counter()
        rows = []
        for n in range(orders):
            # Half the orders go to the county's menu, half to the township's own.
            town = rng.choice(towns)
            owner = root if n % 2 == 0 else town
            item = rng.choice(items[owner.pk])
            enterprise, union = rng.choice(ent_by_town[town.pk])
            state = rng.choices(states, weights)[0]
            # As a season leaves them: finished orders over two years; open ones recent, and a few
            # of those overdue (accepted but not dispatched in time, or dispatched and not reported).
            late = rng.random() < 0.08
            if state in ("rated", "delivered", "declined", "cancelled"):
                created = at(rng.uniform(3, 730))
            elif state == "ordered":
                created = at(rng.uniform(0, 3))
            elif state == "accepted":
                created = at(rng.uniform(10, 30) if late else rng.uniform(0, 6))
            else:
                created = at(rng.uniform(20, 40) if late else rng.uniform(0, 15))
            wished = created.date() + datetime.timedelta(
                days=rng.randint(3, 20) if late else rng.randint(16, 30)
            )
            o = ServiceOrder(
                org_id=owner.pk,
                org_path=owner.path,
                uuid=uuid.uuid4(),
                item=item,
                category=item.category,
                orderer_id=rng.choice(orderers).pk,
                orderer_kind="union",
                ordering_union=union,
                place=f"{enterprise.name}职工之家",
                wished_date=wished,
                expected_people=rng.randint(10, 200),
                state=state,
            )
            if state not in ("ordered", "declined"):
                o.accepted_at = created + datetime.timedelta(days=1)
                o.dispatch_due = o.accepted_at.date() + datetime.timedelta(days=7)
            if state in ("dispatched", "delivered", "rated"):
                o.team = item.team
                o.dispatched_at = created + datetime.timedelta(days=2)
                o.service_date = wished
                o.service_place = o.place
            if state in ("delivered", "rated"):
                o.delivered_at = min(
                    now, datetime.datetime.combine(wished, datetime.time(8), tzinfo=created.tzinfo)
                )
                o.people_served = rng.randint(10, 200)
            if state == "rated":
                o.rating = rng.choices((5, 4, 3, 2, 1), (60, 25, 10, 3, 2))[0]
                o.rated_at = o.delivered_at
            o._bench_created = created
            rows.append(o)
            if len(rows) == BATCH:
                _insert_with_times(ServiceOrder, rows, [r._bench_created for r in rows])
                rows = []
        if rows:
            _insert_with_times(ServiceOrder, rows, [r._bench_created for r in rows])
        print(f"  orders: {orders} in {time.perf_counter() - t1:.1f}s", flush=True)

        t2 = time.perf_counter()
        pcats = list(ProblemCategory.values)
        pstates = ("resolved", "answered", "assigned", "raised", "reopened", "closed")
        pweights = (70, 8, 14, 3, 2, 3)
        rows = []
        for _n in range(problems):
            town = rng.choice(towns)
            enterprise, union = rng.choice(ent_by_town[town.pk])
            state = rng.choices(pstates, pweights)[0]
            created = at(rng.uniform(0, 730) if state in ("resolved", "closed") else rng.uniform(0, 40))
            p = Problem(
                org_id=town.pk,
                org_path=town.path,
                uuid=uuid.uuid4(),
                enterprise=enterprise,
                reporter=rng.choice(orderers),
                category=rng.choice(pcats),
                title="问题",
                description="情况",
                state=state,
            )
            if state != "raised":
                p.unit = rng.choice(units)
                p.assigned_at = created + datetime.timedelta(days=1)
                p.due_date = p.assigned_at.date() + datetime.timedelta(days=14)
            if state in ("answered", "resolved"):
                p.answered_at = created + datetime.timedelta(days=rng.uniform(2, 20))
            if state == "resolved":
                p.resolved_at = p.answered_at + datetime.timedelta(days=rng.uniform(0.5, 5))
            p._bench_created = created
            rows.append(p)
            if len(rows) == BATCH:
                _insert_with_times(Problem, rows, [r._bench_created for r in rows])
                rows = []
        if rows:
            _insert_with_times(Problem, rows, [r._bench_created for r in rows])
        print(f"  problems: {problems} in {time.perf_counter() - t2:.1f}s", flush=True)
    recount_tallies()


def recount_tallies() -> None:
    """The daily tallies the services keep (core.tallies), counted for the rows inserted above."""
    from gonghui.core import tallies

    t = time.perf_counter()
    tallies.recount_all()
    print(f"  daily tallies: in {time.perf_counter() - t:.1f}s", flush=True)


def _insert_with_times(model, rows, created: list) -> None:
    """bulk_create, then the created_at the season needs (auto_now_add stamps the insert time)."""
    for row, moment in zip(rows, created, strict=True):
        row.created_at = row.updated_at = moment
    # auto_now_add/auto_now would overwrite the values: switch them off for this insert only.
    fields = [model._meta.get_field("created_at"), model._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        model.objects.bulk_create(rows, batch_size=BATCH)
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def measure(fn, runs: int = 5) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, queries = float("inf"), 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            fn()
            elapsed = (time.perf_counter() - t) * 1000
        best = min(best, elapsed)
        queries = len(ctx.captured_queries)
    return best, queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--problems", type=int, default=100_000)
    parser.add_argument("--unions", type=int, default=2_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    where = configure()
    print(f"database: {where}")
    sizes = existing_sizes()
    wanted = (args.unions, args.orders, args.problems)
    if args.rebuild or sizes != wanted:
        if sizes is not None:
            print(f"rebuilding (found unions/orders/problems {sizes}, want {wanted})")
            wipe()
        print("building …", flush=True)
        build(unions=args.unions, orders=args.orders, problems=args.problems, townships=args.townships)
    else:
        print(f"reusing {sizes[1]:,} orders and {sizes[2]:,} problems over {sizes[0]:,} unions")
    t = time.perf_counter()
    analyze()
    print(f"ANALYZE: {time.perf_counter() - t:.1f}s")

    from django.core.paginator import Paginator
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.core import stamps
    from gonghui.orgs.models import Org
    from gonghui.servicedesk.selectors.orders import ORDERS, BoardFilters, board_orders, order_figures
    from gonghui.servicedesk.selectors.problems import problem_figures
    from gonghui.servicedesk.views.orders import BOARD_PAGE_SIZE

    root = Org.objects.get(name=ROOT_NAME, depth=0)
    town = Org.objects.filter(parent=root).order_by("path").first()
    root_cadre = User.objects.get(positions__org=root)
    town_cadre = User.objects.get(positions__org=town)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)

    def board(user_pk: int):
        def run():
            user = User.objects.get(pk=user_pk)  # a fresh request's user: positions not cached yet
            stamps.touch(ORDERS, [root.path])  # as after an order changed: counts and keys read afresh
            orders, counts = board_orders(user, BoardFilters())
            page = Paginator(orders, BOARD_PAGE_SIZE).get_page(1)
            rows = list(page.object_list)
            assert rows and counts["open"] >= 0

        return run

    def figures_orders(user_pk: int, org: Org):
        def run():
            order_figures(User.objects.get(pk=user_pk), org=org, start=start, end=today)

        return run

    def figures_problems(org: Org):
        return lambda: problem_figures(org=org, start=start, end=today)

    cases = [
        ("dispatch board, page 1 — root cadre", board(root_cadre.pk)),
        ("dispatch board, page 1 — township cadre", board(town_cadre.pk)),
        ("order figures, 1 year — root", figures_orders(root_cadre.pk, root)),
        ("order figures, 1 year — township", figures_orders(town_cadre.pk, town)),
        ("problem figures, 1 year — root", figures_problems(root)),
        ("problem figures, 1 year — township", figures_problems(town)),
    ]
    print()
    print(f"| figure | best of 5 (ms) | queries | ≤ {TARGET_MS} ms |")
    print("|---|---|---|---|")
    for name, fn in cases:
        ms, queries = measure(fn)
        print(f"| {name} | {ms:.1f} | {queries} | {'yes' if ms <= TARGET_MS else '**no**'} |", flush=True)


if __name__ == "__main__":
    main()
