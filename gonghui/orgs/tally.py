"""Member tally: running member counts per union, kept in step with the members table.

Counting a million membership rows for a county's figures is too slow for a page, so every
operation that changes who is a member of which union (members.services: member_create,
member_create_many, transfer_approve, member_leave, member_retire, member_rejoin) calls
`tally_add` in its own transaction. Increments are `F()` expressions, so two concurrent joins in
one union both count: the database adds, nobody reads-modifies-writes. `recount` rebuilds the
tally from the members table (`manage.py recount_tallies`), for repairs and after bulk loads that
bypass the services.

What is counted: members whose status holds membership (active and retired, see Member.is_member),
and of those the new-employment-form members (with a job type).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q

from gonghui.orgs import contrib
from gonghui.orgs.models import Org, OrgMemberTally

MEMBER_STATUSES = ("active", "retired")


def tally_add(*, org: Org, members: int = 0, new_form: int = 0) -> None:
    """Add (or, with negative numbers, take away) members of `org`; call it inside the change's transaction."""
    if not members and not new_form:
        return
    changes = {"members": F("members") + members, "new_form_members": F("new_form_members") + new_form}
    if OrgMemberTally.objects.filter(org_id=org.pk).update(**changes):
        return
    try:
        with transaction.atomic():  # savepoint: a concurrent first insert for the same org may win
            OrgMemberTally.objects.create(
                org_id=org.pk, org_path=org.path, members=members, new_form_members=new_form
            )
    except IntegrityError:
        OrgMemberTally.objects.filter(org_id=org.pk).update(**changes)


def tally_member(member, sign: int) -> None:
    """Count one member in (sign=1) or out (sign=-1) of their current org."""
    tally_add(org=member.org, members=sign, new_form=sign if member.job_type else 0)


def counted(queryset) -> dict[int, tuple[int, int]]:
    """{org id: (members, new-form members)} computed from a Member queryset."""
    rows = (
        queryset.filter(status__in=MEMBER_STATUSES)
        .values("org_id")
        .annotate(members=Count("pk"), new_form=Count("pk", filter=~Q(job_type="")))
        .order_by()
    )
    return {row["org_id"]: (row["members"], row["new_form"]) for row in rows}


@dataclass
class RecountResult:
    checked: int = 0  # orgs with members or a tally row
    corrected: int = 0  # rows created, changed or zeroed
    differences: list | None = None  # (org id, org path, (members, new form) before, after)


@transaction.atomic
def recount(*, dry_run: bool = False) -> RecountResult:
    """Compare the tally with the members table and (unless dry_run) make it equal."""
    # Lock the tally rows so that a concurrent join waits for the repair instead of being lost by it.
    current = {
        t.org_id: t
        for t in OrgMemberTally.objects.select_for_update().only(
            "org_id", "org_path", "members", "new_form_members"
        )
    }
    truth = counted(contrib.member_rows())
    paths = dict(Org.objects.filter(pk__in=set(truth) | set(current)).values_list("pk", "path"))
    result = RecountResult(checked=len(paths), differences=[])
    to_create, to_update = [], []
    for org_id, path in sorted(paths.items(), key=lambda item: item[1]):
        members, new_form = truth.get(org_id, (0, 0))
        row = current.get(org_id)
        before = (row.members, row.new_form_members) if row else None
        if row is None and not members:
            continue
        if before == (members, new_form) and row.org_path == path:
            continue
        result.differences.append((org_id, path, before, (members, new_form)))
        if row is None:
            to_create.append(
                OrgMemberTally(org_id=org_id, org_path=path, members=members, new_form_members=new_form)
            )
        else:
            row.org_path, row.members, row.new_form_members = path, members, new_form
            to_update.append(row)
    result.corrected = len(result.differences)
    if not dry_run:
        OrgMemberTally.objects.bulk_create(to_create, batch_size=2000)
        OrgMemberTally.objects.bulk_update(
            to_update, ["org_path", "members", "new_form_members"], batch_size=2000
        )
    return result


def tally_many(members) -> None:
    """Count in a batch of newly created members (one update per org, whatever the batch size)."""
    by_org: dict[int, list] = {}
    for member in members:
        if member.status in MEMBER_STATUSES:
            by_org.setdefault(member.org_id, [member.org, 0, 0])
            entry = by_org[member.org_id]
            entry[1] += 1
            entry[2] += 1 if member.job_type else 0
    for _org_id, (org, count, new_form) in sorted(by_org.items()):  # fixed order: no deadlocks
        tally_add(org=org, members=count, new_form=new_form)


def tally_move(*, member, from_org: Org) -> None:
    """A member (now in member.org) moved from `from_org`. The two rows are updated in a fixed order
    (by org id), so two opposite transfers at the same moment cannot deadlock."""
    new_form = 1 if member.job_type else 0
    changes = [(from_org, -1, -new_form), (member.org, 1, new_form)]
    for org, count, nf in sorted(changes, key=lambda change: change[0].pk):
        tally_add(org=org, members=count, new_form=nf)
