from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/consultations.csv", views.consultations_csv, name="list-csv"),
    path("consultations/new/", views.consultation_create, name="create"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("consultations/<slug:slug>/comment/", views.comment_create, name="comment"),
    path("consultations/<slug:slug>/comments.csv", views.comments_csv, name="comments-csv"),
    path("consultations/<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path("consultations/<slug:slug>/changes/", views.version_compare, name="compare"),
    path("consultations/<slug:slug>/spravka/", views.summary, name="summary"),
    path("consultations/<slug:slug>/spravka.pdf", views.summary_pdf, name="summary-pdf"),
    path(
        "consultations/<slug:slug>/spravka/pdf/<int:pk>/",
        views.summary_pdf_job,
        name="summary-pdf-job",
    ),
    path(
        "consultations/<slug:slug>/spravka/pdf/<int:pk>/spravka.pdf",
        views.summary_pdf_file,
        name="summary-pdf-file",
    ),
    path("consultations/<slug:slug>/spravka.csv", views.summary_csv, name="summary-csv"),
    path("consultations/<slug:slug>/enter/", views.comment_enter, name="enter"),
    path("consultations/<slug:slug>/comments/<int:pk>/hide/", views.comment_hide, name="hide"),
    path("consultations/<slug:slug>/answers/", views.answers, name="answers"),
    path(
        "consultations/<slug:slug>/spravka/publish/", views.summary_publish, name="summary-publish"
    ),
    path("consultations/<slug:slug>/versions/new/", views.version_create, name="version-create"),
    path("consultations/<slug:slug>/adopt/", views.consultation_adopt, name="adopt"),
]
