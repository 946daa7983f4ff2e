from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("new/", views.strategy_create, name="create"),
    path("<slug:slug>/", views.strategy_detail, name="detail"),
    path("<slug:slug>/edit/", views.strategy_edit, name="edit"),
    path("<slug:slug>/publish/", views.strategy_publish, name="publish"),
    path("<slug:slug>/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<slug:slug>/priorities/new/", views.priority_form, name="priority-add"),
    path("<slug:slug>/priorities/<int:pk>/", views.priority_form, name="priority-edit"),
    path("<slug:slug>/priorities/<int:priority>/goals/new/", views.goal_form, name="goal-add"),
    path(
        "<slug:slug>/priorities/<int:priority>/goals/<int:pk>/",
        views.goal_form,
        name="goal-edit",
    ),
    path("<slug:slug>/goals/<int:goal>/measures/new/", views.measure_form, name="measure-add"),
    path(
        "<slug:slug>/goals/<int:goal>/measures/<int:pk>/edit/",
        views.measure_form,
        name="measure-edit",
    ),
    path("<slug:slug>/milestones/new/", views.milestone_form, name="milestone-add"),
    path("<slug:slug>/measures/<int:pk>/", views.measure_detail, name="measure"),
    path(
        "<slug:slug>/measures/<int:pk>/indicators/new/",
        views.indicator_form,
        name="indicator-add",
    ),
    path(
        "<slug:slug>/measures/<int:pk>/progress/", views.measure_progress, name="measure-progress"
    ),
    path("<slug:slug>/measures/<int:pk>/values/", views.indicator_value, name="indicator-value"),
    path(
        "<slug:slug>/measures/<int:pk>/milestones/",
        views.milestone_reached,
        name="milestone-reached",
    ),
]
