"""Background work of the directory: checking and applying large CSO imports, as
``core.jobs`` jobs (claimed atomically, the coordinator's right re-checked when they run)."""

from __future__ import annotations

from django_tasks import task

from partnerstvo.core.jobs import run_job
from partnerstvo.core.permissions import user_can

from .models import Organisation, OrganisationImport, OrganisationImportJob


def _may_import(job: OrganisationImportJob) -> bool:
    return job.requested_by is not None and user_can(job.requested_by, "import", Organisation)


@task()
def check_organisation_import(job_id: int) -> None:
    """Validate every row of a large uploaded import, with progress (the preview shows it)."""
    from .imports import organisation_import_check

    def work(job, progress, handle):
        organisation_import_check(job=job, progress=progress)

    try:
        run_job(OrganisationImportJob, job_id, work, may_run=_may_import)
    finally:
        _settle(
            job_id, busy=OrganisationImport.Status.CHECKING, to=OrganisationImport.Status.FAILED
        )


@task()
def apply_organisation_import(job_id: int) -> None:
    """Create every organisation of a large confirmed import, all or nothing."""
    from .imports import organisation_import_apply_job

    def work(job, progress, handle):
        organisation_import_apply_job(job=job, progress=progress)

    try:
        run_job(OrganisationImportJob, job_id, work, may_run=_may_import)
    finally:
        _settle(job_id, busy=OrganisationImport.Status.APPLYING, to=OrganisationImport.Status.READY)


def _settle(job_id: int, *, busy: str, to: str) -> None:
    """A job that failed (refused, or crashed) leaves its import in a state a person can act on,
    not "being checked" for ever: nothing was written, so a failed import is ready again."""
    job = OrganisationImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.status == OrganisationImportJob.Status.FAILED:
        OrganisationImport.objects.filter(pk=job.organisation_import_id, status=busy).update(
            status=to
        )
