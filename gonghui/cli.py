"""The `gonghui` console script: Django's manage.py with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        # `gonghui rotate-keys` and `gonghui import-members` name the commands rotate_keys, import_members.
        sys.argv[1] = sys.argv[1].replace("-", "_")
    if len(sys.argv) > 1 and _production_command(sys.argv[1:]):
        os.environ["GONGHUI_ENV"] = "production"
        _check_production_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _production_command(args: list[str]) -> bool:
    """`gonghui serve` and `gonghui worker` run in production mode: a worker without the encryption key
    must refuse to start, not write identity numbers under a key of its own. The worker that `demo` or
    `serve` start next to them (`--parent`) inherits their mode through the environment."""
    return args[0] == "serve" or (args[0] == "worker" and "--parent" not in args)


def _check_production_settings() -> None:
    """Load the settings now, so a missing secret is one line naming the variable, not a traceback."""
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        print(f"gonghui {sys.argv[1]}: 无法启动（cannot start）：{exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
