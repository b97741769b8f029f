"""Care: recuperation — background tasks (core.tasks), imported by care/tasks.py."""

from gonghui.care.services.recuperation import offers_expire
from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task


# Every 10 minutes, like activities' offers: a trip place offered from the waitlist and not
# accepted in time passes to the next in draw order. Idempotent (core.registration locks each offer).
@task("care.recuperation_expire_offers", schedule=cron(minute="*/10"))
def expire_offers(job: Job) -> None:
    lapsed = offers_expire()
    job.done = job.total = len(lapsed)
    finish(job, result={"lapsed": len(lapsed)})
