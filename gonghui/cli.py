"""The `gonghui` console script: Django's manage.py with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        # `gonghui rotate-keys` and `gonghui import-members` name the commands rotate_keys, import_members.
        sys.argv[1] = sys.argv[1].replace("-", "_")
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        os.environ["GONGHUI_ENV"] = "production"
        _check_production_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _check_production_settings() -> None:
    """Load the settings now, so a missing secret is one line naming the variable, not a traceback."""
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        print(f"gonghui serve: 无法启动（cannot start）：{exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
