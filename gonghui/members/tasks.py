"""Background jobs of the members app (registered with core.tasks): thin wrappers of the services."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.models import Job
from gonghui.core.tasks import finish, report_progress, task
from gonghui.members.services import roster_export as exporter
from gonghui.members.services import roster_import as importer
from gonghui.members.services.roster_import import import_upload_path

__all__ = ["export_roster", "import_roster", "import_upload_path"]


@task(importer.KIND)
def import_roster(job: Job) -> None:
    # core.tasks deletes the upload when the job ends (a retry after a transient error still needs it)
    path = import_upload_path(job)

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
        job.stage = (
            _("工作表“%(sheet)s”未通过校验") % {"sheet": outcome.sheet} if outcome.sheet else _("未通过校验")
        )
        finish(
            job,
            errors=[e.as_dict() for e in outcome.errors[: importer.MAX_ERRORS_KEPT]],
            result={
                # one file-level error is shown as a sentence, row errors as a table with their count
                "error_count": outcome.error_count if outcome.errors[0].row is not None else 0,
                "rows": outcome.rows,
                "sheet": outcome.sheet,
            },
        )
    else:
        job.stage = _("导入完成")
        job.done = job.total = outcome.created + outcome.rejoined
        url = reverse("members:roster") + f"?org={job.org.uuid}"
        finish(
            job,
            result={
                "created": outcome.created,
                "rejoined": outcome.rejoined,
                "sheet": outcome.sheet,
                "next_url": url,
                "message": importer.outcome_message(outcome),
            },
        )


@task(exporter.KIND)
def export_roster(job: Job) -> None:
    exporter.export_run(job)
