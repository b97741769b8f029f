"""Roster export (名册导出): the roster's current filter as .xlsx, masked unless a full export was allowed.

A union's roster downloads at once. A township's or a county's (hundreds of thousands of rows,
about 7,500 rows a second) is written by a background job with a progress page, so no request
waits minutes or hits the server's timeout; its file is kept for its author for a day. One sheet
holds at most MAX_ROWS (Excel's limit is 1,048,576): beyond that, the cadre narrows the filter.
"""

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.core.models import Job
from gonghui.core.tasks import enqueue, finish, report_progress, result_file
from gonghui.core.xlsx import build_xlsx, write_xlsx
from gonghui.members.selectors import roster as sel
from gonghui.orgs.models import Org

KIND = "members.export_roster"
INLINE_ROWS = 5_000  # about a second: answered in the request
MAX_ROWS = 1_000_000
KEEP = datetime.timedelta(days=1)
DOUBLE_CLICK = datetime.timedelta(minutes=1)  # the same export asked again within this is the same job
_PROGRESS_EVERY = 2_000


def headers() -> list[str]:
    return [
        _("会员编号"),
        _("姓名"),
        _("性别"),
        _("身份证号码"),
        _("手机号码"),
        _("所在工会"),
        _("工作单位"),
        _("职业类型"),
        _("会籍状态"),
        _("入会日期"),
    ]


def rows(qs, *, full: bool) -> Iterable[list]:
    for m in qs.iterator(chunk_size=2000):
        yield [
            m.member_no,
            m.name,
            m.get_gender_display(),
            m.id_number_plain() if full else m.id_number_masked,
            m.mobile if full else m.mobile_masked,
            m.org.name,
            m.employer_name,
            m.get_job_type_display() if m.job_type else "",
            m.get_status_display(),
            m.joined_on,
        ]


def file_name(*, full: bool) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _("会员名册") + ("" if not full else _("（完整）")) + f"_{stamp}.xlsx"


def _params(f: sel.RosterFilter, *, full: bool) -> dict:
    return {
        "q": f.q,
        "org": str(f.org.uuid) if f.org else "",
        "status": f.status,
        "new_form": f.new_form,
        "job_type": f.job_type,
        "full": full,
    }


@dataclass
class ExportStarted:
    """What export_request did: a file to send now (`content`), or a background job (`job`)."""

    content: bytes | None = None
    job: Job | None = None
    created: bool = False


def export_request(*, user, f: sel.RosterFilter, full: bool) -> ExportStarted:
    """Start an export of the roster `f` selects: at once when small, else as a job (one per double
    click). A full export needs the permission over every union in it and is logged (once per job).
    Raises PermissionDenied (no full export), ValidationError (more rows than one file holds)."""
    qs = sel.members_for(user, f)
    orgs = sel.export_orgs(qs) if full else []
    if full:
        sel.check_full_export(user, orgs)
    count = qs.count()
    if count > MAX_ROWS:
        raise ValidationError(
            _("名册共 %(n)s 人，超过单个文件 %(max)s 人的上限。请按工会或会籍状态缩小范围后分批导出。")
            % {"n": f"{count:,}", "max": f"{MAX_ROWS:,}"}
        )

    def log_full_export():
        if full:
            pii.log_access(
                actor=user,
                action="export",
                count=count,
                org=sel.common_org(orgs, f.org),
                purpose=_("导出完整名册（%(filter)s）") % {"filter": sel.filter_description(f)},
            )

    if count > INLINE_ROWS and not sel.is_personal_number(f.q):
        job, created = export_start(user=user, f=f, full=full, count=count)
        if created:
            log_full_export()
        return ExportStarted(job=job, created=created)
    log_full_export()
    return ExportStarted(content=build_xlsx(headers(), rows(qs, full=full), title=_("会员名册")))


@transaction.atomic
def export_start(*, user, f: sel.RosterFilter, full: bool, count: int) -> tuple[Job, bool]:
    """Queue a large export, or return the same export already queued (a double click makes one job)."""
    from gonghui.accounts.models import User

    User.objects.select_for_update().filter(pk=user.pk).exists()  # one export request of a user at a time
    params = _params(f, full=full)
    recent = Job.objects.filter(kind=KIND, created_by=user, created_at__gte=timezone.now() - DOUBLE_CLICK)
    for job in recent.order_by("-created_at"):
        if job.params == params:
            return job, False
    job = Job.objects.create(
        kind=KIND, org=f.org, created_by=user, params=params, total=count, stage=_("排队中")
    )
    enqueue(KIND, job)
    return job, True


def _filter_of(job: Job) -> sel.RosterFilter:
    p = job.params
    org = Org.objects.get(uuid=p["org"]) if p.get("org") else None
    return sel.RosterFilter(
        q=p.get("q", ""),
        org=org,
        status=p.get("status", ""),
        new_form=p.get("new_form", ""),
        job_type=p.get("job_type", ""),
    )


def _remove_expired(folder: Path) -> None:
    cutoff = time.time() - KEEP.total_seconds()
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def export_run(job: Job) -> None:
    """The job: the author's scope as it is now, the filter as it was asked for."""
    user, full = job.created_by, bool(job.params.get("full"))
    qs = sel.members_for(user, _filter_of(job))
    if full:
        try:  # the permission may have gone since the request
            sel.check_full_export(user, sel.export_orgs(qs))
        except PermissionDenied:
            finish(
                job,
                errors=[
                    {
                        "row": None,
                        "column": "",
                        "reason": _("您没有查看完整个人信息的权限，只能导出脱敏名册。"),
                    }
                ],
            )
            return
    path = result_file(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_expired(path.parent)
    report_progress(job, done=0, total=job.total, stage=_("正在导出"))
    written = 0

    def counted():
        nonlocal written
        for row in rows(qs, full=full):
            written += 1
            if written % _PROGRESS_EVERY == 0:
                report_progress(job, done=written)
            yield row

    partial = path.with_suffix(".part")
    try:
        write_xlsx(partial, headers(), counted(), title=_("会员名册"))
        partial.replace(path)  # the download never sees a half-written file
    finally:
        partial.unlink(missing_ok=True)
    job.done = job.total = written
    job.stage = _("导出完成")
    finish(
        job,
        result={
            "rows": written,
            "download": file_name(full=full),
            "message": _("已导出 %(n)d 名会员，文件保留一天。") % {"n": written},
        },
    )
