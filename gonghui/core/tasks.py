"""One task interface for background jobs (the engine behind it: core/jobs.py, on Huey).

    @task("members.import_roster")
    def import_roster(job: Job) -> None: ...

    enqueue("members.import_roster", job)

    @task("servicedesk.escalate_overdue_problems", schedule=cron(minute="30"))
    def escalate(job: Job) -> None: ...          # periodic: the engine starts a Job every hour

A task gets its Job (running under `translation.override(job.language)`), reports progress with
`report_progress`, and ends with `finish`. Live progress goes through the cache (Redis, or the database
cache on a connection of its own), because the job's own writes are invisible to the progress page
until its transaction commits. `input_file(job)` is where an upload waits for its job (it may hold
personal data: deleted when the job ends, however it ends); `result_file(job)` where a job keeps what
it produced (deleted after a day).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core.models import Job

__all__ = [
    "cron",
    "enqueue",
    "finish",
    "input_file",
    "live_progress",
    "report_progress",
    "result_file",
    "task",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registered:
    name: str
    func: Callable[[Job], None]
    schedule: Callable | None = None  # a cron(...) for a periodic task


_REGISTRY: dict[str, Registered] = {}


def task(name: str, *, schedule: Callable | None = None):
    """Register a job function under `name`; with `schedule` (a `cron(...)`) the engine also starts
    one Job of it at each matching minute, once across all workers."""

    def register(func):
        _REGISTRY[name] = Registered(name, func, schedule)
        return func

    return register


def registered() -> dict[str, Registered]:
    load_task_modules()
    return dict(_REGISTRY)


# ---------------------------------------------------------------- files


def input_file(job: Job, suffix: str = ".xlsx") -> Path:
    """Where a job's uploaded input waits for it (it may hold personal data): under MEDIA_ROOT, never
    served by a URL, deleted when the job ends however it ends, and by the clean-up after a day."""
    return inputs_dir() / f"{job.uuid}{suffix}"


def result_file(job: Job) -> Path:
    """Where a job keeps the .xlsx it produced (an export): under MEDIA_ROOT, never served by a URL
    of its own; core.views.job_download hands it to the job's author; deleted after a day."""
    return results_dir() / f"{job.uuid}.xlsx"


def inputs_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "job-inputs"


def results_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "job-files"


def cron(**fields) -> Callable:
    """Huey's crontab(...), built on first use: a web process or a reader never loads the engine
    (with redis-py, about 30 MB a process) just because tasks declare their schedules."""
    built: list[Callable] = []

    def schedule(timestamp) -> bool:
        if not built:
            from huey import crontab

            built.append(crontab(**fields))
        return built[0](timestamp)

    return schedule


def legacy_inputs_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"  # uploads from before core.tasks.input_file


def delete_inputs(job: Job) -> None:
    for folder in (inputs_dir(), legacy_inputs_dir()):
        for path in folder.glob(f"{job.uuid}*"):
            path.unlink(missing_ok=True)


# ---------------------------------------------------------------- progress and result


def progress_key(job_id: int) -> str:
    return f"gonghui:job:{job_id}:progress"


def report_progress(job: Job, *, done: int, total: int | None = None, stage: str = "") -> None:
    job.done = done
    if total is not None:
        job.total = total
    if stage:
        job.stage = stage
    try:
        cache.set(progress_key(job.pk), {"done": job.done, "total": job.total, "stage": job.stage}, 3600)
    except Exception:  # noqa: BLE001 - progress is a courtesy: an unreachable cache must not fail the job
        log.warning("job %s: progress not recorded (cache unavailable)", job.pk)


def live_progress(job: Job) -> Job:
    """The job with its in-flight progress filled in from the cache."""
    if not job.finished:
        data = cache.get(progress_key(job.pk))
        if data:
            job.done, job.total, job.stage = data["done"], data["total"], data["stage"]
    return job


def finish(job: Job, *, result: dict | None = None, errors: list | None = None) -> None:
    """End the job (failed if there are errors). Only the attempt that holds the job may end it: a
    late finish from a run the reaper already gave up on changes nothing."""
    job.state = Job.State.FAILED if errors else Job.State.DONE
    job.result = result or {}
    job.errors = errors or []
    job.finished_at = timezone.now()
    _ended(job)


def _ended(job: Job) -> bool:
    fields = ["state", "result", "errors", "finished_at", "done", "total", "stage"]
    updated = (
        Job.objects.filter(pk=job.pk, attempts=job.attempts)
        .exclude(state__in=[Job.State.DONE, Job.State.FAILED])
        .update(lease_until=None, **{f: getattr(job, f) for f in fields})
    )
    return bool(updated)


def fail(job: Job, reason: str) -> None:
    job.state = Job.State.FAILED
    job.errors = [{"row": None, "column": "", "reason": reason}]
    job.finished_at = timezone.now()
    _ended(job)


def enqueue(name: str, job: Job) -> None:
    """Queue `job` for the task `name` (at once in sync mode, else when the transaction commits)."""
    from gonghui.core import jobs

    if name not in registered():
        raise ValueError(f"unknown task {name!r}")
    job.task = name
    Job.objects.filter(pk=job.pk).update(task=name)
    if jobs.engine().immediate:
        jobs.send(job.pk)
        return

    def send() -> None:
        try:
            jobs.send(job.pk)
        except Exception:  # noqa: BLE001 - the queue is unreachable: say so on the job at once
            log.exception("job %s (%s) could not be queued", job.pk, name)
            with translation.override(job.language):
                fail(job, _("后台任务队列暂时无法连接，任务未能开始，未写入任何数据。请稍后重新提交。"))
            delete_inputs(job)

    transaction.on_commit(send)


def load_task_modules() -> None:
    import importlib

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("gonghui.") and module_has_submodule(config.module, "tasks"):
            importlib.import_module(f"{config.name}.tasks")
