"""Background jobs of the members app (registered with core.tasks)."""

from pathlib import Path

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.models import Job
from gonghui.core.tasks import finish, input_file, report_progress, task
from gonghui.members.services import roster_export as exporter
from gonghui.members.services import roster_import as importer


def import_upload_path(job: Job) -> Path:
    """Where an uploaded roster waits for its job (core.tasks deletes it when the job ends)."""
    return input_file(job)


@task(importer.KIND)
def import_roster(job: Job) -> None:
    path = import_upload_path(job)
    try:

        def progress(stage: str, done: int, total: int) -> None:
            report_progress(job, done=done, total=total or None, stage=stage)

        outcome = importer.roster_import(
            org=job.org,
            source=path,
            actor=job.created_by,
            file_name=job.params.get("file_name", ""),
            progress=progress,
        )
        if outcome.errors:
            job.stage = _("未通过校验")
            finish(
                job,
                errors=[e.as_dict() for e in outcome.errors[: importer.MAX_ERRORS_KEPT]],
                result={"error_count": outcome.error_count, "rows": outcome.rows},
            )
        else:
            job.stage = _("导入完成")
            job.done = job.total = outcome.created
            url = reverse("members:roster") + f"?org={job.org.uuid}"
            finish(
                job,
                result={
                    "created": outcome.created,
                    "next_url": url,
                    "message": _("已导入 %(n)d 名会员。") % {"n": outcome.created},
                },
            )
    finally:
        path.unlink(missing_ok=True)


@task(exporter.KIND)
def export_roster(job: Job) -> None:
    exporter.export_run(job)
