"""Background work of consultations (django-tasks): the справка's PDF, enqueued when it is asked
for; and, enqueued by the scheduler (``manage.py run_scheduler``), the announcements to
subscribers and the officers' reminders."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django_tasks import task

from partnerstvo.core.jobs import run_job
from partnerstvo.core.pdf import render_pdf
from partnerstvo.core.permissions import user_can

from . import notices, selectors
from .models import SummaryPdf


def _may_build_pdf(job: SummaryPdf) -> bool:
    # A published справка is public, so the PDF of one asked for by an anonymous reader is
    # built too; a draft's only while its requester is still an officer of its administration.
    return user_can(job.requested_by, "view", job)


def summary_pdf_build(job_id: int) -> SummaryPdf | None:
    """Lay the справка of a ``SummaryPdf`` job out as PDF, in the job's language, and keep it in
    the private storage (``core.jobs.run_job``: claimed once, re-checked, failures recorded)."""

    def work(job, progress, handle) -> str:
        consultation = job.consultation
        rows = list(selectors.summary_rows(consultation))
        progress(0, len(rows))
        context = {
            "consultation": consultation,
            "rows": rows,
            "counts": selectors.comment_counts(consultation),
            "draft": job.draft,
            "LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE,
        }
        handle.write(render_pdf("consultations/summary_pdf.html", context))
        return job.download_name

    return run_job(SummaryPdf, job_id, work, may_run=_may_build_pdf)


@task()
def build_summary_pdf(job_id: int) -> None:
    """The справка's PDF of a job (see ``summary_pdf_build``)."""
    summary_pdf_build(job_id)


@task()
def send_consultation_announcements() -> int:
    """Hourly: consultations that opened, and those two days from their end. Returns how many
    announcements."""
    return notices.announce_due() + notices.remind_closing()


@task()
def send_unanswered_reminders() -> int:
    """Daily: remind the officers of proposals still waiting for an answer after the end."""
    return notices.remind_officers()
