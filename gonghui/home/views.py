"""The "/" page: what this person has to do and can use, composed from what each app contributes."""

from itertools import groupby

from django.shortcuts import render

from gonghui.core import homes


def home(request):
    """To-dos (urgent first), cards, shortcuts (core.homes.tiles_for), and the modules this user may
    open; the same page for everyone, filled differently for each person."""
    user = request.user
    tiles = homes.tiles_for(user)
    modules = homes.modules_for(user)
    return render(
        request,
        "home/home.html",
        {
            "todos": [t for t in tiles if t.kind == "todo"],
            "cards": [t for t in tiles if t.kind == "card"],
            "shortcuts": [t for t in tiles if t.kind == "shortcut"],
            "module_groups": [
                (group, list(items)) for group, items in groupby(modules, key=lambda m: m.group)
            ],
            # Someone with work (a cadre, a team, a unit): "nothing to do" is worth saying.
            "has_work": any(m.group != homes.GROUP_WORKER for m in modules),
            # A cadre's modules are many: listed on the home too, grouped (the navigation has them all).
            "show_modules": any(m.group not in (homes.GROUP_WORKER, homes.GROUP_WORK) for m in modules),
        },
    )
