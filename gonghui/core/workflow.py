"""Workflow: declared states and transitions, who may fire each, and a transition log.

    JOIN_FLOW = Workflow(
        states={"submitted": _("待审核"), "approved": _("已通过"), ...},
        transitions=[Transition("approve", ("submitted",), "approved", _("通过"), may=cadre_of_org)],
    )
    JOIN_FLOW.fire(application, "approve", actor=user, note="")

`fire` locks the row, so two people approving at once cannot both succeed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    may: Callable[[object, object], bool]  # (actor, obj) -> bool
    note_required: bool = False
    also: tuple[str, ...] = ()  # other targets the caller may choose (an approval chain skips levels)


class Workflow:
    def __init__(self, *, states: dict[str, str], transitions: Iterable[Transition], field: str = "state"):
        self.states = states
        self.transitions = {t.name: t for t in transitions}
        self.field = field
        for t in self.transitions.values():
            assert all(s in states for s in (t.target, *t.also, *t.sources)), t.name

    def choices(self) -> list[tuple[str, str]]:
        return list(self.states.items())

    def text_choices(self, name: str = "State"):
        """The states as a Django TextChoices enum (STATE_NAME = value, label), for a model's field
        and constants: the states are declared once, here."""
        from django.db import models

        return models.TextChoices(
            name, {value.upper(): (value, label) for value, label in self.states.items()}
        )

    def label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def available(self, obj, actor) -> list[Transition]:
        state = getattr(obj, self.field)
        return [t for t in self.transitions.values() if state in t.sources and t.may(actor, obj)]

    @transaction.atomic
    def fire(
        self,
        obj,
        name: str,
        *,
        actor,
        note: str = "",
        extra_fields: Iterable[str] = (),
        target: str | None = None,
    ) -> None:
        """Move `obj` along transition `name`, saving the state (and `extra_fields`) and logging it.

        `target` picks one of the transition's declared other targets (`also`) instead of its own.

        Raises ValidationError (Chinese) when the state does not allow it, PermissionDenied when
        the actor may not fire it.
        """
        from gonghui.core.models import TransitionLog

        t = self.transitions[name]
        target = t.target if target is None else target
        assert target == t.target or target in t.also, (name, target)
        current = (
            type(obj)._default_manager.select_for_update().values_list(self.field, flat=True).get(pk=obj.pk)
        )
        # Who may act is checked first: a read-only viewer gets 403 whatever the state.
        if not t.may(actor, obj):
            raise PermissionDenied
        if current not in t.sources:
            raise ValidationError(
                _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {"state": self.label(current), "action": t.label},
                code="invalid_transition",
            )
        note = (note or "").strip()
        if t.note_required and not note:
            raise ValidationError(
                {"note": _("请填写“%(action)s”的理由。") % {"action": t.label}}, code="note_required"
            )
        setattr(obj, self.field, target)
        fields = {self.field, *extra_fields}
        if any(f.name == "updated_at" for f in obj._meta.fields):
            fields.add("updated_at")
        obj.save(update_fields=sorted(fields))
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            transition=name,
            from_state=current,
            to_state=target,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=note,
        )

    def history(self, obj):
        from gonghui.core.models import TransitionLog

        return TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")


def anyone(actor, obj) -> bool:
    return True
