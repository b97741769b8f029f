"""Approval chains: multi-level approval on top of the workflow (DESIGN.md mechanism 10).

    HARDSHIP_CHAIN = approval.Chain(
        name="hardship",
        subject=_("困难职工档案"),
        levels=[
            approval.Level("verify", _("乡镇（街道）审核"), kinds=("township", "street", "park"), days=5),
            approval.Level("approve", _("县总工会审批"), kinds=("federation",), days=10),
        ],
    )
    HARDSHIP_CHAIN.submit(file, actor=user)            # the proposing org's cadre
    HARDSHIP_CHAIN.approve(file, actor=township_cadre)  # on to the next level, or approved after the last

The record's own org (`obj.org`) proposes. Each level is acted on by the nearest active org above
it whose kind is one of the level's kinds; a level with no such org is skipped. Who may act at a
level: a position of one of the level's roles held on that org itself, so a higher org's cadre
cannot skip a level by acting for it. Each level has a deadline in working days (core.workdays).
Every step is a workflow transition (locked row, transition log) and tells the next acting org's
cadres, or the submitter when it comes back to them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import notifications, scoping, workdays
from gonghui.core.workflow import Transition, Workflow

DRAFT = "draft"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"

SUBMIT, APPROVE, SEND_BACK, REJECT, WITHDRAW = "submit", "approve", "send_back", "reject", "withdraw"


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    kinds: tuple[str, ...]  # org kinds (orgs.OrgKind values) of the org that acts at this level
    days: int = 5  # working days to act
    roles: tuple[str, ...] = scoping.MANAGING_ROLES

    @property
    def state(self) -> str:
        return f"at_{self.key}"


STEP_LABELS = {
    "done": gettext_lazy("已通过"),
    "current": gettext_lazy("办理中"),
    "later": gettext_lazy("未开始"),
    "skipped": gettext_lazy("无此级"),
    RETURNED: gettext_lazy("已退回"),
    REJECTED: gettext_lazy("未批准"),
}


@dataclass(frozen=True)
class Step:
    """One level as the record stands: for a progress display."""

    level: Level
    org: object | None  # the org that acts (None: none exists, the level is skipped)
    status: str  # done | current | later | skipped | returned | rejected
    due: datetime.date | None = None

    @property
    def status_label(self) -> str:
        return str(STEP_LABELS[self.status])


class ApprovalFields(models.Model):
    """What a record under an approval chain holds. Re-declare `state` with the chain's choices."""

    state = models.CharField(gettext_lazy("状态"), max_length=20, default=DRAFT, db_index=True)
    approval_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("当前审批组织"),
    )
    # The acting org's path: "what waits at my level" and the subtree figures read it without a join.
    approval_path = models.CharField(
        gettext_lazy("当前审批组织路径"), max_length=255, blank=True, db_index=True
    )
    approval_due = models.DateField(gettext_lazy("本级办理期限"), null=True, blank=True)
    submitted_at = models.DateTimeField(gettext_lazy("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("提交人"),
    )
    decided_at = models.DateTimeField(gettext_lazy("办结时间"), null=True, blank=True)

    class Meta:
        abstract = True


def _ancestor_paths(path: str) -> list[str]:
    """Paths strictly above `path`, nearest first."""
    return scoping.path_prefixes(path)[-2::-1]


class Chain:
    def __init__(self, *, name: str, subject: str, levels: list[Level]):
        assert levels, name
        self.name = name
        self.subject = subject  # what is approved, for messages: 困难职工档案
        self.levels = list(levels)
        self._by_state = {level.state: level for level in self.levels}
        pending = tuple(self._by_state)
        everything = (*pending, APPROVED)
        self.workflow = Workflow(
            states={
                DRAFT: gettext_lazy("草稿"),
                **{
                    level.state: format_lazy(gettext_lazy("待{level}"), level=level.label)
                    for level in self.levels
                },
                RETURNED: gettext_lazy("已退回"),
                APPROVED: gettext_lazy("已批准"),
                REJECTED: gettext_lazy("未批准"),
            },
            transitions=[
                Transition(
                    SUBMIT,
                    (DRAFT, RETURNED),
                    pending[0],
                    gettext_lazy("提交"),
                    self.may_propose,
                    also=everything,
                ),
                Transition(APPROVE, pending, APPROVED, gettext_lazy("通过"), self.may_act, also=everything),
                Transition(
                    SEND_BACK, pending, RETURNED, gettext_lazy("退回"), self.may_act, note_required=True
                ),
                Transition(
                    REJECT, pending, REJECTED, gettext_lazy("不予批准"), self.may_act, note_required=True
                ),
                Transition(WITHDRAW, pending, DRAFT, gettext_lazy("撤回"), self.may_withdraw),
            ],
        )
        self.pending_states = pending

    # ------------------------------------------------------------------ states

    def choices(self) -> list[tuple[str, str]]:
        return self.workflow.choices()

    def label(self, state: str) -> str:
        return self.workflow.label(state)

    def is_pending(self, obj) -> bool:
        return obj.state in self._by_state

    def is_final(self, obj) -> bool:
        return obj.state in (APPROVED, REJECTED)

    def current_level(self, obj) -> Level | None:
        return self._by_state.get(obj.state)

    # ------------------------------------------------------------------ who

    def may_propose(self, actor, obj) -> bool:
        """A managing cadre of the record's org (or of an org above it)."""
        return scoping.can_manage(actor, obj.org)

    def may_withdraw(self, actor, obj) -> bool:
        """The proposing side takes it back; the level it waits at decides instead."""
        return self.may_propose(actor, obj) and not self.may_act(actor, obj)

    def may_act(self, actor, obj) -> bool:
        level = self.current_level(obj)
        if level is None or obj.approval_org_id is None:
            return False
        return obj.approval_org_id in self._acting_org_ids(actor, level)

    @staticmethod
    def _acting_org_ids(user, level: Level) -> set[int]:
        return {org_id for _p, role, _pii, org_id in scoping._positions(user) if role in level.roles}

    def actions(self, obj, user) -> list[tuple[str, str, bool]]:
        """(name, label, needs a reason) of what `user` may do now, for buttons."""
        return [(t.name, str(t.label), t.note_required) for t in self.workflow.available(obj, user)]

    # ------------------------------------------------------------------ where

    def _route(self, org) -> list[tuple[Level, object | None]]:
        """Each level with the org that acts at it above `org` (None where none exists)."""
        org_model = type(org)
        paths = _ancestor_paths(org.path)
        above = {
            o.path: o
            for o in org_model._default_manager.filter(path__in=paths, is_active=True).only(
                "id", "path", "kind", "name"
            )
        }
        route, floor = [], len(org.path)
        for level in self.levels:
            # Levels go up the tree: each acts above the one before it.
            found = next(
                (above[p] for p in paths if p in above and len(p) < floor and above[p].kind in level.kinds),
                None,
            )
            if found is not None:
                floor = len(found.path)
            route.append((level, found))
        return route

    def _next(self, obj, after: Level | None) -> tuple[Level | None, object | None]:
        """The first level after `after` (or the first) that has an acting org."""
        route = self._route(obj.org)
        start = 0 if after is None else self.levels.index(after) + 1
        for level, org in route[start:]:
            if org is not None:
                return level, org
        return None, None

    # ------------------------------------------------------------------ operations

    def _lock(self, obj):
        fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        for field in ("state", "approval_org_id", "approval_path", "approval_due"):
            setattr(obj, field, getattr(fresh, field))
        return obj

    def _move(self, obj, name: str, *, actor, note: str, level: Level | None, org) -> None:
        now = timezone.now()
        fields = ["approval_org", "approval_path", "approval_due"]
        target = level.state if level is not None else APPROVED
        if name == SUBMIT:
            obj.submitted_at, obj.submitted_by = now, actor
            fields += ["submitted_at", "submitted_by"]
        if level is None:
            obj.decided_at = now
            fields.append("decided_at")
        # Fired first: the workflow checks the actor against the level the record is at now.
        self.workflow.fire(obj, name, actor=actor, note=note, target=target)
        self._place(obj, level, org)
        obj.save(update_fields=fields)
        if level is not None:
            self._tell_level(obj, level, org, actor)
        else:
            self._tell_submitter(obj, _("%(subject)s已批准") % {"subject": self.subject}, note, actor)

    def _place(self, obj, level: Level | None, org) -> None:
        obj.approval_org = org
        obj.approval_path = org.path if org is not None else ""
        obj.approval_due = (
            workdays.add_working_days(timezone.localdate(), level.days, org=org)
            if level is not None
            else None
        )

    @transaction.atomic
    def submit(self, obj, *, actor, note: str = "") -> None:
        self._lock(obj)
        if not self.may_propose(actor, obj):
            raise PermissionDenied
        level, org = self._next(obj, None)
        self._move(obj, SUBMIT, actor=actor, note=note, level=level, org=org)

    @transaction.atomic
    def approve(self, obj, *, actor, note: str = "") -> None:
        self._lock(obj)
        current = self.current_level(obj)
        if current is None or not self.may_act(actor, obj):
            # The workflow says which it is: wrong state (Chinese) or wrong user (403).
            self.workflow.fire(obj, APPROVE, actor=actor, note=note)
            return
        level, org = self._next(obj, current)
        self._move(obj, APPROVE, actor=actor, note=note, level=level, org=org)

    def _end(self, obj, name: str, *, actor, reason: str, state_message: str) -> None:
        self._lock(obj)
        self.workflow.fire(obj, name, actor=actor, note=reason)
        obj.decided_at = timezone.now() if name == REJECT else None
        self._place(obj, None, None)
        obj.save(update_fields=["approval_org", "approval_path", "approval_due", "decided_at"])
        self._tell_submitter(obj, state_message % {"subject": self.subject}, reason, actor)

    @transaction.atomic
    def send_back(self, obj, *, actor, reason: str) -> None:
        """Back to the proposer, who corrects it and submits again (from the first level)."""
        self._end(obj, SEND_BACK, actor=actor, reason=reason, state_message=_("%(subject)s被退回"))

    @transaction.atomic
    def reject(self, obj, *, actor, reason: str) -> None:
        self._end(obj, REJECT, actor=actor, reason=reason, state_message=_("%(subject)s未获批准"))

    @transaction.atomic
    def withdraw(self, obj, *, actor, note: str = "") -> None:
        self._lock(obj)
        self.workflow.fire(obj, WITHDRAW, actor=actor, note=note)
        self._place(obj, None, None)
        obj.save(update_fields=["approval_org", "approval_path", "approval_due"])

    ACTIONS = (SUBMIT, APPROVE, SEND_BACK, REJECT, WITHDRAW)

    def act(self, obj, name: str, *, actor, note: str = "") -> None:
        """One step by its name, as a page's button or an API call names it; `note` is the reason
        where one is required. An unknown name is a ValidationError in Chinese."""
        if name == SUBMIT:
            self.submit(obj, actor=actor, note=note)
        elif name == APPROVE:
            self.approve(obj, actor=actor, note=note)
        elif name == SEND_BACK:
            self.send_back(obj, actor=actor, reason=note)
        elif name == REJECT:
            self.reject(obj, actor=actor, reason=note)
        elif name == WITHDRAW:
            self.withdraw(obj, actor=actor, note=note)
        else:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("未知的操作。"))

    # ------------------------------------------------------------------ telling people

    def _tell_level(self, obj, level: Level, org, actor) -> None:
        users = [
            p.user
            for p in org.positions.filter(role__in=level.roles, user__is_active=True).select_related("user")
        ]
        notifications.notify(
            recipients=users,
            title=_("%(subject)s待%(level)s") % {"subject": self.subject, "level": level.label},
            body=str(obj),
            url=_url(obj),
            actor=actor,
        )

    def _tell_submitter(self, obj, title: str, note: str, actor) -> None:
        if obj.submitted_by_id:
            notifications.notify(
                recipients=[obj.submitted_by],
                title=title,
                body=(note or str(obj)),
                url=_url(obj),
                actor=actor,
            )

    # ------------------------------------------------------------------ reading

    def steps(self, obj) -> list[Step]:
        """Every level with its acting org and where the record stands at it."""
        route = self._route(obj.org)
        at = None  # index of the level the record waits at, or was returned or rejected at
        if self.is_pending(obj):
            at = self.levels.index(self.current_level(obj))
        elif obj.state in (REJECTED, RETURNED):
            last = self.history(obj).filter(to_state=obj.state).order_by("-at", "-pk").first()
            level = self._by_state.get(last.from_state) if last else None
            at = self.levels.index(level) if level else None
        steps = []
        for i, (level, org) in enumerate(route):
            if org is None:
                status = "skipped"
            elif obj.state == APPROVED or (at is not None and i < at):
                status = "done"
            elif at is not None and i == at:
                status = "current" if self.is_pending(obj) else obj.state
            else:
                status = "later"
            steps.append(Step(level, org, status, obj.approval_due if status == "current" else None))
        return steps

    def awaiting_q(self, user, *, field_prefix: str = "") -> Q:
        """Records waiting at a level `user` may act at."""
        q = Q(pk__in=[])
        for level in self.levels:
            ids = self._acting_org_ids(user, level)
            if ids:
                q |= Q(
                    **{f"{field_prefix}state": level.state, f"{field_prefix}approval_org_id__in": sorted(ids)}
                )
        return q

    def pending_q(self, *, field_prefix: str = "") -> Q:
        return Q(**{f"{field_prefix}state__in": self.pending_states})

    def overdue_q(self, today: datetime.date | None = None, *, field_prefix: str = "") -> Q:
        today = today or timezone.localdate()
        return self.pending_q(field_prefix=field_prefix) & Q(**{f"{field_prefix}approval_due__lt": today})

    def is_overdue(self, obj, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_pending(obj) and obj.approval_due is not None and obj.approval_due < today

    def history(self, obj):
        return self.workflow.history(obj)

    def timeline(self, obj) -> list:
        """The history with each step's action and new state named, for core/approval_steps.html."""
        rows = list(self.history(obj))
        for row in rows:
            t = self.workflow.transitions.get(row.transition)
            row.action_label = str(t.label) if t else row.transition
            row.state_label = self.label(row.to_state)
        return rows


def _url(obj) -> str:
    get = getattr(obj, "get_absolute_url", None)
    return get() if get else ""
