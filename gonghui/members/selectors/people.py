"""Whom a cadre may look up by phone: the people of the cadre's own subtrees.

Pages that add someone by mobile number (a service team's member or leader, a volunteer team's
leader, a task's leader) show the person's name once found. A cadre must not learn that way who is
registered in another county: a person found only outside the cadre's subtrees reads exactly like
an unknown number.
"""

from django.db.models import QuerySet

from gonghui.accounts.models import Position, User
from gonghui.members.models import Member
from gonghui.orgs.models import EnterpriseContact

# (every record, the records the cadre sees, the field naming the person), for one kind of tie
Source = tuple[QuerySet, QuerySet, str]


def person_in_scope(actor, user: User, *, also: tuple[Source, ...] = ()) -> bool:
    """Whether `actor` may learn who `user` is.

    Yes when the person is a member, a cadre or an enterprise contact in one of the actor's
    subtrees (or in `also`, the calling app's own ties, such as its team members), or belongs to
    no org at all (a newly registered account, whom the cadre asked to register). No when every
    tie of the person is outside the actor's subtrees.
    """
    if getattr(actor, "is_superuser", False) or user.pk == getattr(actor, "pk", None):
        return True
    sources: list[Source] = [
        (Member.objects.all(), Member.objects.visible_to(actor, own=False), "user"),
        (Position.objects.all(), Position.objects.visible_to(actor, own=False), "user"),
        (EnterpriseContact.objects.all(), EnterpriseContact.objects.visible_to(actor, own=False), "user"),
        *also,
    ]
    tied = False
    for everyone, visible, field in sources:
        if visible.filter(**{field: user}).exists():
            return True
        tied = tied or everyone.filter(**{field: user}).exists()
    return not tied


def members_by_mobile(mobiles) -> dict[str, Member]:
    """{mobile: member} of the members with these (normalised) mobile numbers, holding membership."""
    found: dict[str, Member] = {}
    for m in Member.objects.filter(mobile__in=list(mobiles)).select_related("org").order_by("pk"):
        if m.is_member:
            found.setdefault(m.mobile, m)
    return found
