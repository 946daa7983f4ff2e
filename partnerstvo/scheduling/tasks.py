"""Jobs of the foundation that run on a schedule (apps register their own in their ready())."""

from __future__ import annotations

from django_tasks import task

from partnerstvo.core.jobs import prune_job_files as _prune_job_files


@task()
def prune_job_files() -> int:
    """Delete background jobs' files older than ``JOB_FILE_RETENTION_DAYS`` (``core.jobs``)."""
    return _prune_job_files()
