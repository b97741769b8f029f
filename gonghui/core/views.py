from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.core import scoping
from gonghui.core.models import Job
from gonghui.core.tasks import live_progress


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    """A worker sees join or their card; a cadre sees the workbench."""
    from gonghui.members.views.workbench import cadre_workbench, worker_home

    if request.user.is_authenticated and scoping.is_cadre(request.user):
        return cadre_workbench(request)
    return worker_home(request)


@login_required
def job_detail(request, job_uuid):
    """Progress and result of a background job; polled by htmx while it runs."""
    job = Job.objects.filter(uuid=job_uuid, created_by=request.user).first()
    if job is None:
        raise Http404
    live_progress(job)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})
