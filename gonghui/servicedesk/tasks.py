"""Background tasks of the service desk (see core.tasks)."""

from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task
from gonghui.servicedesk.services.problems import problems_escalate_overdue


# Every hour at :30, by the task engine (`gonghui worker`, or the worker `gonghui demo`/`serve` start):
# a problem is escalated within the hour it becomes overdue, and a worker that was down catches up at
# the next hour. Idempotent: each problem is escalated once; one worker takes each tick.
@task("servicedesk.escalate_overdue_problems", schedule=cron(minute="30"))
def escalate_overdue_problems(job: Job) -> None:
    """Escalate overdue problems (the same service as the management command)."""
    escalated = problems_escalate_overdue(dry_run=bool(job.params.get("dry_run")))
    job.done = job.total = len(escalated)
    finish(job, result={"escalated": len(escalated), "problems": [str(p.uuid) for p in escalated]})
