"""Demo data for rights: letters. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
