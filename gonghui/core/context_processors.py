from gonghui.core import scoping


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {"is_cadre": bool(user and user.is_authenticated and scoping.is_cadre(user))}
