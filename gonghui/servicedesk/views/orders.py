"""Pages of the service menu, service teams, orders, the dispatch board, team jobs and order figures."""

import datetime
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core import rows
from gonghui.core.pages import apply_errors, querystring, row_url_pattern
from gonghui.core.pii import name_or_masked_mobile
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import manageable_orgs
from gonghui.servicedesk.forms.orders import (
    BoardFilterForm,
    DeliverForm,
    DispatchForm,
    FiguresForm,
    MenuItemForm,
    OrderForm,
    PhoneForm,
    RateForm,
    ReasonForm,
    TeamEditForm,
    TeamForm,
    TeamMemberForm,
)
from gonghui.servicedesk.models import Category, ServiceOrder, ServiceTeamMember
from gonghui.servicedesk.selectors import menu as menu_sel
from gonghui.servicedesk.selectors import orders as sel
from gonghui.servicedesk.services import menu as menu_svc
from gonghui.servicedesk.services import orders as svc

BOARD_PAGE_SIZE = 25


# ---------------------------------------------------------------- menu


@login_required
def menu_list(request):
    """The items the user may order: from the federations above them, filtered by category."""
    category = request.GET.get("category", "")
    contexts = menu_sel.orderer_contexts(request.user)
    items = menu_sel.orderable_items(request.user, category=category, contexts=contexts)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/menu_list.html",
        {
            "page_obj": page,
            "items": page.object_list,
            "categories": Category.choices,
            "category": category,
            "contexts": contexts,
            "querystring_base": querystring(request),
        },
    )


@login_required
def menu_manage(request):
    category = request.GET.get("category", "")
    items = menu_sel.menu_manage_list(request.user, category=category)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/menu_manage.html",
        {
            "page_obj": page,
            "items": page.object_list,
            "categories": Category.choices,
            "category": category,
            "querystring_base": querystring(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def menu_item_create(request):
    orgs = menu_sel.menu_org_choices(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = MenuItemForm(
        request.POST or None,
        orgs=orgs,
        teams=menu_sel.team_choices_for(request.user),
        initial={"org": orgs.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("org")
        try:
            item = menu_svc.menu_item_create(org=org, actor=request.user, **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("服务项目“%(title)s”已上架。") % {"title": item.title})
            return redirect("servicedesk:menu_manage")
    return render(request, "servicedesk/menu_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def menu_item_edit(request, pk: int):
    item = menu_sel.menu_item_get_for(request.user, pk, write=True)
    teams = menu_sel.team_choices_for(request.user).filter(org=item.org)
    form = MenuItemForm(request.POST or None, instance=item, orgs=None, teams=teams, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            menu_svc.menu_item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            item.refresh_from_db()
            apply_errors(form, e)
        else:
            messages.success(request, _("服务项目已保存。"))
            return redirect("servicedesk:menu_manage")
    return render(request, "servicedesk/menu_form.html", {"form": form, "item": item})


@login_required
@require_POST
def menu_item_toggle(request, pk: int):
    item = menu_sel.menu_item_get_for(request.user, pk, write=True)
    menu_svc.menu_item_set_active(item=item, active=not item.is_active, actor=request.user)
    messages.success(request, _("已上架。") if item.is_active else _("已下架。"))
    return redirect("servicedesk:menu_manage")


# ---------------------------------------------------------------- teams


@login_required
def team_list(request):
    teams = menu_sel.team_list_for(request.user)
    return render(request, "servicedesk/team_list.html", {"teams": teams})


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request):
    orgs = manageable_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = TeamForm(request.POST or None, orgs=orgs, initial={"org": orgs.first()})
    if request.method == "POST" and form.is_valid():
        try:
            team = menu_svc.team_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("服务队“%(name)s”已建立。") % {"name": team.name})
            return redirect("servicedesk:team_detail", team.pk)
    return render(request, "servicedesk/team_form.html", {"form": form})


def _team_page(request, team, **forms):
    context = {
        "team": team,
        "members": menu_sel.team_members(team),
        "edit_form": forms.get("edit_form")
        or TeamEditForm(
            initial={"name": team.name, "description": team.description, "is_active": team.is_active}
        ),
        "leader_form": forms.get("leader_form") or PhoneForm(prefix="leader"),
        "member_form": forms.get("member_form") or TeamMemberForm(prefix="member"),
        "jobs": team.orders.filter(state="dispatched").select_related("item").order_by("service_date", "pk"),
    }
    status = 400 if forms else 200
    return render(request, "servicedesk/team_detail.html", context, status=status)


@login_required
def team_detail(request, pk: int):
    team = menu_sel.team_get_for(request.user, pk, write=True)
    return _team_page(request, team)


@login_required
@require_POST
def team_edit(request, pk: int):
    team = menu_sel.team_get_for(request.user, pk, write=True)
    form = TeamEditForm(request.POST)
    if form.is_valid():
        try:
            menu_svc.team_update(team=team, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            team.refresh_from_db()
            apply_errors(form, e)
        else:
            messages.success(request, _("服务队已保存。"))
            return redirect("servicedesk:team_detail", team.pk)
    return _team_page(request, team, edit_form=form)


@login_required
@require_POST
def team_leader(request, pk: int):
    team = menu_sel.team_get_for(request.user, pk, write=True)
    form = PhoneForm(request.POST, prefix="leader")
    if form.is_valid():
        try:
            menu_svc.team_set_leader(team=team, phone=form.cleaned_data["phone"], actor=request.user)
        except ValidationError as e:
            team.refresh_from_db()
            apply_errors(form, e)
        else:
            messages.success(request, _("队长已设置为%(name)s。") % {"name": team.leader})
            return redirect("servicedesk:team_detail", team.pk)
    return _team_page(request, team, leader_form=form)


@login_required
@require_POST
def team_member_add(request, pk: int):
    team = menu_sel.team_get_for(request.user, pk, write=True)
    form = TeamMemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            membership = menu_svc.team_member_add(team=team, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已添加成员%(name)s。") % {"name": membership.user})
            return redirect("servicedesk:team_detail", team.pk)
    return _team_page(request, team, member_form=form)


@login_required
@require_POST
def team_member_remove(request, pk: int, member_pk: int):
    team = menu_sel.team_get_for(request.user, pk, write=True)
    membership = get_object_or_404(
        ServiceTeamMember.objects.select_related("user", "team__org"), team=team, pk=member_pk
    )
    try:
        menu_svc.team_member_remove(membership=membership, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已移除成员。"))
    return redirect("servicedesk:team_detail", team.pk)


@login_required
def team_jobs(request):
    """The jobs of the teams the user leads or belongs to: dispatched orders by service date."""
    jobs = sel.team_jobs(request.user)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/team_jobs.html",
        {"page_obj": page, "jobs": page.object_list, "querystring_base": querystring(request)},
    )


# ---------------------------------------------------------------- orders


@login_required
@require_http_methods(["GET", "POST"])
def order_create(request, pk: int):
    item, contexts = menu_sel.orderable_item_get(request.user, pk)
    form = OrderForm(request.POST or None, contexts=contexts)
    if request.method == "POST" and form.is_valid():
        ctx = form.cleaned_data["capacity"]
        try:
            order = svc.order_place(
                item=item,
                orderer=request.user,
                orderer_kind=ctx.kind,
                place=form.cleaned_data["place"],
                wished_date=form.cleaned_data["wished_date"],
                wished_until=form.cleaned_data["wished_until"],
                expected_people=form.cleaned_data["expected_people"],
                note=form.cleaned_data["note"],
                enterprise=ctx.enterprise,
                ordering_union=ctx.union,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("点单已提交，等待受理。"))
            return redirect(order)
    return render(request, "servicedesk/order_form.html", {"form": form, "item": item})


@login_required
def order_mine(request):
    page = Paginator(sel.my_orders(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/order_mine.html",
        {"page_obj": page, "orders": page.object_list, "querystring_base": querystring(request)},
    )


def _order_page(request, order, *, status: int = 200, **forms):
    available = sel.order_actions(order, request.user)
    context = {
        "order": order,
        "history": sel.order_history(order),
        "available": available,
        "is_overdue": order.is_overdue,
        "decline_form": forms.get("decline") or ReasonForm(prefix="decline"),
        "cancel_form": forms.get("cancel") or ReasonForm(prefix="cancel"),
        "dispatch_form": forms.get("dispatch")
        or (DispatchForm(order=order) if "dispatch" in available else None),
        "deliver_form": forms.get("deliver") or DeliverForm(initial={"people_served": order.expected_people}),
        "rate_form": forms.get("rate") or RateForm(),
    }
    return render(request, "servicedesk/order_detail.html", context, status=status)


@login_required
def order_detail(request, uuid):
    order = sel.order_get_for(request.user, uuid)
    return _order_page(request, order)


ACTION_FORMS = {
    "decline": lambda request, order: ReasonForm(request.POST, prefix="decline"),
    "cancel": lambda request, order: ReasonForm(request.POST, prefix="cancel"),
    "dispatch": lambda request, order: DispatchForm(request.POST, order=order),
    "deliver": lambda request, order: DeliverForm(request.POST),
    "rate": lambda request, order: RateForm(request.POST),
}

DONE_MESSAGES = {
    "accept": gettext_lazy("已受理，请在派单期限前派单。"),
    "decline": gettext_lazy("已不予受理，并通知点单人。"),
    "dispatch": gettext_lazy("已派单，服务队已收到通知。"),
    "deliver": gettext_lazy("已记录完成服务。"),
    "rate": gettext_lazy("感谢您的评价！"),
    "cancel": gettext_lazy("点单已取消。"),
}


def _run_action(action: str, order, user, data: dict):
    if action == "accept":
        return svc.order_accept(order=order, actor=user)
    if action == "decline":
        return svc.order_decline(order=order, actor=user, reason=data["reason"])
    if action == "cancel":
        return svc.order_cancel(order=order, actor=user, reason=data["reason"])
    if action == "dispatch":
        return svc.order_dispatch(
            order=order,
            actor=user,
            team=data["team"],
            service_date=data["service_date"],
            service_place=data["service_place"],
        )
    if action == "deliver":
        return svc.order_deliver(
            order=order, actor=user, people_served=data["people_served"], report=data["report"]
        )
    if action == "rate":
        return svc.order_rate(order=order, actor=user, rating=data["rating"], comment=data["comment"])
    raise Http404


@login_required
@require_POST
def order_action(request, uuid, action: str):
    """One transition of an order; the workflow decides who may (403) and from which state (error)."""
    if action not in DONE_MESSAGES:
        raise Http404
    order = sel.order_get_for(request.user, uuid)
    form = ACTION_FORMS[action](request, order) if action in ACTION_FORMS else None
    if form is not None and not form.is_valid():
        return _order_page(request, order, status=400, **{action: form})
    try:
        _run_action(action, order, request.user, form.cleaned_data if form is not None else {})
    except ValidationError as e:
        order = sel.order_get_for(request.user, uuid)
        about_fields = (
            hasattr(e, "error_dict") and form is not None and set(e.message_dict) <= set(form.fields)
        )
        if not about_fields:  # e.g. the state no longer allows it: say so at the top of the page
            messages.error(request, " ".join(e.messages))
            return redirect(order)
        apply_errors(form, e)
        return _order_page(request, order, status=400, **{action: form})
    messages.success(request, DONE_MESSAGES[action])
    return redirect(order)


# ---------------------------------------------------------------- dispatch board and figures


BOARD_ROW = rows.Row(
    '<tr><td><a href="{url}">{item}</a><div class="muted">{org}</div></td>'
    '<td>{party}<div class="muted">{orderer_kind}</div></td>'
    '<td>{wished_date}<div class="muted">{place}</div></td>'
    '<td><span class="badge {state}">{state_label}</span>{overdue}</td>'
    "<td>{team}</td><td>{deadline}</td></tr>"
)


STATE_LINK = rows.Row(
    '<a class="stat" href="?{base}state={state}"{current}><span class="num{warn}">{n}</span>'
    '<span class="label">{label}</span></a>'
)
CURRENT = mark_safe(' aria-current="true"')


def board_rows(orders: Iterable[dict]) -> SafeString:
    """The board table's rows (servicedesk/board.html) from sel.BoardRows: the item and its org,
    who ordered, the wished date and place, the state with an overdue badge, the team, and the
    deadline of the state's next step."""
    url = row_url_pattern("servicedesk:order_detail")
    kinds, states, day = (
        rows.labels(ServiceOrder, "orderer_kind"),
        rows.labels(ServiceOrder, "state"),
        rows.days(),
    )
    overdue = format_html(' <span class="badge declined">{}</span>', _("已逾期"))
    next_steps = {"accepted": (_("派单期限"), "dispatch_due"), "dispatched": (_("服务日期"), "service_date")}

    def deadline(o: dict) -> str:
        if o["state"] not in next_steps:
            return "—"
        label, field = next_steps[o["state"]]
        return f"{label} {day(o[field])}"

    return BOARD_ROW.draw(
        {
            "url": url.format(o["uuid"]),
            "item": o["item__title"],
            "org": o["org__name"],
            "party": _ordered_by(o),
            "orderer_kind": kinds.get(o["orderer_kind"], o["orderer_kind"]),
            "wished_date": day(o["wished_date"]),
            "place": o["place"],
            "state": o["state"],
            "state_label": states.get(o["state"], o["state"]),
            "overdue": overdue if o["overdue"] else "",
            "team": o["team__name"] or "—",
            "deadline": deadline(o),
        }
        for o in orders
    )


def _ordered_by(o: dict) -> str:
    """The enterprise, else the ordering union, else the orderer (name, or masked mobile)."""
    if o["enterprise_id"] is not None:
        return o["enterprise__name"]
    if o["ordering_union_id"] is not None:
        return o["ordering_union__name"]
    return name_or_masked_mobile(o["orderer__name"], o["orderer__phone"])


@login_required
def board(request):
    orgs = sel.board_roots(request.user)
    # The board opens on the work in hand (办理中); "全部状态" is one choice away.
    data = request.GET if "state" in request.GET else {**request.GET.dict(), "state": "open"}
    form = BoardFilterForm(data, teams=menu_sel.team_names_for(request.user), orgs=orgs)
    filters = sel.BoardFilters(state="open")
    if form.is_valid():
        filters = sel.BoardFilters(**form.cleaned_data)
    orders, counts = sel.board_orders(request.user, filters)
    page = Paginator(orders, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    # A count keeps the other filters (the team's counts lead to the team's orders) and shows
    # which one is open.
    base, shown = querystring(request, "state", "page"), data.get("state", "")
    state_links = STATE_LINK.draw(
        {
            "base": base,
            "state": name,
            "label": label,
            "n": counts[name],
            "warn": " warn" if name == "overdue" else "",
            "current": CURRENT if name == shown else "",
        }
        for name, label in (("overdue", _("已逾期")), *sel.ORDER_FLOW.choices())
    )
    return render(
        request,
        "servicedesk/board.html",
        {
            "form": form,
            "page_obj": page,
            "orders": page.object_list,
            "rows": orders.kept.drawn(page.object_list, board_rows),
            "counts": counts,
            "state_links": state_links,
            "querystring_base": querystring(request),
        },
    )


@login_required
def figures_orders(request):
    orgs = sel.figures_roots(request.user)
    wanted = request.GET.get("org", "")
    if wanted and wanted not in {str(o.uuid) for o in orgs}:
        try:
            orgs.append(get_object_or_404(Org.objects.visible_to(request.user), uuid=wanted))
        except ValidationError:
            raise Http404 from None
    today = timezone.localdate()
    initial = {"org": str(orgs[0].uuid), "start": datetime.date(today.year, 1, 1), "end": today}
    data = {**initial, **{k: v for k, v in request.GET.items() if v}}
    form = FiguresForm(data, orgs=orgs)
    figures = None
    if form.is_valid():
        figures = sel.order_figures(
            request.user,
            org=form.cleaned_data["org"] or orgs[0],
            start=form.cleaned_data["start"] or initial["start"],
            end=form.cleaned_data["end"] or initial["end"],
        )
    export = urlencode({k: form.data.get(k, "") for k in ("org", "start", "end")})
    return render(
        request,
        "servicedesk/figures_orders.html",
        {"form": form, "figures": figures, "query": export},
        status=200 if figures is not None else 400,
    )


urlpatterns = [
    path("menu/", menu_list, name="menu"),
    path("menu/manage/", menu_manage, name="menu_manage"),
    path("menu/new/", menu_item_create, name="menu_item_create"),
    path("menu/<int:pk>/edit/", menu_item_edit, name="menu_item_edit"),
    path("menu/<int:pk>/toggle/", menu_item_toggle, name="menu_item_toggle"),
    path("menu/<int:pk>/order/", order_create, name="order_create"),
    path("teams/", team_list, name="team_list"),
    path("teams/new/", team_create, name="team_create"),
    path("teams/jobs/", team_jobs, name="team_jobs"),
    path("teams/<int:pk>/", team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", team_edit, name="team_edit"),
    path("teams/<int:pk>/leader/", team_leader, name="team_leader"),
    path("teams/<int:pk>/members/", team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:member_pk>/remove/", team_member_remove, name="team_member_remove"),
    path("orders/mine/", order_mine, name="order_mine"),
    path("orders/<uuid:uuid>/", order_detail, name="order_detail"),
    path("orders/<uuid:uuid>/<slug:action>/", order_action, name="order_action"),
    path("board/", board, name="board"),
    path("figures/orders/", figures_orders, name="figures_orders"),
]
