"""Creating members: one at a time (approval, cadre entry) or many (roster import, demo data)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core import pii, sequences
from gonghui.members.models import Member, MembershipEvent
from gonghui.orgs.models import Org

BATCH = 2000


def format_member_no(n: int) -> str:
    return f"{n:010d}"


def existing_id_hashes(hashes: Iterable[str]) -> set[str]:
    """Which of these lookup hashes already belong to a member (any status, anywhere)."""
    hashes = list(hashes)
    found: set[str] = set()
    for i in range(0, len(hashes), 900):
        found.update(Member.objects.filter(id_number_hash__in=hashes[i : i + 900]).values_list("id_number_hash", flat=True))
    return found


def member_exists_for_id(id_number: str) -> Member | None:
    """The member with this (normalised) ID number, under the current or a rotated key."""
    return Member.objects.filter(id_number_hash__in=pii.lookup_hashes(id_number)).first()


def build_member(*, org: Org, name: str, id_number: str, mobile: str, joined_on: datetime.date, source: str,
                 enterprise=None, employer_name: str = "", job_type: str = "", work_area: Org | None = None,
                 user=None) -> Member:
    """An unsaved Member with its encrypted ID fields; `id_number` and `mobile` already normalised."""
    member = Member(
        org=org, org_path=org.path, name=name.strip(), mobile=mobile, joined_on=joined_on, source=source,
        enterprise=enterprise, employer_name=employer_name or (enterprise.name if enterprise else ""),
        job_type=job_type or "", work_area=work_area, user=user,
    )
    member.set_id_number(id_number)
    return member


@transaction.atomic
def member_create_many(*, org: Org, members: list[Member], actor, kind: str = MembershipEvent.Kind.IMPORTED,
                       progress=None) -> int:
    """Save unsaved members built with `build_member`, in batches, all or nothing.

    Numbers are reserved in one block; each member gets a history event. A duplicate ID number
    (a concurrent join, say) rolls everything back with a clear message.
    """
    if not members:
        return 0
    numbers = sequences.take("member_no", len(members))
    for member, n in zip(members, numbers, strict=True):
        member.member_no = format_member_no(n)
    today = datetime.date.today()
    actor_or_none = actor if getattr(actor, "is_authenticated", False) else None
    done = 0
    try:
        for i in range(0, len(members), BATCH):
            chunk = Member.objects.bulk_create(members[i : i + BATCH])
            MembershipEvent.objects.bulk_create(
                [MembershipEvent(member=m, kind=kind, org=org, on=m.joined_on or today, actor=actor_or_none) for m in chunk]
            )
            done += len(chunk)
            if progress:
                progress(done)
    except IntegrityError:
        raise ValidationError(_("部分身份证号码已是会员（可能刚刚有人入会），未导入任何数据，请重新上传。")) from None
    return done


@transaction.atomic
def member_create(*, member: Member, actor, kind: str = MembershipEvent.Kind.JOINED, note: str = "") -> Member:
    """Save one new member (built with `build_member`) with its number and history event."""
    from gonghui.core import audit

    member.member_no = format_member_no(sequences.take("member_no", 1)[0])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(_("该身份证号码已是会员，一人只能有一个会籍。")) from None
    MembershipEvent.objects.create(member=member, kind=kind, org=member.org, on=member.joined_on, note=note,
                                   actor=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(member, action="create", actor=actor, org=member.org, changes={"org": [None, str(member.org)]})
    return member
