"""Demo data for rights: legal. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
