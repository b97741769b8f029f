"""Care: micro-wishes — post, vet (publish / refuse), withdraw, claim, release, fulfil with a photo,
confirm receipt (or say it did not arrive), and the per-org cap.

Every step goes through WISH_FLOW (core.workflow: the row locked, the transition checked and
logged). A claim is taken by one conditional UPDATE (`claimer IS NULL AND state = published`), so
of two donors claiming at once exactly one gets the wish, on SQLite and PostgreSQL alike.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.care.models.wishes import DEFAULT_CAP, OPEN_STATES, WISH_FLOW, Wish, WishSetting
from gonghui.core import audit, facts
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Org

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
TITLE_MAX = 60
REASON_MAX = 500


# ---------------------------------------------------------------- the cap


def wish_cap(org: Org) -> Decimal:
    """The cap on one wish in `org`: the nearest setting at or above it, else DEFAULT_CAP (500 元)."""
    rows = dict(
        WishSetting.objects.filter(org__path__in=org.ancestor_paths()).values_list("org__path", "cap")
    )
    for path in reversed(org.ancestor_paths()):
        if path in rows:
            return rows[path]
    return DEFAULT_CAP


@transaction.atomic
def wish_cap_set(*, org: Org, cap, actor) -> WishSetting:
    if not can_manage(actor, org):
        raise PermissionDenied
    value = _money(cap, field="cap")
    setting, _created = WishSetting.objects.select_for_update().get_or_create(org=org)
    before = setting.cap
    setting.cap = value
    setting.save(update_fields=["cap", "updated_at"])
    audit.record(
        setting, action="wish_cap_set", actor=actor, org=org, changes={"cap": [str(before), str(value)]}
    )
    return setting


def _money(value, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("请填写正确的金额。")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("请填写正确的金额。")})
    if amount <= 0:
        raise ValidationError({field: _("金额必须大于0元。")})
    if amount != amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValidationError({field: _("金额最多保留两位小数。")})
    if amount >= Decimal("100000000"):
        raise ValidationError({field: _("金额过大。")})
    return amount.quantize(Decimal("0.01"))


def _changed(wish: Wish, *also) -> None:
    """The home tiles of the wisher, the claimer and the union's cadres (core.facts) are stale."""
    cadres = list(_cadres_of(wish.org).values_list("pk", flat=True))
    facts.forget(wish.wisher_id, wish.claimer_id, *also, *cadres)


# ---------------------------------------------------------------- posting and vetting


def _cadres_of(org: Org):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(positions__org=org, positions__role__in=("chair", "staff"), is_active=True)
        .distinct()
    )


@transaction.atomic
def wish_post(*, kind: str = Wish.Kind.DAILY, title: str, reason: str, amount, actor) -> Wish:
    """A member posts a wish to their union (one open wish at a time)."""
    member = member_for_user(actor)
    if member is None or not member.is_member:
        raise ValidationError(_("只有工会会员可以发布微心愿，请先申请入会。"))
    errors: dict[str, str] = {}
    title = (title or "").strip()
    reason = (reason or "").strip()
    if not title:
        errors["title"] = _("请填写心愿内容。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("心愿内容不超过%(n)d个字。") % {"n": TITLE_MAX}
    if not reason:
        errors["reason"] = _("请说说心愿的理由。")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("心愿理由不超过%(n)d个字。") % {"n": REASON_MAX}
    if kind not in Wish.Kind.values:
        errors["kind"] = _("请选择心愿类别。")
    value = None
    try:
        value = _money(amount, field="amount")
    except ValidationError as e:
        errors.update({k: v[0] for k, v in e.message_dict.items()})
    if value is not None:
        cap = wish_cap(member.org)
        if value > cap:
            errors["amount"] = _("单个心愿金额不能超过%(cap)s元。") % {"cap": f"{cap:.2f}"}
    if errors:
        raise ValidationError(errors)
    if Wish.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise ValidationError(_("您已有一个进行中的心愿，实现或撤回后才能再发布。"))
    try:
        with transaction.atomic():
            wish = Wish.objects.create(
                member=member,
                wisher=actor,
                org=member.org,
                org_path=member.org.path,
                job_type=member.job_type,
                kind=kind,
                title=title,
                reason=reason,
                amount=value,
            )
    except IntegrityError:
        raise ValidationError(_("您已有一个进行中的心愿，实现或撤回后才能再发布。")) from None
    _changed(wish)
    audit.record(
        wish, action="wish_post", actor=actor, org=member.org, changes={"amount": [None, str(value)]}
    )
    notify(
        recipients=_cadres_of(member.org),
        title=_("新的微心愿待审核：%(t)s") % {"t": title},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    return wish


@transaction.atomic
def wish_publish(*, wish: Wish, actor) -> Wish:
    wish.published_at = timezone.now()
    WISH_FLOW.fire(wish, "publish", actor=actor, extra_fields=["published_at"])
    _changed(wish, actor)
    notify(
        recipients=[wish.wisher],
        title=_("您的心愿“%(t)s”已通过审核，发布到心愿墙。") % {"t": wish.title},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    return wish


@transaction.atomic
def wish_refuse(*, wish: Wish, reason: str, actor) -> Wish:
    reason = (reason or "").strip()[:200]
    wish.refusal_reason = reason
    WISH_FLOW.fire(wish, "refuse", actor=actor, note=reason, extra_fields=["refusal_reason"])
    _changed(wish, actor)
    notify(
        recipients=[wish.wisher],
        title=_("您的心愿“%(t)s”未通过审核：%(r)s") % {"t": wish.title, "r": reason},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    return wish


@transaction.atomic
def wish_withdraw(*, wish: Wish, actor, note: str = "") -> Wish:
    WISH_FLOW.fire(wish, "withdraw", actor=actor, note=note)
    _changed(wish, actor)
    return wish


# ---------------------------------------------------------------- claiming and fulfilling


@transaction.atomic
def wish_claim(*, wish: Wish, actor) -> Wish:
    """One claimer: the conditional UPDATE takes the wish or finds it taken."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if wish.wisher_id == actor.pk:
        raise ValidationError(_("不能认领自己的心愿。"))
    now = timezone.now()
    taken = Wish.objects.filter(pk=wish.pk, state=Wish.State.PUBLISHED, claimer__isnull=True).update(
        claimer=actor, claimed_at=now
    )
    if not taken:
        current = Wish.objects.filter(pk=wish.pk).values_list("state", flat=True).first()
        if current in (Wish.State.CLAIMED, Wish.State.FULFILLED, Wish.State.CONFIRMED):
            raise ValidationError(_("这个心愿已被其他爱心人士认领，请看看心愿墙上的其他心愿。"))
        raise ValidationError(_("这个心愿现在不能认领。"))
    wish.claimer = actor
    wish.claimed_at = now
    WISH_FLOW.fire(wish, "claim", actor=actor)
    _changed(wish)
    notify(
        recipients=[wish.wisher],
        title=_("您的心愿“%(t)s”已被爱心人士认领。") % {"t": wish.title},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    # the union hands the gift over when the donor and the wisher do not meet (the wisher's phone
    # is never shown to the donor)
    notify(
        recipients=_cadres_of(wish.org),
        title=_("心愿“%(t)s”已被认领，请协助送达。") % {"t": wish.title},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    return wish


@transaction.atomic
def wish_release(*, wish: Wish, actor, note: str = "") -> Wish:
    """The claimer gives the wish back to the wall before fulfilling it."""
    WISH_FLOW.fire(wish, "release", actor=actor, note=note)
    _changed(wish, actor)
    Wish.objects.filter(pk=wish.pk).update(claimer=None, claimed_at=None)
    wish.claimer = None
    wish.claimed_at = None
    return wish


def _photo_type(upload) -> str:
    if upload is None:
        raise ValidationError({"photo": _("请上传圆梦照片。")})
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("照片不能超过5MB。")})
    head = upload.read(12)
    upload.seek(0)
    for magic, content_type in PHOTO_TYPES.items():
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    raise ValidationError({"photo": _("只能上传JPG、PNG或WebP格式的照片。")})


@transaction.atomic
def wish_fulfil(*, wish: Wish, upload, note: str = "", actor) -> Wish:
    """The claimer hands the wish over and uploads a photo of it; the wisher is asked to confirm."""
    if not getattr(actor, "is_authenticated", False) or wish.claimer_id != actor.pk:
        raise PermissionDenied
    content_type = _photo_type(upload)
    current = Wish.objects.select_for_update().values_list("state", "claimer_id").get(pk=wish.pk)
    if current != (Wish.State.CLAIMED, actor.pk):
        raise ValidationError(
            _("当前状态为“%(state)s”，不能上传圆梦照片。") % {"state": WISH_FLOW.label(current[0])}
        )
    old = wish.photo.name if wish.photo else ""
    wish.photo_type = content_type
    wish.photo.save(upload.name or "photo", upload, save=False)
    new_name = wish.photo.name
    storage = wish.photo.storage
    transaction.on_commit(lambda: old and old != new_name and storage.delete(old))
    wish.fulfil_note = (note or "").strip()[:200]
    wish.fulfilled_at = timezone.now()
    try:
        WISH_FLOW.fire(
            wish,
            "fulfil",
            actor=actor,
            note=wish.fulfil_note,
            extra_fields=["photo", "photo_type", "fulfil_note", "fulfilled_at"],
        )
    except Exception:
        storage.delete(new_name)
        raise
    _changed(wish)
    notify(
        recipients=[wish.wisher],
        title=_("您的心愿“%(t)s”已送达，请确认是否收到。") % {"t": wish.title},
        url=wish.get_absolute_url(),
        actor=actor,
    )
    return wish


@transaction.atomic
def wish_confirm(*, wish: Wish, actor) -> Wish:
    wish.confirmed_at = timezone.now()
    WISH_FLOW.fire(wish, "confirm", actor=actor, extra_fields=["confirmed_at"])
    _changed(wish)
    if wish.claimer_id:
        notify(
            recipients=[wish.claimer],
            title=_("心愿“%(t)s”的主人已确认收到，感谢您的爱心！") % {"t": wish.title},
            url=wish.get_absolute_url(),
            actor=actor,
        )
    return wish


@transaction.atomic
def wish_not_received(*, wish: Wish, note: str, actor) -> Wish:
    """The wisher says it did not arrive: back to the claimer (claimed), with the wisher's words."""
    WISH_FLOW.fire(wish, "not_received", actor=actor, note=note)
    _changed(wish)
    Wish.objects.filter(pk=wish.pk).update(fulfilled_at=None)
    wish.fulfilled_at = None
    if wish.claimer_id:
        notify(
            recipients=[wish.claimer],
            title=_("心愿“%(t)s”的主人反馈未收到：%(n)s") % {"t": wish.title, "n": (note or "").strip()},
            url=wish.get_absolute_url(),
            actor=actor,
        )
    return wish
