"""The home page ("/") is contributed by the apps above core, never imported by it.

An app declares its home pages in its `home.py` (members: the worker's home and the cadre's
workbench), which is discovered the first time the home page is asked for, as the admin discovers
`admin.py`. Kinds: "worker" (anyone, signed in or not) and "cadre" (a user with a position).
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

_pages: dict[str, Callable] = {}
_discovered = False


def register(kind: str, view: Callable) -> Callable:
    _pages[kind] = view
    return view


def page(kind: str) -> Callable:
    global _discovered
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True
    try:
        return _pages[kind]
    except KeyError:
        raise LookupError(f"no app registered a {kind!r} home page (see core.homes)") from None
