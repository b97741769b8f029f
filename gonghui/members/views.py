from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def worker_home(request):
    return render(request, "members/worker_home.html", {})


def cadre_workbench(request):
    return render(request, "members/workbench.html", {})


def join(request):
    return render(request, "members/join.html", {})


def join_status(request, uuid):
    return render(request, "members/join_status.html", {})


@login_required
def me(request):
    return render(request, "members/me.html", {})


@login_required
def roster(request):
    return render(request, "members/roster.html", {})


@login_required
def member_detail(request, uuid):
    return render(request, "members/member_detail.html", {})
