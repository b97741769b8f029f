"""One task interface for background jobs.

    @task("members.import_roster")
    def import_roster(job: Job) -> None: ...

    enqueue("members.import_roster", job)

GONGHUI_TASKS selects how jobs run: "sync" (at once, in the caller: tests), "thread" (in-process
after commit: the embedded demo), "redis" (pushed to a Redis list that `gonghui worker` pops).
Live progress goes through the cache, because the job's own writes are invisible to the
progress page until its transaction commits.
"""

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.models import Job

log = logging.getLogger(__name__)
QUEUE_KEY = "gonghui:jobs"
_REGISTRY: dict[str, Callable[[Job], None]] = {}


def task(name: str):
    def register(func):
        _REGISTRY[name] = func
        return func

    return register


def enqueue(name: str, job: Job) -> None:
    mode = settings.GONGHUI_TASKS
    if mode == "sync":
        run(name, job.pk)
    elif mode == "thread":
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(name, job.pk), daemon=True).start()
        )
    elif mode == "redis":
        payload = json.dumps({"task": name, "job": job.pk})
        transaction.on_commit(lambda: _redis().lpush(QUEUE_KEY, payload))
    else:
        raise ValueError(f"unknown GONGHUI_TASKS mode {mode!r}")


def _run_in_thread(name: str, job_id: int) -> None:
    try:
        run(name, job_id)
    finally:
        connection.close()


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def run(name: str, job_id: int) -> None:
    _load_task_modules()
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    job.state = Job.State.RUNNING
    try:
        _REGISTRY[name](job)
    except Exception:
        # Log the job id and the traceback only: rows may hold personal data.
        log.exception("job %s (%s) failed", job_id, name)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED,
            finished_at=timezone.now(),
            errors=[
                {
                    "row": None,
                    "column": "",
                    "reason": _("任务意外中断，未写入任何数据。请稍后重试或联系管理员。"),
                }
            ],
        )
    finally:
        cache.delete(_progress_key(job_id))


def worker(*, once: bool = False, timeout: int = 5) -> None:
    """Pop and run jobs from Redis until stopped (`gonghui worker`)."""
    _load_task_modules()
    r = _redis()
    while True:
        item = r.brpop(QUEUE_KEY, timeout=timeout)
        if item:
            close_old_connections()
            message = json.loads(item[1])
            run(message["task"], message["job"])
        elif once:
            return


def _load_task_modules() -> None:
    import importlib

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("gonghui.") and module_has_submodule(config.module, "tasks"):
            importlib.import_module(f"{config.name}.tasks")


def result_file(job: Job) -> Path:
    """Where a job keeps the .xlsx it produced (an export): under MEDIA_ROOT, never served by a URL
    of its own; core.views.job_download hands it to the job's author."""
    return Path(settings.MEDIA_ROOT) / "job-files" / f"{job.uuid}.xlsx"


def _progress_key(job_id: int) -> str:
    return f"gonghui:job:{job_id}:progress"


def report_progress(job: Job, *, done: int, total: int | None = None, stage: str = "") -> None:
    job.done = done
    if total is not None:
        job.total = total
    if stage:
        job.stage = stage
    cache.set(_progress_key(job.pk), {"done": job.done, "total": job.total, "stage": job.stage}, 3600)


def live_progress(job: Job) -> Job:
    """The job with its in-flight progress filled in from the cache."""
    if not job.finished:
        data = cache.get(_progress_key(job.pk))
        if data:
            job.done, job.total, job.stage = data["done"], data["total"], data["stage"]
    return job


def finish(job: Job, *, result: dict | None = None, errors: list | None = None) -> None:
    job.state = Job.State.FAILED if errors else Job.State.DONE
    job.result = result or {}
    job.errors = errors or []
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "result", "errors", "finished_at", "done", "total", "stage"])
