from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.core.models import Job
from gonghui.core.tasks import live_progress


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def job_detail(request, job_uuid):
    """Progress and result of a background job; polled by htmx while it runs."""
    job = Job.objects.filter(uuid=job_uuid, created_by=request.user).first()
    if job is None:
        raise Http404
    live_progress(job)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, job_uuid):
    """The file a finished job wrote (an export), for the job's author only, while it is kept."""
    from django.http import FileResponse

    from gonghui.core.tasks import result_file

    job = Job.objects.filter(uuid=job_uuid, created_by=request.user, state=Job.State.DONE).first()
    path = result_file(job) if job is not None and job.result.get("download") else None
    if path is None:
        raise Http404
    if not path.exists():
        return render(request, "core/job_detail.html", {"job": job, "expired": True}, status=410)
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["download"])


# ---------------------------------------------------------------- notifications (the bell)

from django.contrib import messages  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.shortcuts import get_object_or_404, redirect  # noqa: E402
from django.utils.http import url_has_allowed_host_and_scheme  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from gonghui.core.notifications import mark_read, notifications_for  # noqa: E402


@login_required
def notification_list(request):
    """The user's notifications, newest first; unread ones stand out."""
    page = Paginator(notifications_for(request.user).select_related("actor"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "core/notifications.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go where it points (only to a page of this site)."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(user=request.user, pk=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("core:notifications")


@login_required
@require_POST
def notification_read_all(request):
    count = mark_read(user=request.user)
    messages.success(request, _("已将%(n)s条通知标为已读。") % {"n": count})
    return redirect("core:notifications")


# ---------------------------------------------------------------- the phone's 服务 and 我的 tabs

from gonghui.core import homes  # noqa: E402
from gonghui.core.context_processors import module_groups  # noqa: E402
from gonghui.core.pii import mask_mobile  # noqa: E402


@login_required
def services(request):
    """Every module this user may open, under its section (the side navigation, as a page)."""
    return render(request, "core/services.html", {"groups": module_groups(request.user, "")})


@login_required
def account(request):
    """The user's own: their entries of the worker section (card, membership, orders), then the
    account itself (password, API tokens, language, logout)."""
    own = [g for g in module_groups(request.user, "") if g["label"] == homes.GROUP_WORKER]
    return render(
        request, "core/account.html", {"groups": own, "phone_masked": mask_mobile(request.user.phone or "")}
    )
