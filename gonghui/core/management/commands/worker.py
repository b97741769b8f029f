"""`gonghui worker`: runs background jobs (imports, exports, reports) from the Redis queue."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import tasks


class Command(BaseCommand):
    help = "运行后台任务进程，从 Redis 队列领取任务（导入、导出、报表）。Run the background job worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="队列为空时退出 (exit when the queue is empty)"
        )
        parser.add_argument(
            "--timeout", type=int, default=5, help="每次等待队列的秒数 (seconds to block on the queue)"
        )

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError(
                "未设置 REDIS_URL：后台任务进程需要 Redis 队列。未配置 Redis 时任务在 Web 进程内运行，无需本进程。"
            )
        self.stdout.write(f"后台任务进程已启动，队列 {tasks.QUEUE_KEY}（Ctrl+C 退出）")
        try:
            tasks.worker(once=options["once"], timeout=options["timeout"])
        except KeyboardInterrupt:
            self.stdout.write("后台任务进程已停止。")
