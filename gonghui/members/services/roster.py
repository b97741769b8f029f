"""Creating members: one at a time (approval, cadre entry) or many (roster import, demo data)."""

import datetime
import uuid
from collections.abc import Iterable
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import pii, sequences, stamps
from gonghui.core.validators import resident_id_birth_date
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.selectors.roster import MEMBERS
from gonghui.orgs.models import Org
from gonghui.orgs.tally import tally_many

BATCH = 2000


def format_member_no(n: int) -> str:
    return f"{n:010d}"


def members_by_id_hash(hashes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Which of these lookup hashes already belong to a member (any status, anywhere): hash → (pk, status)."""
    hashes = list(hashes)
    found: dict[str, tuple[int, str]] = {}
    if connection.vendor == "postgresql":  # one array parameter per 10,000 hashes instead of 900 placeholders
        sql = (
            f"SELECT id_number_hash, id, status FROM {connection.ops.quote_name(Member._meta.db_table)}"
            " WHERE id_number_hash = ANY(%s)"
        )
        with connection.cursor() as cursor:
            for i in range(0, len(hashes), 10_000):
                cursor.execute(sql, [hashes[i : i + 10_000]])
                found.update((h, (pk, status)) for h, pk, status in cursor.fetchall())
        return found
    for i in range(0, len(hashes), 900):
        rows = Member.objects.filter(id_number_hash__in=hashes[i : i + 900]).values_list(
            "id_number_hash", "pk", "status"
        )
        found.update((h, (pk, status)) for h, pk, status in rows)
    return found


def existing_id_hashes(hashes: Iterable[str]) -> set[str]:
    """Which of these lookup hashes already belong to a member (any status, anywhere)."""
    return set(members_by_id_hash(hashes))


def member_exists_for_id(id_number: str) -> Member | None:
    """The member with this (normalised) ID number, under the current or a rotated key."""
    return Member.objects.filter(id_number_hash__in=pii.lookup_hashes(id_number)).first()


def build_member(
    *,
    org: Org,
    name: str,
    id_number: str,
    mobile: str,
    joined_on: datetime.date,
    source: str,
    enterprise=None,
    employer_name: str = "",
    job_type: str = "",
    work_area: Org | None = None,
    user=None,
) -> Member:
    """An unsaved Member with its encrypted ID fields; `id_number` and `mobile` already normalised."""
    member = Member(
        org=org,
        org_path=org.path,
        name=name.strip(),
        mobile=mobile,
        joined_on=joined_on,
        source=source,
        enterprise=enterprise,
        employer_name=employer_name or (enterprise.name if enterprise else ""),
        job_type=job_type or "",
        work_area=work_area,
        user=user,
    )
    member.set_id_number(id_number)
    return member


class MemberBuilder:
    """Builds many unsaved members of one union, each equal to what `build_member` returns.

    For a 100,000-row import, Django's Model.__init__ (about 20 µs per member, it walks every field
    and its default) costs more than encrypting the ID number; cloning a template's attributes
    costs about 3 µs. Only plain field values differ between the members of one import, so the
    clone is exact: a fresh ModelState, a fresh uuid, the org (and enterprise) in the related cache
    as Member(org=..., enterprise=...) would leave them.
    """

    def __init__(self, *, org: Org, source: str):
        template = Member(
            org=org, org_path=org.path, name="", mobile="", joined_on=datetime.date.today(), source=source
        )
        self._template = {k: v for k, v in template.__dict__.items() if k != "_state"}
        self._org = org
        self._encrypt = pii.encryptor()

    def build(
        self,
        name: str,
        id_number: str,
        id_hash: str,
        mobile: str,
        joined_on: datetime.date,
        enterprise=None,
        employer_name: str = "",
        job_type: str = "",
    ) -> Member:
        """`id_number` normalised, `id_hash` its pii.lookup_hash (already computed by validation)."""
        member = Member.__new__(Member)
        state = ModelState()
        state.fields_cache = {"org": self._org, "enterprise": enterprise, "work_area": None, "user": None}
        values = self._template.copy()
        values.update(
            _state=state,
            uuid=uuid.uuid4(),
            name=name.strip(),
            mobile=mobile,
            joined_on=joined_on,
            enterprise_id=enterprise.pk if enterprise is not None else None,
            employer_name=employer_name or (enterprise.name if enterprise is not None else ""),
            job_type=job_type,
            id_number_encrypted=self._encrypt(id_number),
            id_number_hash=id_hash,
            id_number_masked=pii.mask_id_number(id_number),
            birth_date=resident_id_birth_date(id_number),
            gender="M" if int(id_number[16]) % 2 else "F",
        )
        member.__dict__ = values
        return member


@transaction.atomic
def member_create_many(
    *, org: Org, members: list[Member], actor, kind: str = MembershipEvent.Kind.IMPORTED, progress=None
) -> int:
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
        if connection.vendor == "postgresql":
            done = _copy_members(
                org=org, members=members, kind=kind, actor=actor_or_none, today=today, progress=progress
            )
        elif connection.vendor == "sqlite":
            done = _insert_members_sqlite(
                org=org, members=members, kind=kind, actor=actor_or_none, today=today, progress=progress
            )
        else:  # any other database: Django's bulk_create (also the reference the fast paths are tested against)
            for i in range(0, len(members), BATCH):
                chunk = Member.objects.bulk_create(members[i : i + BATCH])
                MembershipEvent.objects.bulk_create(
                    [
                        MembershipEvent(
                            member=m, kind=kind, org=org, on=m.joined_on or today, actor=actor_or_none
                        )
                        for m in chunk
                    ]
                )
                done += len(chunk)
                if progress:
                    progress(done)
    except IntegrityError:
        raise ValidationError(
            _("部分身份证号码已是会员（可能刚刚有人入会），未导入任何数据，请重新上传。")
        ) from None
    tally_many(members)
    # Written without signals: the roster's kept counts and pages (core.stamps) are read afresh.
    stamps.touch(MEMBERS, {m.org_path for m in members})
    return done


# Field types whose Python values psycopg writes to COPY exactly as Django would save them.
_COPY_AS_IS = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "TextField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "OneToOneField",
    "UUIDField",
    "IntegerField",
    "PositiveIntegerField",
    "BooleanField",
}


def _copy_plan(model) -> tuple[str, list[str], list]:
    """COPY statement, attribute names and the fields needing get_db_prep_save, for `model`'s table."""
    qn = connection.ops.quote_name
    fields = model._meta.concrete_fields
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN (FORMAT BINARY)"
    converted = [(i, f) for i, f in enumerate(fields) if f.get_internal_type() not in _COPY_AS_IS]
    return sql, [f.attname for f in fields], converted


_EVENT_COLUMNS = ("member_id", "kind", "org_id", "from_org_id", "on", "note", "actor_id", "at")


def _column_types(cursor, table: str, columns: list[str]) -> list[int]:
    """Type OIDs of the table's columns, in this order: binary COPY needs them."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
        [connection.ops.quote_name(table)],
    )
    oids = dict(cursor.fetchall())
    return [oids[c] for c in columns]


def _copy_members(
    *, org: Org, members: list[Member], kind: str, actor, today: datetime.date, progress
) -> int:
    """PostgreSQL: write members and their history events with COPY, in batches, in the caller's transaction.

    Primary keys are reserved up front with nextval() on the table's own identity sequence (one
    query; nextval never hands the same value to two sessions, so a concurrent insert cannot take
    them), which lets the events reference their members without reading anything back. The
    unique constraints still apply: a duplicate ID number fails the COPY with an IntegrityError.
    """
    table = Member._meta.db_table
    now = timezone.now()
    member_sql, attnames, converted = _copy_plan(Member)
    values_of = itemgetter(*attnames)
    auto_now = [
        f.attname
        for f in Member._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    qn = connection.ops.quote_name
    event_sql = (
        f"COPY {qn(MembershipEvent._meta.db_table)} ({', '.join(qn(c) for c in _EVENT_COLUMNS)})"
        " FROM STDIN (FORMAT BINARY)"
    )
    actor_id = actor.pk if actor is not None else None
    org_id, alias = org.pk, connection.alias
    done = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [qn(table), len(members)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        member_types = _column_types(
            cursor, Member._meta.db_table, [f.column for f in Member._meta.concrete_fields]
        )
        event_types = _column_types(cursor, MembershipEvent._meta.db_table, list(_EVENT_COLUMNS))
        for i in range(0, len(members), BATCH):
            chunk = members[i : i + BATCH]
            with connection.wrap_database_errors, raw.copy(member_sql) as copy:
                copy.set_types(member_types)
                for member, pk in zip(chunk, ids[i : i + BATCH], strict=True):
                    d = member.__dict__
                    d["id"] = pk
                    for name in auto_now:
                        d[name] = now
                    row = values_of(d)
                    if converted:
                        row = list(row)
                        for j, field in converted:
                            row[j] = field.get_db_prep_save(row[j], connection)
                    copy.write_row(row)
            with connection.wrap_database_errors, raw.copy(event_sql) as copy:
                copy.set_types(event_types)
                for member in chunk:
                    d = member.__dict__
                    copy.write_row((d["id"], kind, org_id, None, d["joined_on"] or today, "", actor_id, now))
            for member in chunk:
                state = member._state
                state.adding = False
                state.db = alias
            done += len(chunk)
            if progress:
                progress(done)
    return done


def _sqlite_value(field):
    """The function that turns a Python value of `field` into what Django writes to SQLite."""
    kind = field.get_internal_type()
    if kind == "DateField":  # DatabaseOperations.adapt_datefield_value
        return lambda v: None if v is None else str(v)
    if kind == "UUIDField":  # UUIDField.get_db_prep_value without a native uuid type
        return lambda v: None if v is None else v.hex
    return lambda v: field.get_db_prep_save(v, connection)


def _insert_members_sqlite(
    *, org: Org, members: list[Member], kind: str, actor, today: datetime.date, progress
) -> int:
    """SQLite: write members and their events with executemany of one prepared INSERT per table.

    bulk_create splits 2,000 members into statements of 38 rows (SQLite's 999-variable limit over 26
    columns) and builds each statement's SQL anew; one prepared statement run for every row is several
    times faster. Keys are given explicitly from the table's next id: the transaction already holds
    SQLite's write lock (transaction_mode IMMEDIATE, and the member numbers were reserved in it), so
    no other writer can take them. Values are prepared as Django prepares them (get_db_prep_save) for
    the fields that need it (tests/members/test_import_copy.py compares with bulk_create).
    """
    with connection.cursor() as cursor:
        # The twelve indexes of 100,000 new members (random uuids and hashes among them) outgrow
        # SQLite's default 2 MB page cache: 64 MB for the import's duration saves about a fifth.
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -65536")
        try:
            return _insert_batches(
                cursor, members, org=org, kind=kind, actor=actor, today=today, progress=progress
            )
        finally:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")


def _insert_batches(cursor, members: list[Member], *, org: Org, kind: str, actor, today, progress) -> int:
    table = Member._meta.db_table
    qn = connection.ops.quote_name
    fields = Member._meta.concrete_fields
    attnames = [f.attname for f in fields]
    now = timezone.now()
    auto_now = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    plain = {
        "AutoField",
        "BigAutoField",
        "CharField",
        "TextField",
        "ForeignKey",
        "OneToOneField",
        "IntegerField",
    }
    converted = [
        (i, _sqlite_value(f))
        for i, f in enumerate(fields)
        if f.get_internal_type() not in plain and f.attname not in auto_now
    ]
    stamps = [
        (attnames.index(n), Member._meta.get_field(n).get_db_prep_save(now, connection)) for n in auto_now
    ]
    columns = ", ".join(qn(f.column) for f in fields)
    member_sql = f"INSERT INTO {qn(table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    event_sql = (
        f"INSERT INTO {qn(MembershipEvent._meta.db_table)} ({', '.join(qn(c) for c in _EVENT_COLUMNS)})"
        f" VALUES ({', '.join(['%s'] * len(_EVENT_COLUMNS))})"
    )
    at = MembershipEvent._meta.get_field("at").get_db_prep_save(now, connection)
    actor_id, alias = (actor.pk if actor is not None else None), connection.alias
    cursor.execute(f"SELECT MAX(id) FROM {qn(table)}")
    last = cursor.fetchone()[0] or 0
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    row = cursor.fetchone()
    last = max(last, row[0] if row else 0)
    values_of = itemgetter(*attnames)
    done = 0
    for i in range(0, len(members), BATCH):
        chunk = members[i : i + BATCH]
        rows, events = [], []
        for member in chunk:
            last += 1
            d = member.__dict__
            d["id"] = last
            for name in auto_now:
                d[name] = now
            values = list(values_of(d))
            for j, convert in converted:
                values[j] = convert(values[j])
            for j, stamp in stamps:
                values[j] = stamp
            rows.append(values)
            events.append((last, kind, org.pk, None, str(d["joined_on"] or today), "", actor_id, at))
        cursor.executemany(member_sql, rows)
        cursor.executemany(event_sql, events)
        for member in chunk:
            member._state.adding = False
            member._state.db = alias
        done += len(chunk)
        if progress:
            progress(done)
    return done


@transaction.atomic
def member_create(
    *, member: Member, actor, kind: str = MembershipEvent.Kind.JOINED, note: str = ""
) -> Member:
    """Save one new member (built with `build_member`) with its number and history event."""
    from gonghui.core import audit

    member.member_no = format_member_no(sequences.take("member_no", 1)[0])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(_("该身份证号码已是会员，一人只能有一个会籍。")) from None
    MembershipEvent.objects.create(
        member=member,
        kind=kind,
        org=member.org,
        on=member.joined_on,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        member, action="create", actor=actor, org=member.org, changes={"org": [None, str(member.org)]}
    )
    tally_many([member])
    return member
