"""`gonghui worker`: runs background jobs (imports, exports, reports) and the periodic tasks."""

import os
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import jobs


class Command(BaseCommand):
    help = (
        "运行后台任务进程：执行导入、导出、报表等任务和定时任务（逾期问题上报、文件清理）。"
        "可在多台机器上运行任意多个（需 Redis）。Run the background job worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="执行完当前队列中的任务后退出 (run what is queued, then exit)"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("GONGHUI_WORKER_THREADS", "2")),
            help="同时执行的任务数，默认 GONGHUI_WORKER_THREADS 或 2",
        )
        parser.add_argument(
            "--parent", type=int, default=0, help="该进程退出时本进程随之退出 (exit with this process id)"
        )

    def handle(self, *args, **options):
        if settings.GONGHUI_TASKS == "sync":
            raise CommandError("GONGHUI_TASKS=sync：任务在提交它的进程内立即执行，无需后台任务进程。")
        if options["threads"] < 1:
            raise CommandError("--threads 至少为 1。")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        jobs.ensure_cache_table()
        where = "Redis" if settings.GONGHUI_TASKS == "redis" else str(settings.DATA_DIR / "jobs.sqlite3")
        if options["once"]:
            ran = jobs.drain()
            self.stdout.write(f"已执行 {ran} 个任务（队列 {where}）。")
            return
        consumer = jobs.consumer(threads=options["threads"])
        reaped = jobs.reap()  # jobs whose worker died (e.g. a restart) run again now, not in a minute
        self.stdout.write(
            f"后台任务进程已启动：{options['threads']} 个线程，队列 {where}"
            + (f"，重新排队 {reaped} 个中断的任务" if reaped else "")
            + "（Ctrl+C 退出）",
        )
        self.stdout.flush()
        if options["parent"]:
            _exit_with(options["parent"])
        consumer.run()
        self.stdout.write("后台任务进程已停止。")


def _exit_with(parent: int) -> None:
    """The worker `gonghui demo`/`serve` start: stop when they stop, even if they were killed."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1)
        os.kill(os.getpid(), signal.SIGINT)  # graceful: running jobs finish, or are reaped later

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
