"""Demo data for care: hardship. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
