"""`gonghui serve`: production mode behind a reverse proxy (see docs/deploy.md).

The console script sets GONGHUI_ENV=production, so settings refuse to load without SECRET_KEY,
GONGHUI_ENCRYPTION_KEY and ALLOWED_HOSTS (gonghui/cli.py prints which one is missing).
"""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from gonghui.core import jobs


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def start_worker(*, with_redis: bool = False) -> subprocess.Popen | None:
    """Without Redis the jobs queue in a SQLite file on this machine: run one `gonghui worker` next to
    the server (it stops with it). With Redis the operator runs the workers (docs/deploy.md), except
    for the demo (`with_redis`)."""
    if settings.GONGHUI_TASKS == "sync" or (settings.GONGHUI_TASKS == "redis" and not with_redis):
        return None
    worker = subprocess.Popen([sys.executable, "-m", "gonghui.cli", "worker", "--parent", str(os.getpid())])
    worker.gonghui_owner = os.getpid()
    return worker


def stop_worker(worker: subprocess.Popen | None) -> None:
    # gunicorn's forked web workers unwind through the same `finally`: only the starter stops it.
    if worker is None or getattr(worker, "gonghui_owner", None) != os.getpid() or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


def check_shared_cache(workers: int) -> None:
    """Several processes never share state through local memory (login locks, codes, job progress)."""
    if workers > 1 and settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        raise CommandError(
            "缓存为进程内存（LocMemCache）时只能运行 1 个进程：请设置 REDIS_URL，或使用数据库缓存，或 --workers 1。"
        )


def cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Processes when GONGHUI_WORKERS is not set: gunicorn's rule, two per core and one more, so
    that while one process waits on PostgreSQL or Redis another has the core."""
    return 2 * cores() + 1


def gunicorn_options(*, bind: str, workers: int, threads: int, access_log: bool = True) -> dict:
    """gunicorn's settings for `serve` and `demo`.

    One thread per process (the default) → gunicorn's sync worker: processes, not threads, share
    the cores, so no request waits for another's hold on Python's GIL (on 2 cores, 5 sync processes
    served cadre pages as fast as 2 processes × 4 threads and at about half the p95;
    benchmarks/README.md). Each process keeps its database connection (CONN_MAX_AGE), so a request
    never pays a connect. Threads > 1 → the gthread worker (the demo's single process, or a
    deployment that wants fewer processes); docs/deploy.md sizes larger machines.
    """
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": int(os.environ.get("GONGHUI_TIMEOUT", "120")),
        "graceful_timeout": 30,
        # gthread keeps nginx's upstream connections alive (a sync worker closes each one after its response).
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def run_gunicorn(*, bind: str, workers: int, threads: int, access_log: bool = True) -> None:
    """Serve the WSGI app with gunicorn in this process."""
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(bind=bind, workers=workers, threads=threads, access_log=access_log)

    class Application(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    # Workers are forked: they must not inherit the parent's database connections.
    connections.close_all()
    Application().run()


class Command(BaseCommand):
    help = "以生产模式启动（gunicorn + whitenoise，配置来自环境变量）。Run in production mode."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate", action="store_true", help="先执行数据库迁移 (apply pending migrations first)"
        )
        parser.add_argument(
            "--bind",
            default=os.environ.get("GONGHUI_BIND", "127.0.0.1:8000"),
            help="监听地址，默认 GONGHUI_BIND 或 127.0.0.1:8000",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("GONGHUI_WORKERS") or default_workers()),
            help="gunicorn 进程数，默认 GONGHUI_WORKERS 或 CPU 核数 × 2 + 1",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("GONGHUI_THREADS") or 1),
            help="每个进程的线程数，默认 GONGHUI_THREADS 或 1",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="未配置 Redis 时也不在本机启动后台任务进程 (do not start the embedded worker)",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="只检查配置、迁移并收集静态文件，不启动服务 (check and exit)",
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError("生产模式不允许 DEBUG：请取消 GONGHUI_DEBUG。")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite file, collected static files, uploads
        try:
            pending = pending_migrations()
        except OperationalError as exc:
            raise CommandError(f"无法连接数据库（请检查 DATABASE_URL）：{exc}") from None
        if pending:
            if not options["migrate"]:
                raise CommandError(
                    f"数据库有 {len(pending)} 个未执行的迁移（{pending[0]} 等）：请先运行 `gonghui migrate`，"
                    "或使用 `gonghui serve --migrate`。"
                )
            call_command("migrate", interactive=False, verbosity=1)
        check_shared_cache(options["workers"])
        jobs.ensure_cache_table()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"静态文件已收集到 {settings.STATIC_ROOT}")
        if options["check_only"]:
            self.stdout.write(self.style.SUCCESS("配置检查通过。"))
            return
        self.stdout.write(
            f"Gonghui 生产模式：{options['bind']}，{options['workers']} 个进程 × {options['threads']} 个线程"
        )
        worker = None if options["no_worker"] else start_worker()
        if worker is not None:
            self.stdout.write(
                "后台任务进程已在本机启动（未配置 Redis，任务队列在数据目录的 jobs.sqlite3 中）。"
            )
        try:
            run_gunicorn(bind=options["bind"], workers=options["workers"], threads=options["threads"])
        finally:
            stop_worker(worker)
