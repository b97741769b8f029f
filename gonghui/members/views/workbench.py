"""The two home pages, called from core.views.home: the worker's and the cadre's."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from gonghui.core.scoping import is_cadre
from gonghui.members.selectors.identities import duplicate_open_count_for
from gonghui.members.selectors.join import applications_of_person, workbench_todo_for
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.members.workflows import JOIN_FLOW, TRANSFER_FLOW

MY_APPLICATIONS = 10


def worker_home(request):
    """Anonymous or not yet a member: join, check progress, log in. A member: their card at a glance."""
    member = member_for_user(request.user)
    applications = (
        list(applications_of_person(request.user)[:MY_APPLICATIONS]) if request.user.is_authenticated else []
    )
    for a in applications:
        a.state_label = JOIN_FLOW.label(a.state)
    pending = [a for a in applications if a.state == "submitted"]
    return render(
        request,
        "members/worker_home.html",
        {
            "member": member,
            "applications": applications,
            "has_pending": bool(pending),
        },
    )


def cadre_workbench(request):
    """The cadre's to-do list: pending join applications and transfers in scope, oldest first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_cadre(request.user):
        raise PermissionDenied
    todo = workbench_todo_for(request.user)
    for a in todo["joins"]["oldest"]:
        a.state_label = JOIN_FLOW.label(a.state)
    for t in todo["transfers"]["oldest"]:
        t.state_label = TRANSFER_FLOW.label(t.state)
    return render(
        request,
        "members/workbench.html",
        {
            "todo": todo,
            "total": todo["joins"]["count"] + todo["transfers"]["count"],
            "duplicates": duplicate_open_count_for(request.user),
        },
    )
