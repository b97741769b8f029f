"""Roster import benchmark: a roster .xlsx with valid IDs, imported through the job's code path, against a baseline.

    python benchmarks/import_roster.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python benchmarks/import_roster.py
    python benchmarks/import_roster.py --limits     # memory and time of the reader on hostile files

It never touches a real deployment's database: on PostgreSQL it creates, migrates and finally drops
its own database (`bench`, or --db-name) through Django's test-database machinery (only the server of
DATABASE_URL is used); without DATABASE_URL, or with a SQLite URL, it works in a temporary SQLite file.

Targets (issue 9): on PostgreSQL the import takes at most 3x the baseline measured in the same run —
reading the same file with python-calamine plus a binary COPY of the same rows into the members and
membership-history tables (committed, then deleted); on SQLite 100,000 rows import in at most 20 s. It prints
the limit, the import's time and the ratio, with the phases and this process's CPU time for each.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(workdir: Path, db_name: str = "bench") -> str:
    """Point Django at a throwaway database and data folder; return a description of the database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ["GONGHUI_DATA_DIR"] = str(workdir / "data")
    os.environ.setdefault("GONGHUI_ENCRYPTION_KEY", "benchmark-encryption-key-not-for-production")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-not-for-production")
    os.environ["GONGHUI_TASKS"] = "sync"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = db_name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        return f"PostgreSQL, database {connection.settings_dict['NAME']} (created for this run)"
    call_command("migrate", verbosity=0, interactive=False)
    return f"SQLite, temporary file {connection.settings_dict['NAME']}"


def teardown() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def make_rows(n: int):
    from gonghui.core.validators import ric_check_digit

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
    job_labels = ["", "", "", "", "外卖骑手", "快递员", "网约车司机"]
    areas = ["330102", "330103", "330104", "330105", "330106", "330108", "330109", "330110"]
    start = datetime.date(1965, 1, 1)
    for i in range(n):
        area = areas[i % len(areas)]
        k = i // len(areas)
        birth = start + datetime.timedelta(days=k // 500)
        first17 = f"{area}{birth:%Y%m%d}{(k % 500) * 2 + (i % 2):03d}"
        joined = datetime.date(2015, 1, 1) + datetime.timedelta(days=i % 3000)
        yield [
            surnames[i % len(surnames)] + given[(i * 7) % len(given)] + given[(i * 13) % len(given)],
            first17 + ric_check_digit(first17),
            f"13{i % 10}{i:08d}",
            joined.isoformat() if i % 3 else f"{joined.year}年{joined.month}月{joined.day}日",
            "" if i % 5 else "安平华宇机械有限公司",
            job_labels[i % len(job_labels)],
        ]


def generate(path: Path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员名册")
    ws.append(["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"])
    for row in make_rows(n):
        ws.append(row)
    wb.save(path)


def world():
    from gonghui.accounts.models import Role, User
    from gonghui.accounts.services import position_grant
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    county = org_create(name="基准测试县总工会", kind=OrgKind.FEDERATION, parent=None, check_scope=False)
    union = org_create(name="基准测试联合工会", kind=OrgKind.JOINT_UNION, parent=county, check_scope=False)
    cadre = User.objects.create_user("13900000001", None, name="基准测试干部")
    position_grant(user=cadre, org=union, role=Role.CHAIR, actor=None, check_scope=False)
    return union, cadre


def line(label: str, rows: int, seconds: float, cpu: float | None = None) -> None:
    extra = f"   (this process's CPU {cpu:.2f} s)" if cpu is not None else ""
    print(
        f"{label:<22} {rows:>9,} rows {seconds:>8.2f} s {rows / seconds if seconds else 0:>10,.0f} rows/s{extra}"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def baseline(path: Path, union, cadre) -> tuple[float, float, float]:
    """PostgreSQL: read the file with python-calamine, then COPY (binary) the same rows as members and
    their membership events into the real tables, in one transaction (then deleted, outside the timing).
    Returns (read seconds, copy seconds, rows)."""
    import hashlib
    import uuid

    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from gonghui.core import pii
    from gonghui.members.models import Member, MembershipEvent

    t0 = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    rows = list(book.get_sheet_by_index(0).iter_rows())[1:]
    book.close()
    t1 = time.perf_counter()
    qn = connection.ops.quote_name
    fields = Member._meta.concrete_fields
    columns = [f.column for f in fields]
    events = ["member_id", "kind", "org_id", "from_org_id", "on", "note", "actor_id", "at"]
    now = timezone.now()
    today = datetime.date.today()
    with transaction.atomic():
        with connection.cursor() as cursor:
            raw = cursor.cursor

            def types(table, cols):
                cursor.execute(
                    "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                    [qn(table)],
                )
                oids = dict(cursor.fetchall())
                return [oids[c] for c in cols]

            member_types = types(Member._meta.db_table, columns)
            event_types = types(MembershipEvent._meta.db_table, events)
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [qn(Member._meta.db_table), len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            template = {
                "gender": "M",
                "birth_date": datetime.date(1965, 1, 1),
                "org_id": union.pk,
                "org_path": union.path,
                "enterprise_id": None,
                "work_area_id": None,
                "status": "active",
                "left_on": None,
                "retired_on": None,
                "source": "import",
                "user_id": None,
                "created_at": now,
                "updated_at": now,
            }
            order = [f.attname for f in fields]
            token = "g" * len(pii.encrypt(rows[0][1]))
            with raw.copy(
                f"COPY {qn(Member._meta.db_table)} ({', '.join(map(qn, columns))}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(member_types)
                for pk, row in zip(ids, rows, strict=True):
                    values = {
                        **template,
                        "id": pk,
                        "uuid": uuid.uuid4(),
                        "member_no": f"B{pk:09d}",
                        "name": row[0],
                        # the same shapes as the import's values: a token's length, a random-looking hash
                        "id_number_encrypted": token,
                        "id_number_masked": row[1][:6] + "********" + row[1][-4:],
                        "id_number_hash": hashlib.sha256(row[1].encode()).hexdigest(),
                        "mobile": row[2],
                        "employer_name": row[4],
                        "job_type": "",
                        "joined_on": today,
                    }
                    copy.write_row([values[a] for a in order])
            with raw.copy(
                f"COPY {qn(MembershipEvent._meta.db_table)} ({', '.join(map(qn, events))}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(event_types)
                for pk in ids:
                    copy.write_row((pk, "imported", union.pk, None, today, "", cadre.pk, now))
    t2 = time.perf_counter()  # committed: the deferred foreign-key checks ran, as they do for the import
    with (
        connection.cursor() as cursor
    ):  # remove the baseline's rows, so the import starts from the same tables
        cursor.execute(f"DELETE FROM {qn(MembershipEvent._meta.db_table)} WHERE member_id >= %s", [min(ids)])
        cursor.execute(f"DELETE FROM {qn(Member._meta.db_table)} WHERE id >= %s", [min(ids)])
        cursor.execute(f"VACUUM ANALYZE {qn(Member._meta.db_table)}, {qn(MembershipEvent._meta.db_table)}")
    return t1 - t0, t2 - t1, len(rows)


def run_import(path: Path, union, cadre):
    """The job's code path (roster_import), with the time of each stage from its progress reports."""
    from gonghui.members.services import roster_import as importer

    marks: dict[str, tuple[float, float]] = {}

    def progress(stage, done, total):
        marks.setdefault(stage, (time.perf_counter(), time.process_time()))

    t0, c0 = time.perf_counter(), time.process_time()
    outcome = importer.roster_import(
        org=union, source=path, actor=cadre, file_name=path.name, progress=progress
    )
    t1, c1 = time.perf_counter(), time.process_time()
    if outcome.errors:
        raise SystemExit(f"the import found {len(outcome.errors)} errors, first: {outcome.errors[0]}")
    stages = [
        (str(importer.STAGE_READING), "read (calamine + checks)"),
        (str(importer.STAGE_VALIDATING), "validate"),
        (str(importer.STAGE_WRITING), "write"),
    ]
    points = [marks[s] for s, _label in stages] + [(t1, c1)]
    phases = [
        (label, points[i + 1][0] - points[i][0], points[i + 1][1] - points[i][1])
        for i, (_s, label) in enumerate(stages)
    ]
    return outcome, t1 - t0, c1 - c0, phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows to generate and import (default 100000)"
    )
    parser.add_argument(
        "--db-name",
        default="bench",
        help="PostgreSQL database created (and dropped) for the run (default bench)",
    )
    parser.add_argument("--limits", action="store_true", help="measure the reader on hostile files instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-") as tmp:
        workdir = Path(tmp)
        if args.limits:
            return limits(workdir)
        where = configure(workdir, args.db_name)
        try:
            from django.db import connection

            from gonghui.members.models import Member

            print(f"Roster import benchmark · {where} · {os.cpu_count()} CPUs · {load()}")
            union, cadre = world()
            path = workdir / "roster.xlsx"
            t0 = time.perf_counter()
            generate(path, args.rows)
            print(
                f"generated {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, in {time.perf_counter() - t0:.1f} s"
            )
            postgres = connection.vendor == "postgresql"
            if postgres:
                read_s, copy_s, n = baseline(path, union, cadre)
                base = read_s + copy_s
                line("baseline: calamine read", n, read_s)
                line("baseline: binary COPY", n, copy_s)
                line("baseline", n, base)
            outcome, seconds, cpu, phases = run_import(path, union, cadre)
            assert outcome.created == args.rows == Member.objects.filter(org=union).count()
            for label, sec, c in phases:
                line(f"import: {label}", outcome.created, sec, c)
            line("import", outcome.created, seconds, cpu)
            if postgres:
                limit = 3 * base
                print(
                    f"limit {limit:.2f} s (3 x baseline {base:.2f} s) · import {seconds:.2f} s · ratio {seconds / base:.2f}"
                    f" (target <= 3) · {'MET' if seconds <= limit else 'NOT MET'} · {load()}"
                )
            else:
                limit = 20.0 * args.rows / 100_000
                print(
                    f"limit {limit:.2f} s (20 s per 100,000 rows) · import {seconds:.2f} s · ratio {seconds / limit:.2f}"
                    f" of the limit · {'MET' if seconds <= limit else 'NOT MET'} · {load()}"
                )
        finally:
            teardown()
    return 0


_PROBE = """
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
import django
django.setup()
from gonghui.core.xlsx import read_rows
from gonghui.members.services.roster_import import columns
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
read = read_rows(sys.argv[1], columns(), max_rows=100_000)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "start_mb": start / 1024, "rows": len(read.rows),
                  "error": read.errors[0].reason if read.errors else ""}))
"""


def limits(workdir: Path) -> int:
    """The reader (core.xlsx.read_rows) on a 100,000-row roster and on hostile files, each in a fresh
    process started by a shell (so its ru_maxrss is its own): seconds and peak memory."""
    import json
    import subprocess

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_ENCRYPTION_KEY", "benchmark-encryption-key-not-for-production")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-not-for-production")
    import django

    django.setup()
    sys.path.insert(0, str(ROOT))
    from tests.members import test_import_files as files

    probe = workdir / "probe.py"
    probe.write_text(_PROBE)
    roster = workdir / "roster.xlsx"
    generate(roster, 100_000)
    cases = [
        ("100,000-row roster", roster),
        ("shared-strings bomb (100 MB)", files.shared_strings_bomb(workdir)),
        ("zip bomb (600 MB sheet)", files.sheet_bomb(workdir)),
        ("cells at A1 and XFD1048576", files.far_cell_bomb(workdir)),
        ("sizes declared 1 KB, 600 MB", files.lying_sizes(workdir)),
        ("5 million cells, 140 MB sheet", files.many_cells(workdir)),
        ("largest file within limits", files.largest_legal_file(workdir)),
    ]
    print(f"Reader limits · {os.cpu_count()} CPUs · {load()} · target: under 300 MB, refused within 10 s")
    for label, path in cases:
        done = subprocess.run(
            [
                "/bin/sh",
                "-c",
                '"$0" "$1" "$2" "$3"; exit $?',
                sys.executable,
                str(probe),
                str(path),
                str(ROOT),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        found = json.loads(done.stdout.strip().splitlines()[-1])
        outcome = f"{found['rows']:,} rows" if not found["error"] else "refused: " + found["error"][:40] + "…"
        print(
            f"{label:<30} {path.stat().st_size / 1e3:>8,.0f} KB  {found['seconds']:>6.2f} s"
            f"  peak {found['peak_mb']:>6.0f} MB (Django alone {found['start_mb']:.0f} MB)  {outcome}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
