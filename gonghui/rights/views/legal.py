"""Legal aid pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.indicators import period_from_query
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage
from gonghui.orgs.selectors import figures_roots
from gonghui.rights.forms.legal import (
    AmountsForm,
    AnswerForm,
    AskForm,
    CaseForm,
    CloseForm,
    ConsultationForm,
    FromConsultationForm,
    LawyerChoiceForm,
    LawyerForm,
    RateForm,
    StageForm,
)
from gonghui.rights.models.legal import CASE_FLOW, Consultation, Topic
from gonghui.rights.selectors import legal as sel
from gonghui.rights.services import legal as svc

CASE_TABS = [
    ("open", _("在办")),
    ("overdue", _("已超期")),
    ("consult", _("咨询")),
    ("mediation", _("调解")),
    ("arbitration", _("仲裁")),
    ("litigation", _("诉讼")),
    ("closed", _("已结案")),
    ("all", _("全部")),
]


def _worker_args(request, form) -> dict | None:
    """The worker part of a cadre's form: the member found in scope, or the non-member's name and phone."""
    data = form.cleaned_data
    member = None
    if data["worker"].strip():
        member = sel.member_find_for(request.user, data["worker"])
        if member is None:
            form.add_error("worker", _("在您管理的工会中没有找到这位会员，请核对身份证号码或会员编号。"))
            return None
    return {
        "member": member,
        "worker_name": data["worker_name"],
        "worker_phone": data["worker_phone"],
        "enterprise": data["enterprise"],
        "employer_name": data["employer_name"],
        "topic": data["topic"],
        "summary": data["summary"],
    }


def _scope_kwargs(user) -> dict:
    return {"orgs": sel.handling_orgs_for(user), "enterprises": sel.enterprises_for(user)}


# ---------------------------------------------------------------- cases (cadre)


@login_required
def case_list(request):
    sel.require_cadre(request.user)
    state = request.GET.get("state", "open")
    topic = request.GET.get("topic", "")
    q = request.GET.get("q", "").strip()[:40]
    cases = sel.case_list_for(request.user, state="" if state == "all" else state, topic=topic, q=q)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    for case in page:
        case.overdue = sel.is_overdue(case)
    return render(
        request,
        "rights/legal/case_list.html",
        {
            "page_obj": page,
            "tabs": CASE_TABS,
            "state": state,
            "topic": topic,
            "topics": Topic.choices,
            "q": q,
            "querystring_base": querystring(request, "page"),
        },
    )


@login_required
def case_new(request):
    sel.require_cadre(request.user)
    form = CaseForm(request.POST or None, **_scope_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        args = _worker_args(request, form)
        if args is not None:
            d = form.cleaned_data
            try:
                case = svc.case_open(
                    actor=request.user,
                    org=d["org"],
                    amount_claimed=d["amount_claimed"] or 0,
                    opened_on=d["opened_on"],
                    next_action=d["next_action"],
                    next_days=d["next_days"] or svc.NEXT_WORKING_DAYS,
                    submission=d["submission"],
                    **args,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已立案：%(number)s。") % {"number": case.number})
                return redirect(case)
    return render(request, "rights/legal/case_form.html", {"form": form}, status=400 if form.errors else 200)


def _case_page(request, case, *, status=200, **forms):
    manage = can_manage(request.user, case.org)
    context = {
        "case": case,
        "stages": sel.stages_of(case),
        "overdue": sel.is_overdue(case),
        "manage": manage,
        "flow": CASE_FLOW,
    }
    if manage and case.is_open:
        lawyers = sel.lawyers_for_case(case)
        context.update(
            lawyer_form=forms.get("lawyer_form")
            or LawyerChoiceForm(lawyers=lawyers, initial={"lawyer": case.lawyer}),
            stage_form=forms.get("stage_form") or StageForm(case=case),
            amounts_form=forms.get("amounts_form")
            or AmountsForm(initial={"claimed": case.amount_claimed, "recovered": case.amount_recovered}),
            close_form=forms.get("close_form") or CloseForm(initial={"recovered": case.amount_recovered}),
        )
    return render(request, "rights/legal/case_detail.html", context, status=status)


@login_required
def case_detail(request, uuid):
    sel.require_cadre(request.user)
    return _case_page(request, sel.case_get_for(request.user, uuid))


def _case_post(request, uuid, form_class, key, call, done, *, form_kwargs=None):
    sel.require_cadre(request.user)
    case = sel.case_get_for(request.user, uuid, write=True)
    form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(case)
    return _case_page(request, case, status=400, **{key: form})


@login_required
@require_POST
def case_lawyer(request, uuid):
    return _case_post(
        request,
        uuid,
        LawyerChoiceForm,
        "lawyer_form",
        lambda case, d: svc.case_assign_lawyer(case=case, lawyer=d["lawyer"], actor=request.user),
        _("已指派承办律师。"),
        form_kwargs=lambda case: {"lawyers": sel.lawyers_for_case(case)},
    )


@login_required
@require_POST
def case_stage(request, uuid):
    return _case_post(
        request,
        uuid,
        StageForm,
        "stage_form",
        lambda case, d: svc.case_advance(
            case=case,
            actor=request.user,
            stage=d["stage"],
            on=d["on"],
            outcome=d["outcome"],
            next_action=d["next_action"],
            next_days=d["next_days"],
            next_due=d["next_due"],
        ),
        _("已记录案件进展。"),
    )


@login_required
@require_POST
def case_amounts(request, uuid):
    return _case_post(
        request,
        uuid,
        AmountsForm,
        "amounts_form",
        lambda case, d: svc.case_amounts(
            case=case, claimed=d["claimed"], recovered=d["recovered"], actor=request.user
        ),
        _("金额已保存。"),
    )


@login_required
@require_POST
def case_close(request, uuid):
    return _case_post(
        request,
        uuid,
        CloseForm,
        "close_form",
        lambda case, d: svc.case_close(
            case=case,
            actor=request.user,
            closed_on=d["closed_on"],
            outcome=d["outcome"],
            note=d["note"],
            recovered=d["recovered"],
        ),
        _("案件已结案。职工可在手机上评价本次法律援助。"),
    )


# ---------------------------------------------------------------- consultations (cadre)


@login_required
def consultation_list(request):
    sel.require_cadre(request.user)
    channel = request.GET.get("channel", "")
    topic = request.GET.get("topic", "")
    q = request.GET.get("q", "").strip()[:40]
    page = Paginator(sel.consultation_list_for(request.user, channel=channel, topic=topic, q=q), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rights/legal/consultation_list.html",
        {
            "page_obj": page,
            "channel": channel,
            "channels": Consultation.Channel.choices,
            "topic": topic,
            "topics": Topic.choices,
            "q": q,
            "querystring_base": querystring(request, "page"),
        },
    )


@login_required
def consultation_new(request):
    sel.require_cadre(request.user)
    form = ConsultationForm(request.POST or None, **_scope_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        args = _worker_args(request, form)
        if args is not None:
            d = form.cleaned_data
            try:
                consultation = svc.consultation_record(
                    org=d["org"],
                    actor=request.user,
                    channel=d["channel"],
                    answer=d["answer"],
                    submission=d["submission"],
                    **args,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("咨询已登记。"))
                return redirect(consultation)
    return render(
        request, "rights/legal/consultation_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _consultation_page(request, consultation, *, status=200, answer_form=None, case_form=None):
    manage = can_manage(request.user, consultation.org)
    case = getattr(consultation, "case", None)  # the reverse one-to-one: None before a case is opened
    return render(
        request,
        "rights/legal/consultation_detail.html",
        {
            "c": consultation,
            "case": case,
            "manage": manage,
            "answer_form": answer_form or AnswerForm(initial={"answer": consultation.answer}),
            "case_form": case_form or FromConsultationForm(),
        },
        status=status,
    )


@login_required
def consultation_detail(request, uuid):
    sel.require_cadre(request.user)
    return _consultation_page(request, sel.consultation_get_for(request.user, uuid))


@login_required
@require_POST
def consultation_answer(request, uuid):
    sel.require_cadre(request.user)
    consultation = sel.consultation_get_for(request.user, uuid, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            svc.consultation_answer(
                consultation=consultation, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("解答已保存，职工可在“我的法律援助”中查看。"))
            return redirect(consultation)
    return _consultation_page(request, consultation, status=400, answer_form=form)


@login_required
@require_POST
def consultation_case(request, uuid):
    sel.require_cadre(request.user)
    consultation = sel.consultation_get_for(request.user, uuid, write=True)
    form = FromConsultationForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            case = svc.case_open(
                actor=request.user,
                consultation=consultation,
                amount_claimed=d["amount_claimed"] or 0,
                next_action=d["next_action"],
                next_days=d["next_days"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已立案：%(number)s。") % {"number": case.number})
            return redirect(case)
    return _consultation_page(request, consultation, status=400, case_form=form)


# ---------------------------------------------------------------- lawyers


def _lawyer_save(request, form, lawyer=None):
    d = form.cleaned_data
    return svc.lawyer_save(
        org=d["org"],
        actor=request.user,
        name=d["name"],
        firm=d["firm"],
        kind=d["kind"],
        phone=d["phone"],
        enterprises=d["advises"],
        lawyer=lawyer,
    )


@login_required
def lawyer_list(request):
    lawyers = sel.lawyer_list_for(request.user)
    orgs = sel.handling_orgs_for(request.user)
    form = LawyerForm(request.POST or None, orgs=orgs, enterprises=sel.enterprises_for(request.user))
    if request.method == "POST":
        if not orgs.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                _lawyer_save(request, form)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("律师已加入名册。"))
                return redirect("rights:legal_lawyers")
    return render(
        request,
        "rights/legal/lawyers.html",
        {"lawyers": lawyers, "form": form if orgs.exists() else None},
        status=400 if form.errors else 200,
    )


@login_required
def lawyer_edit(request, uuid):
    sel.require_cadre(request.user)
    lawyer = sel.lawyer_get_for(request.user, uuid, write=True)
    initial = {
        "org": lawyer.org,
        "name": lawyer.name,
        "firm": lawyer.firm,
        "kind": lawyer.kind,
        "phone": lawyer.phone,
        "advises": list(lawyer.advises.all()),
    }
    form = LawyerForm(
        request.POST or None,
        orgs=sel.handling_orgs_for(request.user),
        enterprises=sel.enterprises_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _lawyer_save(request, form, lawyer)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("律师信息已保存。"))
            return redirect("rights:legal_lawyers")
    return render(
        request,
        "rights/legal/lawyer_form.html",
        {"form": form, "lawyer": lawyer},
        status=400 if form.errors else 200,
    )


@login_required
def figures(request):
    sel.require_cadre(request.user)
    period = period_from_query(request.GET)
    rows = [(org, sel.figures(org, *period.bounds())) for org in figures_roots(request.user, request.GET)]
    return render(request, "rights/legal/figures.html", {"rows": rows, "period": period})


# ---------------------------------------------------------------- the worker's own


@login_required
def mine(request):
    """A worker's own consultations (with the answers) and cases (stage and next date)."""
    return render(
        request,
        "rights/legal/mine.html",
        {
            "consultations": list(sel.consultations_of_worker(request.user)[:50]),
            "cases": list(sel.cases_of_worker(request.user)[:50]),
        },
    )


@login_required
def ask(request):
    member = getattr(request.user, "member", None)
    if member is not None and not member.is_member:
        member = None
    form = AskForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.consultation_ask(
                user=request.user,
                topic=d["topic"],
                summary=d["summary"],
                employer_name=d["employer_name"],
                org=d.get("org"),
                phone=d["phone"],
                submission=d["submission"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("您的咨询已提交，工会会尽快解答。"))
            return redirect("rights:legal_mine")
    return render(request, "rights/legal/ask.html", {"form": form}, status=400 if form.errors else 200)


def _my_case_page(request, case, *, status=200, rate_form=None):
    return render(
        request,
        "rights/legal/my_case.html",
        {
            "case": case,
            "stages": sel.stages_of(case),
            "rate_form": rate_form
            or (RateForm() if case.state == "closed" and case.satisfaction is None else None),
        },
        status=status,
    )


@login_required
def my_case(request, uuid):
    return _my_case_page(request, sel.own_case_get(request.user, uuid))


@login_required
@require_POST
def my_case_rate(request, uuid):
    case = sel.own_case_get(request.user, uuid)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            svc.case_rate(
                case=case, user=request.user, score=form.cleaned_data["score"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("rights:legal_my_case", uuid=case.uuid)
    return _my_case_page(request, case, status=400, rate_form=form)
