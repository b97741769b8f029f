"""Demo data for care: welfare. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
