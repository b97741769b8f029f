"""Demo data for care: honors. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
