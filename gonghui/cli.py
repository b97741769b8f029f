"""The `gonghui` console script: Django's manage.py with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        os.environ["GONGHUI_ENV"] = "production"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
