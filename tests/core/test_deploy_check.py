"""`manage.py check --deploy` is clean in production mode with the environment an operator sets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
        "GONGHUI_DATA_DIR": str(tmp_path / "data"),
        "GONGHUI_TESTING": "0",
        "GONGHUI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "GONGHUI_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "example.cn",
    }
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # No silenced checks either: SILENCED_SYSTEM_CHECKS is empty, so "(0 silenced)".
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr
