"""`gonghui demo`: create the data folder and database, load the demo county, print the logins, serve."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gonghui import demo
from gonghui.core import jobs
from gonghui.core.management.commands.serve import run_gunicorn, start_worker, stop_worker
from gonghui.demo import activities as demo_activities
from gonghui.demo import care as demo_care
from gonghui.demo import desk as demo_desk
from gonghui.demo import fitness as demo_fitness
from gonghui.demo import rights as demo_rights
from gonghui.demo import tournaments as demo_tournaments
from gonghui.demo.lectures import load_lectures
from gonghui.demo.notices import load_notices


class Command(BaseCommand):
    help = "创建数据目录和数据库，载入演示县数据，打印演示账号并在本机启动服务。Load the demo county and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只载入数据，不启动服务 (load and exit)")
        parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
        parser.add_argument("--members", type=int, default=3000, help="演示会员人数，默认 3000")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("演示数据不能载入生产环境（GONGHUI_ENV=production）。")
        if options["members"] < 0:
            raise CommandError("--members 不能为负数。")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"数据目录：{settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        jobs.ensure_cache_table()
        self.stdout.write("数据库已是最新结构。")
        desk_summary = None
        if demo.is_loaded():
            self.stdout.write("演示数据已存在，未重复载入。")
            desk_summary = demo_desk.load_desk()  # a demo county from before the service desk: add it once
        else:
            self.stdout.write(f"正在载入演示数据（{options['members']} 名会员）……")
            summary = demo.load(members=options["members"])
            self.stdout.write(
                f"已载入：组织 {summary.orgs} 个，企业 {summary.enterprises} 家，会员 {summary.members} 名，"
                f"干部账号 {summary.cadres} 个，待审核入会申请 {summary.join_applications} 份，"
                f"待接收转会 {summary.transfers} 份。"
            )
            for note in summary.notes:
                self.stdout.write(self.style.WARNING(f"注意：{note}"))
            desk_summary = summary.desk
        if desk_summary is not None:
            for line in desk_summary.lines():
                self.stdout.write(f"已载入：{line}")
            for failure in desk_summary.failures:
                self.stdout.write(self.style.WARNING(f"注意：一项演示服务数据未能生成：{failure}"))
        tournament_summary = demo_tournaments.load_tournaments()  # after the desk; once
        if tournament_summary is not None:
            for line in tournament_summary.lines():
                self.stdout.write(f"已载入：{line}")
        fitness_summary = demo_fitness.load_fitness()  # after the desk; once (its programme is the marker)
        if fitness_summary is not None:
            for line in fitness_summary.lines():
                self.stdout.write(f"已载入：{line}")
            for failure in fitness_summary.failures:
                self.stdout.write(self.style.WARNING(f"注意：一项演示健身数据未能生成：{failure}"))
        for load in (load_notices, load_lectures):  # after the desk: lectures use its menu and contacts
            for line in load() or ():
                self.stdout.write(f"已载入：{line}")
        activity_summary = demo_activities.load_activities()  # after the desk: once, idempotent
        if activity_summary is not None:
            for line in activity_summary.lines():
                self.stdout.write(f"已载入：{line}")
            for failure in activity_summary.failures[:5]:
                self.stdout.write(self.style.WARNING(f"注意：一项演示活动数据未能生成：{failure}"))
        for line in demo_care.load_care():  # after activities: each care domain loads once
            self.stdout.write(f"已载入：{line}")
        for line in demo_rights.load_rights():  # after care: each rights domain loads once
            self.stdout.write(f"已载入：{line}")
        address = f"http://127.0.0.1:{options['port']}"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"打开 {address}"))
        self.stdout.write(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        for login in demo.LOGINS:
            self.stdout.write(f"  {login.phone}  {login.name}  {login.role}")
        for login in demo_desk.LOGINS:
            self.stdout.write(f"  {login.phone}  {login.name}  {login.role}")
        for login in demo_fitness.logins():
            self.stdout.write(f"  {login.phone}  {login.name}  {login.role}")
        self.stdout.write(f"  其他各级工会主席：{demo.OTHER_CADRE_PHONE_PREFIX}0001 起，密码相同")
        if options["no_serve"]:
            return
        use_demo_settings(address)
        self.stdout.write("")
        # Jobs run in a worker process next to the server (a SQLite queue in the data folder, or Redis);
        # with Redis configured the operator may run more with `gonghui worker`.
        worker = start_worker(with_redis=True)
        if worker is not None:
            self.stdout.write("后台任务进程已启动（导入、导出、定时任务）。")
        try:
            run_gunicorn(bind=f"127.0.0.1:{options['port']}", workers=1, threads=8, access_log=False)
        finally:
            stop_worker(worker)


DEMO_SENDER = "gonghui.accounts.senders.DemoSender"


def use_demo_settings(address: str) -> None:
    """What the demo serves differs from a deployment in two ways, unless the operator set them:
    QR codes (card, check-in, certificates) link to the address actually served, and one-time
    login codes are shown on the code-login page (nobody trying the demo reads the server console).
    The environment carries both to the worker process started next to the server."""
    if "GONGHUI_PUBLIC_URL" not in os.environ:
        settings.GONGHUI_PUBLIC_URL = address
        os.environ["GONGHUI_PUBLIC_URL"] = address
    if "GONGHUI_CODE_SENDER" not in os.environ:
        settings.GONGHUI_CODE_SENDER = DEMO_SENDER
        os.environ["GONGHUI_CODE_SENDER"] = DEMO_SENDER
