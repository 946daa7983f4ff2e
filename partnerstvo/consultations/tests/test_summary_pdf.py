"""The справка's PDF as a background job: who may ask for it, have its job and its file; the
waiting page while it is built; the same job for the same content, a new one when it changes;
small справки laid out in the request."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_user
from partnerstvo.consultations import services
from partnerstvo.consultations.models import Comment, SummaryPdf
from partnerstvo.consultations.tasks import summary_pdf_build
from partnerstvo.core.files import PrivateStorage
from partnerstvo.core.jobs import prune_job_files
from partnerstvo.core.permissions import SYSTEM

from .conftest import end


@pytest.fixture
def stranger(other_administration):
    """An officer of another administration."""
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    user = make_user("drug@go.example.bg")
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": user.person, "administration": other_administration, "role": "officer"},
    )
    return user


@pytest.fixture
def answered(ordinance, officer, citizen):
    """The ordinance after its end, its two proposals answered, the справка not yet published."""
    for text in ("Първо предложение", "Второ предложение"):
        services.comment_create(actor=citizen, consultation=ordinance, text=text)
    end(ordinance)
    for comment in ordinance.comments.all():
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    return ordinance


@pytest.fixture
def published(answered, officer):
    services.summary_publish(actor=officer, consultation=answered)
    answered.refresh_from_db()
    return answered


@pytest.fixture
def big(monkeypatch):
    """Every справка counts as big: its PDF is a job for a worker."""
    monkeypatch.setattr(services, "SUMMARY_PDF_INLINE_MAX", 0)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _job_urls(consultation, job):
    base = f"/consultations/{consultation.slug}/spravka/pdf/{job.pk}/"
    return base, f"{base}spravka.pdf"


def test_a_small_published_spravka_is_laid_out_at_once_kept_and_reused(client, published):
    url = f"/consultations/{published.slug}/spravka.pdf"
    assert "Първо предложение" in _pdf_text(client.get(url))
    job = SummaryPdf.objects.get()
    assert job.status == SummaryPdf.Status.READY and not job.draft and job.requested_by is None
    assert job.language == settings.LANGUAGE_CODE
    # In the private storage, under a random name; never in public media.
    assert isinstance(job.file.storage, PrivateStorage)
    assert job.file.name.startswith("consultations/spravka/")
    assert str(settings.PRIVATE_MEDIA_ROOT) in job.file.path
    assert not str(job.file.path).startswith(str(settings.MEDIA_ROOT) + "/")
    assert _pdf_text(client.get(url))
    assert SummaryPdf.objects.count() == 1  # built once, served again


def test_a_hidden_proposal_or_another_language_is_a_new_file(client, published, officer):
    url = f"/consultations/{published.slug}/spravka.pdf"
    client.get(url)
    first = SummaryPdf.objects.get()
    services.comment_hide(actor=officer, comment=published.comments.first(), reason="Обидно")
    assert "Обидно" in _pdf_text(client.get(url))
    second = SummaryPdf.objects.exclude(pk=first.pk).get()
    assert second.content_key != first.content_key
    assert _pdf_text(client.get(f"/en{url}"))
    english = SummaryPdf.objects.get(language="en")
    assert english.content_key == second.content_key
    assert SummaryPdf.objects.count() == 3


def test_a_big_spravka_waits_for_its_job_then_the_same_url_serves_it(client, published, big):
    url = f"/en/consultations/{published.slug}/spravka.pdf"
    response = client.get(url)
    assert response.status_code == 202
    assert response["Cache-Control"] == "private, no-store"
    job = SummaryPdf.objects.get()
    assert job.status == SummaryPdf.Status.PENDING  # enqueued on commit, not yet run
    page = response.content.decode()
    assert "being prepared" in page
    job_url, file_url = _job_urls(published, job)
    assert f'<meta http-equiv="refresh" content="3;url=/en{job_url}">' in page
    assert f'href="/en{job_url}"' in page  # the link, without JavaScript
    assert "consultations/summary_pdf.js" in page
    # Asking again while it waits reuses the job.
    assert client.get(url).status_code == 202
    assert SummaryPdf.objects.count() == 1
    assert client.get(f"/en{job_url}").status_code == 200
    progress = client.get(f"{job_url}?format=json").json()
    assert progress["status"] == "pending" and progress["download_url"] is None
    assert client.get(file_url).status_code == 404  # no file yet

    summary_pdf_build(job.pk)
    job.refresh_from_db()
    assert job.is_ready and job.total == 2 and job.done == 2
    progress = client.get(f"{job_url}?format=json").json()
    assert progress["status"] == "ready" and progress["download_url"] == file_url
    response = client.get(job_url)
    assert response.status_code == 302 and response["Location"] == file_url
    assert "Първо предложение" in _pdf_text(client.get(file_url))
    assert "Първо предложение" in _pdf_text(client.get(url))
    assert SummaryPdf.objects.count() == 1


def test_the_task_builds_the_big_pdf_through_the_queue(
    client, published, big, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/consultations/{published.slug}/spravka.pdf")
    assert response.status_code == 202  # answered before the worker (here: at commit) ran
    job = SummaryPdf.objects.get()
    assert job.is_ready  # the immediate backend of the tests ran it at enqueue
    assert _pdf_text(client.get(f"/consultations/{published.slug}/spravka.pdf"))


def test_a_draft_spravka_pdf_is_for_its_officers_only(client, answered, officer, stranger):
    url = f"/consultations/{answered.slug}/spravka.pdf"
    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert not SummaryPdf.objects.exists()
    client.force_login(officer)
    assert "Първо предложение" in _pdf_text(client.get(url))
    job = SummaryPdf.objects.get()
    assert job.draft and job.requested_by == officer
    job_url, file_url = _job_urls(answered, job)
    assert client.get(job_url).status_code == 302
    assert _pdf_text(client.get(file_url))
    for user in (None, stranger):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(job_url).status_code == 404
        assert client.get(f"{job_url}?format=json").status_code == 404
        assert client.get(file_url).status_code == 404


def test_a_published_spravka_pdf_is_everyones(client, published, officer, stranger, citizen):
    client.get(f"/consultations/{published.slug}/spravka.pdf")
    job = SummaryPdf.objects.get()
    job_url, file_url = _job_urls(published, job)
    for user in (None, citizen, stranger, officer):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(job_url).status_code == 302
        assert _pdf_text(client.get(file_url))


def test_a_draft_pdf_changes_with_its_answers(client, answered, officer):
    client.force_login(officer)
    url = f"/consultations/{answered.slug}/spravka.pdf"
    client.get(url)
    client.get(url)
    assert SummaryPdf.objects.count() == 1
    comment = answered.comments.first()
    services.comment_answer(actor=officer, comment=comment, answer="not_accepted", reasons="Не")
    client.get(url)
    assert SummaryPdf.objects.count() == 2
    # Published, it is another content again (and public).
    services.summary_publish(actor=officer, consultation=answered)
    client.logout()
    assert _pdf_text(client.get(url))
    assert SummaryPdf.objects.filter(draft=False).count() == 1


def test_an_officer_who_lost_the_role_gets_no_draft_file(client, answered, officer, big):
    from partnerstvo.directory.models import AdministrationMembership

    client.force_login(officer)
    assert client.get(f"/consultations/{answered.slug}/spravka.pdf").status_code == 202
    job = SummaryPdf.objects.get()
    AdministrationMembership.objects.filter(person=officer.person).delete()
    summary_pdf_build(job.pk)
    job.refresh_from_db()
    assert job.status == SummaryPdf.Status.FAILED and not job.file


def test_a_failed_or_lost_job_is_asked_for_again(client, published, big):
    url = f"/en/consultations/{published.slug}/spravka.pdf"
    client.get(url)
    job = SummaryPdf.objects.get()
    SummaryPdf.objects.filter(pk=job.pk).update(status=SummaryPdf.Status.FAILED, error="Грешка")
    job_url, _file_url = _job_urls(published, job)
    page = client.get(f"/en{job_url}").content.decode()
    assert "Грешка" in page and f'href="{url}"' in page  # "Try again"
    assert client.get(url).status_code == 202
    assert SummaryPdf.objects.filter(status="pending").count() == 1
    # A job waiting for more than an hour is taken for lost.
    SummaryPdf.objects.filter(status="pending").update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.get(url)
    assert SummaryPdf.objects.filter(status="pending").count() == 2


def test_pruned_files_are_built_again(client, published):
    url = f"/consultations/{published.slug}/spravka.pdf"
    client.get(url)
    job = SummaryPdf.objects.get()
    name = job.file.name
    later = timezone.now() + datetime.timedelta(days=settings.JOB_FILE_RETENTION_DAYS + 1)
    assert prune_job_files(now=later) >= 1
    job.refresh_from_db()
    assert job.status == SummaryPdf.Status.EXPIRED
    assert not job._meta.get_field("file").storage.exists(name)
    job_url, file_url = _job_urls(published, job)
    assert client.get(file_url).status_code == 404
    assert client.get(job_url).status_code == 200  # says it was removed, with "Try again"
    assert _pdf_text(client.get(url))
    assert SummaryPdf.objects.count() == 2


def test_bad_job_addresses_answer_404(client, published, ordinance, officer, administration):
    from .conftest import publish

    client.get(f"/consultations/{published.slug}/spravka.pdf")
    job = SummaryPdf.objects.get()
    other = publish(officer, administration, title="Друга наредба")
    for path in (
        f"/consultations/{published.slug}/spravka/pdf/999999/",
        f"/consultations/{published.slug}/spravka/pdf/999999/?format=json",
        f"/consultations/{published.slug}/spravka/pdf/999999/spravka.pdf",
        f"/consultations/{other.slug}/spravka/pdf/{job.pk}/",  # another consultation's job
        f"/consultations/{other.slug}/spravka/pdf/{job.pk}/spravka.pdf",
        f"/consultations/no-such-slug/spravka/pdf/{job.pk}/",
        f"/consultations/{published.slug}/spravka/pdf/abc/",
        f"/consultations/{published.slug}/spravka/pdf/-1/",
        f"/consultations/{published.slug}/spravka/pdf/99999999999999999999999/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/consultations/{published.slug}/spravka.pdf").status_code == 405


def _many(consultation, count):
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            text=f"Предложение {n}",
            author_name="Никола Стоянов",
            answer="accepted",
            answer_reasons="Да",
            answered_at=timezone.now(),
        )
        for n in range(count)
    )


def test_serving_a_ready_pdf_costs_the_same_queries_at_2_and_62_proposals(
    client, published, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/consultations/{published.slug}/spravka.pdf"

    def served() -> int:
        client.get(url)  # builds it (or finds it)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(captured)

    few = served()
    _many(published, 60)
    SummaryPdf.objects.all().delete()
    assert services.SUMMARY_PDF_INLINE_MAX < 62
    response = client.get(url)
    assert response.status_code == 202  # big now: a worker's job
    summary_pdf_build(SummaryPdf.objects.get().pk)
    assert served() == few
