"""Rights: contracts — background tasks (core.tasks), imported by rights/tasks.py."""

from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task
from gonghui.rights.services.contracts import advance, remind_expiring


# Every day at 02:30: filed contracts past their 15-day review take effect, contracts past their end
# expire (or are renewed), and the cadres of a union whose contract ends within three months are
# told once. Idempotent: a second run changes nothing and tells nobody.
@task("rights.contracts_daily", schedule=cron(hour="2", minute="30"))
def contracts_daily(job: Job) -> None:
    counts = advance()
    counts["reminded"] = remind_expiring()
    job.done = job.total = sum(counts.values())
    finish(job, result=counts)
