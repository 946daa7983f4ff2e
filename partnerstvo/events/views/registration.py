"""Registering for an event, cancelling one's registration, and "My events"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.permissions import get_for_user_or_404, require
from partnerstvo.directory.models import Person
from partnerstvo.directory.roles import roles_of

from .. import selectors, services
from ..forms import RegistrationCancelForm, RegistrationForm
from ..models import Event, Registration
from ._common import REGISTRATION, safe_next, show_errors
from .public import detail_context


@login_required
@require_http_methods(["GET", "POST"])
def event_register(request, slug: str):
    """GET (the invitation link): the event's page with the registration form. POST: register
    oneself; a refusal is shown on the page with the form as it was filled in."""
    try:
        event = selectors.event_get_for_page(user=request.user, slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error
    if request.method == "GET":
        target = event.get_absolute_url()
        token = request.GET.get("invitation", "")[:200]
        return redirect(
            f"{target}?{urlencode({'invitation': token})}#register" if token else target
        )
    person = Person.objects.filter(pk=roles_of(request.user).person_id).first()
    if person is None:
        messages.error(request, _("Your account is not linked to a person in the directory."))
        return redirect(event.get_absolute_url())
    questions = list(event.questions.all())
    form = RegistrationForm(request.POST, event=event, person=person, questions=questions)
    if form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                person=person,
                actor=request.user,
                answers=form.answers(),
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                invitation_token=form.cleaned_data.get("invitation") or None,
                gender=form.cleaned_data.get("gender", ""),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if registration.is_waiting:
                messages.warning(
                    request,
                    _(
                        "All places are taken: you are on the waiting list. If a place frees "
                        "up, it is yours and we will write to you."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("You are registered. A confirmation with your check-in code is on its way."),
                )
            return redirect(event.get_absolute_url())
    context = detail_context(request, event, form=form)
    context["can_register"] = True
    return render(request, "events/event_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk: int):
    """GET: what cancelling does, and a form to confirm. POST with the confirmation: cancel.
    Someone else's registration answers 404."""
    registration = get_for_user_or_404(request.user, "view", REGISTRATION, pk=pk)
    require(request.user, "cancel", registration)
    back = safe_next(request, reverse("events:my-events"))
    if registration.is_cancelled:
        messages.info(request, _("This registration is already cancelled."))
        return redirect(back)
    if request.method == "POST":
        if RegistrationCancelForm(request.POST).is_valid():
            try:
                services.registration_cancel(actor=request.user, registration=registration)
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("Your registration is cancelled."))
            return redirect(back)
        return redirect(f"{request.path}?{urlencode({'next': back})}")
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "own": registration.person_id == roles_of(request.user).person_id,
            "back": back,
        },
    )


@login_required
def my_events(request):
    roles = roles_of(request.user)
    now = timezone.now()
    registrations = list(selectors.person_registrations(person_id=roles.person_id)[:500])
    coming = [r for r in registrations if r.event.ends_at >= now and not r.is_cancelled]
    coming.sort(key=lambda r: (r.event.starts_at, r.pk))
    past = [r for r in registrations if r.event.ends_at < now or r.is_cancelled]
    return render(
        request,
        "events/my_events.html",
        {"coming": coming, "past": past, "Status": Registration.Status},
    )
