"""Rights: legal aid — background tasks (core.tasks), imported by rights/tasks.py."""

from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task
from gonghui.rights.services.legal import overdue_remind_all


# Every day at 07:30: the handling unions' cadres are told of cases whose next action is overdue,
# once per next date. Idempotent: a case already told for its date is skipped.
@task("rights.legal_overdue_remind", schedule=cron(hour="7", minute="30"))
def legal_overdue_remind(job: Job) -> None:
    told = overdue_remind_all()
    job.done = job.total = told
    finish(job, result={"reminded": told})
