"""Background tasks of the service desk (see core.tasks)."""

from gonghui.core.models import Job
from gonghui.core.tasks import finish, task
from gonghui.servicedesk.services.problems import problems_escalate_overdue


@task("servicedesk.escalate_overdue_problems")
def escalate_overdue_problems(job: Job) -> None:
    """Daily: escalate overdue problems (idempotent; the same service as the management command)."""
    escalated = problems_escalate_overdue(dry_run=bool(job.params.get("dry_run")))
    job.done = job.total = len(escalated)
    finish(job, result={"escalated": len(escalated), "problems": [str(p.uuid) for p in escalated]})
