"""The knowledge-gain report of every course as XLSX, built in the background with visible
progress: who may ask for it, what it holds, who may see and download it."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from partnerstvo.accounts.services import platform_role_revoke
from partnerstvo.core.audit import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import exports, services
from partnerstvo.trainings.models import ReportExport

EXPORTS = "/trainings/reports/exports/"


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def _request(client, capture, url=EXPORTS, data=None, *, execute=True):
    with capture(execute=execute):
        response = client.post(url, data or {})
    return response


def test_the_reports_page_starts_an_export_of_every_course(client, results, coordinator):
    client.force_login(coordinator)
    page = client.get("/trainings/reports/")
    assert f'action="{EXPORTS}"'.encode() in page.content
    assert b'method="post"' in page.content


def test_an_export_of_every_course_is_built_into_a_real_xlsx(
    client, results, coordinator, course, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    response = _request(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{EXPORTS}{export.pk}/"
    assert export.requested_by == coordinator
    assert export.course is None
    assert export.status == ReportExport.Status.READY
    assert export.total == export.done == 4  # people with at least one test
    assert export.progress_percent == 100
    assert export.started_at and export.finished_at and export.finished_at >= export.started_at
    assert export.file.name.startswith("trainings/report-exports/")  # private, random name
    assert export.file_name == "knowledge-gain.xlsx"
    assert AuditEntry.objects.filter(action="trainings.report_export.requested").count() == 1

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'data-status="ready"' in page.content
    assert b'http-equiv="refresh"' not in page.content  # done: no more refreshing
    download_url = f"{EXPORTS}{export.pk}/download/"
    assert download_url.encode() in page.content

    download = client.get(download_url)
    assert download["Content-Disposition"] == 'attachment; filename="knowledge-gain.xlsx"'
    workbook = _xlsx(download)
    with translation.override("bg"):  # the language it was asked for in
        expected_sheets = [
            str(translation.gettext(title))[:31]
            for title in (
                "By course",
                "By target group",
                "By participant group",
                "By municipality",
                "By person",
            )
        ]
        expected_header = tuple(
            translation.gettext(title)
            for title in (
                "Course",
                "Full name",
                "Municipality",
                "Pre-test (%)",
                "Post-test (%)",
                "Normalised gain",
            )
        )
    assert workbook.sheetnames == expected_sheets
    people = _rows(workbook.worksheets[-1])
    assert people[0] == expected_header
    assert len(people) == 1 + 4
    by_name = {row[1]: row for row in people[1:]}
    assert by_name["Радка Иванова"] == (
        course.title,
        "Радка Иванова",
        "Долна Митрополия",
        0,
        100,
        1,
    )
    assert by_name["Галя Маринова"][3:] == (50, 33.3, -0.333)
    assert by_name["Четвърти Човек"][3:] == (0, 50, 0.5)
    assert by_name["Трети Човек"][4:] == (None, None)  # only the pre-test
    by_course = _rows(workbook.worksheets[0])
    assert by_course[1][:2] == (course.title, 2)  # only people with both tests count


def test_an_export_asked_for_in_english_is_in_english(
    client, results, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    response = _request(client, django_capture_on_commit_callbacks, url=f"/en{EXPORTS}")
    export = ReportExport.objects.get()
    assert export.language == "en"
    assert response["Location"] == f"/en{EXPORTS}{export.pk}/"
    workbook = _xlsx(client.get(f"/en{EXPORTS}{export.pk}/download/"))
    assert workbook.sheetnames[-1] == "By person"
    assert _rows(workbook.worksheets[-1])[0] == (
        "Course", "Full name", "Municipality", "Pre-test (%)", "Post-test (%)", "Normalised gain",
    )  # fmt: skip
    assert _rows(workbook.worksheets[0])[0][:2] == ("By course", "Participants with both tests")
    page = client.get(f"/en{EXPORTS}{export.pk}/")
    assert b"4 of 4 people" in page.content


def test_a_running_export_shows_how_far_it_is(
    client, results, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(EXPORTS)
    export = ReportExport.objects.get()
    # What a worker leaves on the row half-way (the task updates these every few thousand).
    ReportExport.objects.filter(pk=export.pk).update(status="running", total=4000, done=2000)
    page = client.get(f"/en{EXPORTS}{export.pk}/")
    assert b'data-status="running"' in page.content
    assert b'<meta http-equiv="refresh" content="3">' in page.content
    assert b'<progress max="4000" value="2000"' in page.content
    assert b"2000 of 4000 people" in page.content
    assert client.get(f"{EXPORTS}{export.pk}/download/").status_code == 404


def test_progress_is_shown_while_the_export_waits_and_asking_twice_reuses_it(
    client, results, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.post(EXPORTS)
        again = client.post(EXPORTS)
    assert first["Location"] == again["Location"]
    export = ReportExport.objects.get()  # one export, not two
    assert (export.status, export.total, export.done) == ("pending", 0, 0)
    assert export.progress_percent == 0
    page = client.get(first["Location"])
    assert b'data-status="pending"' in page.content
    assert b'<meta http-equiv="refresh" content="3">' in page.content
    assert client.get(f"{EXPORTS}{export.pk}/download/").status_code == 404  # not ready yet
    listing = client.get(EXPORTS)
    assert f'href="{EXPORTS}{export.pk}/"'.encode() in listing.content

    for callback in callbacks:  # the worker takes it
        callback()
    export.refresh_from_db()
    assert (export.status, export.total, export.done) == ("ready", 4, 4)
    # Taken once only: a second run of the task changes nothing.
    from partnerstvo.trainings.tasks import build_report_export

    name = export.file.name
    build_report_export.call(export.pk)
    export.refresh_from_db()
    assert (export.status, export.file.name) == ("ready", name)
    # Ready: asking again starts a new one.
    _request(client, django_capture_on_commit_callbacks)
    assert ReportExport.objects.count() == 2


def test_the_writer_reports_progress_as_it_goes(results, coordinator):
    calls = []
    buffer = io.BytesIO()
    written = exports.write_gain_xlsx(
        buffer, user=coordinator, progress=lambda done, total: calls.append((done, total)), every=2
    )
    assert written == 4
    assert calls == [(0, 4), (2, 4), (4, 4), (4, 4)]
    assert len(_rows(load_workbook(buffer).worksheets[-1])) == 1 + 4


def test_a_trainers_export_holds_only_their_courses(
    client, results, trainer, course, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    response = _request(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    export = ReportExport.objects.get()
    assert export.total == 3
    people = _rows(_xlsx(client.get(f"{EXPORTS}{export.pk}/download/")).worksheets[-1])
    assert {row[0] for row in people[1:]} == {course.title}
    assert "Четвърти Човек" not in {row[1] for row in people}


def test_an_export_of_one_course_in_reach(
    client, results, trainer, course, other_course, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    response = _request(client, django_capture_on_commit_callbacks, data={"course": course.pk})
    export = ReportExport.objects.get()
    assert response["Location"] == f"{EXPORTS}{export.pk}/"
    assert (export.course, export.status, export.total) == (course, "ready", 3)
    download = client.get(f"{EXPORTS}{export.pk}/download/")
    assert download["Content-Disposition"] == (
        f'attachment; filename="knowledge-gain-{course.slug}.xlsx"'
    )
    # A course outside their reach, or no course at all: refused, nothing queued.
    for value in (other_course.pk, 999999, "abc"):
        response = _request(client, django_capture_on_commit_callbacks, data={"course": value})
        assert response.status_code == 404
    assert ReportExport.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.report_export_request(actor=trainer, course=other_course)


def test_no_one_sees_or_downloads_someone_elses_export(
    client,
    results,
    trainer,
    other_trainer,
    auditor,
    coordinator,
    participant,
    django_capture_on_commit_callbacks,
):
    client.force_login(trainer)
    _request(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    page, download = f"{EXPORTS}{export.pk}/", f"{EXPORTS}{export.pk}/download/"
    for user in (other_trainer, auditor, participant):
        client.force_login(user)
        assert client.get(page).status_code == 404, user
        assert client.get(download).status_code == 404, user
    client.force_login(other_trainer)
    assert page.encode() not in client.get(EXPORTS).content
    # Coordinators see everyone's.
    client.force_login(coordinator)
    assert client.get(page).status_code == 200
    assert client.get(download).status_code == 200
    # Anonymous visitors are sent to log in.
    client.logout()
    assert client.get(download).status_code == 302
    assert client.post(EXPORTS).status_code == 302
    assert ReportExport.objects.count() == 1


def test_who_may_not_read_the_report_may_not_export_it(
    client, results, participant, iskar_admin, officer, django_capture_on_commit_callbacks
):
    for user in (participant, iskar_admin, officer):
        client.force_login(user)
        assert _request(client, django_capture_on_commit_callbacks).status_code == 403
        assert client.get(EXPORTS).status_code == 403
        with pytest.raises(PermissionDenied):
            services.report_export_request(actor=user, course=None)
    with pytest.raises(PermissionDenied):
        services.report_export_request(actor=SYSTEM, course=None)  # exports belong to a person
    assert not ReportExport.objects.exists()


def test_a_requester_who_loses_the_report_loses_the_export(
    client, results, trainer, course, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    _request(client, django_capture_on_commit_callbacks)
    ready = ReportExport.objects.get()
    # Asked for, then the trainer is taken off the course before a worker builds it.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(EXPORTS, {"course": course.pk})
    waiting = ReportExport.objects.get(course=course)
    services.course_update(actor=SYSTEM, course=course, data={"trainers": []})
    for callback in callbacks:
        callback()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.file.name) == ("failed", "")
    assert client.get(f"{EXPORTS}{waiting.pk}/").status_code == 404
    # Without the trainer role they no longer see even their export of every course.
    platform_role_revoke(actor=SYSTEM, user=trainer, role="trainer")
    client.force_login(trainer)
    assert client.get(f"{EXPORTS}{ready.pk}/").status_code == 404
    assert client.get(f"{EXPORTS}{ready.pk}/download/").status_code == 404


def test_a_failed_export_says_so_and_offers_no_file(
    client, results, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(EXPORTS)
    export = ReportExport.objects.get()
    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.FAILED)
    page = client.get(f"{EXPORTS}{export.pk}/")
    assert page.status_code == 200
    assert b'data-status="failed"' in page.content
    assert b"/download/" not in page.content
    assert client.get(f"{EXPORTS}{export.pk}/download/").status_code == 404
    # Its file gone from the disk: 404, not a server error.
    _request(client, django_capture_on_commit_callbacks)
    ready = ReportExport.objects.filter(status="ready").get()
    ready.file.delete(save=False)
    ReportExport.objects.filter(pk=ready.pk).update(file="trainings/report-exports/gone.xlsx")
    assert client.get(f"{EXPORTS}{ready.pk}/download/").status_code == 404


def test_export_files_are_deleted_after_the_retention_period_and_the_page_says_so(
    client, results, coordinator, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from partnerstvo.core.jobs import prune_job_files
    from partnerstvo.scheduling.registry import registered_jobs

    assert "core.prune-job-files" in {job.name for job in registered_jobs()}
    settings.JOB_FILE_RETENTION_DAYS = 30
    client.force_login(coordinator)
    _request(client, django_capture_on_commit_callbacks)
    _request(client, django_capture_on_commit_callbacks)  # a second, newer export
    old, new = ReportExport.objects.order_by("pk")
    ReportExport.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)

    assert prune_job_files() == 1
    assert prune_job_files() == 0  # once
    old.refresh_from_db()
    assert old.status == ReportExport.Status.EXPIRED and not old.file
    assert not storage.exists(name)
    assert ReportExport.objects.get(pk=new.pk).is_ready  # a recent one is kept
    assert client.get(f"{EXPORTS}{old.pk}/download/").status_code == 404
    page = client.get(f"{EXPORTS}{old.pk}/").content.decode()
    assert 'data-status="expired"' in page and "30 дни" in page
    assert "/download/" not in page
