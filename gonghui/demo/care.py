"""Demo data for care (issue 12): each domain's loader, in order; each loads once."""

from gonghui.demo import care_hardship, care_honors, care_recuperation, care_welfare, care_wishes, care_women

LOADERS = (care_hardship, care_welfare, care_wishes, care_recuperation, care_honors, care_women)


def load_care() -> list[str]:
    lines: list[str] = []
    for module in LOADERS:
        lines.extend(module.load() or ())
    return lines
