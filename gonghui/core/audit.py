"""Audit history: who changed what, when. Services call `record` inside their transaction."""

from django.contrib.contenttypes.models import ContentType

from gonghui.core.models import AuditEntry

# Fields whose values never go into the audit trail (only the fact that they changed).
SECRET_FIELDS = {"id_number", "id_number_encrypted", "id_number_hash", "password", "bank_account", "health"}


def snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def diff(before: dict, obj) -> dict:
    changes = {}
    for field, old in before.items():
        new = getattr(obj, field)
        if old != new:
            if field in SECRET_FIELDS:
                changes[field] = ["***", "***"]
            else:
                changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if hasattr(value, "pk"):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(obj, *, action: str, actor, changes: dict | None = None, org=None) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        org=org if org is not None else getattr(obj, "org", None),
        action=action,
        changes=changes or {},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def history(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")
