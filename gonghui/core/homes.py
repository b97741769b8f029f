"""What each app contributes to a user's home and navigation; core imports no app to build them.

An app declares, in its `home.py` (discovered the first time anything here is asked for, as the
admin discovers `admin.py`):

- tiles: `@homes.tiles` on a function `(user) -> Iterable[Tile]` — to-dos with counts, cards
  with a summary (my card, my orders), shortcuts — for that user only, cheap (a few indexed
  queries at most: the home is the busiest page);
- modules: `@homes.modules` on a function `(user) -> Iterable[Module]` — the entries of the
  navigation (a cadre's side navigation, a worker's 服务 tab), only those the user may open.

The home app (gonghui/home) composes them into the "/" page; a lower app never imports it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    """One row inside a tile: an upcoming job, an overdue problem."""

    label: str
    url: str = ""
    note: str = ""  # a date, a place, a state
    urgent: bool = False


@dataclass(frozen=True)
class Tile:
    """One thing on a home. kind: "todo" (waits on this user), "card" (theirs to look at), "shortcut"."""

    kind: str
    title: str
    url: str
    count: int | None = None
    detail: str = ""
    items: tuple[Item, ...] = field(default_factory=tuple)
    urgent: bool = False  # something in it is overdue
    order: int = 100


@dataclass(frozen=True)
class Module:
    """A navigation entry; group is the section heading it is listed under."""

    label: str
    url: str
    group: str
    order: int = 100


# The navigation's sections, shared by the apps that list modules under them (one spelling each).
GROUP_WORKER = _("职工服务")  # what a worker may use: menu, volunteering, petitions, card
GROUP_WORK = _("我的工作")  # a non-cadre's work: a team's jobs, a unit's problems, an enterprise's
GROUP_ORGS = _("组织与会员")
GROUP_DESK = _("服务职工")
GROUP_CARE = _("关爱帮扶")
GROUP_PROBLEMS = _("问题与诉求")
GROUP_VOLUNTEERS = _("志愿服务")
GROUP_SETTINGS = _("设置")

# Modules sort by order first: the sections above come in this order.
ORDER_WORKER, ORDER_WORK, ORDER_ORGS, ORDER_DESK, ORDER_PROBLEMS, ORDER_VOLUNTEERS, ORDER_SETTINGS = (
    100,
    200,
    300,
    400,
    500,
    600,
    700,
)
ORDER_CARE = 450  # between the service desk and the problems


def memo(user, key: str, compute: Callable):
    """`compute()` once per user object (one request): tiles and modules ask the same questions
    (is this user a volunteer? on a service team?) and the home page asks both."""
    cache = getattr(user, "_gonghui_home_memo", None)
    if cache is None:
        cache = {}
        user._gonghui_home_memo = cache
    if key not in cache:
        cache[key] = compute()
    return cache[key]


TileSource = Callable[[object], Iterable[Tile]]
ModuleSource = Callable[[object], Iterable[Module]]

_tile_sources: list[TileSource] = []
_module_sources: list[ModuleSource] = []
_discovered = False


def tiles(fn: TileSource) -> TileSource:
    _tile_sources.append(fn)
    return fn


def modules(fn: ModuleSource) -> ModuleSource:
    _module_sources.append(fn)
    return fn


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("home")


TILES_FRESH = 60


def tiles_for(user) -> list[Tile]:
    """Every app's tiles for this user: to-dos first (urgent ones before), then cards, then shortcuts.

    Kept across requests (core.facts), since the home is the busiest page and its tiles ask every
    app: a user's own action shows at once (core.middleware forgets a user's facts after each of
    their writes), a change to rows the apps follow user by user (their apps.py) too, anything
    else (a new activity on offer, a worker's new application in a cadre's to-do) within
    TILES_FRESH seconds."""
    from gonghui.core import facts

    return facts.remembered(user, f"tiles:{get_language()}", lambda: _tiles_now(user), fresh=TILES_FRESH)


def _tiles_now(user) -> list[Tile]:
    _discover()
    found = [t for source in _tile_sources for t in source(user)]
    rank = {"todo": 0, "card": 1, "shortcut": 2}
    return sorted(found, key=lambda t: (rank.get(t.kind, 3), not t.urgent, t.order, t.title))


MODULES_FRESH = 120


def modules_for(user) -> list[Module]:
    """The user's modules, kept across requests (core.facts): what they depend on — positions,
    membership, volunteering, desk roles — is followed by the apps that own it (their apps.py), and
    what cannot be followed row by row (a notice published to a whole subtree, shown as a count on
    its entry) is seen within MODULES_FRESH seconds."""
    return _navigation(user)[0]


def side_navigation(user) -> str:
    """A cadre's side navigation (includes/sidenav.html) as drawn from `modules_for`, kept with the
    modules: the same HTML on every page of theirs but for the current entry, which the page marks
    (context_processors). Drawing its forty links again on every page was a tenth of a list's time."""
    return _navigation(user)[1]


def _navigation(user) -> tuple[list[Module], str]:
    from gonghui.core import facts

    return facts.remembered(
        user, f"navigation:{get_language()}", lambda: _navigation_now(user), fresh=MODULES_FRESH
    )


def _navigation_now(user) -> tuple[list[Module], str]:
    from django.template.loader import render_to_string

    found = _modules_now(user)
    html = render_to_string("includes/sidenav.html", {"nav_groups": work_first(group_modules(found))})
    return found, html


def _modules_now(user) -> list[Module]:
    _discover()
    found = [m for source in _module_sources for m in source(user)]
    found.sort(key=lambda m: (m.order, m.group, m.label))
    # Translated once here: the cached copy holds plain strings of the request's language.
    return [replace(m, label=str(m.label), group=str(m.group)) for m in found]


def current_url(found: list[Module], path: str) -> str | None:
    """The URL of the module the path is in: the longest matching prefix."""
    return max((m.url for m in found if path.startswith(m.url)), key=len, default=None)


def group_modules(found: list[Module], path: str = "") -> list[dict]:
    """Modules under their section headings, in registry order, one entry per page within a
    section; the one the path is in is marked current."""
    current = current_url(found, path) if path else None
    groups: dict[str, list] = {}
    for m in found:
        entries = groups.setdefault(m.group, [])
        if all(e["url"] != m.url for e in entries):
            entries.append({"label": m.label, "url": m.url, "current": m.url == current})
    return [{"label": label, "modules": entries} for label, entries in groups.items()]


def work_first(groups: list[dict]) -> list[dict]:
    """A cadre's side navigation leads with their work; what they may use as a worker comes last."""
    return sorted(groups, key=lambda g: g["label"] == GROUP_WORKER)


def signup_url(url: str) -> str:
    """Where an offer that needs an account leads an anonymous visitor: registration by phone code,
    then on to `url` (the accounts app's page; core names it without importing it)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('accounts:register')}?{urlencode({'next': url})}"
