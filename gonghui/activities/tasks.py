"""Background tasks of activities (see core.tasks)."""

from gonghui.activities.services import offers_expire
from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task


# Every 10 minutes, by the task engine: an offer not accepted in time passes to the next in line
# within minutes. Idempotent: each offer lapses once (core.registration locks it).
@task("activities.expire_offers", schedule=cron(minute="*/10"))
def expire_offers(job: Job) -> None:
    lapsed = offers_expire()
    job.done = job.total = len(lapsed)
    finish(job, result={"lapsed": len(lapsed)})
