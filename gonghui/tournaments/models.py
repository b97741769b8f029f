import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager
from gonghui.members.audience import AudienceFields
from gonghui.tournaments.standings import DEFAULT_TIEBREAKERS

USER = settings.AUTH_USER_MODEL


class Tournament(AudienceFields):
    """A tournament (赛事) of an org; its audience is the org's subtree (members.audience)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    org_path = models.CharField(max_length=100, editable=False)
    name = models.CharField(_("赛事名称"), max_length=100)
    sport = models.CharField(_("项目"), max_length=40)
    sets_to_win = models.PositiveSmallIntegerField(
        _("胜局数"), default=2, help_text=_("按局计分的项目填获胜所需局数（三局两胜填 2），按比分计分填 0")
    )
    set_points = models.PositiveSmallIntegerField(
        _("每局分数"),
        default=0,
        help_text=_("先得该分且领先 2 分者胜一局（排球 25，气排球 21）；0 表示不检查局分"),
    )
    deciding_set_points = models.PositiveSmallIntegerField(
        _("决胜局分数"), default=0, help_text=_("决胜局先得的分数（排球、气排球 15）；0 表示与其他局相同")
    )
    match_minutes = models.PositiveSmallIntegerField(_("每场时长（分钟）"), default=50)
    rest_minutes = models.PositiveSmallIntegerField(_("两场之间最少休息（分钟）"), default=60)
    points_win = models.PositiveSmallIntegerField(_("胜场积分"), default=2)
    points_draw = models.PositiveSmallIntegerField(_("平局积分"), default=1)
    points_loss = models.PositiveSmallIntegerField(_("负场积分"), default=1)
    points_forfeit = models.PositiveSmallIntegerField(_("弃权积分"), default=0)
    tiebreakers = models.CharField(_("排名规则"), max_length=120, default=",".join(DEFAULT_TIEBREAKERS))
    registration_open = models.BooleanField(_("接受报名"), default=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org_path",)

    class Meta:
        verbose_name = _("赛事")
        verbose_name_plural = _("赛事")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org_path"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tournaments:detail", args=[self.uuid])

    @property
    def tiebreaker_list(self) -> list[str]:
        return [t for t in self.tiebreakers.split(",") if t]


class Division(models.Model):
    """A division (组别) of a tournament, e.g. agency teams and enterprise teams, with its format."""

    class Format(models.TextChoices):
        GROUPS_KNOCKOUT = "groups_knockout", _("小组循环＋淘汰赛")
        ROUND_ROBIN = "round_robin", _("单循环")
        ELIMINATION = "elimination", _("单败淘汰")
        SWISS = "swiss", _("瑞士制")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(_("组别名称"), max_length=40)
    format = models.CharField(
        _("赛制"), max_length=20, choices=Format.choices, default=Format.GROUPS_KNOCKOUT
    )
    group_count = models.PositiveSmallIntegerField(_("小组数"), default=2)
    advance_per_group = models.PositiveSmallIntegerField(_("每组出线队数"), default=2)
    swiss_rounds = models.PositiveSmallIntegerField(_("瑞士制轮数"), default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("组别")
        verbose_name_plural = _("组别")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["tournament", "name"], name="uniq_division_name")]

    def __str__(self) -> str:
        return self.name


class Court(models.Model):
    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="courts")
    name = models.CharField(_("场地名称"), max_length=40)

    class Meta:
        verbose_name = _("场地")
        verbose_name_plural = _("场地")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["tournament", "name"], name="uniq_court_name")]

    def __str__(self) -> str:
        return self.name


class TimeSlot(models.Model):
    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))

    class Meta:
        verbose_name = _("比赛时段")
        verbose_name_plural = _("比赛时段")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["tournament", "starts_at"], name="uniq_slot_start"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")


class Group(models.Model):
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("小组"), max_length=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="uniq_group_name")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A registered team of a division; its captain is a member and registers the roster."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("队名"), max_length=60)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    captain = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("队长"),
    )
    seed = models.PositiveSmallIntegerField(_("种子序号"), null=True, blank=True)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("参赛队")
        verbose_name_plural = _("参赛队")
        ordering = ["division", "seed", "pk"]
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="uniq_team_name")]

    def __str__(self) -> str:
        return self.name


class RosterEntry(models.Model):
    """A player of a team: one player, one team per division (the constraint says it)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="roster")
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("号码"), null=True, blank=True)

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        constraints = [
            models.UniqueConstraint(fields=["division", "member"], name="uniq_player_per_division"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.member_id}"


class Match(models.Model):
    class Stage(models.IntegerChoices):
        GROUP = 0, _("小组赛")
        KNOCKOUT = 1, _("淘汰赛")

    class Outcome(models.TextChoices):
        PENDING = "", _("未赛")
        PLAYED = "played", _("已赛")
        FORFEIT = "forfeit", _("弃权")
        WALKOVER = "walkover", _("轮空晋级")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="matches")
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="matches")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="matches")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.GROUP)
    round = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)  # place within a knockout round
    home = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    away = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    home_label = models.CharField(max_length=40, blank=True)  # "A组第1名", "第1场胜者" until known
    away_label = models.CharField(max_length=40, blank=True)
    home_place = models.CharField(max_length=10, blank=True)  # "0:1": group index and rank it waits for
    away_place = models.CharField(max_length=10, blank=True)
    home_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    away_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    slot = models.ForeignKey(
        TimeSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="matches"
    )
    court = models.ForeignKey(Court, null=True, blank=True, on_delete=models.SET_NULL, related_name="matches")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING, blank=True)
    home_score = models.PositiveSmallIntegerField(null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.JSONField(default=list, blank=True)  # [[25, 20], [18, 25], [15, 12]]
    forfeit_by = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    winner = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("tournament match", "比赛")
        verbose_name_plural = pgettext_lazy("tournament match", "比赛")
        ordering = ["slot__starts_at", "court_id", "pk"]
        constraints = [
            # one match per court and slot, whatever the page or the API does
            models.UniqueConstraint(fields=["slot", "court"], name="uniq_match_slot_court"),
        ]
        indexes = [
            models.Index(fields=["division", "stage", "round"]),
            models.Index(fields=["home", "outcome"]),
            models.Index(fields=["away", "outcome"]),
        ]

    def __str__(self) -> str:
        return f"{self.home_name} vs {self.away_name}"

    @property
    def home_name(self) -> str:
        return self.home.name if self.home_id else self.home_label

    @property
    def away_name(self) -> str:
        return self.away.name if self.away_id else self.away_label

    @property
    def is_done(self) -> bool:
        return bool(self.outcome)
