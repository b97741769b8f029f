"""Service orders: /api/v1/desk/orders. Same services and selectors as the pages.

Not logged in → 401; outside the caller's reach → 404; not allowed to take the step → 403;
a broken rule → 400 with the Chinese message.
"""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gonghui.core.api import DbId, Pagination, column, pagination, responses
from gonghui.servicedesk.models import ServiceOrder, ServiceTeam
from gonghui.servicedesk.selectors import menu as menu_sel
from gonghui.servicedesk.selectors import orders as sel
from gonghui.servicedesk.services import orders as svc

router = Router(tags=["desk-orders"])


class OrderIn(Schema):
    item: DbId
    orderer_kind: str = "worker"
    enterprise: UUID | None = None
    ordering_union: UUID | None = None
    place: str = column(ServiceOrder, "place")
    wished_date: datetime.date
    wished_until: datetime.date | None = None
    expected_people: int = column(ServiceOrder, "expected_people")
    note: str = ""


class OrderHistoryOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str | None
    note: str
    at: datetime.datetime


class OrderOut(Schema):
    uuid: UUID
    item: str
    category: str
    orderer_kind: str
    enterprise: str | None
    ordering_union: str | None
    place: str
    wished_date: datetime.date
    wished_until: datetime.date | None
    expected_people: int
    state: str
    state_display: str
    org: str
    team: str | None
    service_date: datetime.date | None
    service_place: str
    dispatch_due: datetime.date | None
    people_served: int | None
    rating: int | None
    overdue: bool


class OrderDetailOut(OrderOut):
    decline_reason: str
    report: str
    rating_comment: str
    actions: list[str]
    history: list[OrderHistoryOut]


class OrderReasonIn(Schema):
    reason: str


class DispatchIn(Schema):
    team: DbId
    service_date: datetime.date
    service_place: str = column(ServiceOrder, "service_place")


class DeliverIn(Schema):
    people_served: int = column(ServiceOrder, "people_served")
    report: str = ""


class RateIn(Schema):
    rating: int = column(ServiceOrder, "rating")
    comment: str = ""


def _out(order) -> dict:
    return {
        "uuid": order.uuid,
        "item": order.item.title,
        "category": order.category,
        "orderer_kind": order.orderer_kind,
        "enterprise": order.enterprise.name if order.enterprise_id else None,
        "ordering_union": order.ordering_union.name if order.ordering_union_id else None,
        "place": order.place,
        "wished_date": order.wished_date,
        "wished_until": order.wished_until,
        "expected_people": order.expected_people,
        "state": order.state,
        "state_display": str(order.get_state_display()),
        "org": order.org.name,
        "team": order.team.name if order.team_id else None,
        "service_date": order.service_date,
        "service_place": order.service_place,
        "dispatch_due": order.dispatch_due,
        "people_served": order.people_served,
        "rating": order.rating,
        "overdue": order.is_overdue,
    }


def _detail(request, order) -> dict:
    order = (
        sel.ServiceOrder.objects.filter(pk=order.pk)
        .select_related("item", "org", "team", "enterprise", "ordering_union")
        .get()
    )
    return {
        **_out(order),
        "decline_reason": order.decline_reason,
        "report": order.report,
        "rating_comment": order.rating_comment,
        "actions": sel.order_actions(order, request.user),
        "history": [
            {
                "transition": h.transition,
                "from_state": h.from_state,
                "to_state": h.to_state,
                "actor": str(h.actor) if h.actor else None,
                "note": h.note,
                "at": h.at,
            }
            for h in sel.order_history(order)
        ],
    }


@router.post("/", response=responses({201: OrderDetailOut}))
def place(request, payload: OrderIn):
    item, contexts = menu_sel.orderable_item_get(request.user, payload.item)
    ctx = None
    for c in contexts:
        if c.kind != payload.orderer_kind:
            continue
        if c.enterprise is not None and (
            payload.enterprise is None or c.enterprise.uuid != payload.enterprise
        ):
            continue
        if c.union is not None and (payload.ordering_union is None or c.union.uuid != payload.ordering_union):
            continue
        ctx = c
        break
    if ctx is None:
        raise ValidationError({"orderer_kind": _("您不能以该身份点这项服务。")})
    order = svc.order_place(
        item=item,
        orderer=request.user,
        orderer_kind=ctx.kind,
        place=payload.place,
        wished_date=payload.wished_date,
        wished_until=payload.wished_until,
        expected_people=payload.expected_people,
        note=payload.note,
        enterprise=ctx.enterprise,
        ordering_union=ctx.union,
    )
    return Status(201, _detail(request, order))


class OrderPage(Schema):
    count: int
    items: list[OrderOut]


OrderPagination = pagination(default=20, maximum=100)


def _page(qs, page: Pagination) -> dict:
    return {"count": qs.count(), "items": [_out(o) for o in page.slice(qs)]}


@router.get("/mine", response=responses(OrderPage))
def mine(request, page: Query[OrderPagination]):
    """The caller's own orders, newest first."""
    return _page(sel.my_orders(request.user), page)


@router.get("/team-jobs", response=responses(OrderPage))
def team_jobs(request, page: Query[OrderPagination]):
    """Dispatched orders of the teams the caller leads or belongs to, by service date."""
    return _page(sel.team_jobs(request.user), page)


@router.get("/{uuid}", response=responses(OrderDetailOut))
def detail(request, uuid: UUID):
    return _detail(request, sel.order_get_for(request.user, uuid))


@router.post("/{uuid}/accept", response=responses(OrderDetailOut))
def accept(request, uuid: UUID):
    order = svc.order_accept(order=sel.order_get_for(request.user, uuid), actor=request.user)
    return _detail(request, order)


@router.post("/{uuid}/decline", response=responses(OrderDetailOut))
def decline(request, uuid: UUID, payload: OrderReasonIn):
    order = svc.order_decline(
        order=sel.order_get_for(request.user, uuid), actor=request.user, reason=payload.reason
    )
    return _detail(request, order)


@router.post("/{uuid}/dispatch", response=responses(OrderDetailOut))
def dispatch(request, uuid: UUID, payload: DispatchIn):
    order = sel.order_get_for(request.user, uuid)
    team = get_object_or_404(
        ServiceTeam.objects.visible_to(request.user).select_related("org"), pk=payload.team
    )
    order = svc.order_dispatch(
        order=order,
        team=team,
        service_date=payload.service_date,
        service_place=payload.service_place,
        actor=request.user,
    )
    return _detail(request, order)


@router.post("/{uuid}/deliver", response=responses(OrderDetailOut))
def deliver(request, uuid: UUID, payload: DeliverIn):
    order = svc.order_deliver(
        order=sel.order_get_for(request.user, uuid),
        actor=request.user,
        people_served=payload.people_served,
        report=payload.report,
    )
    return _detail(request, order)


@router.post("/{uuid}/rate", response=responses(OrderDetailOut))
def rate(request, uuid: UUID, payload: RateIn):
    order = svc.order_rate(
        order=sel.order_get_for(request.user, uuid),
        actor=request.user,
        rating=payload.rating,
        comment=payload.comment,
    )
    return _detail(request, order)


@router.post("/{uuid}/cancel", response=responses(OrderDetailOut))
def cancel(request, uuid: UUID, payload: OrderReasonIn):
    order = svc.order_cancel(
        order=sel.order_get_for(request.user, uuid), actor=request.user, reason=payload.reason
    )
    return _detail(request, order)
