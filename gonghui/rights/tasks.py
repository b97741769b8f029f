"""Rights: what each domain contributes (tasks), discovered at start-up."""

from gonghui.rights import (  # noqa: F401
    tasks_contracts,
    tasks_legal,
    tasks_letters,
)
