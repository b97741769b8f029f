"""Tasks the job tests run, in the test process and in `gonghui worker` subprocesses
(tests/core/test_jobs_processes.py imports this module into the worker before it starts)."""

import os
import time

from gonghui.core.models import Job
from gonghui.core.tasks import cron, finish, report_progress, task


@task("tests.jobs.stall_first_attempt")
def stall_first_attempt(job: Job) -> None:
    """Hangs on its first attempt (the test kills the worker there); finishes on the next."""
    report_progress(job, done=1, total=2, stage="第一步")
    if job.attempts == 1:
        time.sleep(60)
    finish(job, result={"attempt": job.attempts})


if os.environ.get("JOBS_TEST_PERIODIC") == "1":

    @task("tests.jobs.every_minute", schedule=cron())
    def every_minute(job: Job) -> None:
        finish(job, result={"fired": True})


if os.environ.get("JOBS_TEST_STALL_IMPORT") == "1":
    # A roster import that hangs after its first batch is written, inside its transaction: the test
    # restarts the worker there.
    from gonghui.members import tasks as member_tasks
    from gonghui.members.services import roster_import

    _report = member_tasks.report_progress

    def _stalling_report(job: Job, *, done: int, total: int | None = None, stage: str = "") -> None:
        _report(job, done=done, total=total, stage=stage)
        if stage == str(roster_import.STAGE_WRITING) and done > 0:
            time.sleep(60)

    member_tasks.report_progress = _stalling_report
