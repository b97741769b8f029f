"""What base.html needs on every page: the bell's count, the tab bar's current tab, the side navigation.

Each value is computed only when a template reads it (htmx fragments that do not extend base.html
pay nothing) and once per request: the modules come from core.homes, whose sources read the
positions and memos already cached on the request's user object.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from gonghui.core import homes, scoping
from gonghui.core.pages import fixed_url


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    if not logged_in:
        return {"is_cadre": False, "unread_notifications": 0, "nav_tab": _tab(request.path)}
    return {
        "is_cadre": scoping.is_cadre(user),
        # The bell: one COUNT on an indexed (recipient, read_at) range, only for logged-in users.
        "unread_notifications": _once(request, "unread", lambda: _unread(user)),
        "nav_tab": _tab(request.path),
        "sidenav": _once(request, "sidenav", lambda: _sidenav(user, request.path)),
    }


def _once(request, key: str, compute):
    """A callable the template engine calls when the variable is used; computed once per request."""

    def value():
        cache = request.__dict__.setdefault("_gonghui_nav", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    return value


def module_groups(user, path: str = "") -> list[dict]:
    """The user's modules under their section headings (core.homes.group_modules)."""
    return homes.group_modules(homes.modules_for(user), path)


def _sidenav(user, path: str) -> str:
    """The kept side navigation with the current page's entry marked (its link is unique: one
    entry per URL within a section, and the same URL in two sections is the same page)."""
    html = homes.side_navigation(user)
    current = homes.current_url(homes.modules_for(user), path)
    if current:
        href = f' href="{escape(current)}"'
        html = html.replace(href, f'{href} aria-current="page"')
    return mark_safe(html)  # noqa: S308 (drawn by includes/sidenav.html, escaped there)


def _tab(path: str) -> str:
    """Which tab of the phone's bar the page belongs to: its own pages under 我的, the rest under 服务."""
    if path == fixed_url("home"):
        return "home"
    if path.startswith(fixed_url("core:notifications")):
        return "messages"
    mine = (
        fixed_url("account"),
        fixed_url("members:me"),
        fixed_url("accounts:password_change"),
        fixed_url("accounts:tokens"),
    )
    if any(path.startswith(p) for p in mine):
        return "mine"
    if path.startswith(fixed_url("members:join")):
        return "join"
    if path.startswith(fixed_url("accounts:login")) or path.startswith(fixed_url("accounts:register")):
        return "login"
    return "services"


def _unread(user) -> int:
    from gonghui.core.notifications import unread_count

    return unread_count(user)
