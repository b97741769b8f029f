"""Care: each domain's background tasks, discovered at start-up."""

from gonghui.care import tasks_hardship  # noqa: F401
