"""Demo data for rights: contracts. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
