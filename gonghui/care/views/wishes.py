"""Care: micro-wish pages — thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.wishes import CapForm, FulfilForm, NoteForm, StateFilter, WallFilter, WishForm
from gonghui.care.models.wishes import WISH_FLOW, Wish
from gonghui.care.selectors import wishes as selectors
from gonghui.care.services import wishes as services
from gonghui.core.homes import signup_url
from gonghui.core.indicators import period_from_query
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.pii import mask_name
from gonghui.core.scoping import can_manage, can_view, is_cadre, scope_paths
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.selectors import drilled, figures_roots


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def wall(request):
    """The wish wall: anyone may look (the wisher masked); claiming needs an account."""
    filters = WallFilter(request.GET)
    page = Paginator(selectors.wall(**filters.values()), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "care/wishes/wall.html",
        {
            "page_obj": page,
            "filters": filters,
            "querystring_base": querystring(request),
            "signup": signup_url(request.path),
        },
    )


@login_required
def create(request):
    member = member_for_user(request.user)
    cap = services.wish_cap(member.org) if member else None
    form = WishForm(request.POST or None, cap=cap)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wish = services.wish_post(
                kind=data["kind"],
                title=data["title"],
                reason=data["reason"],
                amount=data["amount"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("心愿已提交，工会审核通过后将发布到心愿墙。"))
            return redirect(wish)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "care/wishes/form.html", {"form": form, "member": member, "cap": cap}, status=status
    )


@login_required
def mine(request):
    page = Paginator(selectors.mine(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "care/wishes/mine.html", {"page_obj": page})


@login_required
def claims(request):
    page = Paginator(selectors.claims_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "care/wishes/claims.html", {"page_obj": page})


@login_required
def manage(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    states = StateFilter(request.GET)
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.managed_for(request.user, state=states.value(), drilled=drill), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/wishes/manage.html",
        {"page_obj": page, "states": states, "drilled": drill, "querystring_base": querystring(request)},
    )


@login_required
def figures(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    period = period_from_query(request.GET)
    rows = []
    for org in figures_roots(request.user, request.GET):
        by = selectors.by_state(org)
        states = [(label, by.get(value, 0)) for value, label in WISH_FLOW.choices()]
        rows.append((org, selectors.figures(org, *period.bounds()), states))
    return render(request, "care/wishes/figures.html", {"rows": rows, "period": period})


@login_required
def cap(request):
    """The cap on one wish, per org (inherited down the tree unless a union below sets its own)."""
    from gonghui.orgs.selectors import manageable_orgs

    if not is_cadre(request.user):
        raise PermissionDenied
    form = CapForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.wish_cap_set(
                org=form.cleaned_data["org"], cap=form.cleaned_data["cap"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("金额上限已保存。"))
            return redirect("care:wishes_cap")
    roots = set(scope_paths(request.user))
    orgs = [o for o in manageable_orgs(request.user) if o.path in roots][:10]
    caps = [(org, services.wish_cap(org)) for org in orgs]
    status = 400 if request.method == "POST" else 200
    return render(request, "care/wishes/cap.html", {"form": form, "caps": caps}, status=status)


def _detail_context(request, wish: Wish, **forms) -> dict:
    user = request.user
    names = {t.name for t in WISH_FLOW.available(wish, user)}
    identity = selectors.sees_identity(user, wish)
    return {
        "wish": wish,
        "actions": names,
        "identity": identity,
        "manage": can_manage(user, wish.org),
        "own": wish.wisher_id == user.pk,
        "claimer_label": _claimer_label(user, wish),
        "claimer": wish.claimer_id == user.pk,
        "photo_visible": bool(wish.photo) and _may_see_photo(user, wish),
        "history": selectors.history(wish) if identity else [],
        "refuse_form": forms.get("refuse_form") or NoteForm(required=True, label=_("不予通过的原因")),
        "not_received_form": forms.get("not_received_form")
        or NoteForm(required=True, label=_("未收到的情况")),
        "fulfil_form": forms.get("fulfil_form") or FulfilForm(),
    }


def _claimer_label(user, wish: Wish) -> str:
    if wish.claimer is None:
        return ""
    if wish.claimer_id == user.pk or can_view(user, wish.org):
        return str(wish.claimer)
    return mask_name(wish.claimer.name) or _("爱心人士")


def _may_see_photo(user, wish: Wish) -> bool:
    return user.pk in (wish.wisher_id, wish.claimer_id) or can_view(user, wish.org)


def _readable(request, uuid):
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    return selectors.wish_get_for(request.user, uuid), None


def detail(request, uuid):
    wish, login = _readable(request, uuid)
    if login:
        return login
    return render(request, "care/wishes/detail.html", _detail_context(request, wish))


def _act(request, wish: Wish, action, done: str, **kwargs):
    try:
        action(wish=wish, actor=request.user, **kwargs)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, done)
    return redirect(wish)


@login_required
@require_POST
def publish(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid, write=True)
    return _act(request, wish, services.wish_publish, _("心愿已通过审核，发布到心愿墙。"))


@login_required
@require_POST
def refuse(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid, write=True)
    form = NoteForm(request.POST, required=True, label=_("不予通过的原因"))
    if form.is_valid():
        return _act(
            request,
            wish,
            services.wish_refuse,
            _("已不予通过，并通知了心愿人。"),
            reason=form.cleaned_data["note"],
        )
    return render(
        request, "care/wishes/detail.html", _detail_context(request, wish, refuse_form=form), status=400
    )


@login_required
@require_POST
def withdraw(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    return _act(request, wish, services.wish_withdraw, _("心愿已撤回。"))


@login_required
@require_POST
def claim(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    return _act(
        request, wish, services.wish_claim, _("认领成功！请尽快帮助心愿人实现心愿，送达后上传圆梦照片。")
    )


@login_required
@require_POST
def release(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    return _act(request, wish, services.wish_release, _("已放弃认领，心愿回到心愿墙。"))


@login_required
@require_POST
def fulfil(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    if wish.claimer_id != request.user.pk:
        raise PermissionDenied
    form = FulfilForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.wish_fulfil(
                wish=wish,
                upload=form.cleaned_data["photo"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("圆梦照片已上传，等待心愿人确认收到。"))
            return redirect(wish)
    return render(
        request, "care/wishes/detail.html", _detail_context(request, wish, fulfil_form=form), status=400
    )


@login_required
@require_POST
def confirm(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    return _act(request, wish, services.wish_confirm, _("已确认收到，感谢爱心人士！"))


@login_required
@require_POST
def not_received(request, uuid):
    wish = selectors.wish_get_for(request.user, uuid)
    if wish.wisher_id != request.user.pk:
        raise PermissionDenied
    form = NoteForm(request.POST, required=True, label=_("未收到的情况"))
    if form.is_valid():
        return _act(
            request, wish, services.wish_not_received, _("已反馈给认领人。"), note=form.cleaned_data["note"]
        )
    return render(
        request, "care/wishes/detail.html", _detail_context(request, wish, not_received_form=form), status=400
    )


def photo(request, uuid):
    """The fulfilment photo: to the wisher, the claimer and the union's cadres (media is not public)."""
    wish, login = _readable(request, uuid)
    if login:
        return login
    if not wish.photo or not _may_see_photo(request.user, wish):
        raise Http404
    try:
        handle = wish.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=wish.photo_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
