#!/usr/bin/env python
"""Each indicator source's glance read at the root and the first township of the glance benchmark's
database: `core.indicators.glance_figures` for that source's indicators alone (its `together` read,
or the period, the compared period and the children read apart), median of 5 after a warm-up, ms
and queries; then every source at once.

    DATABASE_URL=postgres://…/test python benchmarks/glance_sources.py [--db-name bench_glance] [source …]

Uses the database benchmarks/glance.py built (it builds nothing: run glance.py first); `source`
names (`rights.legal`, `orgs` …) keep only those.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stats  # noqa: E402  (benchmarks/stats.py: configure, the root's name)


def timed(fn, repeat: int = 5) -> tuple[float, int]:
    from django.db import connection, reset_queries

    fn()
    times = []
    for _ in range(repeat):
        reset_queries()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), len(connection.queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db-name", default="bench_glance")
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    stats.configure(args.db_name)
    from django.conf import settings

    settings.DEBUG = True  # count queries
    from gonghui.core import indicators
    from gonghui.dashboard import selectors
    from gonghui.orgs.models import Org

    root = Org.objects.get(name=stats.ROOT_NAME, depth=0)
    township = Org.objects.filter(parent=root).order_by("path").first()
    period = selectors.default_period()
    compared = selectors.compared_period(period, selectors.COMPARE_YEAR)
    sources: dict = {}
    for indicator in indicators.indicators():
        sources.setdefault(indicator.together or indicator.compute, []).append(indicator)
    print(
        f"period {period.start} – {period.end} against a year before; load average {os.getloadavg()[0]:.1f}"
    )
    for label, org in (("root", root), ("township", township)):
        rows = []
        for group in sources.values():
            name = group[0].key.rsplit(".", 1)[0]
            if args.only and name not in args.only:
                continue
            keys = [i.key for i in group]
            ms, queries = timed(lambda k=keys, o=org: indicators.glance_figures(o, period, compared, keys=k))
            rows.append((ms, queries, f"{name} ({group[0].key.rsplit('.', 1)[1]} …)", group[0].together))
        print(f"\n{label} ({org.name})")
        for ms, queries, name, together in sorted(rows, key=lambda r: -r[0]):
            print(f"  {name:<48} {'together' if together else 'plain':<9} {ms:7.1f} ms {queries:3d} queries")
        if not args.only:
            ms, queries = timed(lambda o=org: indicators.glance_figures(o, period, compared))
            print(f"  {'every source':<58} {ms:7.1f} ms {queries:3d} queries")


if __name__ == "__main__":
    main()
