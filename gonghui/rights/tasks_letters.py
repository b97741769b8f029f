"""Rights: supervision letters — background tasks (core.tasks), imported by rights/tasks.py."""

from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, task
from gonghui.rights.services.letters import letters_note_overdue


# Daily at 08:30: replies past their deadline are brought to the issuing union's and the
# federation's cadres, once per letter (a conditional update: a second run tells nobody twice).
@task("rights.letters_note_overdue", schedule=cron(hour="8", minute="30"))
def note_overdue(job: Job) -> None:
    noted = letters_note_overdue()
    job.done = job.total = len(noted)
    finish(job, result={"noted": len(noted)})
