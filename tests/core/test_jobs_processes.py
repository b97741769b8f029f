"""Background jobs across real processes: a `gonghui worker` killed mid-job, a restart during a roster
import, a periodic task fired by the engine, and two processes sharing login locks and job progress
through the database cache. SQLite (the test database copied to a file the processes share, and
back) and PostgreSQL; the engine on its SQLite queue, and on Redis db 3 when Redis is there."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from openpyxl import Workbook

from gonghui.core import tasks
from gonghui.core.models import Job
from gonghui.members.models import Member
from gonghui.members.services import roster_import as importer
from tests.core import jobs_tasks  # noqa: F401  (the tasks the workers run)
from tests.factories import make_id_number, make_mobile, make_world

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
# Its own Redis database, flushed by the test: .ci/run gives the SQLite and PostgreSQL runs one each.
REDIS_URL = os.environ.get("GONGHUI_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
WORKER = (
    "import django; django.setup(); import tests.core.jobs_tasks; "
    "from django.core.management import call_command; call_command('worker', '--threads', '2')"
)


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - any failure means: no Redis here
        return False


ENGINES = [
    "sqlite",
    pytest.param(
        "redis", marks=pytest.mark.skipif(not _redis_available(), reason="no Redis at " + REDIS_URL)
    ),
]


class Shared:
    """The test database where subprocesses reach it: PostgreSQL's test database as it is; SQLite's
    (in memory) copied to a file before the processes start (`publish`) and back after (`pull`)."""

    def __init__(self, folder: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.file = folder / "shared.sqlite3"

    @property
    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def publish(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            source = sqlite3.connect(self.file, timeout=10)
            source.backup(connection.connection)
            source.close()

    def job(self, pk: int) -> dict:
        if self.sqlite:
            db = sqlite3.connect(self.file, timeout=10)
            try:
                state, attempts, worker = db.execute(
                    "SELECT state, attempts, worker FROM core_job WHERE id = ?", [pk]
                ).fetchone()
            finally:
                db.close()
            return {"state": state, "attempts": attempts, "worker": worker}
        return Job.objects.filter(pk=pk).values("state", "attempts", "worker").get()


@pytest.fixture
def shared(tmp_path, settings, request):
    engine = getattr(request, "param", "sqlite")
    data = tmp_path / "data"
    data.mkdir()
    settings.GONGHUI_TASKS = engine
    settings.DATA_DIR = data
    settings.MEDIA_ROOT = data / "media"
    settings.GONGHUI_TASKS_REDIS_URL = REDIS_URL
    if engine == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    db = Shared(tmp_path)
    db.engine = engine
    db.env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "GONGHUI_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "GONGHUI_DATA_DIR": str(data),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "GONGHUI_ENCRYPTION_KEY": django_settings.GONGHUI_ENCRYPTION_KEY,
        "DATABASE_URL": db.url,
        "GONGHUI_TASKS": engine,
        **({"REDIS_URL": REDIS_URL} if engine == "redis" else {}),
    }
    db.processes = []
    yield db
    for process in db.processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    if engine == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()


def start_worker(db: Shared, log: str, **env: str) -> subprocess.Popen:
    out = (db.file.parent / log).open("w")
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER], env={**db.env, **env}, cwd=db.file.parent, stdout=out, stderr=out
    )
    db.processes.append(process)
    return process


def wait_for(check, *, timeout: float = 30, what: str = "", logs: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    detail = "".join(p.read_text() for p in sorted(logs.glob("*.log"))) if logs else ""
    raise AssertionError(f"timed out waiting for {what}\n{detail[-4000:]}")


def queue(db: Shared, task: str, job: Job) -> None:
    tasks.enqueue(task, job)  # autocommit here: the message is sent at once
    db.publish()


@pytest.mark.parametrize("shared", ENGINES, indirect=True)
def test_a_killed_worker_s_job_is_run_again_by_the_next_worker(shared):
    job = Job.objects.create(kind="tests.jobs.stall_first_attempt")
    queue(shared, "tests.jobs.stall_first_attempt", job)
    first = start_worker(shared, "worker1.log")
    state = wait_for(
        lambda: (s := shared.job(job.pk))["state"] == "running" and s,
        what="the first worker to take the job",
        logs=shared.file.parent,
    )
    assert state["attempts"] == 1 and f":{first.pid}:" in state["worker"]
    first.send_signal(signal.SIGKILL)  # no chance to clean up: the queue message is long gone
    first.wait(timeout=10)
    assert shared.job(job.pk)["state"] == "running"  # what users saw forever before
    start_worker(shared, "worker2.log")
    wait_for(
        lambda: shared.job(job.pk)["state"] == "done", what="the job to be run again", logs=shared.file.parent
    )
    shared.pull()
    job.refresh_from_db()
    assert job.attempts == 2 and job.result == {"attempt": 2} and job.lease_until is None


def roster(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"])
    for i in range(rows):
        ws.append([f"职工{i}", make_id_number(50_000 + i), make_mobile(50_000 + i), "", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("attempts", ["1", "3"])
def test_a_restart_during_an_import_leaves_nothing_half_written_and_deletes_the_upload(shared, attempts):
    world = make_world()
    before = Member.objects.count()
    job = Job.objects.create(
        kind=importer.KIND,
        org=world.union,
        created_by=world.enterprise_cadre,
        params={"file_name": "名册.xlsx"},
    )
    upload = tasks.input_file(job)
    upload.parent.mkdir(parents=True)
    upload.write_bytes(roster(2100))  # the first batch of 2000 is written, then the worker hangs
    queue(shared, importer.KIND, job)
    env = {"GONGHUI_JOB_ATTEMPTS": attempts}
    first = start_worker(shared, "worker1.log", JOBS_TEST_STALL_IMPORT="1", **env)
    # The worker's progress, read here from the cache the processes share: the first batch is in.
    wait_for(
        lambda: (peek_progress(shared, job.pk) or {}).get("done", 0) >= 2000,
        what="the import to write its first batch",
        logs=shared.file.parent,
    )
    first.send_signal(signal.SIGKILL)  # a restart: the server and its worker go down mid-transaction
    first.wait(timeout=10)
    start_worker(shared, "worker2.log", **env)
    ended = wait_for(
        lambda: (s := shared.job(job.pk))["state"] in ("done", "failed") and s,
        what="the job to end",
        logs=shared.file.parent,
    )
    shared.pull()
    job.refresh_from_db()
    imported = Member.objects.count() - before
    if attempts == "1":
        assert ended["state"] == "failed" and imported == 0  # nothing of the first batch stayed
        assert "意外停止" in job.errors[0]["reason"]
    else:
        assert ended["state"] == "done" and imported == 2100  # run again, whole, once
        assert job.attempts == 2
    assert not upload.exists()  # the plain identity numbers are gone either way


def peek_progress(db: Shared, job_id: int) -> dict | None:
    """A job's progress as the worker left it in the database cache (read without Django's cache:
    on SQLite that cache is a file of its own in the processes' data folder)."""
    import base64
    import pickle

    query = "SELECT value FROM gonghui_cache WHERE cache_key = %s"
    key = f":1:gonghui:job:{job_id}:progress"
    if db.sqlite:
        try:
            con = sqlite3.connect(db.file.parent / "data" / "cache.sqlite3", timeout=10)
            row = con.execute(query.replace("%s", "?"), [key]).fetchone()
            con.close()
        except sqlite3.OperationalError:  # the worker has not created the table yet
            return None
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('gonghui_cache')")
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(query, [key])
            row = cursor.fetchone()
    return pickle.loads(base64.b64decode(row[0])) if row else None


def test_a_periodic_task_fires_in_the_worker(shared):
    shared.publish()
    start_worker(shared, "worker.log", JOBS_TEST_PERIODIC="1")
    wait_for(
        lambda: _count(shared, "tests.jobs.every_minute"),
        what="the every-minute task to fire",
        logs=shared.file.parent,
    )
    shared.pull()
    [job] = Job.objects.filter(kind="tests.jobs.every_minute")
    assert job.state == Job.State.DONE and job.result == {"fired": True}


def _count(db: Shared, kind: str) -> int:
    if db.sqlite:
        con = sqlite3.connect(db.file, timeout=10)
        try:
            return con.execute(
                "SELECT count(*) FROM core_job WHERE kind = ? AND state = 'done'", [kind]
            ).fetchone()[0]
        finally:
            con.close()
    return Job.objects.filter(kind=kind, state=Job.State.DONE).count()


SHARE = """
import django, sys; django.setup()
from gonghui.accounts import throttle
from gonghui.core import tasks
from gonghui.core.models import Job
from gonghui.core import jobs
jobs.ensure_cache_table()
k = throttle.key("login-phone", "13900000001")
if sys.argv[1] == "write":
    for _ in range(5):
        throttle.count(k, limit=5, period=900)
    tasks.report_progress(Job(pk=424242), done=7, total=9, stage="写入")
else:
    job = tasks.live_progress(Job(pk=424242, state="running"))
    print(throttle.locked_for(k) > 0, job.done, job.total)
"""


def test_two_processes_share_the_login_lock_and_job_progress(shared):
    shared.publish()
    for step in ("write", "read"):
        result = subprocess.run(
            [sys.executable, "-c", SHARE, step],
            env={**shared.env, "GONGHUI_TASKS": "sqlite"},
            cwd=shared.file.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "7", "9"]


EMBEDDED = """
import django, time; django.setup()
from gonghui.core.management.commands.serve import start_worker
worker = start_worker()
print(worker.pid, flush=True)
time.sleep(60)
"""


def test_the_worker_next_to_the_server_stops_when_the_server_is_killed(shared):
    shared.publish()
    server = subprocess.Popen(
        [sys.executable, "-c", EMBEDDED],
        env=shared.env,
        cwd=shared.file.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    shared.processes.append(server)
    worker_pid = int(server.stdout.readline())
    wait_for(lambda: (shared.file.parent / "data" / "jobs.sqlite3").exists(), what="the worker to start")
    server.send_signal(signal.SIGKILL)  # `gonghui demo` killed: no finally, no terminate()
    server.wait(timeout=10)

    def gone() -> bool:
        try:
            os.kill(worker_pid, 0)
        except ProcessLookupError:
            return True
        return Path(f"/proc/{worker_pid}/stat").read_text().split(") ")[1].startswith("Z")

    wait_for(gone, timeout=20, what="the orphaned worker to exit")
