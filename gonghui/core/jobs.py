"""The engine behind core.tasks: Huey, and what makes a job survive a crash.

GONGHUI_TASKS selects the engine's storage: "sync" (Huey's immediate mode: the job runs at once in
the caller: tests), "sqlite" (a SQLite file in the data folder; one machine, no Redis: `gonghui demo`
and `gonghui serve` start a worker next to the server), "redis" (any number of `gonghui worker`
processes on any number of machines).

Huey takes a message off the queue before it runs it, so the acknowledgement is made real here, at
the Job level: the Job row is the durable record. A worker claims it (attempts + 1, its identity,
a lease that a heartbeat thread renews while the job runs); the reaper, run by the engine every
minute and when a worker starts, finds jobs whose worker is gone (its process on this machine has
exited, or the lease lapsed) and queues them again, up to GONGHUI_JOB_ATTEMPTS, then fails them with a
message. Transient errors (database or Redis unreachable) are retried by the engine with a growing
delay; a validation failure never is. The input file of a job is deleted when the job ends, however it
ends, and any job file after a day by the periodic clean-up.
"""

import datetime
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab as cron
from huey.exceptions import RetryTask

from gonghui.core.models import Job
from gonghui.core.tasks import (
    delete_inputs,
    fail,
    finish,
    inputs_dir,
    legacy_inputs_dir,
    progress_key,
    registered,
    results_dir,
)

log = logging.getLogger(__name__)


def engine():
    """The Huey instance for the current settings (one per storage)."""
    mode = settings.GONGHUI_TASKS
    if mode == "redis":
        where = settings.GONGHUI_TASKS_REDIS_URL
    elif mode == "sqlite":
        where = str(Path(settings.DATA_DIR) / "jobs.sqlite3")
    else:
        where = ""
    key = (mode, where, settings.GONGHUI_JOB_ATTEMPTS, settings.GONGHUI_JOB_RETRY_DELAY)
    huey = _ENGINES.get(key)
    if huey is None:
        huey = _ENGINES[key] = _build_engine(mode, where)
    return huey


_ENGINES: dict[tuple, object] = {}


def _build_engine(mode: str, where: str):
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    # utc=False: schedules (cron) are read in TIME_ZONE, which Django sets as the process's zone.
    options = {"results": False, "utc": False}
    if mode == "redis":
        huey = RedisHuey("gonghui", url=where, blocking=True, read_timeout=1, **options)
    elif mode == "sqlite":
        Path(where).parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey("gonghui", filename=where, **options)
    elif mode == "sync":
        huey = MemoryHuey("gonghui", immediate=True, **options)
    else:
        raise ValueError(f"unknown GONGHUI_TASKS mode {mode!r}")
    # A failure of the claim itself (database unreachable) is retried by Huey with this backoff; a
    # transient failure inside the job raises RetryTask with the delay for the Job's attempt number.
    huey.gonghui_run_job = huey.task(
        name="gonghui.run_job",
        retries=max(settings.GONGHUI_JOB_ATTEMPTS - 1, 0),
        retry_delay=settings.GONGHUI_JOB_RETRY_DELAY,
        retry_backoff=2,
    )(_run_message)
    huey.gonghui_periodic = set()
    return huey


def send(job_id: int) -> None:
    engine().gonghui_run_job(job_id)


def _run_message(job_id: int) -> None:
    """The engine's task: run one Job (the message carries its id only, no personal data)."""
    huey = engine()
    if not huey.immediate:
        close_old_connections()
    try:
        delay = run(job_id, may_retry=not huey.immediate)
    finally:
        if not huey.immediate:
            close_old_connections()
    if delay is not None:
        raise RetryTask(delay=delay)


def retry_delay(attempt: int) -> float:
    """Seconds before the next try after a transient error on `attempt` (1, 2, …): 2 s, 4 s, 8 s …"""
    return settings.GONGHUI_JOB_RETRY_DELAY * 2 ** (attempt - 1)


# Errors that pass: the engine runs the job again after GONGHUI_JOB_RETRY_DELAY, then twice that …
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:
    import redis

    TRANSIENT += (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency
    pass


def run(job_id: int, *, may_retry: bool = False) -> float | None:
    """Claim and run one job; the delay before the next try if it hit a transient error."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        lease_until=now + _lease(),
        worker=worker_id(),
    )
    if not claimed:
        log.info("job %s: not queued any more (done, failed or taken by another worker)", job_id)
        return None
    job = Job.objects.get(pk=job_id)
    lease = None if engine().immediate else _Heartbeat(job)
    retry = False
    with translation.override(job.language):
        try:
            if lease:
                lease.start()
            entry = registered().get(job.task)
            if entry is None:
                raise LookupError(f"task {job.task!r} is not registered")
            entry.func(job)
        except TRANSIENT:
            log.warning(
                "job %s (%s): transient error on attempt %s", job_id, job.task, job.attempts, exc_info=True
            )
            if may_retry and job.attempts < settings.GONGHUI_JOB_ATTEMPTS:
                retry = _requeue(job, stage=_("数据库或缓存暂时无法连接，稍后自动重试"))
            if not retry:
                fail(job, _("数据库或缓存暂时无法连接，任务未能完成，未写入任何数据。请稍后重新提交。"))
        except ValidationError as exc:
            fail(job, "；".join(exc.messages))
        except Exception:
            # Log the job id and the traceback only: rows may hold personal data.
            log.exception("job %s (%s) failed", job_id, job.task)
            fail(job, _("任务意外中断，未写入任何数据。请稍后重试或联系管理员。"))
        else:
            if job.state == Job.State.RUNNING:  # the task forgot finish(): it ended all the same
                finish(job, result=job.result)
        finally:
            if lease:
                lease.stop()
            if not retry:
                delete_inputs(job)
            try:
                cache.delete(progress_key(job_id))
            except Exception:  # noqa: BLE001 - the entry expires on its own within the hour
                log.warning("job %s: progress not cleared (cache unavailable)", job_id)
    return retry_delay(job.attempts) if retry else None


def _requeue(job: Job, *, stage: str) -> bool:
    try:
        return bool(
            Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
                state=Job.State.QUEUED, lease_until=None, worker="", stage=stage
            )
        )
    except DatabaseError:  # still unreachable: the lease lapses and the reaper queues it again
        log.warning("job %s: could not be queued again now; the reaper will", job.pk)
        return False


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.GONGHUI_JOB_LEASE_SECONDS)


class _Heartbeat(threading.Thread):
    """Renews the running job's lease every quarter of its length, on a connection of its own."""

    def __init__(self, job: Job):
        super().__init__(name=f"lease-{job.pk}", daemon=True)
        self.job_id, self.attempt = job.pk, job.attempts
        self._stop_event = threading.Event()

    def run(self) -> None:
        from django.db import connection

        try:
            while not self._stop_event.wait(settings.GONGHUI_JOB_LEASE_SECONDS / 4):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING, attempts=self.attempt).update(
                        lease_until=timezone.now() + _lease()
                    )
                except DatabaseError:  # e.g. SQLite busy under an import's write lock: next time
                    log.info("job %s: lease not renewed this time", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


# ---------------------------------------------------------------- who runs a job, and is it alive


def _start_ticks(pid: int) -> str:
    """The process's start time (Linux), so a reused pid is not taken for the old process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def worker_id() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def _alive_here(worker: str) -> bool | None:
    """Whether the process named by `worker` is alive; None if it ran on another machine."""
    try:
        host, pid_text, ticks = worker.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return not ticks or _start_ticks(pid) in ("", ticks)


STALLED_LEASES = 10


def reap() -> int:
    """Queue again (or fail, after GONGHUI_JOB_ATTEMPTS) every running job whose worker is gone:
    its process on this machine has exited, or (another machine) its lease lapsed. Returns how many."""
    now = timezone.now()
    n = 0
    for job in Job.objects.filter(state=Job.State.RUNNING).only(
        "pk", "uuid", "task", "attempts", "worker", "lease_until", "language", "state"
    ):
        alive = _alive_here(job.worker) if job.worker else False
        if alive is None and job.lease_until and job.lease_until >= now:
            continue  # on another machine, and its lease is current
        if alive and job.lease_until and job.lease_until >= now - STALLED_LEASES * _lease():
            # Alive here: on SQLite a long import's write lock may hold up the heartbeat. Only a job
            # whose lease has been dead for ten lease periods (its run lost, its process still up) goes.
            continue
        owned = Job.objects.filter(
            pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts, worker=job.worker
        )
        with translation.override(job.language):
            if job.task in registered() and job.attempts < settings.GONGHUI_JOB_ATTEMPTS:
                stage = _("执行任务的进程意外停止，正在重新执行")
                if owned.update(state=Job.State.QUEUED, lease_until=None, worker="", stage=stage):
                    log.warning("job %s: its worker is gone; queued again (attempt %s)", job.pk, job.attempts)
                    send(job.pk)
                    n += 1
            else:
                reason = _(
                    "执行任务的进程意外停止（已尝试 %(n)d 次），任务已终止，未写入任何数据，上传的文件已删除。请重新提交。"
                ) % {"n": job.attempts}
                errors = [{"row": None, "column": "", "reason": reason}]
                if owned.update(state=Job.State.FAILED, finished_at=now, lease_until=None, errors=errors):
                    log.warning("job %s: its worker is gone; failed after %s attempts", job.pk, job.attempts)
                    cache.delete(progress_key(job.pk))
                    delete_inputs(job)
                    n += 1
    return n


def clean_files() -> int:
    """Delete job inputs and results older than GONGHUI_JOB_FILES_KEEP_SECONDS (a day), and fail the
    jobs that waited that long without running. Returns how many files went."""
    keep = settings.GONGHUI_JOB_FILES_KEEP_SECONDS
    cutoff = time.time() - keep
    removed = 0
    for folder in (inputs_dir(), results_dir(), legacy_inputs_dir()):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
                    removed += 1
            except FileNotFoundError:
                continue
    stale = Job.objects.filter(
        state=Job.State.QUEUED, created_at__lt=timezone.now() - datetime.timedelta(seconds=keep)
    )
    for job in stale.only("pk", "attempts", "language", "uuid", "state"):
        with translation.override(job.language):
            fail(job, _("任务排队超过一天仍未执行，已取消，上传的文件已删除。请重新提交。"))
        delete_inputs(job)
    return removed


def _start_periodic(name: str) -> None:
    """One tick of a periodic task: a Job of it, started by one worker only (the tick is claimed in
    the shared cache), run at once in this worker."""
    minute = timezone.now().replace(second=0, microsecond=0).isoformat()
    if not cache.add(f"gonghui:tick:{name}:{minute}", 1, timeout=3600):
        return
    job = Job.objects.create(kind=name, task=name, language=settings.LANGUAGE_CODE)
    run(job.pk)


# ---------------------------------------------------------------- the worker process


def consumer(*, threads: int = 2):
    """The engine's consumer for `gonghui worker`: job threads, the scheduler, the periodic tasks
    (the registry's, the reaper every minute, the file clean-up every ten minutes)."""
    huey = engine()
    if huey.immediate:
        raise RuntimeError("GONGHUI_TASKS=sync runs jobs in the caller: there is nothing for a worker to do")

    def periodic(schedule, name: str, func: Callable[[], object]) -> None:
        if name in huey.gonghui_periodic:
            return
        huey.gonghui_periodic.add(name)

        def tick() -> None:
            close_old_connections()
            try:
                func()
            finally:
                close_old_connections()

        huey.periodic_task(schedule, name=f"gonghui.periodic.{name}")(tick)

    periodic(cron(), "reap", reap)
    periodic(cron(minute="*/10"), "clean_files", clean_files)
    for entry in registered().values():
        if entry.schedule is not None:
            periodic(entry.schedule, entry.name, lambda name=entry.name: _start_periodic(name))
    return huey.create_consumer(
        workers=threads,
        worker_type="thread",
        periodic=True,
        check_worker_health=True,
        initial_delay=0.1,
        backoff=1.15,
        max_delay=1.0,
    )


def drain() -> int:
    """Run what is queued (and due) now, then return how many ran (`gonghui worker --once`)."""
    huey = engine()
    reap()
    ran = 0
    while True:
        for message in huey.read_schedule():
            huey.enqueue(message)
        message = huey.dequeue()
        if message is None:
            return ran
        huey.execute(message)
        ran += 1


def ensure_cache_table(**kwargs) -> None:
    """Create the database cache's table where settings use one (migrate, demo, serve, worker)."""
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        database = "cache" if "cache" in settings.DATABASES else "default"
        call_command("createcachetable", database=database, verbosity=0)
