"""Demo data for care: women. load() returns the lines the demo command prints."""


def load() -> list[str]:
    return []
