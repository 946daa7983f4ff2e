"""Long work as one background-job abstraction.

A job is a row (a concrete subclass of ``BackgroundJob``) created by a service in the request and
worked by a task (django-tasks) in a worker. ``run_job`` is the whole life of the task:

1. claim the row atomically (``UPDATE ... SET status=running WHERE pk=... AND status=pending``),
   so two workers given the same job never both run it;
2. ask the policy again whether the requester may still have the result (a role can be revoked
   between the request and the run): refused jobs fail without a file;
3. run the work, which reports progress on the row (``done`` of ``total``);
4. store the result in the private storage under a random name, keep the name the person sees in
   ``file_name``, and mark the job ready; any error marks it failed, with a message.

Views show a job with one progress page pattern (``job_progress_json`` for the page's script and
for machines) and send the result with ``job_file_response``, both after the policy check.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Callable
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import models
from django.http import Http404, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .files import private_file_response, private_storage, random_name

logger = logging.getLogger(__name__)


def job_upload_to(instance: BackgroundJob, filename: str) -> str:
    return random_name(instance.files_prefix, filename)


class BackgroundJob(models.Model):
    """What every background job has: who asked, its state and progress, and its private file.

    Subclasses add what the work needs (a course, a file to read), set ``files_prefix`` (the
    directory of their results in the private storage) and ``permission_action`` (the policy
    action on the job that its requester must still hold when it runs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        # The file was deleted after ``JOB_FILE_RETENTION_DAYS`` (``prune_job_files``).
        EXPIRED = "expired", _("Removed")

    ACTIVE_STATUSES = (Status.PENDING, Status.RUNNING)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=job_upload_to, blank=True, max_length=255
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    files_prefix = "jobs"
    permission_action = "view"
    content_type = "application/octet-stream"

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    def progress_data(self) -> dict:
        return {
            "id": self.pk,
            "status": self.status,
            "status_label": str(self.get_status_display()),
            "done": self.done,
            "total": self.total,
            "percent": self.progress_percent,
            "error": self.error,
        }


class JobFailed(Exception):
    """The work ends without a result for a reason the requester should read (the message, in
    their language): the job fails with it, and the task itself does not crash."""


def claim(model: type[BackgroundJob], pk: int) -> BackgroundJob | None:
    """Take a waiting job for this worker, atomically: None when it is unknown or another worker
    (or an earlier run) already has it."""
    taken = model.objects.filter(pk=pk, status=model.Status.PENDING).update(
        status=model.Status.RUNNING, started_at=timezone.now(), done=0
    )
    if not taken:
        return None
    return model.objects.get(pk=pk)


def run_job(
    model: type[BackgroundJob],
    pk: int,
    work: Callable[[BackgroundJob, Callable[[int, int], None], IO[bytes]], str | None],
    *,
    may_run: Callable[[BackgroundJob], bool] | None = None,
) -> BackgroundJob | None:
    """Run one job (see the module's docstring). ``work(job, progress, handle)`` writes the result
    into ``handle`` (a temporary file), calls ``progress(done, total)`` as it goes and returns the
    download name (None: the work has no file, e.g. an import that writes rows); it raises
    ``JobFailed`` to end with a message for the requester. ``may_run(job)`` re-checks
    permission (default: the policy's ``permission_action`` on the job, for its requester).
    Returns the job, or None when it was not this worker's to run."""
    from .permissions import user_can

    job = claim(model, pk)
    if job is None:
        return None
    rows = model.objects.filter(pk=pk)
    if may_run is None:

        def may_run(job):
            return job.requested_by is not None and user_can(
                job.requested_by, job.permission_action, job
            )

    if not may_run(job):
        rows.update(
            status=model.Status.FAILED,
            error=str(_("You may no longer have this file.")),
            finished_at=timezone.now(),
        )
        return None

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total)

    try:
        with (
            translation.override(job.language or settings.LANGUAGE_CODE),
            tempfile.TemporaryFile() as handle,
        ):
            name = work(job, progress, handle)
            if name:
                handle.seek(0)
                job.file.save(name, File(handle), save=False)
    except JobFailed as error:
        rows.update(status=model.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now())
        return None
    except Exception:
        # The traceback goes to the task's log; the requester reads a plain sentence.
        logger.exception("Background job %s %s failed", model._meta.label, pk)
        rows.update(
            status=model.Status.FAILED,
            error=str(_("Something went wrong while preparing this. Please try again.")),
            finished_at=timezone.now(),
        )
        raise
    rows.update(
        file=job.file.name or "",
        file_name=(name or "")[:255],
        status=model.Status.READY,
        done=models.F("total"),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def prune_job_files(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of finished jobs older than ``settings.JOB_FILE_RETENTION_DAYS`` (exports
    carry personal data, which is kept no longer than it is useful) and mark those jobs expired;
    the rows stay, so the requester's list still says what was made and when. Returns the number
    of files deleted. Run daily by the scheduler (``scheduling.tasks.prune_job_files``)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.JOB_FILE_RETENTION_DAYS)
    deleted = 0
    for model in apps.get_models():
        if not issubclass(model, BackgroundJob):
            continue
        old = model.objects.filter(status=model.Status.READY, finished_at__lt=cutoff).exclude(
            file=""
        )
        storage = model._meta.get_field("file").storage
        for pk, name in old.values_list("pk", "file").iterator(chunk_size=500):
            # Marked first: a download that starts now finds no file rather than half of one.
            if model.objects.filter(pk=pk, status=model.Status.READY).update(
                status=model.Status.EXPIRED, file=""
            ):
                storage.delete(name)
                deleted += 1
    if deleted:
        logger.info("Deleted %d expired job files.", deleted)
    return deleted


def job_progress_json(job: BackgroundJob, *, download_url: str | None = None) -> JsonResponse:
    """The job's state for a progress page's script (and for machines); the caller has checked
    that the user may see the job."""
    data = job.progress_data()
    data["download_url"] = download_url if job.is_ready else None
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


def job_file_response(job: BackgroundJob, *, as_attachment: bool = True):
    """The job's result, once ready; the caller has checked that the user may have it."""
    if not job.is_ready:
        raise Http404
    return private_file_response(
        job.file, filename=job.file_name or job.file.name.rsplit("/", 1)[-1],
        content_type=job.content_type, as_attachment=as_attachment,
    )  # fmt: skip
