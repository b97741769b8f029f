import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import workdays
from gonghui.core.scoping import ScopedManager
from gonghui.core.tallies import DayTally
from gonghui.servicedesk.workflows import (
    BUS_TRIP_FLOW,
    FOLLOW_UP_FLOW,
    ORDER_FLOW,
    PETITION_FLOW,
    PROBLEM_FLOW,
)

USER = settings.AUTH_USER_MODEL


class OrgOwned(models.Model):
    """An org-owned record: `org` plus its denormalised path for subtree queries."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        abstract = True

    # org_path follows org on every save, wherever it is made: core.scoping.connect_org_path_sync.


class HasDeadlines:
    """Overdue, the one rule (core.workdays.is_overdue), for a record whose deadline depends on its
    state: `OVERDUE_DEADLINES` maps each state in which it can be overdue to its date field, and
    `DEADLINE_ORG_PATH` names the org path whose calendar applies. `is_overdue` is what pages show,
    `overdue_q` the same rule as a queryset filter for lists and counts."""

    OVERDUE_DEADLINES: dict[str, str] = {}
    DEADLINE_ORG_PATH = "org_path"

    @property
    def deadline(self):
        field = self.OVERDUE_DEADLINES.get(self.state)
        return getattr(self, field) if field else None

    @property
    def is_overdue(self) -> bool:
        path = self
        for step in self.DEADLINE_ORG_PATH.split("__"):
            path = getattr(path, step)
        return workdays.is_overdue(self.deadline, org=path)

    @classmethod
    def overdue_q(cls, today=None) -> models.Q:
        states_by_field: dict[str, list[str]] = {}
        for state, field in cls.OVERDUE_DEADLINES.items():
            states_by_field.setdefault(field, []).append(state)
        q = models.Q(pk__in=[])
        for field, states in states_by_field.items():
            q |= models.Q(state__in=states) & workdays.overdue_q(
                field, today=today, path_field=cls.DEADLINE_ORG_PATH
            )
        return q


class DeskSettings(models.Model):
    """Per-federation deadlines; a missing row means the defaults below."""

    org = models.OneToOneField(
        "orgs.Org", on_delete=models.CASCADE, related_name="desk_settings", verbose_name=_("组织")
    )
    dispatch_within_days = models.PositiveSmallIntegerField(_("受理后派单时限（工作日）"), default=5)
    problem_due_days = models.PositiveSmallIntegerField(_("问题办理时限（工作日）"), default=10)
    petition_reply_days = models.PositiveSmallIntegerField(_("信访答复时限（工作日）"), default=15)

    class Meta:
        verbose_name = _("服务时限设置")
        verbose_name_plural = _("服务时限设置")

    def __str__(self) -> str:
        return str(self.org)


# ---------------------------------------------------------------- teams and menu


class ServiceTeam(OrgOwned):
    """A service team (服务队) of an org, e.g. 康体活力, 法安先锋, 文艺风尚."""

    name = models.CharField(_("服务队名称"), max_length=60)
    description = models.TextField(_("简介"), blank=True)
    leader = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_service_teams",
        verbose_name=_("队长"),
    )
    members = models.ManyToManyField(
        USER, through="ServiceTeamMember", related_name="service_teams", blank=True
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("服务队")
        verbose_name_plural = _("服务队")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="uniq_service_team_name")]

    def __str__(self) -> str:
        return self.name


class ServiceTeamMember(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("工作人员")
        VOLUNTEER = "volunteer", _("志愿者")

    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("身份"), max_length=10, choices=Kind.choices, default=Kind.VOLUNTEER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_service_team_member")]

    def __str__(self) -> str:
        return f"{self.team} #{self.user_id}"


class Category(models.TextChoices):
    HEALTH = "health", _("健康服务")
    LEGAL = "legal", _("法律服务")
    CULTURE = "culture", _("文化服务")
    SKILLS = "skills", _("技能培训")
    FINANCE = "finance", _("金融知识")
    PSYCHOLOGY = "psychology", _("心理疏导")
    LECTURE = "lecture", _("宣讲")  # scheduled as a stop of a lecture tour (gonghui.lectures)
    DAILY = "daily", _("理发等便民服务")
    OTHER = "other", _("其他")


class MenuItem(OrgOwned):
    """An item on a federation's service menu (服务菜单)."""

    title = models.CharField(_("服务项目"), max_length=80)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    description = models.TextField(_("服务内容"), blank=True)
    team = models.ForeignKey(
        ServiceTeam,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="menu_items",
        verbose_name=_("提供服务队"),
    )
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=90)
    serves_people = models.PositiveIntegerField(_("可服务人数"), default=50)
    bus_eligible = models.BooleanField(_("可随流动服务车"), default=False)
    for_workers = models.BooleanField(_("职工可点单"), default=True)
    for_enterprises = models.BooleanField(_("企业可点单"), default=True)
    for_unions = models.BooleanField(_("基层工会可点单"), default=True)
    is_active = models.BooleanField(_("上架"), default=True)

    class Meta:
        verbose_name = _("服务菜单项")
        verbose_name_plural = _("服务菜单")
        ordering = ["category", "title"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- orders


OPEN_ORDER_STATES = ("ordered", "accepted", "dispatched")


def order_next_date():
    """An open order's next date, by which its next step is due: the wished date of one awaiting
    acceptance, the dispatch deadline of one accepted, the service date of one dispatched. The
    board lists the work in hand by it (an index of its own, `order_next_date_idx`)."""
    return models.Case(
        models.When(state="accepted", then=models.F("dispatch_due")),
        models.When(state="dispatched", then=models.F("service_date")),
        default=models.F("wished_date"),
        output_field=models.DateField(),
    )


class ServiceOrder(HasDeadlines, OrgOwned):
    """A service order (点单): order → accept → dispatch → deliver → rate."""

    class OrdererKind(models.TextChoices):
        WORKER = "worker", _("职工")
        ENTERPRISE = "enterprise", _("企业")
        UNION = "union", _("基层工会")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(
        MenuItem, on_delete=models.PROTECT, related_name="orders", verbose_name=_("服务项目")
    )
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices, editable=False)
    orderer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="service_orders", verbose_name=_("点单人")
    )
    orderer_kind = models.CharField(_("点单身份"), max_length=10, choices=OrdererKind.choices)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("企业"),
    )
    ordering_union = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("点单工会"),
    )
    place = models.CharField(_("服务地点"), max_length=150)
    wished_date = models.DateField(_("期望日期"))
    wished_until = models.DateField(_("期望截止日期"), null=True, blank=True)
    expected_people = models.PositiveIntegerField(_("预计人数"))
    note = models.TextField(_("需求说明"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=ORDER_FLOW.choices(), default="ordered")
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    team = models.ForeignKey(
        ServiceTeam,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("服务队"),
    )
    service_date = models.DateField(_("服务日期"), null=True, blank=True)
    service_place = models.CharField(_("服务地点（派单）"), max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    dispatch_due = models.DateField(_("派单期限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    people_served = models.PositiveIntegerField(_("服务人数"), null=True, blank=True)
    report = models.TextField(_("服务小结"), blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.TextField(_("评价"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    scope_owner_field = "orderer"

    class Meta:
        verbose_name = _("服务点单")
        verbose_name_plural = _("服务点单")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["org_path", "state", "created_at"]),
            models.Index(fields=["state", "dispatch_due"]),
            models.Index(fields=["state", "service_date"]),
            models.Index(fields=["team", "state", "service_date"]),
            models.Index(
                fields=["created_at", "id"], name="order_created_idx"
            ),  # the board's oldest-first walk
            models.Index(
                order_next_date(),
                "id",
                name="order_next_date_idx",
                condition=models.Q(state__in=OPEN_ORDER_STATES),
            ),  # the board's work in hand, next date first
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="order_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:order_detail", args=[self.uuid])

    # Overdue: accepted and not dispatched by the dispatch deadline, or dispatched and not
    # reported back by the service date.
    OVERDUE_DEADLINES = {"accepted": "dispatch_due", "dispatched": "service_date"}


# ---------------------------------------------------------------- the service bus


class BusTrip(OrgOwned):
    """A trip of the mobile service bus (流动服务车): a route of stops, teams and items on board."""

    State = BUS_TRIP_FLOW.text_choices("State")  # PLANNED, DONE, CANCELLED: declared by the workflow

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("行程名称"), max_length=100)
    date = models.DateField(_("日期"))
    vehicle = models.CharField(_("车辆"), max_length=40, blank=True)
    teams = models.ManyToManyField(
        ServiceTeam, related_name="bus_trips", blank=True, verbose_name=_("随车服务队")
    )
    items = models.ManyToManyField(
        MenuItem, related_name="bus_trips", blank=True, verbose_name=_("随车服务项目")
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED)
    summary = models.TextField(_("行程小结"), blank=True)

    class Meta:
        verbose_name = _("流动服务车行程")
        verbose_name_plural = _("流动服务车行程")
        ordering = ["-date"]
        indexes = [models.Index(fields=["org_path", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class BusStop(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        PARK = "park", _("园区")
        TOWN = "town", _("乡镇")
        DORMITORY = "dormitory", _("职工宿舍")
        OTHER = "other", _("其他")

    trip = models.ForeignKey(BusTrip, on_delete=models.CASCADE, related_name="stops")
    seq = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("站点类型"), max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    place = models.CharField(_("站点"), max_length=120)
    enterprise = models.ForeignKey(
        "orgs.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    arrive_at = models.TimeField(_("到达时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["trip", "seq"]
        constraints = [models.UniqueConstraint(fields=["trip", "seq"], name="uniq_bus_stop_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.place}"


class StopService(models.Model):
    """Services delivered at a stop, recorded by the crew."""

    stop = models.ForeignKey(BusStop, on_delete=models.CASCADE, related_name="services")
    item = models.ForeignKey(MenuItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务项目"))
    people_served = models.PositiveIntegerField(_("服务人数"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stop", "item"], name="uniq_stop_service_item")]

    def __str__(self) -> str:
        return f"{self.stop} · {self.item}"


# ---------------------------------------------------------------- problem lists


class PartnerUnit(OrgOwned):
    """A responsible unit problems are assigned to (市场监管, 人社, 税务 …), not necessarily a union."""

    name = models.CharField(_("单位名称"), max_length=80)
    department = models.CharField(_("部门类别"), max_length=40, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    contacts = models.ManyToManyField(
        USER, related_name="partner_units", blank=True, verbose_name=_("可登录答复的人员")
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="uniq_partner_unit_name")]

    def __str__(self) -> str:
        return self.name


class ProblemCategory(models.TextChoices):
    LABOR = "labor", _("劳动关系")
    WAGES = "wages", _("工资待遇")
    INSURANCE = "insurance", _("社会保险")
    SAFETY = "safety", _("安全生产")
    TAX = "tax", _("税费政策")
    FINANCE = "finance", _("融资贷款")
    TALENT = "talent", _("招工用工")
    PERMITS = "permits", _("审批与市场监管")
    INFRASTRUCTURE = "infrastructure", _("水电路等配套")
    OTHER = "other", _("其他")


class Problem(HasDeadlines, OrgOwned):
    """A problem an enterprise needs solved (问题清单), tracked to resolution."""

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("一般")
        URGENT = "urgent", _("紧急")
        CRITICAL = "critical", _("特急")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.ForeignKey(
        "orgs.Enterprise", on_delete=models.PROTECT, related_name="problems", verbose_name=_("企业")
    )
    reporter = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="reported_problems", verbose_name=_("记录人")
    )
    category = models.CharField(_("类别"), max_length=16, choices=ProblemCategory.choices)
    title = models.CharField(_("问题"), max_length=120)
    description = models.TextField(_("具体情况"))
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    state = models.CharField(_("状态"), max_length=10, choices=PROBLEM_FLOW.choices(), default="raised")
    unit = models.ForeignKey(
        PartnerUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("责任单位"),
    )
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("办理答复"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    scope_owner_field = "reporter"

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["org_path", "created_at"]),
            models.Index(fields=["org_path", "state", "due_date"]),
            models.Index(fields=["unit", "state"]),
            # the glance's overdue problems of a whole county: an index-only scan
            models.Index(fields=["state", "due_date", "org_path"], name="problem_overdue_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:problem_detail", args=[self.uuid])

    OPEN_STATES = ("raised", "assigned", "answered", "reopened")
    # Overdue: with a unit and not answered by the due date.
    OVERDUE_STATES = ("assigned", "reopened")
    OVERDUE_DEADLINES = dict.fromkeys(OVERDUE_STATES, "due_date")


class DialogueMeeting(OrgOwned):
    """A dialogue-room meeting (亲清茶室) on one or several problems."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("主题"), max_length=120)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=120)
    participants = models.TextField(_("参加人员"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    problems = models.ManyToManyField(Problem, related_name="meetings", blank=True, verbose_name=_("议题"))

    class Meta:
        verbose_name = _("亲清茶室")
        verbose_name_plural = _("亲清茶室")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- worker diary and petitions


class DiaryEntry(OrgOwned):
    """A worker-situation diary entry (工情日记): who visited whom, what was heard."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="diary_entries", verbose_name=_("走访人")
    )
    visited_on = models.DateField(_("走访日期"))
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("走访企业"),
    )
    visited = models.CharField(_("走访对象"), max_length=200, help_text=_("如：车间一线职工8人、企业负责人"))
    heard = models.TextField(_("听到的情况"))

    scope_superuser = False  # confidential: a platform admin sees none (DESIGN.md, users)

    class Meta:
        verbose_name = _("工情日记")
        verbose_name_plural = _("工情日记")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} #{self.pk}"


class FollowUp(HasDeadlines, models.Model):
    """A follow-up promised during a visit, tracked until done."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("跟进事项"), max_length=200)
    due_date = models.DateField(_("完成期限"))
    assignee = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("负责人"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=FOLLOW_UP_FLOW.choices(), default="open")
    result = models.TextField(_("完成情况"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_path_fields = ("entry__org_path",)
    scope_owner_field = "assignee"
    scope_superuser = False

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self) -> str:
        return self.description

    # Overdue: still open after the due date, by the calendar of the entry's org.
    OVERDUE_DEADLINES = {"open": "due_date"}
    DEADLINE_ORG_PATH = "entry__org_path"


class Petition(HasDeadlines, OrgOwned):
    """A petition (信访) received at a worker home or online, with a working-day reply deadline."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("来访")
        ONLINE = "online", _("网上信访")
        PHONE = "phone", _("来电")
        LETTER = "letter", _("来信")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    petitioner = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
        verbose_name=_("信访人账号"),
    )
    petitioner_name = models.CharField(_("信访人"), max_length=40)
    petitioner_phone = models.CharField(_("联系电话"), max_length=11)
    enterprise_name = models.CharField(_("所在单位"), max_length=150, blank=True)
    subject = models.CharField(_("事由"), max_length=120)
    content = models.TextField(_("内容"))
    received_on = models.DateField(_("登记日期"))
    reply_due = models.DateField(_("答复期限"))
    state = models.CharField(_("状态"), max_length=10, choices=PETITION_FLOW.choices(), default="received")
    assignee = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_petitions",
        verbose_name=_("承办人"),
    )
    reply = models.TextField(_("答复意见"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    scope_owner_field = "petitioner"

    scope_superuser = False  # confidential: a platform admin sees none (DESIGN.md, users)

    class Meta:
        verbose_name = _("信访")
        verbose_name_plural = _("信访")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["org_path", "state", "reply_due"])]

    def __str__(self) -> str:
        return self.subject

    # Overdue: received or assigned and not replied by the reply deadline.
    OPEN_STATES = ("received", "assigned")
    OVERDUE_DEADLINES = dict.fromkeys(OPEN_STATES, "reply_due")


class OrderTally(DayTally):
    """Orders of one subtree on one day (core.tallies): placed by order date; delivered, people
    served and ratings by delivery date. Kept by the order services (servicedesk.tallies)."""

    placed = models.IntegerField(default=0)
    delivered = models.IntegerField(default=0)
    people_served = models.BigIntegerField(default=0)
    rating_sum = models.BigIntegerField(default=0)
    rated = models.IntegerField(default=0)

    class Meta(DayTally.Meta):
        verbose_name = _("点单每日统计")
        verbose_name_plural = _("点单每日统计")


class ProblemTally(DayTally):
    """Problems of one subtree by the day they were raised (core.tallies): raised, resolved, and
    the resolved ones' total time to resolution. Kept by the problem services (servicedesk.tallies)."""

    raised = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolve_us = models.BigIntegerField(default=0)  # microseconds from raising to resolution, summed
    resolve_n = models.IntegerField(default=0)  # resolved with a resolution time

    class Meta(DayTally.Meta):
        verbose_name = _("问题每日统计")
        verbose_name_plural = _("问题每日统计")
