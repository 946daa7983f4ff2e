from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements.csv", views.agreement_csv, name="agreement-csv"),
    path("agreements/new/", views.agreement_propose, name="agreement-propose"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/confirm/", views.agreement_confirm, name="agreement-confirm"),
    path("agreements/<int:pk>/renew/", views.agreement_renew, name="agreement-renew"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="agreement-terminate"),
    path("agreements/<int:pk>/documents/", views.agreement_document, name="agreement-document"),
    path("agreements/<int:pk>/withdraw/", views.agreement_withdraw, name="agreement-withdraw"),
    path(
        "agreements/<int:pk>/documents/<int:document>/",
        views.document_download,
        name="document",
    ),
    path("councils/", views.council_list, name="council-list"),
    path("councils/new/", views.council_create, name="council-create"),
    path("councils/<slug:slug>/", views.council_detail, name="council-detail"),
    path("councils/<slug:slug>/edit/", views.council_edit, name="council-edit"),
    path("councils/<slug:slug>/members/", views.council_member_add, name="council-member-add"),
    path(
        "councils/<slug:slug>/members/<int:member>/end/",
        views.council_member_end,
        name="council-member-end",
    ),
    path("councils/<slug:slug>/meetings/", views.council_meeting_create, name="council-meeting"),
    path("councils/<slug:slug>/report/<int:year>/", views.council_report, name="council-report"),
    path(
        "councils/<slug:slug>/report/<int:year>.pdf",
        views.council_report_pdf,
        name="council-report-pdf",
    ),
]
