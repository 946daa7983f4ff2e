from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("published/", views.published, name="published"),
    path("new/<str:subject>/", views.round_open, name="round-open"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/answer/", views.round_answer, name="round-answer"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round-publish"),
    path("rounds/<int:pk>/results/", views.round_results, name="round-results"),
    path("rounds/<int:pk>/plan/", views.action_plan, name="action-plan"),
    path(
        "rounds/<int:pk>/plan/<int:action>/status/",
        views.action_status,
        name="action-status",
    ),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/new/", views.instrument_create, name="instrument-create"),
    path("instruments/<slug:slug>/", views.instrument_detail, name="instrument-detail"),
    path(
        "instruments/<slug:slug>/v<int:number>/",
        views.version_detail,
        name="version-detail",
    ),
    path(
        "instruments/<slug:slug>/v<int:number>/publish/",
        views.version_publish,
        name="version-publish",
    ),
    path(
        "instruments/<slug:slug>/v<int:number>/<str:part>/new/",
        views.part_edit,
        name="part-add",
    ),
    path(
        "instruments/<slug:slug>/v<int:number>/<str:part>/<int:pk>/",
        views.part_edit,
        name="part-edit",
    ),
]
