"""Roster import (名册导入): a union's roster from an .xlsx file, validated in full, all or nothing.

The same functions serve the page (import_start), the background job (members.tasks), the
benchmark and the tests:

    job, created = import_start(org=org, upload=file, actor=user)   # saves the file, queues the job
    outcome = roster_import(org=org, source=path, actor=user)       # the job: validate, then write

Validation is one tight loop with no query per row: the ID numbers already held by a member are
found in batches of lookup hashes (members_by_id_hash). A former member (已退会) in the file is
re-admitted with their member number, as an approved online rejoin is (lifecycle.member_rejoin);
anyone else who holds a membership is an error. Writing builds the new members with
MemberBuilder (reusing the lookup hashes of validation) and saves them with member_create_many:
COPY on PostgreSQL, executemany on SQLite. benchmarks/README.md has the figures.
"""

import datetime
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, pii
from gonghui.core.models import Job
from gonghui.core.scoping import can_manage
from gonghui.core.tasks import enqueue, input_file, inputs_dir
from gonghui.core.validators import normalize_mobile, normalize_resident_id
from gonghui.core.xlsx import Column, RowError, build_template, in_every_language, read_rows, unreadable_cell
from gonghui.members.models import JobType, Member, MembershipEvent
from gonghui.members.services.roster import MemberBuilder, member_create_many, members_by_id_hash
from gonghui.orgs.models import Enterprise, Org

MAX_ROWS = 100_000
MAX_ERRORS_KEPT = 500
PROGRESS_EVERY = 2_000
KIND = "members.import_roster"
DOUBLE_CLICK = datetime.timedelta(minutes=2)  # the same file sent again within this is the same job

# Progress callback: (stage label, rows done, rows total).
Progress = Callable[[str, int, int], None]

STAGE_READING = gettext_lazy("读取文件")
STAGE_VALIDATING = gettext_lazy("校验数据")
STAGE_WRITING = gettext_lazy("写入名册")
SHEET_TITLE = gettext_lazy("会员名册")

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
    if parsed is None and text.isascii() and text.isdigit() and 20000 <= int(text) <= 80000:
        parsed = _EXCEL_EPOCH + datetime.timedelta(days=int(text))
    if parsed is None:
        raise ValidationError(_("日期格式应为2024-03-01、2024/3/1或2024年3月1日。"))
    if parsed > today:
        raise ValidationError(_("入会日期不能晚于今天。"))
    if parsed.year < 1925:
        raise ValidationError(_("入会日期不合理。"))
    return parsed


def job_type_parser() -> Callable[[str], str]:
    """A parser of job types: labels in every language and codes → code. Built once per import
    (the lookup is read once per row), so it always has the labels of the languages configured now."""
    lookup = {}
    for value, label in JobType.choices:
        lookup[value] = value
        for text in in_every_language(label):
            lookup[text] = value
            lookup[text.casefold()] = value
    labels = "、".join(str(label) for _v, label in JobType.choices)

    def parse(value: str) -> str:
        text = value.strip()
        found = lookup.get(text) or lookup.get(text.casefold())
        if found is None:
            raise ValidationError(_("职业类型应为以下之一：%(labels)s。") % {"labels": labels})
        return found

    return parse


def parse_job_type(value: str) -> str:
    return job_type_parser()(value)


_SPACES = re.compile(r"\s+")


def parse_name(value: str) -> str:
    name = _SPACES.sub(" ", value).strip()
    if len(name) > 40:
        raise ValidationError(_("姓名不能超过40个字。"))
    return name


def parse_employer(value: str) -> str:
    name = _SPACES.sub(" ", value).strip()
    if len(name) > 150:
        raise ValidationError(_("工作单位名称不能超过150个字。"))
    return name


_KEYS = ("name", "id_number", "mobile", "joined_on", "employer_name", "job_type")

# Headers cadres' own spreadsheets use for the same columns (besides the template's, in every language).
_SYNONYMS = {
    "name": ("职工姓名", "会员姓名", "员工姓名", "Full name"),
    "id_number": (
        "身份证号",
        "身份证",
        "公民身份号码",
        "公民身份证号码",
        "居民身份证号码",
        "身份证件号码",
        "证件号码",
        "证件号",
        "ID No.",
        "ID card number",
        "Resident ID number",
    ),
    "mobile": (
        "手机号",
        "手机",
        "联系电话",
        "联系方式",
        "电话号码",
        "移动电话",
        "手机号码/联系电话",
        "Mobile",
        "Phone",
    ),
    "joined_on": ("入会时间", "入会年月日", "Joined on", "Join date"),
    "employer_name": (
        "单位",
        "单位名称",
        "工作单位名称",
        "所在单位",
        "就业单位",
        "Employer name",
        "Work unit",
    ),
    "job_type": ("新就业形态类型", "新就业形态", "职业", "Occupation"),
}


def _column(key: str, header, **kwargs) -> Column:
    aliases = in_every_language(header) + _SYNONYMS.get(key, ())
    return Column(key, str(header), aliases=aliases, **kwargs)


def columns() -> list[Column]:
    """The template's columns, built per call so headers follow the active language; the headers of
    every language are accepted, so the English page's template imports in a Chinese job and back."""
    labels = "、".join(str(label) for _v, label in JobType.choices)
    return [
        _column("name", gettext_lazy("姓名"), parse=parse_name, help=_("会员本人姓名。"), example="张三"),
        _column(
            "id_number",
            gettext_lazy("身份证号码"),
            parse=normalize_resident_id,
            help=_("18位居民身份证号码（旧版15位自动转换）；末位X大小写均可。请保持本列为文本格式。"),
            example="11010519491231002X",  # a valid number (DESIGN.md): the example row must validate
            identity=True,
        ),
        _column(
            "mobile",
            gettext_lazy("手机号码"),
            parse=normalize_mobile,
            help=_("11位手机号码。"),
            example="13800138000",
        ),
        _column(
            "joined_on",
            gettext_lazy("入会日期"),
            required=False,
            parse=parse_joined_on,
            help=_("如2024-03-01、2024/3/1或2024年3月1日；不填则为导入当天。"),
            example="2024-03-01",
        ),
        _column(
            "employer_name",
            gettext_lazy("工作单位"),
            required=False,
            parse=parse_employer,
            help=_("不填则为本工会所在单位；合并的单元格按合并的内容填入每一行。"),
            example="",
        ),
        _column(
            "job_type",
            gettext_lazy("职业类型"),
            required=False,
            parse=job_type_parser(),
            help=_("新就业形态劳动者填写，可选：%(labels)s。") % {"labels": labels},
            example="",
        ),
    ]


def roster_template() -> bytes:
    return build_template(columns(), title=str(SHEET_TITLE))


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
    former: int | None = None  # pk of the member who left and is re-admitted by this row


@dataclass
class Checked:
    """The outcome of roster_validate: parsed rows, errors by row, the sheet read, the headers ignored."""

    rows: list[ParsedRow]
    errors: list[RowError]
    sheet: str = ""
    ignored: list[str] = field(default_factory=list)


def check_importer(*, org: Org, actor) -> None:
    if not can_manage(actor, org):
        raise ValidationError(_("您不能向该工会导入名册。"))
    if not org.admits_members or not org.is_active:
        raise ValidationError(_("“%(org)s”不直接发展会员，请选择基层工会或联合工会。") % {"org": org.name})


def roster_validate(
    *, org: Org, source, progress: Progress | None = None, max_rows: int | None = None
) -> Checked:
    """Read and check every row (at most `max_rows`, MAX_ROWS by default). Returns the parsed rows
    and the errors sorted by row."""
    cols = columns()
    report = progress or (lambda stage, done, total: None)
    report(str(STAGE_READING), 0, 0)
    read = read_rows(
        source,
        cols,
        max_rows=MAX_ROWS if max_rows is None else max_rows,
        progress=lambda n: report(str(STAGE_READING), n, 0),
        sheet_names=in_every_language(SHEET_TITLE),
    )
    sheet = read.sheet
    errors = read.errors
    if any(e.row is None for e in errors):
        return Checked([], errors, sheet)
    if not read.rows and not errors:
        return Checked(
            [], [RowError(None, "", _("工作表“%(s)s”中没有会员数据。") % {"s": sheet}, sheet)], sheet
        )
    raw_rows = read.rows
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
            value = raw[key]
            if not value:
                if value is None:  # the reader could not read the cell, and said why
                    ok = False
                elif required:
                    errors.append(RowError(row_no, header, required_msg, sheet))
                    ok = False
                values.append(None)
                continue
            try:
                values.append(parse(value))
            except ValidationError as e:
                errors.append(RowError(row_no, header, " ".join(e.messages), sheet))
                ok = False
            except Exception:  # a character no check foresaw: a message, never a crashed job
                errors.append(RowError(row_no, header, unreadable_cell(), sheet))
                ok = False
        if ok:
            name, id_number, mobile, joined_on, employer_name, job_type = values
            id_hash = hash_of(id_number)
            first = first_row_of.get(id_hash)
            if first is not None:
                errors.append(
                    RowError(row_no, id_header, _("与第%(n)d行的身份证号码重复。") % {"n": first}, sheet)
                )
                if first not in flagged:
                    errors.append(
                        RowError(first, id_header, _("与第%(n)d行的身份证号码重复。") % {"n": row_no}, sheet)
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
    # ID numbers that already belong to a member anywhere: batched lookups, never one query per row.
    if extra_keys:
        by_hash = {}
        for p in parsed:
            for h in pii.lookup_hashes(p.id_number):
                by_hash[h] = p
        found = {by_hash[h].row: held for h, held in members_by_id_hash(by_hash).items()}
    else:
        held_by = members_by_id_hash(p.id_hash for p in parsed)
        found = {p.row: held_by[p.id_hash] for p in parsed if p.id_hash in held_by}
    for p in parsed:
        held = found.get(p.row)
        if held is None:
            continue
        pk, status = held
        if status == Member.Status.LEFT:
            p.former = pk
        else:
            errors.append(RowError(p.row, id_header, _("该身份证号码已有会籍。"), sheet))
    report(str(STAGE_VALIDATING), total, total)
    errors.sort(key=lambda e: e.row or 0)
    return Checked(parsed, errors, sheet, read.ignored)


def _employers(org: Org) -> tuple[dict[str, Enterprise], Enterprise | None]:
    """Enterprises this union covers, by name; and the default one when it covers exactly one."""
    covered = list(Enterprise.objects.filter(union=org))
    by_name = {e.name: e for e in covered}
    return by_name, (covered[0] if len(covered) == 1 else None)


@transaction.atomic
def roster_write(
    *, org: Org, rows: list[ParsedRow], actor, file_name: str = "", progress: Progress | None = None
) -> tuple[int, int]:
    """Create the members of validated rows and re-admit the former members, in one transaction.

    Returns (members created, former members re-admitted)."""
    from gonghui.members.services.lifecycle import member_rejoin

    check_importer(org=org, actor=actor)
    report = progress or (lambda stage, done, total: None)
    total = len(rows)
    today = datetime.date.today()
    by_name, default_enterprise = _employers(org)
    stage = str(STAGE_WRITING)
    report(stage, 0, total)
    build = MemberBuilder(org=org, source=Member.Source.IMPORT).build
    members: list[Member] = []
    returning: list[tuple[ParsedRow, Enterprise | None]] = []
    for p in rows:
        enterprise = (
            by_name.get(p.employer_name) if p.employer_name else (None if p.job_type else default_enterprise)
        )
        if p.former is not None:
            returning.append((p, enterprise))
            continue
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
    formers = Member.objects.in_bulk([p.former for p, _e in returning]) if returning else {}
    for p, enterprise in returning:
        former = formers[p.former]
        try:
            member_rejoin(
                member=former,
                org=org,
                actor=actor,
                enterprise=enterprise,
                work={
                    "employer_name": p.employer_name,
                    "job_type": p.job_type,
                    "work_area": former.work_area,
                },
                note=_("名册导入重新入会"),
            )
        except ValidationError:  # re-admitted or changed since validation: nothing is written
            raise ValidationError(
                _("第%(n)d行的会员在校验后状态发生了变化，未导入任何数据，请重新上传。") % {"n": p.row}
            ) from None
    audit.record(
        org,
        action="roster_import",
        actor=actor,
        org=org,
        changes={
            "imported": [0, created],
            "rejoined": [0, len(returning)],
            "file": [None, file_name[:100]],
        },
    )
    return created, len(returning)


@dataclass
class ImportOutcome:
    rows: int
    created: int
    errors: list[RowError]
    rejoined: int = 0
    sheet: str = ""
    ignored: list[str] = field(default_factory=list)

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
        return ImportOutcome(rows=0, created=0, errors=[RowError(None, "", " ".join(e.messages))])
    checked = roster_validate(org=org, source=source, progress=progress)
    outcome = ImportOutcome(
        rows=len(checked.rows), created=0, errors=checked.errors, sheet=checked.sheet, ignored=checked.ignored
    )
    if checked.errors:
        return outcome
    try:
        outcome.created, outcome.rejoined = roster_write(
            org=org, rows=checked.rows, actor=actor, file_name=file_name, progress=progress
        )
    except ValidationError as e:
        outcome.errors = [RowError(None, "", " ".join(e.messages), checked.sheet)]
    return outcome


def outcome_message(outcome: ImportOutcome) -> str:
    """What the job page says after a good import."""
    message = _("已导入 %(n)d 名会员（工作表“%(sheet)s”）。") % {
        "sheet": outcome.sheet,
        "n": outcome.created + outcome.rejoined,
    }
    if outcome.rejoined:
        message += " " + _("其中 %(n)d 名是已退会的会员，已重新入会并保留原会员编号。") % {
            "n": outcome.rejoined
        }
    if outcome.ignored:
        message += " " + _("以下列不在模板中，未导入：%(cols)s。") % {"cols": "、".join(outcome.ignored[:20])}
    return message


# --- starting an import from a page or the API --------------------------------------------------


def import_upload_path(job: Job) -> Path:
    """Where an uploaded roster waits for its job (core.tasks deletes it when the job ends)."""
    return input_file(job)


def _save_upload(upload) -> tuple[Path, str]:
    """Write the upload next to where jobs read their files, hashing it on the way."""
    folder = inputs_dir()  # the clean-up sweeps it, so a crash here leaves nothing for long
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"upload-{secrets.token_hex(16)}.part"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return path, digest.hexdigest()


def import_start(*, org: Org, upload, actor) -> tuple[Job, bool]:
    """Save the uploaded roster and queue its import; the same file sent again (a double click, a
    resent form) within DOUBLE_CLICK returns the job already made. Returns (job, created)."""
    check_importer(org=org, actor=actor)
    temp, digest = _save_upload(upload)
    try:
        with transaction.atomic():
            from gonghui.accounts.models import User

            # one import request of a user at a time: a double click waits here, then finds the first job
            User.objects.select_for_update().filter(pk=actor.pk).exists()
            recent = Job.objects.filter(
                kind=KIND, created_by=actor, org=org, created_at__gte=timezone.now() - DOUBLE_CLICK
            ).order_by("-created_at")
            for job in recent:
                if job.params.get("sha256") == digest:
                    return job, False
            job = Job.objects.create(
                kind=KIND,
                org=org,
                created_by=actor,
                params={"file_name": upload.name[:150], "sha256": digest},
                stage=_("排队中"),
            )
            temp.replace(import_upload_path(job))
    finally:
        temp.unlink(missing_ok=True)
    enqueue(KIND, job)
    return job, True
