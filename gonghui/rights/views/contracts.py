"""Collective consultation and contract pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage
from gonghui.orgs.selectors import figures_roots
from gonghui.rights.forms.contracts import (
    DemandForm,
    FilingForm,
    MeetingForm,
    ObjectionForm,
    PublishForm,
    RoundForm,
    TermsForm,
    VoteForm,
)
from gonghui.rights.models.contracts import ContractState
from gonghui.rights.selectors import contracts as sel
from gonghui.rights.services import contracts as svc

TABS = [
    ("", _("全部")),
    ("expiring", _("三个月内到期")),
    ("filing", _("待报送")),
    (ContractState.DRAFT, _("协商中")),
    (ContractState.IN_FORCE, _("生效中")),
    (ContractState.EXPIRED, _("已到期")),
]


@login_required
def contract_list(request):
    sel.require_cadre(request.user)
    state = request.GET.get("state", "")
    page = Paginator(sel.contract_list_for(request.user, state=state), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "rights/contracts/list.html",
        {
            "page_obj": page,
            "tabs": TABS,
            "state": state,
            "querystring_base": querystring(request, "page"),
            "today": timezone.localdate(),
            "may_start": sel.round_orgs_for(request.user).exists(),
        },
    )


def _terms(data: dict) -> dict:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "level": data.get("level") or "",
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "employees_covered": data["employees_covered"],
        "enterprises": list(data["enterprises"]),
        "text": data.get("text", ""),
    }


@login_required
def round_new(request):
    sel.require_cadre(request.user)
    orgs = sel.round_orgs_for(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, orgs=orgs, enterprises=sel.enterprise_choices_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            round_ = svc.round_start(
                org=form.cleaned_data["org"], actor=request.user, **_terms(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("集体协商已发起。请登记职工诉求和协商会议。"))
            return redirect(round_)
    return render(request, "rights/contracts/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def round_edit(request, uuid):
    round_ = sel.round_get_for(request.user, uuid, write=True)
    contract = round_.contract
    if contract.state != ContractState.DRAFT:
        messages.error(request, _("合同已经职工代表大会表决，不能再修改。"))
        return redirect(round_)
    initial = {
        k: getattr(contract, k)
        for k in ("title", "kind", "level", "starts_on", "ends_on", "employees_covered", "text")
    }
    initial["enterprises"] = list(contract.enterprises.all())
    form = TermsForm(request.POST or None, initial=initial, enterprises=sel.enterprises_for(round_.org))
    if request.method == "POST" and form.is_valid():
        try:
            svc.contract_update(contract=contract, actor=request.user, **_terms(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("合同条款已保存。"))
            return redirect(round_)
    return render(
        request,
        "rights/contracts/form.html",
        {"form": form, "round": round_},
        status=400 if form.errors else 200,
    )


def _detail(request, round_, *, status=200, **forms):
    contract = round_.contract
    manage = can_manage(request.user, round_.org)
    context = {
        "round": round_,
        "contract": contract,
        "enterprises": list(contract.enterprises.all()),
        "demands": list(round_.demands.all()),
        "meetings": list(round_.meetings.all()),
        "manage": manage,
        "today": timezone.localdate(),
        "renewal": round_.renews,
        "renewed_by": contract.renewal_rounds.first(),
        "remind_from": svc.remind_from(contract),
    }
    if manage:
        if not round_.voted:
            context["demand_form"] = forms.get("demand_form") or DemandForm()
            context["meeting_form"] = forms.get("meeting_form") or MeetingForm()
            context["vote_form"] = forms.get("vote_form") or VoteForm()
        if contract.state == ContractState.VOTED:
            context["filing_form"] = forms.get("filing_form") or FilingForm(
                initial={"filed_on": timezone.localdate()}
            )
        if contract.state == ContractState.FILED:
            context["objection_form"] = forms.get("objection_form") or ObjectionForm()
        if contract.state in (ContractState.FILED, ContractState.IN_FORCE) and not contract.published_on:
            context["publish_form"] = forms.get("publish_form") or PublishForm(
                initial={"published_on": timezone.localdate()}
            )
        context["may_renew"] = (
            contract.state in (ContractState.IN_FORCE, ContractState.EXPIRED)
            and context["renewed_by"] is None
        )
    # A form sent to a step already done (a second click on 登记表决结果) is not shown again: its errors are.
    context["stray_errors"] = [
        e
        for key, form in forms.items()
        if key not in context
        for errors in form.errors.values()
        for e in errors
    ]
    return render(request, "rights/contracts/detail.html", context, status=status)


@login_required
def round_detail(request, uuid):
    return _detail(request, sel.round_get_for(request.user, uuid))


def _post(request, uuid, form_class, key, call, done):
    """The detail page's small forms: valid → the service → back to the page; else the page with errors."""
    round_ = sel.round_get_for(request.user, uuid, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(round_, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(round_)
    round_ = sel.round_get_for(request.user, uuid, write=True)
    return _detail(request, round_, status=400, **{key: form})


@login_required
@require_POST
def demand_add(request, uuid):
    return _post(
        request,
        uuid,
        DemandForm,
        "demand_form",
        lambda r, d: svc.demand_add(round=r, actor=request.user, text=d["text"]),
        _("已登记职工诉求。"),
    )


@login_required
@require_POST
def meeting_add(request, uuid):
    return _post(
        request,
        uuid,
        MeetingForm,
        "meeting_form",
        lambda r, d: svc.meeting_add(round=r, actor=request.user, **d),
        _("已登记协商会议。"),
    )


@login_required
@require_POST
def vote(request, uuid):
    return _post(
        request,
        uuid,
        VoteForm,
        "vote_form",
        lambda r, d: svc.vote_record(round=r, actor=request.user, **d),
        _("表决结果已登记：合同经职工代表大会审议通过，请在10日内报送劳动行政部门。"),
    )


@login_required
@require_POST
def file(request, uuid):
    return _post(
        request,
        uuid,
        FilingForm,
        "filing_form",
        lambda r, d: svc.contract_file(contract=r.contract, actor=request.user, **d),
        _("已登记报送。"),
    )


@login_required
@require_POST
def objection(request, uuid):
    return _post(
        request,
        uuid,
        ObjectionForm,
        "objection_form",
        lambda r, d: svc.contract_objection(contract=r.contract, actor=request.user, **d),
        _("已登记审查意见：合同退回重新协商，修改后须重新提交职工代表大会表决。"),
    )


@login_required
@require_POST
def publish(request, uuid):
    return _post(
        request,
        uuid,
        PublishForm,
        "publish_form",
        lambda r, d: svc.contract_publish(contract=r.contract, actor=request.user, **d),
        _("合同已向职工公布。"),
    )


@login_required
@require_POST
def renew(request, uuid):
    round_ = sel.round_get_for(request.user, uuid, write=True)
    try:
        new = svc.renewal_start(contract=round_.contract, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(round_)
    messages.success(request, _("续签协商已发起。"))
    return redirect(new)


@login_required
def figures(request):
    """Coverage now, per subtree the cadre sees: enterprises and employees covered, contracts ending soon."""
    sel.require_cadre(request.user)
    rows = [(org, sel.figures(org)) for org in figures_roots(request.user, request.GET)]
    return render(request, "rights/contracts/figures.html", {"rows": rows})


@login_required
def mine(request):
    """A worker: the published contracts that cover their enterprise."""
    return render(
        request, "rights/contracts/mine.html", {"contracts": list(sel.published_for_member(request.user))}
    )
