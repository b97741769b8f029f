"""The platform's commands: serve refuses without its secrets, worker runs queued jobs, the CLI maps names."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core import jobs, tasks
from gonghui.core.models import Job

REPO = Path(__file__).resolve().parents[2]
SECRETS = {"SECRET_KEY": "k" * 50, "GONGHUI_ENCRYPTION_KEY": "e" * 32, "ALLOWED_HOSTS": "union.example.cn"}


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """`python -m gonghui.cli ...` with a clean environment: only what an operator would set."""
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cwd),
        "PYTHONPATH": str(REPO),
        "GONGHUI_DATA_DIR": str(cwd / "data"),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "gonghui.cli", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "GONGHUI_ENCRYPTION_KEY", "ALLOWED_HOSTS"])
def test_serve_refuses_without_each_secret_and_names_it(tmp_path, missing):
    env = {k: v for k, v in SECRETS.items() if k != missing}
    result = run_cli(["serve"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one clean line, no traceback
    assert missing in lines[0] and "无法启动" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "gonghui.sqlite3").exists()  # nothing was started or created


def test_worker_refuses_without_the_production_secrets(tmp_path):
    # A worker with a key of its own would write identity numbers nobody else can read.
    env = {k: v for k, v in SECRETS.items() if k != "GONGHUI_ENCRYPTION_KEY"}
    result = run_cli(["worker"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gonghui worker: 无法启动（cannot start）：GONGHUI_ENCRYPTION_KEY is not set: production mode needs it "
        "from the environment."
    ]
    assert not (tmp_path / "data" / "encryption_key").exists()


def test_serve_tells_to_migrate_an_unmigrated_database(tmp_path):
    result = run_cli(["serve"], SECRETS, tmp_path)
    assert result.returncode == 1
    assert "gonghui migrate" in result.stderr and "Traceback" not in result.stderr


def test_serve_check_only_migrates_and_collects_static_without_serving(tmp_path):
    result = run_cli(["serve", "--migrate", "--check-only"], SECRETS, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "配置检查通过" in result.stdout
    static = tmp_path / "data" / "static"
    assert (static / "gonghui" / "app.css").exists()
    assert (static / "django_htmx" / "htmx-2.min.js").exists()
    assert (tmp_path / "data" / "gonghui.sqlite3").exists()


def test_production_settings_turn_debug_off(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    env = {
        **SECRETS,
        "GONGHUI_ENV": "production",
        "GONGHUI_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
    }
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), "GONGHUI_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


@tasks.task("tests.count_to_three")
def _count_to_three(job: Job) -> None:
    tasks.report_progress(job, done=3, total=3, stage="计数")
    tasks.finish(job, result={"counted": 3})


def test_worker_once_runs_the_queued_jobs_and_exits(
    db, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.GONGHUI_TASKS = "sqlite"
    settings.DATA_DIR = tmp_path
    # The real worker drops stale connections between jobs; inside the test's transaction that would close it.
    monkeypatch.setattr(jobs, "close_old_connections", lambda: None)
    queued = [Job.objects.create(kind="tests.count_to_three") for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        for job in queued:
            tasks.enqueue("tests.count_to_three", job)
    assert Job.objects.filter(state=Job.State.QUEUED).count() == 2  # queued in the SQLite file, not run
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    for job in queued:
        job.refresh_from_db()
        assert job.state == Job.State.DONE and job.result == {"counted": 3} and job.done == 3
    assert "已执行 2 个任务" in out.getvalue()
    assert (tmp_path / "jobs.sqlite3").exists()


def test_worker_refuses_in_sync_mode(db, settings):
    settings.GONGHUI_TASKS = "sync"
    with pytest.raises(CommandError, match="GONGHUI_TASKS=sync"):
        call_command("worker", "--once")


def test_serve_refuses_several_processes_on_a_local_memory_cache(settings):
    from gonghui.core.management.commands.serve import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(CommandError, match="REDIS_URL"):
        check_shared_cache(2)
    check_shared_cache(1)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    check_shared_cache(4)


def test_the_cli_accepts_dashed_command_names(monkeypatch):
    # Not run for real in-process: django.setup() would rebind the log handlers to pytest's captured streams.
    import django.core.management

    from gonghui import cli

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    monkeypatch.setattr(sys, "argv", ["gonghui", "rotate-keys", "--dry-run"])
    cli.main()
    assert seen == [["gonghui", "rotate_keys", "--dry-run"]]
    assert "rotate_keys" in django.core.management.get_commands()


def test_rotate_keys_dry_run_through_the_command(world):
    out = io.StringIO()
    call_command("rotate_keys", "--dry-run", stdout=out)
    assert "试运行：共 0 条记录需要轮换" in out.getvalue()
