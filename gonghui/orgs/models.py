import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager
from gonghui.core.validators import validate_uscc


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("总工会")
    TOWNSHIP = "township", _("乡镇工会")
    STREET = "street", _("街道工会")
    PARK = "park", _("园区工会")
    COMMUNITY = "community", _("村/社区工会")
    GRASSROOTS = "grassroots", _("基层工会")
    JOINT_GRASSROOTS = "joint_grassroots", _("联合基层工会")
    JOINT_UNION = "joint_union", _("工会联合会")


# Kinds that admit members directly (a member's org is always one of these).
MEMBER_KINDS = (OrgKind.GRASSROOTS, OrgKind.JOINT_GRASSROOTS, OrgKind.JOINT_UNION)
# Kinds that may cover enterprises other than their own (small enterprises join these).
JOINT_KINDS = (OrgKind.JOINT_GRASSROOTS, OrgKind.JOINT_UNION)


class JobType(models.TextChoices):
    """New-employment-form job types (新就业形态): the routes below and the members' job types."""

    DELIVERY_RIDER = "delivery_rider", _("外卖骑手")
    RIDE_HAILING = "ride_hailing", _("网约车司机")
    TRUCK_DRIVER = "truck_driver", _("货车司机")
    COURIER = "courier", _("快递员")
    DESIGNATED_DRIVER = "designated_driver", _("网约代驾")
    DOMESTIC = "domestic", _("家政服务员")
    ONLINE_HOST = "online_host", _("网络主播")
    OTHER = "other", _("其他新就业形态")


class Org(models.Model):
    """A node of the organization tree: federation, area unions, grassroots and joint unions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级组织"),
    )
    # Materialized path: fixed-width digit segments, see core.scoping. Maintained by orgs.services.
    path = models.CharField(max_length=100, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    formed_on = models.DateField(_("建会日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("path",)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        indexes = [models.Index(fields=["formed_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", args=[self.uuid])

    @property
    def admits_members(self) -> bool:
        return self.kind in MEMBER_KINDS

    def ancestor_paths(self) -> list[str]:
        from gonghui.core.scoping import SEGMENT

        return [self.path[: i + SEGMENT] for i in range(0, len(self.path), SEGMENT)]


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("制造业")
    CONSTRUCTION = "construction", _("建筑业")
    LOGISTICS = "logistics", _("交通运输、仓储和邮政业")
    RETAIL = "retail", _("批发和零售业")
    HOSPITALITY = "hospitality", _("住宿和餐饮业")
    IT = "it", _("信息传输、软件和信息技术服务业")
    FINANCE = "finance", _("金融业")
    SERVICES = "services", _("居民服务和其他服务业")
    HEALTH = "health", _("卫生和社会工作")
    EDUCATION = "education", _("教育")
    AGRICULTURE = "agriculture", _("农、林、牧、渔业")
    OTHER = "other", _("其他")


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    HMT = "hmt", _("港澳台资")
    JOINT = "joint", _("股份制")
    OTHER = "other", _("其他")


class Enterprise(models.Model):
    """An employer in an area of the tree, and the union that covers its workers (if any)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("企业名称"), max_length=150)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    employee_count = models.PositiveIntegerField(_("职工人数"), default=0)
    industry = models.CharField(_("行业"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    ownership = models.CharField(
        _("经济类型"), max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    # The area union it sits under (geography), used for scoping and the formation rate.
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("所属区域工会")
    )
    org_path = models.CharField(max_length=100, editable=False, db_index=True)
    # The union covering its workers: its own grassroots union, or a joint union.
    union = models.ForeignKey(
        Org,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covered_enterprises",
        verbose_name=_("覆盖工会"),
    )
    union_formed_on = models.DateField(_("建会日期"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["org_path", "employee_count"]),
            models.Index(fields=["org_path", "union_formed_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_union(self) -> bool:
        return self.union_id is not None


class NewFormRoute(models.Model):
    """Where new-employment-form workers of a job type in an area join (usually an industry joint union)."""

    job_type = models.CharField(_("职业类型"), max_length=20)
    area = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("工作区域"))
    union = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="new_form_routes", verbose_name=_("入会工会")
    )

    objects = ScopedManager()
    scope_path_fields = ("area__path",)

    class Meta:
        verbose_name = _("新就业形态入会路由")
        verbose_name_plural = _("新就业形态入会路由")
        constraints = [models.UniqueConstraint(fields=["job_type", "area"], name="uniq_route_job_area")]

    def __str__(self) -> str:
        return f"{self.get_job_type_display()} @ {self.area} → {self.union}"

    def get_job_type_display(self) -> str:
        return str(dict(JobType.choices).get(self.job_type, self.job_type))


class OrgMemberTally(models.Model):
    """Running member counts of one member-admitting org, for the statistics (see orgs.tally).

    Kept in the same transaction as every change of who is a member of which org (member
    services), so a subtree's members are a sum over at most one small row per union.
    `recount_tallies` rebuilds it from the members table.
    """

    org = models.OneToOneField(Org, on_delete=models.CASCADE, primary_key=True, related_name="member_tally")
    # Copy of org.path (moved with it by orgs.services._move): a subtree is one indexed range.
    org_path = models.CharField(max_length=100, db_index=True, editable=False)
    members = models.IntegerField(_("会员数"), default=0)  # active + retired
    new_form_members = models.IntegerField(_("新就业形态会员数"), default=0)  # of those, with a job type

    scope_path_fields = ("org_path",)  # so orgs.services moves it with the org

    class Meta:
        verbose_name = _("会员数统计")
        verbose_name_plural = _("会员数统计")

    def __str__(self) -> str:
        return f"{self.org_id}: {self.members}"


class EnterpriseContact(models.Model):
    """A person who speaks for an enterprise (企业联络人): reports problems, orders services."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("企业")
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="enterprise_contacts",
        verbose_name=_("联络人"),
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("enterprise__org_path",)
    scope_owner_field = "user"

    class Meta:
        verbose_name = _("企业联络人")
        verbose_name_plural = _("企业联络人")
        constraints = [models.UniqueConstraint(fields=["enterprise", "user"], name="uniq_enterprise_contact")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.user}"
