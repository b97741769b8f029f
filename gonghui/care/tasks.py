"""Care: each domain's background tasks, discovered at start-up (core.tasks reads an app's tasks.py)."""

from gonghui.care import tasks_hardship, tasks_recuperation  # noqa: F401
from gonghui.care.services import welfare  # noqa: F401  (its batch job, care.welfare_batch)
