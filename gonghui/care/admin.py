"""Care: what each domain contributes (admin), discovered at start-up."""

from gonghui.care import (  # noqa: F401
    admin_hardship,
    admin_honors,
    admin_recuperation,
    admin_welfare,
    admin_wishes,
    admin_women,
)
