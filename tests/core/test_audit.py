"""Audit history: who changed what, when; secret fields never stored."""

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member


def test_diff_records_changed_fields_only_and_hides_secret_ones(world):
    member = Member.objects.get(pk=world.member.pk)
    before = audit.snapshot(
        member, ["name", "mobile", "id_number_hash", "id_number_encrypted", "org", "joined_on"]
    )
    old_hash = member.id_number_hash
    member.name = "张伟明"
    member.set_id_number("11010519491231002X")
    member.org = world.park_joint
    changes = audit.diff(before, member)
    assert changes["name"] == ["张伟", "张伟明"]
    assert changes["id_number_hash"] == ["***", "***"] and changes["id_number_encrypted"] == ["***", "***"]
    assert changes["org"] == [str(world.union), str(world.park_joint)]
    assert "mobile" not in changes and "joined_on" not in changes
    assert old_hash not in str(changes) and "11010519491231002X" not in str(changes)


def test_secret_field_list_covers_identity_and_credentials():
    assert {"id_number", "id_number_encrypted", "id_number_hash", "password"} <= audit.SECRET_FIELDS


def test_record_writes_who_what_and_the_org_and_history_reads_it_back(world):
    entry = audit.record(
        world.member, action="update", actor=world.enterprise_cadre, changes={"mobile": ["a", "b"]}
    )
    assert entry.actor == world.enterprise_cadre and entry.org == world.union and entry.at is not None
    assert entry.subject == world.member
    later = audit.record(world.member, action="retire", actor=None)  # a system action (import, command)
    history = list(audit.history(world.member).filter(action__in=["update", "retire"]))
    assert history == [entry, later] and later.actor is None


def test_anonymous_actors_are_stored_as_none(world):
    from django.contrib.auth.models import AnonymousUser

    entry = audit.record(world.union, action="update", actor=AnonymousUser(), org=world.township)
    assert AuditEntry.objects.get(pk=entry.pk).actor is None and entry.org == world.township
