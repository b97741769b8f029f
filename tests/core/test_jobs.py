"""Background jobs in one process: the Job record, languages, failures, retries with backoff, the
reaper, the clean-up, the periodic registry (core.tasks on Huey). Real worker processes are in
test_jobs_processes.py."""

import datetime
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core import jobs, tasks
from gonghui.core.models import Job

calls: list[dict] = []


@tasks.task("tests.jobs.record_language")
def _record_language(job: Job) -> None:
    calls.append({"language": translation.get_language(), "message": _("已完成")})
    tasks.finish(job, result={"ok": True})


@tasks.task("tests.jobs.invalid")
def _invalid(job: Job) -> None:
    raise ValidationError("第 3 行：身份证号码校验位不正确。")


@tasks.task("tests.jobs.crash")
def _crash(job: Job) -> None:
    raise KeyError("bug")


@tasks.task("tests.jobs.forgets_finish")
def _forgets_finish(job: Job) -> None:
    tasks.report_progress(job, done=5, total=5)


@tasks.task("tests.jobs.flaky")
def _flaky(job: Job) -> None:
    """Fails with a transient database error on its first two attempts."""
    calls.append({"attempt": job.attempts})
    if job.attempts < 3:
        raise OperationalError("could not connect to server")
    tasks.finish(job, result={"attempt": job.attempts})


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path):
    calls.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGHUI_TASKS = "sync"


def make_job(kind: str = "tests.jobs.record_language", **fields) -> Job:
    return Job.objects.create(kind=kind, **fields)


# ---------------------------------------------------------------- the Job record


def test_a_job_carries_the_language_it_was_started_in(db):
    with translation.override("en"):
        job = make_job()
    assert job.language == "en"
    assert make_job().language == "zh-hans"


def test_a_job_runs_in_its_users_language(db):
    with translation.override("en"):
        job = make_job()
    tasks.enqueue("tests.jobs.record_language", job)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 1 and job.task == "tests.jobs.record_language"
    assert calls == [{"language": "en", "message": "Done"}]
    assert translation.get_language() == "zh-hans"  # the worker's own language is left as it was


def test_a_validation_failure_fails_with_its_message_and_is_not_retried(db):
    job = make_job("tests.jobs.invalid")
    tasks.enqueue("tests.jobs.invalid", job)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 1 and job.finished_at
    assert job.errors == [{"row": None, "column": "", "reason": "第 3 行：身份证号码校验位不正确。"}]
    assert job.lease_until is None


def test_an_unexpected_error_fails_the_job_with_a_message_not_a_traceback(db, caplog):
    job = make_job("tests.jobs.crash")
    tasks.enqueue("tests.jobs.crash", job)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.errors[0]["reason"] == "任务意外中断，未写入任何数据。请稍后重试或联系管理员。"
    assert f"job {job.pk} (tests.jobs.crash) failed" in caplog.text


def test_a_task_that_returns_without_finishing_still_ends(db):
    job = make_job("tests.jobs.forgets_finish")
    tasks.enqueue("tests.jobs.forgets_finish", job)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.done == 5


def test_an_unknown_task_is_refused_when_queued(db):
    with pytest.raises(ValueError, match="unknown task"):
        tasks.enqueue("tests.jobs.nonexistent", make_job())


def test_a_job_is_not_run_twice(db):
    job = make_job()
    tasks.enqueue("tests.jobs.record_language", job)
    jobs.run(job.pk)  # a second delivery of the same message
    job.refresh_from_db()
    assert len(calls) == 1 and job.attempts == 1 and job.state == Job.State.DONE


def test_a_late_finish_from_an_abandoned_attempt_changes_nothing(db):
    job = make_job(state=Job.State.FAILED, attempts=1, errors=[{"row": None, "column": "", "reason": "x"}])
    tasks.finish(job, result={"late": True})
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.result == {}


# ---------------------------------------------------------------- input files


@pytest.mark.parametrize("task", ["tests.jobs.record_language", "tests.jobs.invalid", "tests.jobs.crash"])
def test_the_input_file_is_deleted_when_the_job_ends_however_it_ends(db, task):
    job = make_job(task)
    path = tasks.input_file(job)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"330102199005170012")
    other = tasks.input_file(make_job())
    other.write_bytes(b"someone else's upload")
    tasks.enqueue(task, job)
    assert not path.exists()
    assert other.exists()


def test_the_roster_import_keeps_its_upload_where_core_deletes_it(db):
    from gonghui.members.tasks import import_upload_path

    job = make_job()
    assert import_upload_path(job) == tasks.input_file(job)


# ---------------------------------------------------------------- retries with backoff (the real engine)


@pytest.fixture
def sqlite_engine(settings, tmp_path, monkeypatch):
    """The embedded engine (a SQLite queue file), driven by hand in this process."""
    settings.GONGHUI_TASKS = "sqlite"
    settings.DATA_DIR = tmp_path / "data"
    # The worker drops stale connections between jobs; inside the test's transaction that would close it.
    monkeypatch.setattr(jobs, "close_old_connections", lambda: None)
    return jobs.engine()


def test_a_transient_error_is_retried_with_a_growing_delay(
    db, sqlite_engine, django_capture_on_commit_callbacks
):
    huey = sqlite_engine
    job = make_job("tests.jobs.flaky")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue("tests.jobs.flaky", job)
    delays = []
    for _attempt in range(2):
        before = datetime.datetime.now()
        huey.execute(huey.dequeue())
        job.refresh_from_db()
        assert job.state == Job.State.QUEUED and "稍后自动重试" in job.stage
        [message] = huey.scheduled()
        delays.append(round((message.eta - before).total_seconds()))
        huey.storage.flush_schedule()
        huey.enqueue(message.__class__(args=message.args, id=message.id))  # due now: don't wait in a test
    huey.execute(huey.dequeue())
    job.refresh_from_db()
    assert delays == [2, 4]
    assert job.state == Job.State.DONE and job.attempts == 3 and job.result == {"attempt": 3}
    assert calls == [{"attempt": 1}, {"attempt": 2}, {"attempt": 3}]


def test_transient_errors_end_the_job_after_the_last_attempt(db, sqlite_engine, settings):
    settings.GONGHUI_JOB_ATTEMPTS = 2
    job = make_job("tests.jobs.flaky", task="tests.jobs.flaky")
    assert jobs.run(job.pk, may_retry=True) == 2.0
    assert jobs.run(job.pk, may_retry=True) is None
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 2
    assert "暂时无法连接" in job.errors[0]["reason"] and "未写入任何数据" in job.errors[0]["reason"]


def test_a_job_that_cannot_be_queued_fails_at_once(db, settings, django_capture_on_commit_callbacks):
    settings.GONGHUI_TASKS = "redis"
    settings.GONGHUI_TASKS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    job = make_job()
    path = tasks.input_file(job)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"upload")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue("tests.jobs.record_language", job)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "任务队列暂时无法连接" in job.errors[0]["reason"]
    assert not path.exists()


# ---------------------------------------------------------------- the reaper


def running(*, worker: str, attempts: int = 1, lease: int = 60, task: str = "tests.jobs.record_language"):
    return make_job(
        task,
        task=task,
        state=Job.State.RUNNING,
        attempts=attempts,
        worker=worker,
        lease_until=timezone.now() + datetime.timedelta(seconds=lease),
    )


def dead_worker_here() -> str:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return jobs.worker_id().rsplit(":", 2)[0] + f":{child.pid}:1"


def test_the_reaper_runs_again_a_job_whose_process_died(db):
    job = running(worker=dead_worker_here())  # its lease has not even lapsed
    assert jobs.reap() == 1
    job.refresh_from_db()
    # sync mode: queued again and run at once
    assert job.state == Job.State.DONE and job.attempts == 2 and calls


def test_the_reaper_fails_a_job_after_its_last_attempt_and_deletes_its_upload(db, settings):
    settings.GONGHUI_JOB_ATTEMPTS = 2
    with translation.override("en"):
        job = running(worker=dead_worker_here(), attempts=2)
    path = tasks.input_file(job)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"upload")
    assert jobs.reap() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at and job.lease_until is None
    assert "2" in job.errors[0]["reason"] and not path.exists()
    assert not calls


def test_the_reaper_leaves_a_live_local_job_alone_even_if_its_lease_lapsed(db):
    # SQLite: a long import holds the write lock and the heartbeat cannot renew; the process is alive.
    job = running(worker=jobs.worker_id(), lease=-300)
    assert jobs.reap() == 0
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_the_reaper_takes_a_live_local_job_whose_lease_has_been_dead_for_long(db):
    # Its run was lost (e.g. the database went away as it ended) but the worker process lives on.
    job = running(worker=jobs.worker_id(), lease=-601)
    assert jobs.reap() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2


def test_the_reaper_trusts_the_lease_of_a_job_on_another_machine(db):
    alive = running(worker="other-host:1234:99", lease=60)
    lapsed = running(worker="other-host:1235:99", lease=-1)
    assert jobs.reap() == 1
    alive.refresh_from_db()
    lapsed.refresh_from_db()
    assert alive.state == Job.State.RUNNING and lapsed.state == Job.State.DONE and lapsed.attempts == 2


def test_the_reaper_ends_jobs_left_running_before_jobs_had_leases(db):
    job = make_job(state=Job.State.RUNNING)  # "进行中 · 已处理 0 / 0 行" forever, before this change
    assert jobs.reap() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "意外停止" in job.errors[0]["reason"]


def test_the_heartbeat_renews_the_lease(transactional_db, settings):
    settings.GONGHUI_JOB_LEASE_SECONDS = 0.4
    job = running(worker=jobs.worker_id(), lease=0)
    beat = jobs._Heartbeat(job)
    beat.start()
    time.sleep(0.35)
    beat.stop()
    job.refresh_from_db()
    assert job.lease_until > timezone.now()


# ---------------------------------------------------------------- clean-up and periodic tasks


def test_the_clean_up_deletes_job_files_older_than_a_day(db):
    job = make_job()
    old_upload, new_upload = tasks.input_file(job), tasks.input_file(make_job())
    old_result = tasks.result_file(make_job())
    for path in (old_upload, new_upload, old_result):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(old_upload, (day_ago, day_ago))
    os.utime(old_result, (day_ago, day_ago))
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert jobs.clean_files() == 2
    assert not old_upload.exists() and not old_result.exists() and new_upload.exists()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "排队超过一天" in job.errors[0]["reason"]


def test_modules_register_periodic_tasks_the_engine_runs(db, sqlite_engine):
    entries = tasks.registered()
    assert entries["servicedesk.escalate_overdue_problems"].schedule is not None
    jobs.consumer(threads=1)
    at_half_past = {t.name for t in sqlite_engine.read_periodic(datetime.datetime(2026, 12, 2, 9, 30))}
    a_minute_later = {t.name for t in sqlite_engine.read_periodic(datetime.datetime(2026, 12, 2, 9, 31))}
    assert at_half_past == {
        "gonghui.periodic.reap",
        "gonghui.periodic.clean_files",
        "gonghui.periodic.servicedesk.escalate_overdue_problems",
        "gonghui.periodic.activities.expire_offers",  # every ten minutes
        "gonghui.periodic.care.recuperation_expire_offers",  # every ten minutes
    }
    assert a_minute_later == {"gonghui.periodic.reap"}


def test_a_periodic_tick_starts_one_job_across_workers(db, settings):
    jobs._start_periodic("servicedesk.escalate_overdue_problems")
    jobs._start_periodic("servicedesk.escalate_overdue_problems")  # another worker, same minute
    job = Job.objects.get(kind="servicedesk.escalate_overdue_problems")
    assert job.state == Job.State.DONE and job.created_by is None and job.result["escalated"] == 0
