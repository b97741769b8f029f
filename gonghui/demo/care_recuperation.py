"""Demo data for care: recuperation. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
