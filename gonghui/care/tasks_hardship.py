"""Care: hardship — background tasks (core.tasks), imported by care/tasks.py."""

from gonghui.care.services.hardship import exit_by_rule_all
from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task


# On the 2nd of each month at 03:00: files whose last six months of income (some recorded late)
# are all above the relative line leave hardship by rule. Idempotent: an exited file is skipped.
@task("care.hardship_exit_by_rule", schedule=cron(day="2", hour="3", minute="0"))
def hardship_exit_by_rule(job: Job) -> None:
    exited = exit_by_rule_all()
    job.done = job.total = exited
    finish(job, result={"exited": exited})
