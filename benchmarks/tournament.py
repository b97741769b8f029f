#!/usr/bin/env python
"""Tournament benchmark: the demo's city air-volleyball tournament (87 teams in two divisions, about
350 matches) drawn and scheduled, and its standings page.

    python benchmarks/tournament.py

Runs on a fresh SQLite file /tmp/gonghui-bench-tournament.sqlite3, or, with DATABASE_URL pointing
at PostgreSQL, on a fresh database `<configured name>_bench` of that server (dropped and created;
the configured database itself is never touched). Prints the time of the draw and schedule (target
under 2 s), the time of a full re-schedule of the unplayed matches, and the standings page
(best of 5, target 100 ms) with its number of queries, which does not grow with the teams.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_FILE = "/tmp/gonghui-bench-tournament.sqlite3"


def configure() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(url)
        bench = f"{cfg['NAME']}_bench"
        with psycopg.connect(
            host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"], dbname="postgres",
            autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(f"DROP DATABASE IF EXISTS {bench}")
            conn.execute(f"CREATE DATABASE {bench}")
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench
    else:
        Path(SQLITE_FILE).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> None:
    configure()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User
    from gonghui.accounts.services import position_grant
    from gonghui.demo import tournaments as demo
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create
    from gonghui.tournaments import services
    from gonghui.tournaments.models import Match

    org = org_create(name="基准测试市总工会（赛事）", kind=OrgKind.FEDERATION, parent=None, check_scope=False)
    actor = User.objects.create_user("13900000001", "bench-password-1", name="赛事基准")
    position_grant(user=actor, org=org, role="chair", actor=None, check_scope=False)

    started = time.perf_counter()
    tournament, summary = demo.build(org=org, actor=actor)
    built = time.perf_counter() - started
    matches = tournament.matches.count()
    print(f"teams {summary.teams}, matches {matches}, played {summary.played}")
    print(f"teams + draw + schedule + results: {built:.2f} s")

    tournament.matches.filter(outcome="").update(slot=None, court=None)
    started = time.perf_counter()
    placed = services.schedule_generate(tournament=tournament, actor=actor)
    took = time.perf_counter() - started
    print(f"schedule of {placed} unplayed matches (of {matches}) on {tournament.courts.count()} courts and "
          f"{tournament.slots.count()} slots: {took:.3f} s (target < 2 s) {'OK' if took < 2 else 'SLOW'}")  # fmt: skip
    knockout = tournament.matches.filter(stage=Match.Stage.KNOCKOUT).count()
    print(f"knockout matches {knockout}")

    client = Client()
    url = f"/tournaments/{tournament.uuid}/standings/"
    best = None
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            took = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        best = took if best is None else min(best, took)
    rows = response.content.decode().count("<tr>") - 10
    ms = best * 1000
    print(f"standings page: {ms:.1f} ms best of 5, {len(queries)} queries, ~{rows} rows "
          f"(target <= 100 ms) {'OK' if ms <= 100 else 'SLOW'}")  # fmt: skip

    # the whole tournament placed from nothing (every match, none played)
    tournament.matches.exclude(outcome="walkover").update(outcome="", slot=None, court=None)
    started = time.perf_counter()
    placed = services.schedule_generate(tournament=tournament, actor=actor)
    took = time.perf_counter() - started
    print(
        f"schedule of all {placed} matches from nothing: {took:.3f} s (target < 2 s) {'OK' if took < 2 else 'SLOW'}"
    )


if __name__ == "__main__":
    main()
