#!/usr/bin/env python
"""Glance benchmark: the dashboard's glance page for the root and a township of a county-sized tree.

    python benchmarks/glance.py [--db-name bench_glance] [--unions 20000] [--members 1000000]
                                [--orders 200000] [--problems 100000] [--rebuild]

Reuses benchmarks/stats.py's builder (federation → 20 townships → 20,000 unions, 26,666 enterprises,
1,000,000 members by COPY) on its own database (`--db-name`, default bench_glance, on the server of
DATABASE_URL; a SQLite file without it), and adds the service desk's rows with benchmarks/desk.py's
`fill_desk` (200,000 orders and 100,000 problems on the same tree, bulk-inserted) once. Then
VACUUM ANALYZE, and the whole glance page is requested through Django's test client as a chair of
the root (the root's glance, a township's): median and best of 7 after a warm-up, milliseconds, with
the number of queries, and the same for the glance's work alone (dashboard.selectors.glance) and each chart's SVG.

The cache is Redis when REDIS_URL is set (its server, database 6, emptied by each timed run), as in
production; the database's own cache table otherwise. Targets: the root's glance ≤ 300 ms, a
township's ≤ 100 ms.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stats  # noqa: E402  (benchmarks/stats.py: the tree and members builder)

ROOT_TARGET_MS = 300
TOWNSHIP_TARGET_MS = 100


def add_desk(orders: int, problems: int) -> None:
    from desk import fill_desk

    from gonghui.accounts.models import User
    from gonghui.orgs.models import MEMBER_KINDS, Enterprise, Org
    from gonghui.servicedesk.models import ServiceOrder

    if ServiceOrder.objects.exists():
        print(f"  service desk: reusing {ServiceOrder.objects.count()} orders", flush=True)
        from desk import recount_tallies

        recount_tallies()  # a database built before the tallies existed has none
        return
    t = time.perf_counter()
    root = Org.objects.get(name=stats.ROOT_NAME, depth=0)
    towns = list(Org.objects.filter(parent=root).order_by("path"))
    unions = list(Org.objects.filter(depth=2, kind__in=MEMBER_KINDS).order_by("path"))
    by_union = {e.union_id: e for e in Enterprise.objects.filter(union__isnull=False)}
    pairs = [(by_union[u.pk], u) for u in unions if u.pk in by_union]
    orderers = User.objects.bulk_create(
        [User(phone=f"1360000{n:04d}", name=f"点单人{n}", password="!") for n in range(2000)], batch_size=2000
    )
    fill_desk(
        root=root,
        towns=towns,
        union_orgs=[u for _e, u in pairs],
        ents=[e for e, _u in pairs],
        orderers=orderers,
        orders=orders,
        problems=problems,
        rng=random.Random(2027),
    )
    print(
        f"  service desk: {orders} orders, {problems} problems in {time.perf_counter() - t:.1f}s", flush=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db-name", default="bench_glance")
    parser.add_argument("--unions", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--problems", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    import os

    if os.environ.get("REDIS_URL"):
        # The cache as production has it, on a Redis database of the benchmark's own: each timed
        # run empties it (FLUSHDB).
        os.environ["REDIS_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/6"
        print(f"cache: Redis {os.environ['REDIS_URL']}", flush=True)
    else:
        print("cache: the database's (set REDIS_URL for Redis, as in production)", flush=True)

    where = stats.configure(args.db_name)
    from django.conf import settings
    from django.db import connection

    # timed as deployed (DEBUG off: no query log); queries are counted in a run of their own
    settings.ALLOWED_HOSTS = ["*"]
    from gonghui.orgs.models import Org

    sizes = stats.existing_sizes()
    if args.rebuild or sizes != (args.unions, args.members):
        print(
            f"Building {args.unions} unions, {args.members} members on {connection.vendor} ({where})…",
            flush=True,
        )
        if sizes is not None or Org.objects.exists():
            stats.wipe()
        stats.build(unions=args.unions, members=args.members, townships=args.townships)
    else:
        print(f"Reusing {sizes[0]} unions, {sizes[1]} members on {connection.vendor} ({where}).", flush=True)
        stats.fill_tally()
    add_desk(args.orders, args.problems)
    t = time.perf_counter()
    stats.analyze()
    print(f"  analyze: {time.perf_counter() - t:.1f}s", flush=True)
    measure()


def timed(fn, repeat: int = 7, *, forget=None) -> tuple[float, float, int]:
    """(median ms, best ms, queries of a run) over `repeat` runs after one warm-up run, calling
    `forget()` before each run (to time a read the cache would otherwise answer). The queries are
    counted in one more run, apart from the timed ones: capturing them costs time."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    for _ in range(repeat):
        if forget is not None:
            forget()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    if forget is not None:
        forget()
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(times), min(times), len(queries.captured_queries)


def measure() -> None:
    from django.test import Client

    from gonghui.accounts.models import Position
    from gonghui.accounts.services import user_get_or_create
    from gonghui.core import indicators
    from gonghui.dashboard import selectors
    from gonghui.orgs.models import Org

    root = Org.objects.get(name=stats.ROOT_NAME, depth=0)
    township = Org.objects.filter(parent=root).order_by("path").first()
    chair, _created = user_get_or_create(phone="13900000000", name="基准主席")
    Position.objects.get_or_create(user=chair, org=root, defaults={"role": "chair"})
    client = Client()
    client.force_login(chair)
    period = selectors.default_period()

    def page(org):
        def run():
            response = client.get(f"/glance/{org.uuid}/")
            assert response.status_code == 200, response.status_code

        return run

    import os

    print(
        f"\nperiod {period.start} – {period.end}, compared with a year before; median (best) of 7, ms"
        f" (queries); load average {os.getloadavg()[0]:.1f}"
    )
    results = {}
    from django.core.cache import cache

    for label, org, target in (("root", root, ROOT_TARGET_MS), ("township", township, TOWNSHIP_TARGET_MS)):

        def figures_forgotten(o=org):
            # the figures are read and drawn again, while the chair's positions and navigation are
            # kept, as on a cadre's second page of the morning (another page kept them again)
            cache.clear()
            assert client.get("/roster/").status_code == 200

        page_ms, page_best, page_q = timed(page(org), forget=figures_forgotten)
        empty_ms, empty_best, empty_q = timed(page(org), forget=cache.clear)
        work_ms, work_best, work_q = timed(
            lambda o=org: selectors.glance(o, period), forget=figures_forgotten
        )
        kept_ms, kept_best, kept_q = timed(page(org))
        results[label] = (page_ms, target)
        print(
            f"{label:<10} glance page, figures read {page_ms:7.1f} ({page_best:.1f}) ({page_q})"
            f"   selectors.glance {work_ms:7.1f} ({work_best:.1f}) ({work_q})\n"
            f"{'':<10} page, whole cache empty {empty_ms:7.1f} ({empty_best:.1f}) ({empty_q})"
            f"   page with the figures kept {kept_ms:7.1f} ({kept_best:.1f}) ({kept_q})"
        )
        for chart in indicators.charts():
            ms, best, q = timed(
                lambda c=chart, o=org: client.get(f"/glance/{o.uuid}/charts/{c.key}.svg"), forget=cache.clear
            )
            print(f"{'':<10} chart {chart.key:<36} {ms:7.1f} ({best:.1f}) ({q})")
    for label, (ms, target) in results.items():  # the figures read, not kept: the honest time
        print(f"target {label} ≤ {target} ms: {'met' if ms <= target else 'MISSED'} ({ms:.1f} ms)")


if __name__ == "__main__":
    main()
