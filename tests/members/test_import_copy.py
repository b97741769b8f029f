"""The fast write path of member_create_many (COPY on PostgreSQL) and the import's fast helpers.

The COPY path must write exactly what Django's bulk_create writes; the cloned members of
MemberBuilder must equal build_member's; the fast Fernet encryptor must produce standard tokens.
"""

import base64
import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core import pii
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services.roster import (
    MemberBuilder,
    build_member,
    existing_id_hashes,
    member_create_many,
)
from tests.factories import make_id_number, make_member, make_mobile

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is the PostgreSQL write path"
)

# Columns that differ between two saves of the same person by design: keys, random values, clocks.
PER_SAVE = {"id", "uuid", "member_no", "id_number_encrypted", "created_at", "updated_at"}


def people(world, start: int) -> list[Member]:
    """A varied batch: with or without an enterprise, a rider with a work area, a retired member."""
    w = world
    members = [
        build_member(
            org=w.joint,
            name="王 芳",
            id_number=make_id_number(start, male=False),
            mobile=make_mobile(80_000),
            joined_on=datetime.date(2023, 5, 4),
            source=Member.Source.IMPORT,
        ),
        build_member(
            org=w.joint,
            name="李强",
            id_number=make_id_number(start + 1),
            mobile=make_mobile(80_001),
            joined_on=datetime.date(2024, 1, 31),
            source=Member.Source.IMPORT,
            job_type="delivery_rider",
            employer_name="城东配送站",
            work_area=w.township,
        ),
        build_member(
            org=w.joint,
            name="赵敏",
            id_number=make_id_number(start + 2, male=False),
            mobile=make_mobile(80_002),
            joined_on=datetime.date(2010, 9, 1),
            source=Member.Source.IMPORT,
            enterprise=w.enterprise,
        ),
    ]
    members[2].status, members[2].retired_on = Member.Status.RETIRED, datetime.date(2024, 6, 30)
    return members


def saved_rows(members: list[Member]) -> list[dict]:
    rows = Member.objects.filter(pk__in=[m.pk for m in members]).order_by("member_no").values()
    return [{k: v for k, v in row.items() if k not in PER_SAVE} for row in rows]


@on_postgresql
def test_copy_writes_what_bulk_create_writes(world, monkeypatch):
    copied = people(world, 71_000)
    ids = [pii.decrypt(m.id_number_encrypted) for m in copied]
    assert member_create_many(org=world.joint, members=copied, actor=world.joint_cadre) == 3

    # The same people through bulk_create (the SQLite path), under other ID numbers.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "vendor", "other")  # Django's bulk_create
        bulk = people(world, 71_100)  # same birth dates and genders as 71_000..71_002
        member_create_many(org=world.joint, members=bulk, actor=world.joint_cadre)

    got, expected = saved_rows(copied), saved_rows(bulk)
    for row in got + expected:  # ID-derived columns other than the birth date and gender differ by design
        row.pop("id_number_hash"), row.pop("id_number_masked")
    assert got == expected

    stored = list(Member.objects.filter(pk__in=[m.pk for m in copied]).order_by("member_no"))
    assert [m.id_number_plain() for m in stored] == ids
    assert [m.id_number_hash for m in stored] == [pii.lookup_hash(i) for i in ids]
    assert [m.id_number_masked for m in stored] == [pii.mask_id_number(i) for i in ids]
    assert all(m.created_at and m.updated_at and m.uuid for m in stored)
    assert stored[1].work_area == world.township and stored[2].enterprise == world.enterprise
    # Member numbers are one consecutive block; instances got their keys as bulk_create gives them.
    numbers = [int(m.member_no) for m in stored]
    assert numbers == list(range(numbers[0], numbers[0] + 3))
    assert [m.pk for m in copied] == [m.pk for m in stored] and not copied[0]._state.adding

    events = MembershipEvent.objects.filter(member__in=stored).order_by("member__member_no")
    assert [(e.member_id, e.kind, e.org_id, e.on, e.actor_id, e.note, e.from_org_id) for e in events] == [
        (m.pk, MembershipEvent.Kind.IMPORTED, world.joint.pk, m.joined_on, world.joint_cadre.pk, "", None)
        for m in stored
    ]
    bulk_events = MembershipEvent.objects.filter(member__in=bulk).order_by("member__member_no")
    assert [(e.kind, e.org_id, e.on, e.actor_id) for e in bulk_events] == [
        (e.kind, e.org_id, e.on, e.actor_id) for e in events
    ]


@on_postgresql
def test_copy_over_several_batches_keeps_numbers_consecutive(world, monkeypatch):
    from gonghui.members.services import roster

    monkeypatch.setattr(roster, "BATCH", 7)
    build = MemberBuilder(org=world.union, source=Member.Source.IMPORT).build
    numbers = [make_id_number(73_000 + i) for i in range(20)]
    members = [
        build(f"职工{i}", n, pii.lookup_hash(n), make_mobile(73_000 + i), datetime.date(2022, 2, 2))
        for i, n in enumerate(numbers)
    ]
    seen = []
    assert member_create_many(org=world.union, members=members, actor=None, progress=seen.append) == 20
    assert seen == [7, 14, 20]
    stored = list(Member.objects.filter(org=world.union, source=Member.Source.IMPORT).order_by("member_no"))
    assert [m.id_number_plain() for m in stored] == numbers
    member_nos = [int(m.member_no) for m in stored]
    assert member_nos == list(range(member_nos[0], member_nos[0] + 20))
    assert MembershipEvent.objects.filter(member__in=stored, actor=None).count() == 20


@on_postgresql
def test_copy_of_an_id_that_is_already_a_member_writes_nothing(world):
    taken = make_id_number(74_000)
    make_member(world.union, id_number=taken)
    before = (Member.objects.count(), MembershipEvent.objects.count())
    members = [
        build_member(
            org=world.union,
            name="甲",
            id_number=make_id_number(74_001),
            mobile=make_mobile(74_001),
            joined_on=datetime.date(2024, 1, 1),
            source=Member.Source.IMPORT,
        ),
        build_member(
            org=world.union,
            name="乙",
            id_number=taken,
            mobile=make_mobile(74_002),
            joined_on=datetime.date(2024, 1, 1),
            source=Member.Source.IMPORT,
        ),
    ]
    with pytest.raises(ValidationError) as raised:
        member_create_many(org=world.union, members=members, actor=None)
    assert "未导入任何数据" in raised.value.messages[0]
    assert (Member.objects.count(), MembershipEvent.objects.count()) == before
    assert Member.objects.filter(name="甲").count() == 0  # and the connection is still usable


def test_member_builder_matches_build_member(world):
    n = make_id_number(75_000, male=False)
    plain = build_member(
        org=world.union,
        name=" 孙丽 ",
        id_number=n,
        mobile="13912345678",
        joined_on=datetime.date(2021, 3, 3),
        source=Member.Source.IMPORT,
        enterprise=world.enterprise,
    )
    fast = MemberBuilder(org=world.union, source=Member.Source.IMPORT).build(
        " 孙丽 ", n, pii.lookup_hash(n), "13912345678", datetime.date(2021, 3, 3), world.enterprise
    )
    skip = {"_state", "uuid", "id_number_encrypted"}
    assert {k: v for k, v in fast.__dict__.items() if k not in skip} == {
        k: v for k, v in plain.__dict__.items() if k not in skip
    }
    assert pii.decrypt(fast.id_number_encrypted) == n and fast.uuid != plain.uuid
    assert fast.org is world.union and fast.enterprise is world.enterprise and fast._state.adding


def test_encryptor_makes_standard_fernet_tokens_under_the_current_key(settings):
    encrypt = pii.encryptor()
    for value in ["11010519491231002X", "", "x" * 16, "张三" * 20]:
        assert pii.decrypt(encrypt(value)) == value
    fernet = Fernet(base64.urlsafe_b64encode(pii._derive(settings.GONGHUI_ENCRYPTION_KEY, "encrypt")))
    assert fernet.decrypt(encrypt("11010519491231002X").encode()) == b"11010519491231002X"
    assert encrypt("11010519491231002X") != encrypt("11010519491231002X")  # a fresh IV each time


def test_lookup_hasher_equals_lookup_hash():
    hash_of = pii.lookup_hasher()
    assert hash_of("11010519491231002X") == pii.lookup_hash("11010519491231002X")
    assert hash_of("") == pii.lookup_hash("")


def test_existing_id_hashes_finds_members_in_large_batches(world):
    taken = make_id_number(76_000)
    make_member(world.union, id_number=taken)
    hashes = [pii.lookup_hash(make_id_number(76_001 + i)) for i in range(1_200)] + [pii.lookup_hash(taken)]
    assert existing_id_hashes(hashes) == {pii.lookup_hash(taken)}
    assert existing_id_hashes([]) == set()


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="executemany is the SQLite write path")


@on_sqlite
def test_sqlite_executemany_writes_what_bulk_create_writes(world, monkeypatch):
    fast = people(world, 76_000)
    ids = [pii.decrypt(m.id_number_encrypted) for m in fast]
    assert member_create_many(org=world.joint, members=fast, actor=world.joint_cadre) == 3
    with monkeypatch.context() as patch:
        patch.setattr(connection, "vendor", "other")  # Django's bulk_create
        bulk = people(world, 76_100)
        member_create_many(org=world.joint, members=bulk, actor=world.joint_cadre)
    got, expected = saved_rows(fast), saved_rows(bulk)
    for row in got + expected:
        row.pop("id_number_hash"), row.pop("id_number_masked")
    assert got == expected
    stored = list(Member.objects.filter(pk__in=[m.pk for m in fast]).order_by("member_no"))
    assert [m.id_number_plain() for m in stored] == ids and all(m.created_at and m.uuid for m in stored)
    assert [m.pk for m in fast] == [m.pk for m in stored] and not fast[0]._state.adding
    events = MembershipEvent.objects.filter(member__in=stored).order_by("member__member_no")
    assert [(e.member_id, e.kind, e.org_id, e.on, e.actor_id) for e in events] == [
        (m.pk, MembershipEvent.Kind.IMPORTED, world.joint.pk, m.joined_on, world.joint_cadre.pk)
        for m in stored
    ]
    # the next member made the ordinary way gets the next key, after the explicit ones
    after = make_member(world.joint)
    assert after.pk > max(m.pk for m in bulk)


@on_sqlite
def test_sqlite_executemany_of_an_id_that_is_already_a_member_writes_nothing(world):
    taken = make_id_number(77_000)
    make_member(world.union, id_number=taken)
    before = (Member.objects.count(), MembershipEvent.objects.count())
    build = MemberBuilder(org=world.union, source=Member.Source.IMPORT).build
    members = [
        build(f"职工{i}", n, pii.lookup_hash(n), make_mobile(77_000 + i), datetime.date(2022, 2, 2))
        for i, n in enumerate([make_id_number(77_001), taken])
    ]
    with pytest.raises(ValidationError):
        member_create_many(org=world.union, members=members, actor=None)
    assert (Member.objects.count(), MembershipEvent.objects.count()) == before
