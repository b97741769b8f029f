"""`gonghui escalate_overdue_problems [--dry-run]`: flag overdue problems and tell the federation, once.

The workers run the same service every hour (servicedesk/tasks.py, a periodic task of core.tasks):
no cron line is needed. This command is for a look (--dry-run) or a run by hand."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gonghui.servicedesk.services.problems import cn_date, problems_escalate_overdue


class Command(BaseCommand):
    help = _(
        "将逾期未办结的问题（已交办或重新办理且超过办理期限）上报：记录上报时间并通知问题所属组织及上级总工会的主席和工作人员。可重复运行，每个问题只上报一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只列出将要上报的问题，不修改。"))

    def handle(self, *args, dry_run: bool = False, **options):
        problems = problems_escalate_overdue(dry_run=dry_run)
        for problem in problems:
            # Titles and due dates only: no personal data in command output.
            self.stdout.write(f"{problem.uuid} {cn_date(problem.due_date)} {problem.title}")
        message = (
            _("将上报 %(n)d 个逾期问题（试运行，未修改）。") if dry_run else _("已上报 %(n)d 个逾期问题。")
        )
        self.stdout.write(self.style.SUCCESS(message % {"n": len(problems)}))
