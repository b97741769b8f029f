"""Roster import (名册导入): a union's roster from an .xlsx file, validated in full, all or nothing.

The same functions serve the background job (members.tasks), the benchmark and the tests:

    parsed, errors = roster_validate(org=org, source=path, progress=...)
    if not errors:
        roster_write(org=org, rows=parsed, actor=actor, progress=...)

Validation is one tight loop with no query per row: the ID numbers already held by a member are
found in batches of lookup hashes (existing_id_hashes). Writing builds the members with
MemberBuilder (reusing the lookup hashes of validation) and saves them with member_create_many:
COPY on PostgreSQL, bulk inserts on SQLite. benchmarks/README.md has the figures.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gonghui.core import audit, pii
from gonghui.core.scoping import can_manage
from gonghui.core.validators import normalize_mobile, normalize_resident_id
from gonghui.core.xlsx import Column, RowError, build_template, read_rows
from gonghui.members.models import JobType, Member, MembershipEvent
from gonghui.members.services.roster import MemberBuilder, existing_id_hashes, member_create_many
from gonghui.orgs.models import Enterprise, Org

MAX_ROWS = 100_000
MAX_ERRORS_KEPT = 500
PROGRESS_EVERY = 2_000
KIND = "members.import_roster"

# Progress callback: (stage label, rows done, rows total).
Progress = Callable[[str, int, int], None]

STAGE_READING = gettext_lazy("读取文件")
STAGE_VALIDATING = gettext_lazy("校验数据")
STAGE_WRITING = gettext_lazy("写入名册")

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_joined_on(value: str, *, today: datetime.date | None = None) -> datetime.date:
    """2024-03-01, 2024/3/1, 2024年3月1日, an Excel date cell, or an Excel date serial (45352)."""
    today = today or datetime.date.today()
    text = value.strip().split(" ")[0].split("T")[0]
    parsed = None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                parsed = datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValidationError(_("日期“%(v)s”不存在。") % {"v": value}) from None
            break
    if parsed is None and text.isdigit() and 20000 <= int(text) <= 80000:
        parsed = _EXCEL_EPOCH + datetime.timedelta(days=int(text))
    if parsed is None:
        raise ValidationError(_("日期格式应为2024-03-01、2024/3/1或2024年3月1日。"))
    if parsed > today:
        raise ValidationError(_("入会日期不能晚于今天。"))
    if parsed.year < 1925:
        raise ValidationError(_("入会日期不合理。"))
    return parsed


@lru_cache(maxsize=8)
def _job_type_lookup(language: str | None) -> dict[str, str]:
    """Labels (in the active language) and codes → code; cached per language, it is read once per row."""
    lookup = {str(label): value for value, label in JobType.choices}
    lookup.update({value: value for value, _label in JobType.choices})
    return lookup


def parse_job_type(value: str) -> str:
    found = _job_type_lookup(get_language()).get(value.strip())
    if found is None:
        raise ValidationError(
            _("职业类型应为以下之一：%(labels)s。")
            % {"labels": "、".join(str(label) for _v, label in JobType.choices)}
        )
    return found


_SPACES = re.compile(r"\s+")


def parse_name(value: str) -> str:
    name = _SPACES.sub(" ", value).strip()
    if len(name) > 40:
        raise ValidationError(_("姓名不能超过40个字。"))
    return name


def parse_employer(value: str) -> str:
    name = value.strip()
    if len(name) > 150:
        raise ValidationError(_("工作单位名称不能超过150个字。"))
    return name


_KEYS = ("name", "id_number", "mobile", "joined_on", "employer_name", "job_type")


def columns() -> list[Column]:
    """The template's columns, built per call so headers follow the active language."""
    return [
        Column("name", _("姓名"), parse=parse_name, help=_("会员本人姓名。"), example="张三"),
        Column(
            "id_number",
            _("身份证号码"),
            parse=normalize_resident_id,
            help=_("18位居民身份证号码（旧版15位自动转换）；末位X大小写均可。"),
            example="11010519491231002X",
        ),
        Column(
            "mobile", _("手机号码"), parse=normalize_mobile, help=_("11位手机号码。"), example="13800138000"
        ),
        Column(
            "joined_on",
            _("入会日期"),
            required=False,
            parse=parse_joined_on,
            help=_("如2024-03-01、2024/3/1或2024年3月1日；不填则为导入当天。"),
            example="2024-03-01",
        ),
        Column(
            "employer_name",
            _("工作单位"),
            required=False,
            parse=parse_employer,
            help=_("不填则为本工会所在单位。"),
            example="",
        ),
        Column(
            "job_type",
            _("职业类型"),
            required=False,
            parse=parse_job_type,
            help=_("新就业形态劳动者填写，可选：%(labels)s。")
            % {"labels": "、".join(str(label) for _v, label in JobType.choices)},
            example="",
        ),
    ]


def roster_template() -> bytes:
    return build_template(columns(), title=_("会员名册"))


@dataclass
class ParsedRow:
    row: int
    name: str
    id_number: str
    id_hash: str
    mobile: str
    joined_on: datetime.date | None
    employer_name: str
    job_type: str


def check_importer(*, org: Org, actor) -> None:
    if not can_manage(actor, org):
        raise ValidationError(_("您不能向该工会导入名册。"))
    if not org.admits_members or not org.is_active:
        raise ValidationError(_("“%(org)s”不直接发展会员，请选择基层工会或联合工会。") % {"org": org.name})


def roster_validate(
    *, org: Org, source, progress: Progress | None = None, max_rows: int = MAX_ROWS
) -> tuple[list[ParsedRow], list[RowError]]:
    """Read and check every row. Returns the parsed rows and the errors sorted by row."""
    cols = columns()
    report = progress or (lambda stage, done, total: None)
    report(str(STAGE_READING), 0, 0)
    raw_rows, errors = read_rows(
        source, cols, max_rows=max_rows, progress=lambda n: report(str(STAGE_READING), n, 0)
    )
    if errors:
        return [], errors
    if not raw_rows:
        return [], [RowError(2, "", _("文件中没有会员数据。"))]
    total = len(raw_rows)
    id_header = cols[1].header
    extra_keys = len(pii.lookup_hashes("")) > 1  # a key rotation is under way: match old hashes too
    parsed: list[ParsedRow] = []
    first_row_of: dict[str, int] = {}
    flagged: set[int] = set()
    # The loop below runs up to 100,000 times: everything that does not depend on the row (column
    # specs, messages, the keyed hasher) is prepared here, and each cell costs one parse call.
    assert [c.key for c in cols] == list(_KEYS), "the unpacking below follows columns()"
    specs = [(c.key, c.header, c.required, c.parse) for c in cols]
    required_msg = _("必填项为空。")
    hash_of = pii.lookup_hasher()
    stage = str(STAGE_VALIDATING)
    report(stage, 0, total)
    for i, (row_no, raw) in enumerate(raw_rows, start=1):
        values = []
        ok = True
        for key, header, required, parse in specs:
            value = raw.get(key)
            if not value:
                if required:
                    errors.append(RowError(row_no, header, required_msg))
                    ok = False
                values.append(None)
                continue
            try:
                values.append(parse(value))
            except ValidationError as e:
                errors.append(RowError(row_no, header, " ".join(e.messages)))
                ok = False
        if ok:
            name, id_number, mobile, joined_on, employer_name, job_type = values
            id_hash = hash_of(id_number)
            first = first_row_of.get(id_hash)
            if first is not None:
                errors.append(RowError(row_no, id_header, _("与第%(n)d行的身份证号码重复。") % {"n": first}))
                if first not in flagged:
                    errors.append(
                        RowError(first, id_header, _("与第%(n)d行的身份证号码重复。") % {"n": row_no})
                    )
                    flagged.add(first)
            else:
                first_row_of[id_hash] = row_no
                parsed.append(
                    ParsedRow(
                        row_no,
                        name,
                        id_number,
                        id_hash,
                        mobile,
                        joined_on,
                        employer_name or "",
                        job_type or "",
                    )
                )
        if i % PROGRESS_EVERY == 0:
            report(stage, i, total)
    # ID numbers that already hold a membership anywhere: batched lookups, never one query per row.
    if extra_keys:
        by_hash = {}
        for p in parsed:
            for h in pii.lookup_hashes(p.id_number):
                by_hash[h] = p
        taken_rows = {by_hash[h].row for h in existing_id_hashes(by_hash)}
    else:
        taken = existing_id_hashes(p.id_hash for p in parsed)
        taken_rows = {p.row for p in parsed if p.id_hash in taken}
    for row_no in sorted(taken_rows):
        errors.append(RowError(row_no, id_header, _("该身份证号码已有会籍。")))
    report(str(STAGE_VALIDATING), total, total)
    errors.sort(key=lambda e: e.row)
    return parsed, errors


def _employers(org: Org) -> tuple[dict[str, Enterprise], Enterprise | None]:
    """Enterprises this union covers, by name; and the default one when it covers exactly one."""
    covered = list(Enterprise.objects.filter(union=org))
    by_name = {e.name: e for e in covered}
    return by_name, (covered[0] if len(covered) == 1 else None)


@transaction.atomic
def roster_write(
    *, org: Org, rows: list[ParsedRow], actor, file_name: str = "", progress: Progress | None = None
) -> int:
    """Create the members of validated rows in one transaction (batched bulk inserts)."""
    check_importer(org=org, actor=actor)
    report = progress or (lambda stage, done, total: None)
    total = len(rows)
    today = datetime.date.today()
    by_name, default_enterprise = _employers(org)
    stage = str(STAGE_WRITING)
    report(stage, 0, total)
    build = MemberBuilder(org=org, source=Member.Source.IMPORT).build
    members: list[Member] = []
    for p in rows:
        enterprise = (
            by_name.get(p.employer_name) if p.employer_name else (None if p.job_type else default_enterprise)
        )
        members.append(
            build(
                p.name,
                p.id_number,
                p.id_hash,
                p.mobile,
                p.joined_on or today,
                enterprise,
                p.employer_name,
                p.job_type,
            )
        )
    created = member_create_many(
        org=org,
        members=members,
        actor=actor,
        kind=MembershipEvent.Kind.IMPORTED,
        progress=lambda done: report(stage, done, total),
    )
    audit.record(
        org,
        action="roster_import",
        actor=actor,
        org=org,
        changes={"imported": [0, created], "file": [None, file_name[:100]]},
    )
    return created


@dataclass
class ImportOutcome:
    rows: int
    created: int
    errors: list[RowError]

    @property
    def error_count(self) -> int:
        return len(self.errors)


def roster_import(
    *, org: Org, source, actor, file_name: str = "", progress: Progress | None = None
) -> ImportOutcome:
    """Validate the whole file; if every row is good, write them all. Nothing is written otherwise."""
    try:
        check_importer(org=org, actor=actor)
    except ValidationError as e:  # the importer's position may have been revoked since the upload
        return ImportOutcome(rows=0, created=0, errors=[RowError(0, "", " ".join(e.messages))])
    parsed, errors = roster_validate(org=org, source=source, progress=progress)
    if errors:
        return ImportOutcome(rows=len(parsed), created=0, errors=errors)
    try:
        created = roster_write(org=org, rows=parsed, actor=actor, file_name=file_name, progress=progress)
    except ValidationError as e:
        return ImportOutcome(rows=len(parsed), created=0, errors=[RowError(0, "", " ".join(e.messages))])
    return ImportOutcome(rows=len(parsed), created=created, errors=[])
