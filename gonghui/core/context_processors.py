from gonghui.core import scoping


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    return {
        "is_cadre": logged_in and scoping.is_cadre(user),
        # The bell: one COUNT on an indexed (recipient, read_at) range, only for logged-in users.
        "unread_notifications": _unread(user) if logged_in else 0,
    }


def _unread(user) -> int:
    from gonghui.core.notifications import unread_count

    return unread_count(user)
