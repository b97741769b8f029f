"""Care: what each domain contributes (indicators), discovered at start-up."""

from gonghui.care import (  # noqa: F401
    indicators_hardship,
    indicators_honors,
    indicators_recuperation,
    indicators_welfare,
    indicators_wishes,
    indicators_women,
)
