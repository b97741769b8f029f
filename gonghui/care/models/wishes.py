"""Care: micro-wishes (微心愿) — a worker's small wish, vetted by their union, published on the wish
wall with the wisher masked, claimed by one donor, fulfilled with a photo, confirmed by the wisher."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager, can_manage
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import JobType

__all__ = ["Wish", "WishSetting"]

USER = settings.AUTH_USER_MODEL
DEFAULT_CAP = Decimal("500.00")


class WishSetting(models.Model):
    """An org's cap on one wish's amount; the nearest setting at or above a union applies (a
    federation sets it for its whole tree, a union below may set its own)."""

    org = models.OneToOneField(
        "orgs.Org", on_delete=models.CASCADE, related_name="+", verbose_name=_("工会组织")
    )
    cap = models.DecimalField(
        _("单个心愿金额上限（元）"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_CAP,
        validators=[MinValueValidator(Decimal("1.00"))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("微心愿设置")
        verbose_name_plural = _("微心愿设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(cap__gt=0), name="wish_setting_cap_positive")
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.cap}"


def _cadre(actor, wish) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and can_manage(actor, wish.org))


def _wisher(actor, wish) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and wish.wisher_id == actor.pk)


def _wisher_or_cadre(actor, wish) -> bool:
    return _wisher(actor, wish) or _cadre(actor, wish)


def _donor(actor, wish) -> bool:
    """Any logged-in person but the wisher (the service says so in words first)."""
    return bool(getattr(actor, "is_authenticated", False) and wish.wisher_id != actor.pk)


def _claimer(actor, wish) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and wish.claimer_id == actor.pk)


def _claimer_or_cadre(actor, wish) -> bool:
    return _claimer(actor, wish) or _cadre(actor, wish)


# The wish's state machine (core.workflow): each step logged with who, when and a note.
WISH_FLOW = Workflow(
    states={
        "submitted": _("待审核"),
        "published": _("待认领"),
        "refused": _("未通过"),
        "claimed": _("已认领"),
        "fulfilled": _("已圆梦待确认"),
        "confirmed": _("已确认收到"),
        "withdrawn": _("已撤回"),
    },
    transitions=[
        Transition("publish", ("submitted",), "published", _("通过并上墙"), may=_cadre),
        Transition("refuse", ("submitted",), "refused", _("不予通过"), may=_cadre, note_required=True),
        Transition("withdraw", ("submitted", "published"), "withdrawn", _("撤回心愿"), may=_wisher_or_cadre),
        Transition("claim", ("published",), "claimed", _("认领心愿"), may=_donor),
        Transition("release", ("claimed",), "published", _("放弃认领"), may=_claimer_or_cadre),
        Transition("fulfil", ("claimed",), "fulfilled", _("上传圆梦照片"), may=_claimer),
        Transition("confirm", ("fulfilled",), "confirmed", _("确认收到"), may=_wisher),
        Transition("not_received", ("fulfilled",), "claimed", _("未收到"), may=_wisher, note_required=True),
    ],
)


def _photo_path(instance, filename: str) -> str:
    return f"care/wishes/{instance.uuid.hex}/{uuid.uuid4().hex}{instance.photo_extension}"


class Wish(models.Model):
    """A micro-wish. The wisher is a member; the org is the member's union, whose cadres vet it."""

    State = WISH_FLOW.text_choices("State")

    class Kind(models.TextChoices):
        DAILY = "daily", _("生活用品")
        STUDY = "study", _("子女学习")
        WORK = "work", _("工作装备")
        HEALTH = "health", _("健康关爱")
        FAMILY = "family", _("家庭团聚")
        OTHER = "other", _("其他")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("心愿人")
    )
    wisher = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="care_wishes")
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在工会")
    )
    org_path = models.CharField(max_length=100, editable=False)
    job_type = models.CharField(_("职业类型"), max_length=20, choices=JobType.choices, blank=True)
    kind = models.CharField(_("心愿类别"), max_length=10, choices=Kind.choices, default=Kind.DAILY)
    title = models.CharField(_("心愿内容"), max_length=60)
    reason = models.TextField(_("心愿理由"), max_length=500)
    amount = models.DecimalField(_("预计金额（元）"), max_digits=10, decimal_places=2)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    refusal_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    claimer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="care_wish_claims"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    fulfil_note = models.CharField(_("圆梦留言"), max_length=200, blank=True)
    photo = models.FileField(_("圆梦照片"), upload_to=_photo_path, blank=True)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "wisher"

    class Meta:
        verbose_name = _("微心愿")
        verbose_name_plural = _("微心愿")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["org_path", "created_at"]),
            models.Index(fields=["org_path", "fulfilled_at"]),
            models.Index(fields=["state", "published_at"]),
            models.Index(fields=["claimer", "state"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="wish_amount_positive"),
            # A claimed, fulfilled or confirmed wish has its one claimer.
            models.CheckConstraint(
                condition=~models.Q(state__in=["claimed", "fulfilled", "confirmed"])
                | models.Q(claimer__isnull=False),
                name="wish_claimed_has_claimer",
            ),
            # One open wish per member at a time: a double submit never makes two.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state__in=["submitted", "published", "claimed", "fulfilled"]),
                name="wish_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care:wishes_detail", args=[self.uuid])

    @property
    def on_wall(self) -> bool:
        return self.state in WALL_STATES

    @property
    def wisher_masked(self) -> str:
        from gonghui.core.pii import mask_name

        return mask_name(self.member.name)

    @property
    def photo_extension(self) -> str:
        return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}.get(self.photo_type, "")


WALL_STATES = ("published", "claimed", "fulfilled", "confirmed")
OPEN_STATES = ("submitted", "published", "claimed", "fulfilled")
