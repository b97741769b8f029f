"""Care: what each domain contributes (home), discovered at start-up."""

from gonghui.care import (  # noqa: F401
    home_hardship,
    home_honors,
    home_recuperation,
    home_welfare,
    home_wishes,
    home_women,
)
