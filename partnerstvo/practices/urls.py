from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="practice-list"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice-detail"),
    path("practices/<slug:slug>/submit/", views.practice_submit, name="practice-submit"),
    path("practices/<slug:slug>/review/", views.practice_review, name="practice-review"),
    path("practices/<slug:slug>/replicate/", views.practice_replicate, name="practice-replicate"),
    path(
        "practices/<slug:slug>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
