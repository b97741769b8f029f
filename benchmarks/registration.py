#!/usr/bin/env python
"""Registration benchmark (core.registration through activities.services.registration_create):
1,000 concurrent registrations for 100 places end with exactly 100 registered and 900 waitlisted.

    python benchmarks/registration.py [--people 1000] [--capacity 100] [--workers 16]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_act python benchmarks/registration.py

Runs on a dedicated database: `<configured name>_bench_registration` on the PostgreSQL server of
DATABASE_URL (created if missing; the configured database itself is never touched), or the SQLite
file /tmp/gonghui-bench-registration.sqlite3 without it. Each run makes a fresh activity (open to
every registered worker) and `--people` users, then `--workers` threads, each with its own
database connection, register them all at once (a barrier starts them together). Prints the
counts, the counter on the activity row, and the time (total and per registration).
"""

import argparse
import datetime
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_FILE = "/tmp/gonghui-bench-registration.sqlite3"


def configure() -> str:
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        cfg = dj_database_url.parse(url)
        import psycopg

        bench_db = f"{cfg['NAME']}_bench_registration"
        admin = psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_db]).fetchone():
            admin.execute(f'CREATE DATABASE "{bench_db}"')
        admin.close()
        auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "") + "@" if cfg["USER"] else ""
        bench_url = f"postgres://{auth}{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{bench_db}"
    else:
        bench_url = f"sqlite:///{SQLITE_FILE}"
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench-registration")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return bench_url.split("@")[-1]


def setup(people: int, capacity: int):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from gonghui.accounts.models import Position, Role, User
    from gonghui.activities import services
    from gonghui.orgs.models import Org, OrgKind
    from gonghui.orgs.services import org_create

    stamp = time.strftime("%H%M%S")
    root = Org.objects.filter(name="基准测试县总工会（报名）", depth=0).first()
    if root is None:
        root = org_create(
            name="基准测试县总工会（报名）", kind=OrgKind.FEDERATION, parent=None, check_scope=False
        )
    cadre = User.objects.filter(phone="13700000001").first() or User.objects.create_user(
        "13700000001", None, name="基准发布人"
    )
    Position.objects.get_or_create(user=cadre, org=root, defaults={"role": Role.CHAIR})
    base = User.objects.count()
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(phone=f"139{base + i:08d}", name=f"报名{i}", password=password) for i in range(people)],
        batch_size=1000,
    )
    if not users[0].pk:  # SQLite before RETURNING, just in case
        users = list(User.objects.order_by("-pk")[:people])
    starts = timezone.now() + datetime.timedelta(days=7)
    activity = services.activity_publish(
        org=root,
        kind="sports",
        title=f"基准龙舟赛{stamp}",
        place="湖边",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
        members_only=False,
        actor=cadre,
    )
    return activity, users


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    where = configure()
    from django.db import OperationalError, connection, connections
    from django.db.models import Count

    from gonghui.activities import services
    from gonghui.activities.models import Activity

    activity, users = setup(args.people, args.capacity)
    connections.close_all()
    barrier = threading.Barrier(args.workers)
    local = threading.local()
    errors: list[str] = []
    retries: list[int] = []

    def register(user) -> None:
        if not getattr(local, "started", False):
            local.started = True
            barrier.wait()
        for attempt in range(3):
            try:
                services.registration_create(activity=Activity.objects.get(pk=activity.pk), actor=user)
                return
            except OperationalError as e:
                # SQLite's one writer: past busy_timeout the request fails; a user would tap again
                if "locked" not in str(e) or attempt == 2:
                    errors.append(f"{type(e).__name__}: {e}")
                    return
                retries.append(1)
            except Exception as e:  # noqa: BLE001 - counted and printed: a benchmark must finish
                errors.append(f"{type(e).__name__}: {e}")
                return

    def run(chunk) -> None:
        try:
            for user in chunk:
                register(user)
        finally:
            connections.close_all()

    chunks = [users[i :: args.workers] for i in range(args.workers)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(run, chunks))
    elapsed = time.perf_counter() - t0
    activity.refresh_from_db()
    by_state = dict(activity.registrations.values_list("state").annotate(n=Count("pk")).order_by())
    print(f"database: {connection.vendor} {where}")
    print(f"{args.people} registrations for {args.capacity} places, {args.workers} threads")
    print(
        f"registered: {by_state.get('registered', 0)}  waitlisted: {by_state.get('waitlisted', 0)}  "
        f"counter on the activity: {activity.taken}/{activity.capacity}  errors: {len(errors)}  "
        f"retried (SQLite busy): {len(retries)}"
    )
    for e in sorted(set(errors))[:5]:
        print("  ", e)
    print(f"time: {elapsed:.2f} s ({elapsed / args.people * 1000:.1f} ms per registration)")
    ok = (
        by_state.get("registered", 0) == activity.taken == min(args.capacity, args.people)
        and by_state.get("waitlisted", 0) == max(args.people - args.capacity, 0)
        and not errors
    )
    print("capacity kept: " + ("yes" if ok else "NO"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
