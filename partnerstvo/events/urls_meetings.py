"""The addresses of check-in, attendance, the signature sheet, the minutes and the follow-up
actions (included by ``urls`` before its ``<slug>/`` patterns, so ``actions/`` is not a slug)."""

from django.urls import path

from .views import actions, checkin, minutes

urlpatterns = [
    path("actions/", actions.action_index, name="actions"),
    path("actions/<int:pk>/update/", actions.action_update, name="action-update"),
    path("<slug:slug>/check-in/", checkin.checkin_page, name="checkin"),
    path("<slug:slug>/check-in/sync", checkin.checkin_sync, name="checkin-sync"),
    path("<slug:slug>/check-in/worker.js", checkin.checkin_worker, name="checkin-worker"),
    path("<slug:slug>/attendance/", checkin.attendance, name="attendance"),
    path("<slug:slug>/signature-sheet.pdf", checkin.signature_sheet, name="signature-sheet"),
    path("<slug:slug>/minutes/", minutes.minutes_page, name="minutes"),
]
