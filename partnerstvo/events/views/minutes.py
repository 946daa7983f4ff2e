"""The minutes of an event: read by whoever may (published: everyone), written, circulated,
approved and published by the organisers, commented on by participants while circulated, with
the decisions and follow-up actions recorded in them."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstvo.core.permissions import get_for_user_or_404, scope, user_can
from partnerstvo.directory.models import Administration, Organisation

from .. import services
from ..models import Action, Decision, Event, Minutes, MinutesRevision
from ..selectors.minutes import (
    GENDERS,
    attendance_counts,
    attendance_rows,
    attendance_table,
    gender_counts,
    gender_labels,
    minutes_comments,
    minutes_for,
    participant_type_labels,
)


class MinutesForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text of the minutes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Paragraphs separated by an empty line."),
        max_length=100_000,
    )


class CirculateForm(forms.Form):
    comments_until = forms.DateField(
        label=gettext_lazy("Comments until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ActionForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Decision"), queryset=Decision.objects.none()
    )
    title = forms.CharField(label=gettext_lazy("Action"), max_length=500)
    owner_organisation = forms.ModelChoiceField(
        label=gettext_lazy("Responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    owner_administration = forms.ModelChoiceField(
        label=gettext_lazy("Responsible administration"),
        queryset=Administration.objects.none(),
        required=False,
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, minutes: Minutes | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            minutes.decisions.all() if minutes else Decision.objects.none()
        )
        event = minutes.event if minutes else None
        if event is not None:
            # The parties of the event: its organisers and its participants' organisations.
            self.fields["owner_organisation"].queryset = Organisation.objects.filter(
                pk__in=[
                    *event.organisers.filter(organisation__isnull=False).values_list(
                        "organisation_id", flat=True
                    ),
                    *event.registrations.filter(on_behalf_of__isnull=False).values_list(
                        "on_behalf_of_id", flat=True
                    ),
                ]
            ).order_by("name")
            self.fields["owner_administration"].queryset = Administration.objects.select_related(
                "municipality"
            ).order_by("name")


FORMS = {"save", "circulate", "approve", "publish", "comment", "decision", "action"}


def _handle(request, *, event: Event, minutes: Minutes | None, step: str):
    """Run one step of the workflow; returns (form errors as a bound form or None, ok)."""
    user = request.user
    if step == "save":
        form = MinutesForm(request.POST)
        if form.is_valid():
            services.minutes_save(actor=user, event=event, body=form.cleaned_data["body"])
            return form, _("The minutes are saved.")
        return form, None
    if step == "circulate":
        form = CirculateForm(request.POST)
        if not form.is_valid():
            return form, None
        if minutes is None:
            raise ValidationError(_("Write the minutes first."))
        until = form.cleaned_data["comments_until"]
        moment = (
            timezone.make_aware(datetime.datetime.combine(until, datetime.time(23, 59)))
            if until
            else None
        )
        services.minutes_circulate(actor=user, minutes=minutes, comments_until=moment)
        return form, _("The minutes are circulated to the participants for comments.")
    if step == "approve":
        services.minutes_approve(actor=user, minutes=minutes)
        return None, _("The minutes are approved.")
    if step == "publish":
        if minutes is None:
            raise ValidationError(_("There are no minutes to publish yet."))
        services.minutes_publish(actor=user, minutes=minutes)
        return None, _("The minutes are published.")
    if step == "comment":
        form = CommentForm(request.POST)
        if minutes is None:
            raise Http404
        if form.is_valid():
            services.minutes_comment(actor=user, minutes=minutes, text=form.cleaned_data["text"])
            return form, _("Thank you: your comment is sent to the organisers.")
        return form, None
    if step == "decision":
        form = DecisionForm(request.POST)
        if minutes is None:
            raise ValidationError(_("Write the minutes first."))
        if form.is_valid():
            services.decision_add(actor=user, minutes=minutes, text=form.cleaned_data["text"])
            return form, _("The decision is recorded.")
        return form, None
    form = ActionForm(request.POST, minutes=minutes)
    if minutes is None:
        raise ValidationError(_("Write the minutes first."))
    if form.is_valid():
        data = dict(form.cleaned_data)
        decision = data.pop("decision")
        services.action_add(actor=user, decision=decision, data=data)
        return form, _("The action is added.")
    return form, None


def minutes_page(request, slug: str):
    event = get_for_user_or_404(
        request.user, "view", Event.objects.select_related("municipality"), slug=slug
    )
    may_manage = user_can(request.user, "manage_minutes", event)
    minutes = minutes_for(user=request.user, event=event)
    if minutes is None and not may_manage:
        raise Http404
    bound = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        step = request.POST.get("step", "")
        if step not in FORMS:
            messages.error(request, _("Choose what to do."))
            status = 400
        else:
            if step != "comment" and not may_manage:
                raise PermissionDenied
            try:
                form, done = _handle(request, event=event, minutes=minutes, step=step)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
            else:
                if done:
                    messages.success(request, done)
                    return redirect(reverse("events:minutes", kwargs={"slug": slug}))
                bound[step] = form
                status = 400
    minutes = minutes_for(user=request.user, event=event)
    rows = attendance_rows(event=event) if minutes or may_manage else []
    if minutes and not may_manage and minutes.status != Minutes.Status.DRAFT:
        # Readers see the attendance the minutes were last saved with.
        last = minutes.revisions.order_by("-number").first()
        snapshot = last.attendance if last else None
    else:
        snapshot = None
    decisions = (
        scope(
            request.user,
            "view",
            Decision.objects.filter(minutes=minutes).prefetch_related(
                "actions__owner_organisation",
                "actions__owner_administration",
                "actions__owner_person",
            ),
        )
        if minutes
        else []
    )
    context = {
        "event": event,
        "minutes": minutes,
        "may_manage": may_manage,
        "may_comment": bool(minutes and user_can(request.user, "comment", minutes)),
        "rows": rows,
        "snapshot": snapshot,
        "table": attendance_table(snapshot["counts"] if snapshot else attendance_counts(rows)),
        "type_labels": participant_type_labels(),
        # A revision approved before genders were asked has no such counts.
        "gender_table": _gender_table(snapshot, rows),
        "gender_labels": gender_labels(),
        "decisions": decisions,
        "comments": minutes_comments(user=request.user, minutes=minutes) if minutes else [],
        "revisions": (
            scope(
                request.user,
                "view",
                MinutesRevision.objects.filter(minutes=minutes).select_related("author"),
            )
            if minutes
            else []
        ),
        "minutes_form": bound.get("save")
        or MinutesForm(initial={"body": minutes.body if minutes else ""}),
        "circulate_form": bound.get("circulate") or CirculateForm(),
        "comment_form": bound.get("comment") or CommentForm(),
        "decision_form": bound.get("decision") or DecisionForm(),
        "action_form": bound.get("action") or ActionForm(minutes=minutes),
        "action_statuses": Action.Status.choices,
    }
    return render(request, "events/minutes/minutes.html", context, status=status)


def _gender_table(snapshot, rows):
    if snapshot:
        counts = snapshot.get("gender_counts")
        return attendance_table(counts, GENDERS) if counts else None
    return attendance_table(gender_counts(rows), GENDERS)
