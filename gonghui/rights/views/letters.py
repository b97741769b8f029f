"""Supervision letter pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import documents
from gonghui.core.indicators import period_from_query
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage, is_cadre
from gonghui.orgs.selectors import figures_roots, scope_roots
from gonghui.rights.forms.letters import LetterForm, NoteForm, ReplyForm, ServeForm, SettingsForm, VerifyForm
from gonghui.rights.models.letters import LETTER_FLOW, SupervisionLetter
from gonghui.rights.selectors import letters as sel
from gonghui.rights.services import letters as svc

TABS = [
    ("open", _("办理中")),
    ("overdue", _("逾期未回复")),
    ("draft", _("草稿")),
    ("", _("全部")),
    ("closed", _("已办结")),
    ("escalated", _("已提请建议")),
]


def _require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


def _issuers(user) -> list:
    return [o for o in scope_roots(user) if can_manage(user, o)]


@login_required
def letter_list(request):
    _require_cadre(request.user)
    state = request.GET.get("state", "open")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:40]
    page = Paginator(sel.letter_list_for(request.user, state=state, kind=kind, q=q), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rights/letters/list.html",
        {
            "page_obj": page,
            "tabs": TABS,
            "state": state,
            "kind": kind,
            "kinds": SupervisionLetter.Kind.choices,
            "q": q,
            "querystring_base": querystring(request, "page"),
            "may_issue": bool(_issuers(request.user)),
        },
    )


def _find_enterprise(org, text: str):
    """The employer in the issuing org's area by its full name or credit code; None if none or several."""
    text = (text or "").strip()
    if not text:
        return None, None
    qs = sel.enterprises_for(org).filter(Q(name=text) | Q(uscc=text.upper()))
    found = list(qs[:2])
    if len(found) == 1:
        return found[0], None
    return None, _("在本工会辖区内没有找到名称或统一社会信用代码为“%(text)s”的用人单位。") % {"text": text}


def _content(data: dict) -> dict:
    return {k: data[k] for k in ("addressee", "problem", "title", "facts", "basis", "demands", "reply_days")}


@login_required
def letter_new(request):
    _require_cadre(request.user)
    orgs = _issuers(request.user)
    if not orgs:
        raise PermissionDenied
    form = LetterForm(request.POST or None, orgs=orgs, reply_days=svc.settings_for(orgs[0]).reply_days)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise, missing = _find_enterprise(data["org"], data["enterprise"])
        if missing:
            form.add_error("enterprise", missing)
        else:
            try:
                letter = svc.letter_create(
                    org=data["org"],
                    kind=data["kind"],
                    enterprise=enterprise,
                    actor=request.user,
                    **_content(data),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("函件草稿已保存。核对无误后签发。"))
                return redirect(letter)
    return render(request, "rights/letters/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def letter_edit(request, uuid):
    letter = sel.letter_get_for(request.user, uuid, write=True)
    if letter.state != "draft":
        messages.error(request, _("函件已签发，不能修改。"))
        return redirect(letter)
    initial = {
        k: getattr(letter, k)
        for k in ("addressee", "problem", "title", "facts", "basis", "demands", "reply_days")
    }
    form = LetterForm(request.POST or None, draft=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.letter_update(letter=letter, actor=request.user, **_content(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(letter)
    return render(
        request,
        "rights/letters/form.html",
        {"form": form, "letter": letter},
        status=400 if form.errors else 200,
    )


FORMS = {
    "serve": ServeForm,
    "reply": ReplyForm,
    "verify": VerifyForm,
    "close": NoteForm,
    "escalate": NoteForm,
}


def _detail(request, letter, *, status=200, **bound):
    user = request.user
    available = {t.name for t in LETTER_FLOW.available(letter, user)}
    forms = {name: bound.get(name) or FORMS[name]() for name in FORMS if name in available}
    if letter.kind == SupervisionLetter.Kind.RECOMMENDATION:
        forms.pop("escalate", None)
    elif letter.state != "rectified":
        forms.pop("close", None)  # an employer's letter closes once its rectification is verified
    return render(
        request,
        "rights/letters/detail.html",
        {
            "letter": letter,
            "forms": forms,
            "may_issue": "issue" in available,
            "editable": letter.state == "draft" and can_manage(user, letter.org),
            "overdue": letter.state == "served"
            and letter.reply_due
            and letter.reply_due < timezone.localdate(),
            "history": sel.history_of(letter),
            "escalations": list(letter.escalations.all()),
        },
        status=status,
    )


@login_required
def letter_detail(request, uuid):
    return _detail(request, sel.letter_get_for(request.user, uuid))


@login_required
@require_POST
def letter_issue(request, uuid):
    letter = sel.letter_get_for(request.user, uuid, write=True)
    try:
        svc.letter_issue(letter=letter, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已签发，文号 %(number)s。") % {"number": letter.number})
    return redirect(letter)


def _step(request, uuid, name: str, call, done: str):
    letter = sel.letter_get_for(request.user, uuid, write=True)
    form = FORMS[name](request.POST, request.FILES)
    if form.is_valid():
        try:
            result = call(letter, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "note" in exc.error_dict:
                exc = ValidationError({"note": exc.error_dict["note"]})
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(result if isinstance(result, SupervisionLetter) else letter)
    return _detail(request, letter, status=400, **{name: form})


@login_required
@require_POST
def letter_serve(request, uuid):
    return _step(
        request,
        uuid,
        "serve",
        lambda letter, d: svc.letter_serve(
            letter=letter,
            served_on=d["served_on"],
            how=d["how"],
            signed_by=d["signed_by"],
            actor=request.user,
        ),
        _("已登记送达，回复期限已计算。"),
    )


@login_required
@require_POST
def letter_reply(request, uuid):
    return _step(
        request,
        uuid,
        "reply",
        lambda letter, d: svc.letter_reply(
            letter=letter, replied_on=d["replied_on"], text=d["text"], actor=request.user
        ),
        _("已登记回复。请核实整改情况。"),
    )


@login_required
@require_POST
def letter_verify(request, uuid):
    return _step(
        request,
        uuid,
        "verify",
        lambda letter, d: svc.letter_verify(
            letter=letter,
            verified_on=d["verified_on"],
            verification=d["verification"],
            evidence=d["evidence"],
            actor=request.user,
        ),
        _("已核实整改。"),
    )


@login_required
@require_POST
def letter_close(request, uuid):
    return _step(
        request,
        uuid,
        "close",
        lambda letter, d: svc.letter_close(letter=letter, note=d["note"], actor=request.user),
        _("已办结。"),
    )


@login_required
@require_POST
def letter_escalate(request, uuid):
    return _step(
        request,
        uuid,
        "escalate",
        lambda letter, d: svc.letter_escalate(letter=letter, note=d["note"], actor=request.user),
        _("已生成建议书草稿，核对后签发。"),
    )


@login_required
def letter_docx(request, uuid):
    letter = sel.letter_get_for(request.user, uuid)
    name = f"{letter.number or letter.get_kind_display()}-{letter.addressee}.docx"
    return documents.docx_response(name, svc.letter_document(letter))


@login_required
def letter_print(request, uuid):
    """The letter on an A4 page for the browser's print (or save as PDF)."""
    letter = sel.letter_get_for(request.user, uuid)
    return render(request, "rights/letters/print.html", {"letter": letter, "c": svc.letter_context(letter)})


@login_required
def letter_evidence(request, uuid):
    letter = sel.letter_get_for(request.user, uuid)
    if not letter.evidence:
        raise Http404
    response = FileResponse(letter.evidence.open("rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_settings(request):
    _require_cadre(request.user)
    orgs = _issuers(request.user)
    if not orgs:
        raise PermissionDenied
    org = orgs[0]
    current = svc.settings_for(org)
    form = SettingsForm(
        request.POST or None,
        initial={
            "organ_code": current.organ_code,
            "reply_days": current.reply_days,
            "authority": current.authority,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.settings_save(org=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("rights:letter_settings")
    return render(
        request,
        "rights/letters/settings.html",
        {"form": form, "org": org},
        status=400 if form.errors else 200,
    )


@login_required
def letter_figures(request):
    _require_cadre(request.user)
    period = period_from_query(request.GET)
    rows = [(org, sel.figures(org, *period.bounds())) for org in figures_roots(request.user, request.GET)]
    return render(request, "rights/letters/figures.html", {"rows": rows, "period": period})
