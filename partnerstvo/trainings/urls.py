from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.calendar, name="calendar"),
    path("trainings/calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("trainings/my/", views.my_trainings, name="my-trainings"),
    path("trainings/my/participant-data/", views.participant_data, name="participant-data"),
    path("trainings/reports/", views.reports, name="reports"),
    path("trainings/reports/tables/<slug:table>/", views.report_table, name="report-table"),
    path(
        "trainings/reports/knowledge-gain.xlsx", views.reports_gain_xlsx, name="reports-gain-xlsx"
    ),
    path("trainings/reports/exports/", views.report_exports, name="report-exports"),
    path("trainings/reports/exports/<int:pk>/", views.report_export, name="report-export"),
    path(
        "trainings/reports/exports/<int:pk>/download/",
        views.report_export_download,
        name="report-export-download",
    ),
    path("trainings/courses/<slug:slug>/", views.course_detail, name="course-detail"),
    path("trainings/courses/<slug:slug>/enrol/", views.course_enrol, name="course-enrol"),
    path(
        "trainings/courses/<slug:slug>/enrol-others/",
        views.course_enrol_others,
        name="course-enrol-others",
    ),
    path("trainings/courses/<slug:slug>/manage/", views.course_manage, name="course-manage"),
    path(
        "trainings/courses/<slug:slug>/participants.xlsx",
        views.course_participants_xlsx,
        name="course-participants-xlsx",
    ),
    path(
        "trainings/courses/<slug:slug>/attendance.xlsx",
        views.course_attendance_xlsx,
        name="course-attendance-xlsx",
    ),
    path(
        "trainings/courses/<slug:slug>/certificates/issue/",
        views.course_certificates_issue,
        name="course-certificates-issue",
    ),
    path(
        "trainings/courses/<slug:slug>/enrolments/<int:pk>/certificate/",
        views.course_enrolment_certificate,
        name="course-enrolment-certificate",
    ),
    path(
        "trainings/courses/<slug:slug>/certificates/archive/",
        views.course_certificates_archive,
        name="course-certificates-archive",
    ),
    path(
        "trainings/certificate-archives/<int:pk>/",
        views.certificate_archive,
        name="certificate-archive",
    ),
    path("trainings/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("trainings/sessions/<int:pk>/session.ics", views.session_ics, name="session-ics"),
    path(
        "trainings/sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="session-attendance",
    ),
    path(
        "trainings/sessions/<int:pk>/signature-sheet.pdf",
        views.session_signature_sheet,
        name="session-signature-sheet",
    ),
    path("trainings/sessions/<int:pk>/signed-sheet/", views.session_scan, name="session-scan"),
    path("trainings/enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment-cancel"),
    path("trainings/enrolments/<int:pk>/tests/<str:kind>/", views.test_take, name="test-take"),
    path(
        "trainings/enrolments/<int:pk>/tests/<str:kind>/paper/",
        views.test_paper,
        name="test-paper",
    ),
    path("trainings/enrolments/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path(
        "trainings/certificates/<str:code>/download/",
        views.certificate_pdf,
        name="certificate-pdf",
    ),
    path(
        "trainings/certificates/<str:code>/revoke/",
        views.certificate_revoke,
        name="certificate-revoke",
    ),
    path("certificates/verify/", views.certificate_lookup, name="certificate-lookup"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
