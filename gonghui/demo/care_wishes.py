"""Demo data for care: wishes. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
