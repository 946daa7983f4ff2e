"""Enrolling oneself or others, a participant's own trainings and ESF data, cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.permissions import get_for_user_or_404, require
from partnerstvo.directory.models import Administration, Organisation, Person
from partnerstvo.directory.roles import roles_of

from .. import selectors, services
from ..forms import EnrolmentCancelForm, EnrolOthersForm, ParticipantDataForm, enrolment_options
from ..models import Enrolment, ParticipantData
from ._common import COURSE, ENROLMENT, _show_errors


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def course_enrol(request, slug: str):
    course = get_for_user_or_404(request.user, "view", COURSE, slug=slug)
    person = Person.objects.filter(pk=roles_of(request.user).person_id).first()
    if person is None:
        messages.error(request, _("Your account is not linked to a person in the directory."))
        return redirect(course.get_absolute_url())
    try:
        enrolment = services.enrolment_create(actor=request.user, course=course, person=person)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect(course.get_absolute_url())
    if enrolment.status == Enrolment.Status.WAITING:
        messages.warning(request, _("The course is full: you are on the waiting list."))
    else:
        messages.success(request, _("You are enrolled. A confirmation is on its way by e-mail."))
    if not ParticipantData.objects.filter(person=person).exists():
        # Asked once per person: the ESF questionnaire, right after the first enrolment.
        return redirect(f"{reverse('trainings:participant-data')}?next={course.get_absolute_url()}")
    return redirect(course.get_absolute_url())


@login_required
def course_enrol_others(request, slug: str):
    course = get_for_user_or_404(request.user, "view", COURSE, slug=slug)
    options = enrolment_options(request.user)
    if not options:
        raise PermissionDenied
    form = EnrolOthersForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        enrolled = 0
        for kind, target, person_id in form.selections():
            person = Person.objects.get(pk=person_id)
            organisation = Organisation.objects.get(pk=target) if kind == "o" else None
            administration = Administration.objects.get(pk=target) if kind == "a" else None
            try:
                services.enrolment_create(
                    actor=request.user,
                    course=course,
                    person=person,
                    organisation=organisation,
                    administration=administration,
                )
                enrolled += 1
            except ValidationError as error:
                _show_errors(request, error)
            except PermissionDenied:
                messages.error(request, _("You may not enrol %(person)s.") % {"person": person})
        if enrolled:
            messages.success(
                request,
                _("%(count)s people enrolled or put on the waiting list.") % {"count": enrolled},
            )
        return redirect(course.get_absolute_url())
    return render(request, "trainings/enrol_others.html", {"course": course, "form": form})


@login_required
def my_trainings(request):
    roles = roles_of(request.user)
    overview = (
        selectors.person_trainings_overview(person_id=roles.person_id, now=timezone.now())
        if roles.person_id
        else {"enrolments": []}
    )
    participant_data = (
        ParticipantData.objects.filter(person_id=roles.person_id).first()
        if roles.person_id
        else None
    )
    return render(
        request,
        "trainings/my_trainings.html",
        {**overview, "participant_data": participant_data},
    )


@login_required
def participant_data(request):
    roles = roles_of(request.user)
    person = Person.objects.filter(pk=roles.person_id).first()
    if person is None:
        raise Http404
    record = ParticipantData.objects.filter(person=person).first()
    form = ParticipantDataForm(
        request.POST or None, instance=record, consent_label=services.consent_text()
    )
    next_url = _safe_next(request, reverse("trainings:my-trainings"))
    if request.method == "POST" and form.is_valid():
        if request.POST.get("erase"):
            services.participant_data_erase(actor=request.user, person=person)
            messages.success(request, _("Your participant data has been erased."))
            return redirect(reverse("trainings:my-trainings"))
        try:
            services.participant_data_save(
                actor=request.user,
                person=person,
                consent=form.cleaned_data["consent"],
                data=form.data_for_service(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if form.cleaned_data["consent"]:
                messages.success(request, _("Thank you: your answers are saved."))
            else:
                messages.info(request, _("Understood: no participant data is kept about you."))
            return redirect(next_url)
    return render(
        request,
        "trainings/participant_data.html",
        {"form": form, "record": record, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_cancel(request, pk: int):
    """GET: what cancelling will do (the seat freed, the waiting list moved up) and a form to
    confirm it. POST with the confirmation: cancel. A POST without it (a stray or old form)
    cancels nothing and leads to the confirmation page."""
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    require(request.user, "cancel", enrolment)
    back = _safe_next(request, reverse("trainings:my-trainings"))
    if enrolment.status not in (Enrolment.Status.REGISTERED, Enrolment.Status.WAITING):
        messages.info(
            request,
            _("This enrolment is “%(status)s”; there is nothing to cancel.")
            % {"status": enrolment.get_status_display()},
        )
        return redirect(back)
    if request.method == "POST":
        if EnrolmentCancelForm(request.POST).is_valid():
            try:
                services.enrolment_cancel(actor=request.user, enrolment=enrolment)
            except ValidationError as error:
                _show_errors(request, error)
            else:
                messages.success(request, _("The enrolment is cancelled."))
            return redirect(back)
        return redirect(f"{request.path}?{urlencode({'next': back})}")
    return render(
        request,
        "trainings/enrolment_cancel.html",
        {
            "enrolment": enrolment,
            "own": enrolment.person_id == roles_of(request.user).person_id,
            "seats": selectors.course_seats(course=enrolment.course),
            "back": back,
        },
    )
