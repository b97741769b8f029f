"""Identity numbers and phones stored before input was normalised (`gonghui check-identities`).

Until issue 9 the validators accepted any Unicode digit (`isdigit()`, `int()`, `\\d`), so a
database may hold ID numbers and phones in full-width or other digits, and one person may hold two
memberships: their ID numbers differ as text, so their lookup hashes differ. `identity_check`
finds both. With `fix=True` it normalises what can be normalised in place (lookup hashes
recomputed, one transaction per batch, every change audited) and records the memberships that are
one person as a SuspectedDuplicate for a cadre: they are never merged by the system.
`duplicate_resolve` is the cadre's decision: one membership stays, the others are closed through
the lifecycle service (member_leave), and the one that stays holds the normalised number.
"""

import datetime
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, pii
from gonghui.core.scoping import can_manage
from gonghui.core.validators import fold_identity_input, normalize_mobile, normalize_resident_id
from gonghui.members.models import JoinApplication, Member, SuspectedDuplicate

BATCH = 1000
_MOBILE_REGEX = r"^1[3-9][0-9]{9}$"  # the database's own regex: ASCII digits only, on SQLite and PostgreSQL
_ID_FIELDS = ["id_number_encrypted", "id_number_hash", "id_number_masked", "birth_date", "gender"]


def repair_stored_number(value: str) -> str:
    """A stored number as the old validators read it: folded, and any decimal digit (٣, ३) as the
    ASCII digit that `int()` made of it when the number was checked and its check digit computed.
    For stored data only: typed input with such digits is refused (core.validators)."""
    text = fold_identity_input(value)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in text)


def _normal_id(plain: str) -> str:
    # A number was valid on the day it was stored: its birth date is not checked against today.
    return normalize_resident_id(repair_stored_number(plain), today=datetime.date.max)


def _normal_mobile(value: str) -> str:
    return normalize_mobile(repair_stored_number(value))


# --- what was found -------------------------------------------------------------------------------

CATEGORIES = {
    "member_id": _("会员身份证号码未规范"),
    "member_mobile": _("会员手机号码未规范"),
    "user_phone": _("账号手机号码未规范"),
    "application_id": _("入会申请身份证号码未规范"),
    "application_mobile": _("入会申请手机号码未规范"),
    "invalid": _("无法自动规范（请核对原始材料后更正）"),
    "conflict": _("规范后与另一条记录相同，未修改（请人工处理）"),
    "closed_duplicate": _("已处理的重复会籍中被关闭的会籍（保留原写法，不再修改）"),
}


# What --fix normalised, by category.
FIXED = {
    "member_id": _("会员身份证号码"),
    "member_mobile": _("会员手机号码"),
    "user_phone": _("账号手机号码"),
    "application_id": _("入会申请身份证号码"),
    "application_mobile": _("入会申请手机号码"),
}


@dataclass
class Finding:
    """One record and what is wrong with it, by masked references only (never a full number)."""

    ref: str
    detail: str = ""


@dataclass
class IdentityReport:
    findings: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    duplicates: list[tuple[str, list[Member]]] = field(default_factory=list)  # (masked number, members)
    fixed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    duplicates_recorded: int = 0  # SuspectedDuplicate rows created or extended by this run

    def add(self, category: str, ref: str, detail: str = "") -> None:
        self.findings[category].append(Finding(ref, detail))

    @property
    def clean(self) -> bool:
        """Nothing left to do (closed duplicates keep their spelling on purpose)."""
        return not self.duplicates and not any(v for k, v in self.findings.items() if k != "closed_duplicate")


def member_ref(member: Member) -> str:
    return _("会员%(no)s（%(name)s，%(org)s，%(status)s）") % {
        "no": member.member_no,
        "name": pii.mask_name(member.name),
        "org": member.org.name,
        "status": member.get_status_display(),
    }


def _user_ref(user: User) -> str:
    return _("账号#%(pk)d（%(name)s）") % {"pk": user.pk, "name": pii.mask_name(user.name)}


def _application_ref(application: JoinApplication) -> str:
    return _("入会申请#%(pk)d（%(name)s，%(org)s）") % {
        "pk": application.pk,
        "name": pii.mask_name(application.name),
        "org": application.org.name,
    }


def _batches(queryset: QuerySet, size: int, *, lock: bool = False) -> Iterator[list]:
    """The rows of `queryset` by primary key, `size` at a time, each batch in its own transaction
    (rows locked when `lock`): the caller's changes to a batch commit together when it asks for the
    next one, and roll back if it raises."""
    last = 0
    while True:
        with transaction.atomic():
            qs = queryset.filter(pk__gt=last).order_by("pk")
            if lock:
                qs = qs.select_for_update(of=("self",))
            rows = list(qs[:size])
            if not rows:
                return
            yield rows
        last = rows[-1].pk


def _saved(obj, fields: list[str]) -> bool:
    """Save these fields in a savepoint; False when a unique constraint refuses the new value."""
    try:
        with transaction.atomic():
            obj.save(update_fields=fields)
    except IntegrityError:
        return False
    return True


# --- the check and the fix -----------------------------------------------------------------------


def identity_check(*, fix: bool = False, batch_size: int = BATCH) -> IdentityReport:
    """List (and with `fix`, normalise) stored identity numbers and phones, and the memberships
    that are one person. Running it twice with `fix` changes nothing the second time."""
    report = IdentityReport()
    candidates = _scan_member_ids(report, batch_size=batch_size)
    groups = _duplicate_groups(candidates)
    grouped = {pk for _normal, pks in groups for pk in pks}
    if fix:
        alone = {pk: normal for pk, normal in candidates.items() if pk not in grouped}
        _fix_member_ids(alone, report, batch_size=batch_size)
    for normal, pks in groups:
        members = list(Member.objects.select_related("org").filter(pk__in=pks).order_by("pk"))
        report.duplicates.append((pii.mask_id_number(normal), members))
        if fix:
            report.duplicates_recorded += _record_duplicate(members, masked=pii.mask_id_number(normal))
    _check_member_mobiles(report, fix=fix, batch_size=batch_size)
    _check_user_phones(report, fix=fix, batch_size=batch_size)
    _check_applications(report, fix=fix, batch_size=batch_size)
    return report


def _closed_duplicates() -> set[int]:
    """Members a cadre closed as the duplicate of another: they keep their spelling on purpose, so
    that the normalised number finds only the membership that stayed."""
    through = SuspectedDuplicate.members.through
    return set(
        through.objects.filter(suspectedduplicate__state=SuspectedDuplicate.State.RESOLVED)
        .exclude(member_id=F("suspectedduplicate__kept_id"))
        .values_list("member_id", flat=True)
    )


def _id_is_normal(row, plain: str, normal: str) -> bool:
    # A hash under an old key is rotate-keys' business, not a normalisation.
    return plain == normal and row.id_number_hash in pii.lookup_hashes(plain)


def _scan_member_ids(report: IdentityReport, *, batch_size: int) -> dict[int, str]:
    """Members whose ID number is not stored normalised → the normalised number. Reads only."""
    closed = _closed_duplicates()
    found: dict[int, str] = {}
    rows = Member.objects.select_related("org").only(
        "pk", "name", "member_no", "status", "org__name", "id_number_encrypted", "id_number_hash"
    )
    for batch in _batches(rows, batch_size):
        for m in batch:
            plain = m.id_number_plain()
            try:
                normal = _normal_id(plain)
            except ValidationError as e:
                report.add("invalid", member_ref(m), _id_problem(plain, e))
                continue
            if _id_is_normal(m, plain, normal):
                continue
            if m.pk in closed:
                report.add("closed_duplicate", member_ref(m), pii.mask_id_number(normal))
                continue
            found[m.pk] = normal
            report.add("member_id", member_ref(m), pii.mask_id_number(normal))
    return found


def _id_problem(plain: str, error: ValidationError) -> str:
    return _("身份证号码%(masked)s：%(error)s") % {
        "masked": pii.mask_id_number(plain),
        "error": error.messages[0],
    }


def _duplicate_groups(candidates: dict[int, str]) -> list[tuple[str, list[int]]]:
    """Candidates that share their normalised number with another member (a candidate or not)."""
    by_number: dict[str, set[int]] = defaultdict(set)
    for pk, normal in candidates.items():
        by_number[normal].add(pk)
    numbers = list(by_number)
    for i in range(0, len(numbers), 300):
        number_of = {h: n for n in numbers[i : i + 300] for h in pii.lookup_hashes(n)}
        for pk, h in Member.objects.filter(id_number_hash__in=list(number_of)).values_list(
            "pk", "id_number_hash"
        ):
            by_number[number_of[h]].add(pk)
    return [(normal, sorted(pks)) for normal, pks in by_number.items() if len(pks) > 1]


def _fix_member_ids(fixes: dict[int, str], report: IdentityReport, *, batch_size: int) -> None:
    pks = sorted(fixes)
    for i in range(0, len(pks), batch_size):
        with transaction.atomic():
            rows = (
                Member.objects.select_for_update(of=("self",))
                .select_related("org")
                .filter(pk__in=pks[i : i + batch_size])
            )
            for m in rows:
                plain = m.id_number_plain()
                normal = _normal_id(plain)  # read again under the lock
                if _id_is_normal(m, plain, normal):
                    continue
                m.set_id_number(normal)
                if not _saved(m, [*_ID_FIELDS, "updated_at"]):
                    # A member with this number was created since the scan: the next run lists the pair.
                    report.add("conflict", member_ref(m), pii.mask_id_number(normal))
                    continue
                audit.record(
                    m,
                    action="identity_normalise",
                    actor=None,
                    org=m.org,
                    changes={"id_number": ["***", "***"]},
                )
                report.fixed["member_id"] += 1


@transaction.atomic
def _record_duplicate(members: list[Member], *, masked: str) -> int:
    """One SuspectedDuplicate per person: created, or extended (and reopened) by a membership it
    did not list yet. Returns 1 when something was written, else 0."""
    pks = [m.pk for m in members]
    through = SuspectedDuplicate.members.through
    known = list(through.objects.filter(member_id__in=pks).values_list("suspectedduplicate_id", flat=True))
    existing = SuspectedDuplicate.objects.select_for_update().filter(pk__in=known).order_by("pk").first()
    numbers = [m.member_no for m in members]
    if existing is None:
        duplicate = SuspectedDuplicate.objects.create(id_number_masked=masked)
        duplicate.members.set(pks)
        audit.record(
            duplicate,
            action="duplicate_found",
            actor=None,
            org=members[0].org,
            changes={"members": [None, numbers]},
        )
        return 1
    new = set(pks) - set(existing.members.values_list("pk", flat=True))
    if not new:
        return 0
    existing.members.add(*new)
    if existing.state != SuspectedDuplicate.State.OPEN:
        existing.state = SuspectedDuplicate.State.OPEN
        existing.save(update_fields=["state"])
    audit.record(
        existing,
        action="duplicate_found",
        actor=None,
        org=members[0].org,
        changes={"members": [None, numbers]},
    )
    return 1


def _mobile_or_report(report: IdentityReport, ref: str, value: str) -> str | None:
    """The normalised mobile, or None after reporting (masked) why it cannot be normalised."""
    try:
        return _normal_mobile(value)
    except ValidationError as e:
        report.add(
            "invalid", ref, _("手机号码%(m)s：%(e)s") % {"m": pii.mask_mobile(value), "e": e.messages[0]}
        )
        return None


def _check_member_mobiles(report: IdentityReport, *, fix: bool, batch_size: int) -> None:
    rows = (
        Member.objects.select_related("org")
        .exclude(mobile="")
        .exclude(mobile__regex=_MOBILE_REGEX)
        .only("pk", "name", "member_no", "status", "org__name", "mobile", "org_id")
    )
    for batch in _batches(rows, batch_size, lock=fix):
        for m in batch:
            normal = _mobile_or_report(report, member_ref(m), m.mobile)
            if normal is None:
                continue
            report.add("member_mobile", member_ref(m), pii.mask_mobile(normal))
            if fix:
                old, m.mobile = m.mobile, normal
                m.save(update_fields=["mobile", "updated_at"])
                audit.record(
                    m,
                    action="identity_normalise",
                    actor=None,
                    org=m.org,
                    changes={"mobile": [pii.mask_mobile(old), pii.mask_mobile(normal)]},
                )
                report.fixed["member_mobile"] += 1


def _check_user_phones(report: IdentityReport, *, fix: bool, batch_size: int) -> None:
    rows = User.objects.exclude(phone="").exclude(phone__regex=_MOBILE_REGEX).only("pk", "name", "phone")
    for batch in _batches(rows, batch_size, lock=fix):
        for user in batch:
            normal = _mobile_or_report(report, _user_ref(user), user.phone)
            if normal is None:
                continue
            other = User.objects.filter(phone=normal).exclude(pk=user.pk).first()
            if other is not None:
                # Two accounts of one number: which one the person uses is for an administrator to ask.
                report.add(
                    "conflict",
                    _user_ref(user),
                    _("手机号码%(m)s已是%(other)s的登录号码")
                    % {"m": pii.mask_mobile(normal), "other": _user_ref(other)},
                )
                continue
            report.add("user_phone", _user_ref(user), pii.mask_mobile(normal))
            if fix:
                old, user.phone = user.phone, normal
                if not _saved(user, ["phone"]):
                    report.add("conflict", _user_ref(user), pii.mask_mobile(normal))
                    continue
                audit.record(
                    user,
                    action="identity_normalise",
                    actor=None,
                    changes={"phone": [pii.mask_mobile(old), pii.mask_mobile(normal)]},
                )
                report.fixed["user_phone"] += 1


def _check_applications(report: IdentityReport, *, fix: bool, batch_size: int) -> None:
    rows = JoinApplication.objects.select_related("org").only(
        "pk", "name", "state", "org__name", "org_id", "mobile", "id_number_encrypted", "id_number_hash"
    )
    for batch in _batches(rows, batch_size, lock=fix):
        for a in batch:
            _check_application(report, a, fix=fix)


def _check_application(report: IdentityReport, a: JoinApplication, *, fix: bool) -> None:
    fields, changes = [], {}
    plain = a.id_number_plain()
    try:
        normal = _normal_id(plain)
    except ValidationError as e:
        report.add("invalid", _application_ref(a), _id_problem(plain, e))
    else:
        if not _id_is_normal(a, plain, normal):
            report.add("application_id", _application_ref(a), pii.mask_id_number(normal))
            a.set_id_number(normal)
            fields += _ID_FIELDS
            changes["id_number"] = ["***", "***"]
    if a.mobile and not (a.mobile.isascii() and a.mobile.isdigit() and len(a.mobile) == 11):
        try:
            mobile = _normal_mobile(a.mobile)
        except ValidationError as e:
            report.add(
                "invalid",
                _application_ref(a),
                _("手机号码%(m)s：%(e)s") % {"m": pii.mask_mobile(a.mobile), "e": e.messages[0]},
            )
        else:
            if mobile != a.mobile:
                report.add("application_mobile", _application_ref(a), pii.mask_mobile(mobile))
                changes["mobile"] = [pii.mask_mobile(a.mobile), pii.mask_mobile(mobile)]
                a.mobile = mobile
                fields.append("mobile")
    if not (fix and fields):
        return
    if not _saved(a, [*fields, "updated_at"]):
        # uniq_pending_join_per_person: another pending application of the same person.
        report.add("conflict", _application_ref(a), _("同一人另有一份待审核的入会申请，请不予通过其中一份"))
        return
    audit.record(a, action="identity_normalise", actor=None, org=a.org, changes=changes)
    for key in ("id_number", "mobile"):
        if key in changes:
            report.fixed[f"application_{'id' if key == 'id_number' else 'mobile'}"] += 1


# --- the cadre's decision -----------------------------------------------------------------------


def duplicate_can_resolve(user, duplicate: SuspectedDuplicate) -> bool:
    """Only a cadre who manages every membership of the group decides which one stays."""
    return all(can_manage(user, m.org) for m in duplicate.members.select_related("org"))


@transaction.atomic
def duplicate_resolve(
    *, duplicate: SuspectedDuplicate, keep: Member, actor, reason: str
) -> SuspectedDuplicate:
    """The cadre keeps `keep`; the other memberships are closed with member_leave (history, audit,
    tallies), the kept one holds the normalised number and, if it had none, the login of a closed one."""
    from gonghui.members.services.lifecycle import member_leave

    duplicate = SuspectedDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.state != SuspectedDuplicate.State.OPEN:
        raise ValidationError(_("这组疑似重复会籍已经处理过了。"))
    members = list(duplicate.members.select_related("org").order_by("pk"))
    if keep.pk not in {m.pk for m in members}:
        raise ValidationError({"keep": _("请从这组会籍中选择要保留的一条。")})
    if not all(can_manage(actor, m.org) for m in members):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写处理说明（例如核实的情况），它会写入会籍记录。")})
    keep = next(m for m in members if m.pk == keep.pk)
    others = [m for m in members if m.pk != keep.pk]
    if not keep.is_member and any(m.is_member for m in others):
        raise ValidationError({"keep": _("请保留仍在册的会籍；已退会的记录可在处理后为其办理重新入会。")})

    note = _("与会员%(kept)s为同一人（身份证号码规范后相同），保留%(kept)s。%(reason)s") % {
        "kept": keep.member_no,
        "reason": reason,
    }
    for m in others:
        if m.is_member:
            member_leave(member=m, actor=actor, on=max(timezone.localdate(), m.joined_on), reason=note[:200])
    _give_normal_number(keep, others, actor=actor)
    _give_login(keep, others, actor=actor)

    duplicate.state = SuspectedDuplicate.State.RESOLVED
    duplicate.kept = keep
    duplicate.reason = reason[:200]
    duplicate.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    duplicate.resolved_at = timezone.now()
    duplicate.save(update_fields=["state", "kept", "reason", "resolved_by", "resolved_at"])
    audit.record(
        duplicate,
        action="duplicate_resolve",
        actor=actor,
        org=keep.org,
        changes={
            "kept": [None, keep.member_no],
            "closed": [None, [m.member_no for m in others]],
            "reason": [None, reason[:200]],
        },
    )
    return duplicate


def _give_normal_number(keep: Member, others: list[Member], *, actor) -> None:
    """The kept membership holds the normalised number. If a closed one held it, the two swap their
    spellings: the closed one keeps the same person's number as it was typed, found by no lookup."""
    plain = keep.id_number_plain()
    normal = _normal_id(plain)
    if _id_is_normal(keep, plain, normal):
        return
    holder = next((m for m in others if m.id_number_hash in pii.lookup_hashes(normal)), None)
    if holder is not None:
        spelling = (keep.id_number_encrypted, keep.id_number_hash, keep.id_number_masked)
        keep.id_number_hash = f"resolving-{uuid.uuid4().hex}"  # frees the old spelling's hash for a moment
        keep.save(update_fields=["id_number_hash"])
        holder.id_number_encrypted, holder.id_number_hash, holder.id_number_masked = spelling
        holder.save(update_fields=["id_number_encrypted", "id_number_hash", "id_number_masked", "updated_at"])
        audit.record(
            holder,
            action="duplicate_close",
            actor=actor,
            org=holder.org,
            changes={"id_number": ["***", "***"], "kept": [None, keep.member_no]},
        )
    keep.set_id_number(normal)
    try:
        with transaction.atomic():
            keep.save(update_fields=[*_ID_FIELDS, "updated_at"])
    except IntegrityError:
        raise ValidationError(
            _("另有一名会员使用规范后的身份证号码，请重新运行 gonghui check-identities 后再处理。")
        ) from None
    audit.record(
        keep, action="identity_normalise", actor=actor, org=keep.org, changes={"id_number": ["***", "***"]}
    )


def _give_login(keep: Member, others: list[Member], *, actor) -> None:
    """A person logs in to the membership that stayed: it takes a closed one's login if it has none."""
    if keep.user_id is not None:
        return
    donor = next((m for m in others if m.user_id is not None), None)
    if donor is None:
        return
    user_id = donor.user_id
    donor.user = None
    donor.save(update_fields=["user", "updated_at"])
    keep.user_id = user_id
    keep.save(update_fields=["user", "updated_at"])
    audit.record(keep, action="account_link", actor=actor, org=keep.org, changes={"user": [None, user_id]})
