#!/usr/bin/env python
"""Welfare batch benchmark: compute a festival batch for a whole county-sized tree.

    python benchmarks/care_welfare.py [--unions 20000] [--members 1000000] [--townships 20] [--rebuild]

Builds (once; reused when the sizes match) the tree of benchmarks/stats.py — a federation →
townships → grassroots/joint unions, 1,000,000 members of whom ~96% hold membership — on its own
database (`bench_care_welfare` on the PostgreSQL server of DATABASE_URL, or a SQLite file under /tmp),
then, with the county's festival rule (≤ 2,200 元 per person per year, no cash):

1. computes a first festival batch (300 元) for the root: every eligible member gets one gift;
2. runs it again: nothing is added (the unique (batch, member) and ON CONFLICT DO NOTHING);
3. computes a second festival batch (1,950 元): the yearly cap is checked against the first
   batch's gifts member by member, so nobody is eligible (300 + 1,950 > 2,200);
4. computes a third (1,900 元) for one township: everyone there is eligible again (300 + 1,900);
5. computes a fourth (1,900 元) for the root: everyone outside that township is eligible, each
   after their sum is read (the slowest case: the sums and the inserts).

Target: a batch over 1,000,000 members computed in ≤ 30 s on PostgreSQL.
"""

import argparse
import datetime
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BENCH_DB = "bench_care_welfare"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    import stats  # benchmarks/stats.py: the tree builder

    where = stats.configure(BENCH_DB)
    from django.db import connection

    from gonghui.care.models import CondolenceRule, WelfareBatch, WelfareGift
    from gonghui.care.services import welfare as svc
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
    WelfareGift.objects.all().delete()
    WelfareBatch.objects.all().delete()
    CondolenceRule.objects.all().delete()
    stats.analyze()

    root = Org.objects.get(name=stats.ROOT_NAME, depth=0)
    township = Org.objects.filter(parent=root).order_by("path").first()
    CondolenceRule.objects.create(
        org=root, org_path=root.path, occasion="festival", cap_per_year=Decimal("2200"), allow_cash=False
    )
    today = datetime.date.today()

    def batch(org, value: str, title: str):
        return WelfareBatch.objects.create(
            org=org,
            org_path=org.path,
            title=title,
            occasion="festival",
            description="米面油礼包",
            value=Decimal(value),
            form="goods",
            date=today,
            year=today.year,
            point_secret="bench",
        )

    def timed(label: str, b) -> float:
        steps = []

        def progress(done, total, added, members):
            steps.append((done, total, added))

        t = time.perf_counter()
        result = svc.batch_compute(batch=b, progress=progress)
        seconds = time.perf_counter() - t
        print(
            f"{label:<46}{seconds:>8.1f} s   eligible {result['eligible']:>9,}   added {result['added']:>9,}"
            f"   chunks {len(steps)}",
            flush=True,
        )
        return seconds

    print(f"\n{'batch':<46}{'time':>10}")
    first = batch(root, "300", "春节慰问")
    worst = timed("1. root, 300 元 (first batch of the year)", first)
    worst = max(worst, timed("2. the same batch again (nothing to add)", first))
    stats.analyze()
    worst = max(worst, timed("3. root, 1,950 元 (cap: nobody left)", batch(root, "1950", "中秋慰问")))
    timed("4. one township, 1,900 元", batch(township, "1900", "国庆慰问"))
    worst = max(worst, timed("5. root, 1,900 元 (sums and inserts)", batch(root, "1900", "元旦慰问")))
    report = WelfareGift.objects.filter(batch=first).count()
    print(f"\nfirst batch: {report:,} gifts for {args.members:,} members ({connection.vendor})")
    print(f"target ≤ 30 s for the whole tree: {'met' if worst <= 30 else 'MISSED'} (worst {worst:.1f} s)")


if __name__ == "__main__":
    main()
