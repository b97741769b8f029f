"""Care: welfare — pages: rules, batches and sign-off, condolence requests (thin views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.welfare import ActionForm, BatchForm, GiftSearchForm, RequestForm, RuleForm
from gonghui.care.models.welfare import CONDOLENCE_CHAIN
from gonghui.care.selectors import welfare as sel
from gonghui.care.services import welfare as svc
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.pii import mask_name
from gonghui.core.qr import qr_svg
from gonghui.core.scoping import can_manage, is_cadre
from gonghui.core.xlsx import xlsx_response
from gonghui.orgs.selectors import drilled


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _cadre(request) -> None:
    if not is_cadre(request.user):
        raise PermissionDenied


def _page(request, qs, n=30):
    return Paginator(qs, n).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- rules


@login_required
def rule_list(request):
    _cadre(request)
    page = _page(request, sel.rules_for(request.user))
    return render(
        request, "care/welfare/rules.html", {"page_obj": page, "querystring_base": querystring(request)}
    )


@login_required
def rule_create(request):
    _cadre(request)
    form = RuleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.rule_save(org=data["org"], occasion=data["occasion"], data=data, actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("慰问标准已保存。"))
            return redirect("care:welfare_rules")
    return render(request, "care/welfare/rule_form.html", {"form": form})


@login_required
def rule_edit(request, pk):
    rule = sel.rule_get_for(request.user, pk, write=True)
    initial = {name: getattr(rule, name) for name in svc.RULE_FIELDS}
    form = RuleForm(request.POST or None, user=request.user, rule=rule, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.rule_save(
                org=rule.org, occasion=rule.occasion, data=form.cleaned_data, actor=request.user, rule=rule
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("慰问标准已保存。"))
            return redirect("care:welfare_rules")
    return render(request, "care/welfare/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def rule_delete(request, pk):
    rule = sel.rule_get_for(request.user, pk, write=True)
    svc.rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("慰问标准已删除。"))
    return redirect("care:welfare_rules")


# ---------------------------------------------------------------- batches


@login_required
def batch_list(request):
    _cadre(request)
    drill = drilled(request.user, request.GET)
    page = _page(request, sel.batches_for(request.user, drilled=drill))
    return render(
        request,
        "care/welfare/batches.html",
        {"page_obj": page, "drilled": drill, "querystring_base": querystring(request)},
    )


@login_required
def batch_create(request):
    _cadre(request)
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = svc.batch_create(actor=request.user, **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("发放批次已创建，请计算发放名单。"))
            return redirect(batch)
    return render(request, "care/welfare/batch_form.html", {"form": form})


@login_required
def batch_detail(request, uuid):
    batch = sel.batch_get_for(request.user, uuid)
    search = GiftSearchForm(request.GET)
    q, state = ("", "")
    if search.is_valid():
        q, state = search.cleaned_data["q"], search.cleaned_data["state"]
    page = _page(request, sel.gifts_of(batch, state=state, q=q), 50)
    for gift in page:
        gift.name_masked = mask_name(gift.member.name)  # a list: masked names (core.pii)
    context = {
        "batch": batch,
        "report": sel.batch_report(batch),
        "children": sel.batch_report_by_child(batch),
        "page_obj": page,
        "search": search,
        "manage": can_manage(request.user, batch.org),
        "querystring_base": querystring(request),
    }
    return render(request, "care/welfare/batch_detail.html", context)


@login_required
@require_POST
def batch_compute(request, uuid):
    batch = sel.batch_get_for(request.user, uuid, write=True)
    try:
        job, _created = svc.batch_compute_start(batch=batch, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
        return redirect(batch)
    return redirect("core:job_detail", job_uuid=job.uuid)


@login_required
@require_POST
def batch_close(request, uuid):
    batch = sel.batch_get_for(request.user, uuid, write=True)
    try:
        svc.batch_close(batch=batch, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("已结束发放。"))
    return redirect(batch)


@login_required
def batch_point(request, uuid):
    """The distribution point's QR: members scan it with their phone to sign for their gift."""
    batch = sel.batch_get_for(request.user, uuid, write=True)
    url = request.build_absolute_uri(reverse("care:welfare_scan", args=[svc.point_token(batch)]))
    return render(
        request,
        "care/welfare/point.html",
        {"batch": batch, "qr": qr_svg(url), "url": url, "report": sel.batch_report(batch)},
    )


@login_required
@require_POST
def batch_point_rotate(request, uuid):
    batch = sel.batch_get_for(request.user, uuid, write=True)
    svc.batch_rotate_point(batch=batch, actor=request.user)
    messages.success(request, _("已更换签收二维码，原二维码失效。"))
    return redirect("care:welfare_batch_point", uuid=batch.uuid)


@login_required
def batch_export(request, uuid):
    """The sign-off list (masked) of the batch, or of one union under it (`?org=<uuid>`)."""
    batch = sel.batch_get_for(request.user, uuid)
    org = sel.export_org(batch, request.GET.get("org", ""))
    try:
        content = svc.signoff_export(batch=batch, actor=request.user, org=org)
    except ValidationError as e:
        _flash(request, e)
        return redirect(batch)
    name = batch.title if org is None else f"{batch.title}（{org.name}）"
    return xlsx_response(_("%(batch)s签收名单.xlsx") % {"batch": name}, content)


@login_required
@require_POST
def gift_confirm(request, uuid, member_uuid):
    gift = sel.gift_get_for(request.user, uuid, member_uuid, write=True)
    try:
        svc.gift_confirm(gift=gift, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("已确认%(name)s领取。") % {"name": gift.member.name})
    back = reverse("care:welfare_batch_detail", args=[gift.batch.uuid])
    nxt = request.POST.get("next", "")
    return redirect(back + nxt if nxt.startswith("?") else back)


# ---------------------------------------------------------------- a member's gifts


@login_required
def my_gifts(request):
    page = _page(request, sel.my_gifts(request.user))
    return render(
        request, "care/welfare/my_gifts.html", {"page_obj": page, "querystring_base": querystring(request)}
    )


@login_required
@require_POST
def gift_sign(request, uuid):
    gift = sel.my_gift_get(request.user, uuid)
    try:
        svc.gift_sign(gift=gift, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("签收成功：%(gift)s。") % {"gift": gift.batch.description})
    return redirect("care:welfare_my_gifts")


@login_required
def scan(request, token):
    """The page the distribution point's QR opens on a member's phone: their gift, and a button."""
    try:
        batch = svc.batch_for_token(token)
    except ValidationError as e:
        return render(request, "care/welfare/scan.html", {"error": e.messages[0]}, status=404)
    gift = sel.my_gift_in(request.user, batch)
    if request.method == "POST":
        try:
            gift = svc.gift_sign_by_scan(token=token, actor=request.user)
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("签收成功：%(gift)s。") % {"gift": batch.description})
        return redirect("care:welfare_scan", token=token)
    return render(request, "care/welfare/scan.html", {"batch": batch, "gift": gift})


# ---------------------------------------------------------------- condolence requests


@login_required
def request_list(request):
    _cadre(request)
    awaiting = request.GET.get("awaiting") == "1"
    state = request.GET.get("state", "")
    if state not in dict(CONDOLENCE_CHAIN.choices()):
        state = ""
    drill = drilled(request.user, request.GET)
    page = _page(request, sel.requests_for(request.user, state=state, awaiting=awaiting, drilled=drill))
    return render(
        request,
        "care/welfare/requests.html",
        {
            "page_obj": page,
            "awaiting": awaiting,
            "state": state,
            "states": CONDOLENCE_CHAIN.choices(),
            "drilled": drill,
            "querystring_base": querystring(request),
        },
    )


@login_required
def my_requests(request):
    page = _page(request, sel.my_requests(request.user))
    return render(
        request, "care/welfare/my_requests.html", {"page_obj": page, "querystring_base": querystring(request)}
    )


@login_required
def request_create(request):
    _cadre(request)
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            created = svc.condolence_request_create(actor=request.user, **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("慰问申请已提交。"))
            return redirect(created)
    return render(request, "care/welfare/request_form.html", {"form": form})


@login_required
def request_detail(request, uuid):
    item = sel.request_get_for(request.user, uuid)
    own = item.member.user_id == request.user.pk and not can_manage(request.user, item.org)
    context = {
        "item": item,
        "own": own,
        "steps": CONDOLENCE_CHAIN.steps(item),
        "timeline": CONDOLENCE_CHAIN.timeline(item),
        "actions": [] if own else CONDOLENCE_CHAIN.actions(item, request.user),
        "form": ActionForm(),
        "overdue": CONDOLENCE_CHAIN.is_overdue(item),
    }
    return render(request, "care/welfare/request_detail.html", context)


@login_required
@require_POST
def request_action(request, uuid, action):
    item = sel.request_get_for(request.user, uuid, write=True)
    if action not in svc.ACTIONS:
        raise Http404
    form = ActionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        svc.condolence_request_act(request=item, action=action, actor=request.user, note=note)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("已办理：%(state)s。") % {"state": item.get_state_display()})
    return redirect(item)
