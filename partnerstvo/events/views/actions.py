"""Open follow-up actions, per organisation and per municipality, until they are closed; their
owners and the event's organisers report progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerstvo.core.permissions import get_for_user_or_404, scope
from partnerstvo.directory.models import Municipality, Organisation

from .. import services
from ..models import Action
from ..selectors.actions import action_list

ACTIONS_PER_PAGE = 50
STATUS_FILTERS = ("open", "closed", "all")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def action_index(request):
    organisation_id = _int(request.GET.get("organisation"))
    municipality_id = _int(request.GET.get("municipality"))
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    actions = action_list(
        user=request.user,
        organisation_id=organisation_id,
        municipality_id=municipality_id,
        status=status,
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    editable = (
        set(
            scope(
                request.user, "change", Action.objects.filter(pk__in=[a.pk for a in page])
            ).values_list("pk", flat=True)
        )
        if request.user.is_authenticated
        else set()
    )
    return render(
        request,
        "events/actions/action_list.html",
        {
            "page_obj": page,
            "editable": editable,
            "status": status,
            "organisation": Organisation.objects.filter(pk=organisation_id).first()
            if organisation_id
            else None,
            "municipality": Municipality.objects.filter(pk=municipality_id).first()
            if municipality_id
            else None,
            "municipalities": Municipality.objects.order_by("name").only("pk", "name"),
            "statuses": Action.Status.choices,
            "status_filters": [
                ("open", _("Open actions")),
                ("closed", _("Closed actions")),
                ("all", _("All actions")),
            ],
        },
    )


@login_required
@require_POST
def action_update(request, pk: int):
    action = get_for_user_or_404(request.user, "change", Action.objects.all(), pk=pk)
    try:
        services.action_update(
            actor=request.user,
            action=action,
            status=request.POST.get("status", ""),
            note=request.POST.get("note"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The action is updated."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("events:actions")
    return redirect(target)
