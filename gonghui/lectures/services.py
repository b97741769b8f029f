"""Writes of lecture tours: lecturers, tours, stops (from a lecture request too), attendance."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_manage
from gonghui.lectures.models import Lecturer, LectureStop, LectureTour
from gonghui.servicedesk.models import Category, ServiceOrder
from gonghui.servicedesk.services.orders import order_accept

S = LectureStop.State


@transaction.atomic
def lecturer_create(
    *,
    org,
    name: str,
    title: str,
    actor,
    kind: str = Lecturer.Kind.MODEL_WORKER,
    employer: str = "",
    topics: str = "",
    user=None,
) -> Lecturer:
    require_manage(actor, org)
    name, title = (name or "").strip(), (title or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写姓名。")
    if not title:
        errors["title"] = _("请填写称号。")
    if errors:
        raise ValidationError(errors)
    if Lecturer.objects.filter(org=org, name=name, title=title).exists():
        raise ValidationError({"name": _("该宣讲员已在库中。")})
    lecturer = Lecturer.objects.create(
        org=org,
        name=name,
        title=title,
        kind=kind,
        employer=employer.strip(),
        topics=topics.strip(),
        user=user,
    )
    audit.record(lecturer, action="lecturer_create", actor=actor, org=org)
    return lecturer


@transaction.atomic
def tour_create(
    *, org, title: str, actor, theme: str = "", description: str = "", lecturers=(), is_public: bool = True
) -> LectureTour:
    require_manage(actor, org)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写宣讲活动名称。")})
    tour = LectureTour.objects.create(
        org=org,
        title=title,
        theme=theme.strip(),
        description=description.strip(),
        is_public=is_public,
        created_by=actor,
    )
    if lecturers:
        tour.lecturers.set(lecturers)
    audit.record(tour, action="lecture_tour_create", actor=actor, org=org)
    return tour


def _check_stop(*, starts_at, place: str) -> None:
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("请填写宣讲时间。")
    if not (place or "").strip():
        errors["place"] = _("请填写宣讲地点。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def stop_add(
    *,
    tour: LectureTour,
    starts_at: datetime.datetime,
    place: str,
    actor,
    kind: str = LectureStop.Kind.ENTERPRISE,
    duration_minutes: int = 60,
    enterprise=None,
    host_org=None,
    lecturer: Lecturer | None = None,
    topic: str = "",
    order: ServiceOrder | None = None,
) -> LectureStop:
    require_manage(actor, tour.org)
    _check_stop(starts_at=starts_at, place=place)
    if duration_minutes is not None and not 5 <= duration_minutes <= 600:
        raise ValidationError({"duration_minutes": _("时长应在5到600分钟之间。")})
    if order is not None:
        if order.category != Category.LECTURE:
            raise ValidationError(_("只有“宣讲”类的服务点单可以排入宣讲日程。"))
        if order.state not in ("ordered", "accepted"):
            raise ValidationError(_("该点单已不在待安排状态。"))
        if order.state == "ordered":
            order_accept(order=order, actor=actor)
    try:
        with transaction.atomic():
            stop = LectureStop.objects.create(
                tour=tour,
                kind=kind,
                starts_at=starts_at,
                duration_minutes=duration_minutes or 60,
                place=place.strip(),
                enterprise=enterprise,
                host_org=host_org,
                lecturer=lecturer,
                topic=(topic or "").strip(),
                order=order,
            )
    except IntegrityError:  # the same order twice (a double submit): one stop per order
        raise ValidationError(_("该点单已排入宣讲日程。")) from None
    audit.record(stop, action="lecture_stop_add", actor=actor, org=tour.org)
    return stop


def stop_from_order(
    *,
    tour: LectureTour,
    order: ServiceOrder,
    starts_at: datetime.datetime,
    actor,
    lecturer=None,
    kind: str = LectureStop.Kind.ENTERPRISE,
    topic: str = "",
) -> LectureStop:
    """An enterprise's lecture request (a service order of category lecture) becomes a stop: the
    place and enterprise are the order's; the order is accepted if it was still waiting."""
    return stop_add(
        tour=tour,
        starts_at=starts_at,
        place=order.service_place or order.place,
        enterprise=order.enterprise,
        host_org=order.ordering_union,
        lecturer=lecturer,
        kind=kind,
        topic=topic or order.item.title,
        order=order,
        actor=actor,
    )


@transaction.atomic
def stop_record(
    *, stop: LectureStop, headcount: int, actor, note: str = "", photo_url: str = ""
) -> LectureStop:
    """Attendance of a held stop, by the organiser; may be corrected later."""
    require_manage(actor, stop.tour.org)
    stop = LectureStop.objects.select_for_update().get(pk=stop.pk)
    if stop.state == S.CANCELLED:
        raise ValidationError(_("该场次已取消。"))
    if headcount is None or headcount < 1:
        raise ValidationError({"headcount": _("听众人数至少为1人。")})
    if headcount > 100000:
        raise ValidationError({"headcount": _("听众人数不正确。")})
    if stop.starts_at > timezone.now():
        raise ValidationError(_("还没到宣讲时间，不能登记听众人数。"))
    stop.state, stop.headcount = S.HELD, headcount
    stop.note, stop.photo_url = (note or "").strip(), (photo_url or "").strip()
    stop.held_at = stop.held_at or timezone.now()
    stop.save(update_fields=["state", "headcount", "note", "photo_url", "held_at"])
    audit.record(stop, action="lecture_stop_record", actor=actor, org=stop.tour.org)
    return stop


@transaction.atomic
def stop_cancel(*, stop: LectureStop, actor) -> LectureStop:
    require_manage(actor, stop.tour.org)
    if stop.state != S.PLANNED:
        raise ValidationError(_("只有待宣讲的场次可以取消。"))
    stop.state = S.CANCELLED
    stop.save(update_fields=["state"])
    audit.record(stop, action="lecture_stop_cancel", actor=actor, org=stop.tour.org)
    return stop
