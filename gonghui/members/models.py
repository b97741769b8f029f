import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager
from gonghui.members.workflows import DATA_REQUEST_FLOW, JOIN_FLOW, TRANSFER_FLOW
from gonghui.orgs.models import JobType


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class IdentityFields(models.Model):
    """Name and resident ID number, stored encrypted with a keyed hash (see core.pii)."""

    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number_encrypted = models.TextField(editable=False)
    id_number_masked = models.CharField(_("身份证号码"), max_length=18, editable=False)
    mobile = models.CharField(_("手机号码"), max_length=11, db_index=True)

    class Meta:
        abstract = True

    @property
    def mobile_masked(self) -> str:
        from gonghui.core.pii import mask_mobile

        return mask_mobile(self.mobile)

    def set_id_number(self, number: str) -> None:
        """`number` must already be normalised (core.validators.normalize_resident_id)."""
        from gonghui.core import pii
        from gonghui.core.validators import resident_id_birth_date, resident_id_gender

        if not (len(number) == 18 and number.isascii() and number[:17].isdigit()):
            # A number typed in full-width digits would get a hash of its own: a second membership.
            raise ValueError(
                "set_id_number needs a normalised ID number (core.validators.normalize_resident_id)"
            )

        self.id_number_encrypted = pii.encrypt(number)
        self.id_number_hash = pii.lookup_hash(number)
        self.id_number_masked = pii.mask_id_number(number)
        self.birth_date = resident_id_birth_date(number)
        self.gender = resident_id_gender(number)

    def id_number_plain(self) -> str:
        """Decrypts. Callers must check core.scoping.can_view_personal_data and log the access."""
        from gonghui.core import pii

        return pii.decrypt(self.id_number_encrypted)


# The statuses that hold membership (what the figures count as members): see Member.is_member.
HOLDING_STATUSES = ("active", "retired")


class Member(IdentityFields):
    """A union member (会员): one row per person nationwide, whatever happens to the membership."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        RETIRED = "retired", _("退休（保留会籍）")
        LEFT = "left", _("已退会")

    class Source(models.TextChoices):
        ONLINE = "online", _("线上入会")
        IMPORT = "import", _("名册导入")
        MANUAL = "manual", _("干部录入")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member_no = models.CharField(_("会员编号"), max_length=20, unique=True)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="members", verbose_name=_("所在工会")
    )
    org_path = models.CharField(max_length=100, editable=False)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("工作单位"),
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=150, blank=True)
    job_type = models.CharField(_("职业类型"), max_length=20, choices=JobType.choices, blank=True)
    work_area = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("工作区域"),
    )
    status = models.CharField(_("会籍状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("入会日期"))
    left_on = models.DateField(_("退会日期"), null=True, blank=True)
    retired_on = models.DateField(_("退休日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "user"

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["org_path", "member_no"]
        indexes = [
            models.Index(fields=["org_path", "status"]),
            models.Index(fields=["org_path", "joined_on"]),
            models.Index(fields=["org", "status", "member_no"]),
            # New members in a period for a whole subtree (orgs.stats): a date range first, then the
            # subtree range and the status read from the index itself (index-only scan at the root).
            models.Index(fields=["joined_on", "org_path", "status"], name="member_joined_path_status"),
            # Members by kind (members.selectors.figures): the new-employment-form members of a
            # subtree by job type from this small index alone; the others are the tally's rest.
            models.Index(
                fields=["org_path", "job_type", "status"],
                name="member_new_form_kind",
                condition=~models.Q(job_type=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.member_no}）"

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.uuid])

    @property
    def is_member(self) -> bool:
        """Active and retired members hold membership; retired ones pay no dues."""
        return self.status in HOLDING_STATUSES

    @property
    def dues_exempt(self) -> bool:
        return self.status == self.Status.RETIRED

    @property
    def is_new_form(self) -> bool:
        return bool(self.job_type)


class MembershipEvent(models.Model):
    """A member's membership history: joined, transferred, retired, left, rejoined."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("入会")
        IMPORTED = "imported", _("名册导入")
        TRANSFERRED = "transferred", _("转会")
        RETIRED = "retired", _("退休")
        LEFT = "left", _("退会")
        REJOINED = "rejoined", _("重新入会")
        CORRECTED = "corrected", _("信息更正")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=12, choices=Kind.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    from_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会籍记录")
        verbose_name_plural = _("会籍记录")
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.member_id}"


class JoinApplication(IdentityFields):
    """An online join application (线上一键入会), routed to one union for approval."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("工作单位"),
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=150, blank=True)
    job_type = models.CharField(_("职业类型"), max_length=20, choices=JobType.choices, blank=True)
    work_area = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("工作区域"),
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="join_applications", verbose_name=_("受理工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    state = models.CharField(_("状态"), max_length=10, default="submitted", choices=JOIN_FLOW.choices())
    reason = models.TextField(_("不予通过的理由"), blank=True)
    consent_at = models.DateTimeField(_("同意个人信息处理的时间"))
    consent_version = models.CharField(max_length=20)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_applications",
    )
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "applicant"

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["created_at"]
        constraints = [
            # One pending application per person: a double submit cannot make two.
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=Q(state="submitted"), name="uniq_pending_join_per_person"
            ),
        ]
        indexes = [models.Index(fields=["org_path", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.org}"

    def get_absolute_url(self) -> str:
        return reverse("members:join_status", args=[self.uuid])


class TransferRequest(models.Model):
    """Transfer of a membership to another union (转会); the receiving union approves."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("转出工会")
    )
    from_path = models.CharField(max_length=100, editable=False)
    to_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="incoming_transfers", verbose_name=_("转入工会")
    )
    to_path = models.CharField(max_length=100, editable=False, db_index=True)
    to_enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("新工作单位"),
    )
    state = models.CharField(_("状态"), max_length=10, default="requested", choices=TRANSFER_FLOW.choices())
    note = models.TextField(_("说明"), blank=True)
    reason = models.TextField(_("不予接收的理由"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("from_path", "to_path")
    scope_owner_field = "member__user"

    class Meta:
        verbose_name = _("转会申请")
        verbose_name_plural = _("转会申请")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="requested"), name="uniq_open_transfer_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.from_org} → {self.to_org}"


class DataRequest(models.Model):
    """A member's request under PIPL: a copy of their data, or a correction of their details."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("查阅个人信息")
        CORRECTION = "correction", _("更正个人信息")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="data_requests")
    org_path = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    details = models.JSONField(_("内容"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, default="open", choices=DATA_REQUEST_FLOW.choices())
    reply = models.TextField(_("答复"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)
    scope_owner_field = "member__user"

    class Meta:
        verbose_name = _("个人信息请求")
        verbose_name_plural = _("个人信息请求")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def member_user_ids(row) -> list:
    """The user of a transfer's, data request's or history event's member (core.facts follows
    them: apps.py)."""
    if row._meta.get_field("member").is_cached(row):  # services hold the member already
        return [row.member.user_id]
    return list(Member.objects.filter(pk=row.member_id).values_list("user_id", flat=True))


class SuspectedDuplicate(models.Model):
    """Memberships that are one person once their ID numbers are normalised (`gonghui
    check-identities`): never merged by the system; a cadre chooses the one that stays and the
    others are closed through the lifecycle service (members.services.identities)."""

    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        RESOLVED = "resolved", _("已处理")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    members = models.ManyToManyField(Member, related_name="suspected_duplicates", verbose_name=_("会籍"))
    id_number_masked = models.CharField(_("身份证号码"), max_length=18, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    kept = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("保留的会籍"),
    )
    reason = models.CharField(_("处理说明"), max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    # Visible from the union of any of its memberships, wherever they have moved since.
    scope_path_fields = ("members__org_path",)

    class Meta:
        verbose_name = _("疑似重复会籍")
        verbose_name_plural = _("疑似重复会籍")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.id_number_masked} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("members:duplicate_detail", args=[self.uuid])
