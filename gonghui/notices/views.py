"""Notice pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.pii import mask_name
from gonghui.core.scoping import can_manage
from gonghui.notices import selectors, services
from gonghui.notices.forms import NoticeForm
from gonghui.orgs.selectors import drilled

PAGE = 20


@login_required
def my_notices(request):
    page = Paginator(selectors.my_notices(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/mine.html", {"page_obj": page})


@login_required
def detail(request, uuid):
    notice = selectors.notice_get_for_reader(request.user, uuid)
    services.notice_mark_read(notice=notice, user=request.user)
    return render(
        request, "notices/detail.html", {"notice": notice, "can_manage": can_manage(request.user, notice.org)}
    )


@login_required
def manage_list(request):
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.notice_list_for(request.user, drilled=drill), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notices/manage_list.html",
        {"page_obj": page, "drilled": drill, "querystring_base": querystring(request)},
    )


def _fields(data) -> dict:
    return {
        "title": data["title"],
        "body": data["body"],
        "audience_role": data["audience_role"],
        "job_types": data["job_types"],
        "members_only": data["members_only"],
        "expire_at": data["expire_at"],
        "pinned": data["pinned"],
    }


@login_required
def create(request):
    selectors.require_manager(request.user)
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_publish(
                org=data["org"], publish_at=data["publish_at"], actor=request.user, **_fields(data)
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("公告已发布。"))
            return redirect("notices:reads", uuid=notice.uuid)
    return render(request, "notices/form.html", {"form": form})


@login_required
def edit(request, uuid):
    notice = selectors.notice_get_for(request.user, uuid, write=True)
    form = NoticeForm(
        request.POST or None, user=request.user, org=notice.org, initial=NoticeForm.initial_for(notice)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_update(
                notice=notice,
                publish_at=data["publish_at"] or notice.publish_at,
                actor=request.user,
                **_fields(data),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("公告已修改。"))
            return redirect("notices:reads", uuid=notice.uuid)
    return render(request, "notices/form.html", {"form": form, "notice": notice})


@login_required
@require_POST
def withdraw(request, uuid):
    notice = selectors.notice_get_for(request.user, uuid, write=True)
    try:
        services.notice_withdraw(notice=notice, actor=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("公告已撤回。"))
    return redirect("notices:reads", uuid=notice.uuid)


@login_required
def reads(request, uuid):
    """The cadre's view of a notice: its read rate and the receipts, paged."""
    notice = selectors.notice_get_for(request.user, uuid)
    page = Paginator(selectors.receipts(notice), 50).get_page(request.GET.get("page"))
    for receipt in page:  # a reader may be anyone the notice reached: the cadre recognises, not reads, names
        receipt.reader_name = mask_name(receipt.user.name)
    return render(
        request,
        "notices/reads.html",
        {"notice": notice, "page_obj": page, "can_manage": can_manage(request.user, notice.org)},
    )
