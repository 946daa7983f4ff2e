"""Reads of follow-up actions: the open ones, per organisation and per municipality."""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import scope

from ..models import Action


def action_list(*, user, organisation_id=None, municipality_id=None, status: str = "open"):
    """The actions ``user`` may see, open ones by default (``status``: open, closed, all, or
    one status), of an owner organisation or in a municipality (the event's, or the owner
    administration's), soonest deadline first, with everything a row shows (constant queries)."""
    actions = scope(user, "view", Action.objects.all())
    if status == "open":
        actions = actions.open()
    elif status == "closed":
        actions = actions.exclude(status__in=Action.OPEN_STATUSES)
    elif status in Action.Status.values:
        actions = actions.filter(status=status)
    if organisation_id:
        actions = actions.filter(owner_organisation_id=organisation_id)
    if municipality_id:
        actions = actions.filter(
            Q(decision__minutes__event__municipality_id=municipality_id)
            | Q(owner_administration__municipality_id=municipality_id)
        )
    return actions.select_related(
        "decision__minutes__event",
        "owner_organisation",
        "owner_administration",
        "owner_person",
    ).order_by("deadline", "pk")
