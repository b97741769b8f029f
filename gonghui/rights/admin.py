"""Rights: what each domain contributes (admin), discovered at start-up."""

from gonghui.rights import (  # noqa: F401
    admin_contracts,
    admin_legal,
    admin_letters,
)
