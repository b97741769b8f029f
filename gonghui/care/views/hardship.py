"""Hardship file pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.hardship import (
    ActForm,
    AssistanceForm,
    ExitForm,
    FileForm,
    HouseholdForm,
    IncomeForm,
    LineForm,
    ReviewForm,
)
from gonghui.care.models.hardship import HARDSHIP_CHAIN, HardshipClass, HouseholdMember
from gonghui.care.selectors import hardship as sel
from gonghui.care.services import hardship as svc
from gonghui.core import approval, audit
from gonghui.core.indicators import period_from_query
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage, can_view_personal_data, is_cadre
from gonghui.members.models import Member
from gonghui.members.selectors.roster import RosterFilter, is_personal_number, members_for
from gonghui.orgs.selectors import figures_roots

AUDIT_LABELS = {
    "create": _("建档"),
    "update": _("修改档案"),
    "approve": _("批准建档"),
    "review": _("年审"),
    "exit": _("退出档案"),
}

TABS = [
    ("awaiting", _("待我审批")),
    ("", _("全部")),
    (approval.DRAFT, _("草稿")),
    ("on_file", _("在档")),
    (approval.RETURNED, _("已退回")),
    ("exited", _("已退出")),
]


def _require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


@login_required
def file_list(request):
    _require_cadre(request.user)
    state = request.GET.get("state", "awaiting")
    klass = request.GET.get("class", "")
    q = request.GET.get("q", "").strip()[:40]
    page = Paginator(sel.file_list_for(request.user, state=state, klass=klass, q=q), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/hardship/list.html",
        {
            "page_obj": page,
            "tabs": TABS,
            "state": state,
            "klass": klass,
            "classes": HardshipClass.choices,
            "q": q,
            "querystring_base": querystring(request, "page"),
            "chain": HARDSHIP_CHAIN,
        },
    )


def _find_member(user, text: str) -> Member | None:
    """The member in the user's subtrees by ID number or member number (never by name: two may share it)."""
    text = (text or "").strip()
    if not text:
        return None
    found = list(members_for(user, RosterFilter(q=text))[:2])
    by_number = [m for m in found if m.member_no == text]
    if by_number:
        return by_number[0]
    return found[0] if is_personal_number(text) and len(found) == 1 else None


@login_required
def file_new(request):
    _require_cadre(request.user)
    form = FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = _find_member(request.user, data["member"])
        if member is None:
            form.add_error("member", _("在您管理的工会中没有找到这位会员，请核对身份证号码或会员编号。"))
        else:
            try:
                file = svc.file_create(member=member, actor=request.user, **_figures(data), **_private(data))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("档案已建立（草稿）。请登记家庭成员后提交审核。"))
                return redirect(file)
    return render(request, "care/hardship/form.html", {"form": form})


def _figures(data: dict) -> dict:
    return {
        "cause": data["cause"],
        "cause_detail": data.get("cause_detail", ""),
        "household_size": data["household_size"],
        "household_income": data["household_income"],
        "medical_costs": data.get("medical_costs") or 0,
    }


def _private(data: dict) -> dict:
    return {"health": data["health"], "bank_name": data["bank_name"], "bank_account": data["bank_account"]}


@login_required
def file_edit(request, uuid):
    file = sel.file_get_for(request.user, uuid, write=True)
    if file.state not in (approval.DRAFT, approval.RETURNED):
        messages.error(request, _("档案已提交审批，不能修改；如需修改请先撤回。"))
        return redirect(file)
    initial = {k: getattr(file, k) for k in ("cause", "cause_detail", "household_size", "bank_name")}
    initial.update(household_income=file.household_income, medical_costs=file.medical_costs)
    form = FileForm(request.POST or None, file=file, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.file_update(
                file=file,
                actor=request.user,
                **_figures(data),
                health=data["health"] or None,
                bank_name=data["bank_name"],
                bank_account=data["bank_account"] or None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("档案已保存。"))
            return redirect(file)
    return render(request, "care/hardship/form.html", {"form": form, "file": file})


def _detail(request, file, *, status=200, private=None, **forms):
    user = request.user
    manage = can_manage(user, file.org)
    on_file = file.on_file
    editable = manage and file.state in (approval.DRAFT, approval.RETURNED)
    context = {
        "file": file,
        "chain": HARDSHIP_CHAIN,
        "steps": HARDSHIP_CHAIN.steps(file),
        "timeline": sel.history_of(file),
        "actions": HARDSHIP_CHAIN.actions(file, user),
        "overdue": HARDSHIP_CHAIN.is_overdue(file),
        "household": list(file.household.all()),
        "assistance": list(sel.assistance_of(file)),
        "incomes": list(file.incomes.all()[:12]),
        "audit": [
            (e, AUDIT_LABELS.get(e.action, e.action)) for e in audit.history(file).order_by("-at")[:20]
        ],
        "manage": manage,
        "editable": editable,
        "on_file": on_file,
        "may_reveal": manage and can_view_personal_data(user, file.org),
        "private": private,
        "act_form": forms.get("act_form") or ActForm(),
    }
    if editable:
        context["household_form"] = forms.get("household_form") or HouseholdForm()
    if on_file and manage:
        context["income_form"] = forms.get("income_form") or IncomeForm()
        context["review_form"] = forms.get("review_form") or ReviewForm(
            initial={
                "cause": file.cause,
                "household_size": file.household_size,
                "household_income": file.household_income,
                "medical_costs": file.medical_costs,
            }
        )
        context["exit_form"] = forms.get("exit_form") or ExitForm()
    if on_file:
        orgs = sel.giving_orgs_for(user, file)
        if orgs:
            context["assist_form"] = forms.get("assist_form") or AssistanceForm(orgs=orgs)
    return render(request, "care/hardship/detail.html", context, status=status)


@login_required
def file_detail(request, uuid):
    file = sel.file_get_for(request.user, uuid)
    return _detail(request, file)


@login_required
@require_POST
def file_private(request, uuid):
    """Health and bank data in full: a POST, so every look is a deliberate, logged act."""
    file = sel.file_get_for(request.user, uuid, write=True)
    private = svc.file_reveal_private(file=file, actor=request.user)
    response = _detail(request, file, private=private)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def file_act(request, uuid):
    file = sel.file_get_for(request.user, uuid)
    form = ActForm(request.POST)
    if not form.is_valid():
        return _detail(request, file, status=400, act_form=form)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
    try:
        svc.file_act(file=file, action=action, actor=request.user, reason=reason)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _detail(request, file, status=400, act_form=form)
    done = {
        approval.SUBMIT: _("已提交审核。"),
        approval.APPROVE: _("已通过。"),
        approval.SEND_BACK: _("已退回。"),
        approval.REJECT: _("已作出不予批准的决定。"),
        approval.WITHDRAW: _("已撤回为草稿。"),
    }
    messages.success(request, done[action])
    return redirect(file)


def _post(request, uuid, form_class, key, call, done, *, form_kwargs=None):
    """The detail page's small forms: valid → the service → back to the page; else the page with errors."""
    file = sel.file_get_for(request.user, uuid, write=True)
    form = form_class(request.POST, **(form_kwargs(file) if form_kwargs else {}))
    if form.is_valid():
        try:
            call(file, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(file)
    return _detail(request, file, status=400, **{key: form})


@login_required
@require_POST
def household_add(request, uuid):
    return _post(
        request,
        uuid,
        HouseholdForm,
        "household_form",
        lambda file, d: svc.household_add(
            file=file,
            actor=request.user,
            name=d["name"],
            relation=d["relation"],
            birth_year=d["birth_year"],
            situation=d["situation"],
            monthly_income=d["monthly_income"] or 0,
        ),
        _("已登记家庭成员。"),
    )


@login_required
@require_POST
def household_remove(request, uuid, pk):
    file = sel.file_get_for(request.user, uuid, write=True)
    person = get_object_or_404(HouseholdMember, file=file, pk=pk)
    try:
        svc.household_remove(person=person, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(file)


@login_required
@require_POST
def assistance_add(request, uuid):
    file = sel.file_get_for(request.user, uuid)
    orgs = sel.giving_orgs_for(request.user, file)
    if not orgs:
        raise PermissionDenied
    form = AssistanceForm(request.POST, orgs=orgs)
    if form.is_valid():
        d = form.cleaned_data
        try:
            svc.assistance_add(
                file=file,
                org=d["org"],
                actor=request.user,
                kind=d["kind"],
                need=d["need"],
                amount=d["amount"],
                given_on=d["given_on"],
                note=d["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记帮扶。"))
            return redirect(file)
    return _detail(request, file, status=400, assist_form=form)


@login_required
@require_POST
def income_add(request, uuid):
    def call(file, d):
        svc.income_record(
            file=file, month=d["month"], household_income=d["household_income"], actor=request.user
        )
        file.refresh_from_db()
        if file.exited_on:
            messages.info(request, _("该户已连续六个月收入高于相对困难标准，档案按规则退出。"))

    return _post(request, uuid, IncomeForm, "income_form", call, _("已登记月收入。"))


@login_required
@require_POST
def file_review(request, uuid):
    return _post(
        request,
        uuid,
        ReviewForm,
        "review_form",
        lambda file, d: svc.file_review(file=file, actor=request.user, note=d["note"], **_figures(d)),
        _("年审已完成。"),
    )


@login_required
@require_POST
def file_exit(request, uuid):
    return _post(
        request,
        uuid,
        ExitForm,
        "exit_form",
        lambda file, d: svc.file_exit(file=file, reason=d["reason"], actor=request.user),
        _("档案已退出。"),
    )


@login_required
def lines(request):
    _require_cadre(request.user)
    orgs = sel.line_orgs_for(request.user)
    form = LineForm(request.POST or None, orgs=orgs)
    if request.method == "POST":
        if not orgs.exists():
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.poverty_line_set(
                    org=d["org"], year=d["year"], minimum_living=d["minimum_living"], actor=request.user
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("低保标准已保存。"))
                return redirect("care:hardship_lines")
    return render(
        request,
        "care/hardship/lines.html",
        {"form": form if orgs.exists() else None, "lines": sel.lines_for(request.user)[:100]},
        status=400 if form.errors else 200,
    )


@login_required
def figures(request):
    """The cadre's subtrees: households by class, new files, exits, aid by kind, for a period."""
    _require_cadre(request.user)
    period = period_from_query(request.GET)
    rows = [(org, sel.figures(org, *period.bounds())) for org in figures_roots(request.user, request.GET)]
    return render(request, "care/hardship/figures.html", {"rows": rows, "period": period})


@login_required
def mine(request):
    """A worker's own files: where each stands and the aid received (not the cadres' notes)."""
    files = list(sel.files_of_worker(request.user).prefetch_related("assistance__org"))
    return render(request, "care/hardship/mine.html", {"files": files})
