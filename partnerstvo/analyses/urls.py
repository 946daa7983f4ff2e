from django.urls import path

from . import views

app_name = "analyses"

urlpatterns = [
    path("", views.analysis_list, name="list"),
    path("new/", views.analysis_create, name="create"),
    path("<slug:slug>/", views.analysis_detail, name="detail"),
    path("<slug:slug>/edit/", views.analysis_edit, name="edit"),
    path("<slug:slug>/report.pdf", views.analysis_pdf, name="pdf"),
    path("<slug:slug>/publish/", views.analysis_publish, name="publish"),
    path("<slug:slug>/unpublish/", views.analysis_unpublish, name="unpublish"),
    path("<slug:slug>/delete/", views.analysis_delete, name="delete"),
    path("<slug:slug>/documents/", views.document_add, name="document-add"),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/documents/<int:pk>/remove/", views.document_remove, name="document-remove"),
]
