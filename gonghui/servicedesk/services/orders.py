"""Service orders (点单): order → accept → dispatch → deliver → rate, or decline / cancel.

Every state change goes through ORDER_FLOW (row lock + transition log); each step notifies the
orderer and/or the team in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.accounts.selectors import managing_positions
from gonghui.core import audit, workdays
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import is_enterprise_contact
from gonghui.servicedesk import tallies as desk_tallies
from gonghui.servicedesk.models import DeskSettings, MenuItem, ServiceOrder, ServiceTeam
from gonghui.servicedesk.workflows import ORDER_FLOW

DEFAULT_DISPATCH_DAYS = 5
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=1)


def dispatch_within_days(org: Org) -> int:
    """The nearest DeskSettings up the tree (the org's own first), else the default."""
    found = (
        DeskSettings.objects.filter(org__path__in=org.ancestor_paths())
        .order_by("-org__path")
        .values_list("dispatch_within_days", flat=True)
        .first()
    )
    return found or DEFAULT_DISPATCH_DAYS


def _team_users(team: ServiceTeam | None) -> list:
    if team is None:
        return []
    users = list(User.objects.filter(pk__in=team.memberships.values("user_id"), is_active=True))
    if team.leader_id and all(u.pk != team.leader_id for u in users):
        users.append(team.leader)
    return users


def _desk_cadres(org: Org) -> list:
    return [p.user for p in managing_positions(org_paths=[org.path])]


def _check_orderer(
    *, item: MenuItem, orderer, orderer_kind: str, enterprise: Enterprise | None, ordering_union: Org | None
) -> None:
    if not item.is_active:
        raise ValidationError(_("该服务项目已下架，不能点单。"))
    if orderer_kind == ServiceOrder.OrdererKind.WORKER:
        member = member_for_user(orderer)
        if member is None or not member.is_member:
            raise ValidationError(_("只有工会会员可以以职工身份点单。"))
        if not item.for_workers:
            raise ValidationError(_("该服务项目不接受职工个人点单。"))
        if item.org_path not in member.org.ancestor_paths():
            raise ValidationError(_("该服务项目不属于您所在工会的上级工会。"))
    elif orderer_kind == ServiceOrder.OrdererKind.ENTERPRISE:
        if enterprise is None or not is_enterprise_contact(orderer, enterprise):
            raise ValidationError(_("您不是该企业的联络人，不能代表企业点单。"))
        if not item.for_enterprises:
            raise ValidationError(_("该服务项目不接受企业点单。"))
        if item.org_path not in enterprise.org.ancestor_paths():
            raise ValidationError(_("该服务项目不面向该企业所在区域。"))
    elif orderer_kind == ServiceOrder.OrdererKind.UNION:
        if ordering_union is None or not can_manage(orderer, ordering_union):
            raise ValidationError(_("您不是该工会的负责人，不能代表工会点单。"))
        if not item.for_unions:
            raise ValidationError(_("该服务项目不接受基层工会点单。"))
        if item.org_path not in ordering_union.ancestor_paths():
            raise ValidationError(_("该服务项目不属于该工会的上级工会。"))
    else:
        raise ValidationError(_("请选择点单身份。"))


@transaction.atomic
def order_place(
    *,
    item: MenuItem,
    orderer,
    orderer_kind: str,
    place: str,
    wished_date: datetime.date,
    expected_people: int,
    wished_until: datetime.date | None = None,
    note: str = "",
    enterprise: Enterprise | None = None,
    ordering_union: Org | None = None,
) -> ServiceOrder:
    """Place an order; the same order submitted twice within a minute is placed once."""
    _check_orderer(
        item=item,
        orderer=orderer,
        orderer_kind=orderer_kind,
        enterprise=enterprise,
        ordering_union=ordering_union,
    )
    place = (place or "").strip()
    today = timezone.localdate()
    errors = {}
    if not place:
        errors["place"] = _("请填写服务地点。")
    if wished_date is None or wished_date < today:
        errors["wished_date"] = _("期望日期不能早于今天。")
    elif wished_until is not None and wished_until < wished_date:
        errors["wished_until"] = _("期望截止日期不能早于期望日期。")
    if expected_people is None or expected_people < 1:
        errors["expected_people"] = _("预计人数至少为1人。")
    if errors:
        raise ValidationError(errors)
    if orderer_kind != ServiceOrder.OrdererKind.ENTERPRISE:
        enterprise = None
    if orderer_kind != ServiceOrder.OrdererKind.UNION:
        ordering_union = None

    # Serialise this orderer's submissions so a double click cannot slip two orders past the check.
    User.objects.select_for_update().filter(pk=orderer.pk).first()
    duplicate = (
        ServiceOrder.objects.filter(
            orderer=orderer,
            item=item,
            wished_date=wished_date,
            place=place,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        )
        .exclude(state="cancelled")
        .order_by("-created_at")
        .first()
    )
    if duplicate is not None:
        return duplicate

    order = ServiceOrder.objects.create(
        org=item.org,
        item=item,
        category=item.category,
        orderer=orderer,
        orderer_kind=orderer_kind,
        enterprise=enterprise,
        ordering_union=ordering_union,
        place=place,
        wished_date=wished_date,
        wished_until=wished_until,
        expected_people=expected_people,
        note=(note or "").strip(),
    )
    desk_tallies.order_placed(order)
    audit.record(order, action="order_place", actor=orderer, changes={"item": [None, item.title]})
    notify(
        recipients=_desk_cadres(item.org),
        title=_("新的服务点单：%(item)s") % {"item": item.title},
        body=_("%(who)s 申请于%(date)s在%(place)s开展服务，预计%(n)s人。")
        % {
            "who": enterprise or ordering_union or orderer,
            "date": formats.date_format(wished_date),
            "place": place,
            "n": expected_people,
        },
        url=order.get_absolute_url(),
        actor=orderer,
    )
    return order


@transaction.atomic
def order_accept(*, order: ServiceOrder, actor, today: datetime.date | None = None) -> ServiceOrder:
    today = today or timezone.localdate()
    order.accepted_at = timezone.now()
    order.dispatch_due = workdays.calendar_for(order.org).add_working_days(
        today, dispatch_within_days(order.org)
    )
    ORDER_FLOW.fire(order, "accept", actor=actor, extra_fields=["accepted_at", "dispatch_due"])
    notify(
        recipients=[order.orderer],
        title=_("您的点单“%(item)s”已受理") % {"item": order.item.title},
        body=_("将于%(date)s前派出服务队。") % {"date": formats.date_format(order.dispatch_due)},
        url=order.get_absolute_url(),
        actor=actor,
    )
    return order


@transaction.atomic
def order_decline(*, order: ServiceOrder, actor, reason: str) -> ServiceOrder:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予受理的理由。")})
    order.decline_reason = reason
    ORDER_FLOW.fire(order, "decline", actor=actor, note=reason, extra_fields=["decline_reason"])
    notify(
        recipients=[order.orderer],
        title=_("您的点单“%(item)s”未被受理") % {"item": order.item.title},
        body=reason,
        url=order.get_absolute_url(),
        actor=actor,
    )
    return order


@transaction.atomic
def order_dispatch(
    *, order: ServiceOrder, team: ServiceTeam, service_date: datetime.date, service_place: str, actor
) -> ServiceOrder:
    """Send a team (again, if already dispatched) with a date and place."""
    service_place = (service_place or "").strip()
    errors = {}
    in_subtree = team is not None and team.org.path.startswith(order.org.path)
    if team is None or not team.is_active or not (in_subtree or team.pk == order.item.team_id):
        errors["team"] = _("请选择本组织（或下级组织）的有效服务队。")
    if service_date is None or service_date < timezone.localdate():
        errors["service_date"] = _("服务日期不能早于今天。")
    if not service_place:
        errors["service_place"] = _("请填写服务地点。")
    if errors:
        raise ValidationError(errors)
    unchanged = (
        order.state == "dispatched"
        and order.team_id == team.pk
        and order.service_date == service_date
        and order.service_place == service_place
    )
    if unchanged:
        raise ValidationError(_("服务队、服务日期和服务地点都没有变化，无需改派。"), code="unchanged")
    previous_team = order.team if order.team_id and order.team_id != team.pk else None
    order.team, order.service_date, order.service_place = team, service_date, service_place
    order.dispatched_at = timezone.now()
    note = _("%(team)s，%(date)s，%(place)s") % {
        "team": team.name,
        "date": formats.date_format(service_date),
        "place": service_place,
    }
    ORDER_FLOW.fire(
        order,
        "dispatch",
        actor=actor,
        note=note,
        extra_fields=["team", "service_date", "service_place", "dispatched_at"],
    )
    url = order.get_absolute_url()
    title = _("服务派单：%(item)s") % {"item": order.item.title}
    body = _("%(date)s 在%(place)s服务，预计%(n)s人。") % {
        "date": formats.date_format(service_date),
        "place": service_place,
        "n": order.expected_people,
    }
    notify(recipients=_team_users(team), title=title, body=body, url=url, actor=actor)
    notify(
        recipients=[order.orderer],
        title=_("您的点单“%(item)s”已派单") % {"item": order.item.title},
        body=_("由%(team)s于%(date)s在%(place)s提供服务。")
        % {"team": team.name, "date": formats.date_format(service_date), "place": service_place},
        url=url,
        actor=actor,
    )
    if previous_team is not None:
        notify(
            recipients=_team_users(previous_team),
            title=_("服务任务已改派：%(item)s") % {"item": order.item.title},
            url=url,
            actor=actor,
        )
    return order


def _check_service_date_reached(order: ServiceOrder, message: str) -> None:
    """A service is delivered (and rated) on or after its date, never before."""
    if order.service_date is not None and order.service_date > timezone.localdate():
        raise ValidationError(message % {"date": formats.date_format(order.service_date)}, code="too_early")


@transaction.atomic
def order_deliver(*, order: ServiceOrder, actor, people_served: int, report: str = "") -> ServiceOrder:
    if people_served is None or people_served < 1:
        raise ValidationError({"people_served": _("服务人数至少为1人。")})
    order.people_served = people_served
    order.report = (report or "").strip()
    order.delivered_at = timezone.now()
    ORDER_FLOW.fire(order, "deliver", actor=actor, extra_fields=["people_served", "report", "delivered_at"])
    # After the workflow's checks (who, which state), so a stranger still gets 403; raising here
    # rolls the transition back with the rest of this transaction.
    _check_service_date_reached(order, _("还没到服务日期（%(date)s），不能登记完成服务。"))
    desk_tallies.order_delivered(order)
    notify(
        recipients=[order.orderer],
        title=_("“%(item)s”已完成服务，请评价") % {"item": order.item.title},
        body=_("服务%(n)s人。") % {"n": people_served},
        url=order.get_absolute_url(),
        actor=actor,
    )
    return order


@transaction.atomic
def order_rate(*, order: ServiceOrder, actor, rating: int, comment: str = "") -> ServiceOrder:
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("请选择1到5分的评分。")})
    order.rating = rating
    order.rating_comment = (comment or "").strip()
    order.rated_at = timezone.now()
    ORDER_FLOW.fire(
        order,
        "rate",
        actor=actor,
        note=order.rating_comment,
        extra_fields=["rating", "rating_comment", "rated_at"],
    )
    _check_service_date_reached(order, _("还没到服务日期（%(date)s），不能评价。"))  # as in order_deliver
    desk_tallies.order_rated(order)
    notify(
        recipients=[*_team_users(order.team), *_desk_cadres(order.org)],
        title=_("“%(item)s”获得%(n)s分评价") % {"item": order.item.title, "n": rating},
        body=order.rating_comment,
        url=order.get_absolute_url(),
        actor=actor,
    )
    return order


@transaction.atomic
def order_cancel(*, order: ServiceOrder, actor, reason: str) -> ServiceOrder:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写取消的理由。")})
    was_dispatched = order.state == "dispatched"
    ORDER_FLOW.fire(order, "cancel", actor=actor, note=reason)
    title = _("点单“%(item)s”已取消") % {"item": order.item.title}
    url = order.get_absolute_url()
    recipients = [order.orderer, *_desk_cadres(order.org)]
    if was_dispatched:
        recipients += _team_users(order.team)
    notify(recipients=recipients, title=title, body=reason, url=url, actor=actor)
    return order
