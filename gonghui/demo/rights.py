"""Demo data for rights (issue 13): each domain's loader, in order; each loads once."""

from gonghui.demo import rights_contracts, rights_legal, rights_letters

LOADERS = (rights_legal, rights_letters, rights_contracts)


def load_rights() -> list[str]:
    lines: list[str] = []
    for module in LOADERS:
        lines.extend(module.load() or ())
    return lines
