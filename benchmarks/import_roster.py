"""Roster import benchmark: generate a roster .xlsx with valid IDs and import it through the job's code path.

    python benchmarks/import_roster.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python benchmarks/import_roster.py

It never touches a real deployment's database: on PostgreSQL it creates, migrates and finally drops
its own database (`bench`, or --db-name) through Django's test-database machinery (only the server of DATABASE_URL
is used); without DATABASE_URL, or with a SQLite URL, it works in a temporary SQLite file.
Prints rows, seconds and rows/s for generate / validate / write, and the total of validate + write, with
this process's CPU time for each (the rest is waiting: on PostgreSQL, or for a core on a busy machine)
and the load average before and after.
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


def line(label: str, rows: int, seconds: float, cpu: float) -> None:
    print(
        f"{label:<10} {rows:>9,} rows {seconds:>8.2f} s {rows / seconds if seconds else 0:>10,.0f} rows/s"
        f"   (this process's CPU {cpu:.2f} s)"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-") as tmp:
        workdir = Path(tmp)
        where = configure(workdir, args.db_name)
        try:
            from gonghui.members.models import Member
            from gonghui.members.services import roster_import as importer

            print(f"Roster import benchmark · {where} · {os.cpu_count()} CPUs · {load()}")
            union, cadre = world()
            path = workdir / "roster.xlsx"
            t0, c0 = time.perf_counter(), time.process_time()
            generate(path, args.rows)
            t1, c1 = time.perf_counter(), time.process_time()
            parsed, errors = importer.roster_validate(org=union, source=path)
            t2, c2 = time.perf_counter(), time.process_time()
            if errors:
                print(f"validation found {len(errors)} errors, first: {errors[0]}")
                return 1
            created = importer.roster_write(org=union, rows=parsed, actor=cadre, file_name=path.name)
            t3, c3 = time.perf_counter(), time.process_time()
            assert created == args.rows == Member.objects.filter(org=union).count()
            print(f"file size  {path.stat().st_size / 1e6:.1f} MB · at the end: {load()}")
            line("generate", args.rows, t1 - t0, c1 - c0)
            line("validate", args.rows, t2 - t1, c2 - c1)
            line("write", created, t3 - t2, c3 - c2)
            line("import", created, t3 - t1, c3 - c1)
        finally:
            teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
