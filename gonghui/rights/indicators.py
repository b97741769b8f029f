"""Rights: what each domain contributes (indicators), discovered at start-up."""

from gonghui.rights import (  # noqa: F401
    indicators_contracts,
    indicators_legal,
    indicators_letters,
)
