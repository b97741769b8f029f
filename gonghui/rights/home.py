"""Rights: what each domain contributes (home), discovered at start-up."""

from gonghui.rights import (  # noqa: F401
    home_contracts,
    home_legal,
    home_letters,
)
