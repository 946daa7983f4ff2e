"""Follow-up actions of decisions: set with an owner and a deadline, their progress reported by
organisers or owners, and the owners reminded before and after the deadline (once each)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.directory.models import AdministrationMembership, OrganisationMembership, Person
from partnerstvo.directory.roles import roles_of

from ..models import Action, Decision
from .minutes import absolute, notify_people

REMIND_BEFORE = datetime.timedelta(days=3)
OWNER_FIELDS = ("owner_organisation", "owner_administration", "owner_person")


@transaction.atomic
def action_add(*, actor, decision: Decision, data: dict) -> Action:
    """Set a follow-up action of ``decision``: ``title``, ``deadline`` and at least one owner.
    The event's organisers."""
    action = Action(decision=decision)
    require(actor, "add", action)
    allowed = {"title", "deadline", "note", *OWNER_FIELDS}
    return save_audited(
        instance=action,
        data={key: value for key, value in data.items() if key in allowed},
        actor=actor,
        action="events.action.added",
    )


@transaction.atomic
def action_update(*, actor, action: Action, status: str, note: str | None = None) -> Action:
    """Report an action's progress (open, in progress, done, dropped) with a note. The event's
    organisers and the action's owners. Done or dropped closes it (it leaves the open lists)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    require(actor, "change", action)
    if status not in Action.Status.values:
        raise ValidationError(_("Choose a status of the list."), code="status")
    data = {"status": status}
    if note is not None:
        data["note"] = note.strip()
    closing = status not in Action.OPEN_STATUSES
    if closing and action.is_open:
        data["closed_at"] = timezone.now()
    elif not closing:
        data["closed_at"] = None
    return save_audited(instance=action, data=data, actor=actor, action="events.action.updated")


def _people_answering_for(action: Action) -> list[Person]:
    """Who is reminded: the person owner, the admins of the organisation owner, the officers of
    the administration owner."""
    today = timezone.localdate()
    people = {}
    if action.owner_person_id:
        people[action.owner_person_id] = action.owner_person
    if action.owner_organisation_id:
        for membership in (
            OrganisationMembership.objects.active(today)
            .filter(organisation_id=action.owner_organisation_id, role="admin")
            .select_related("person")
        ):
            people[membership.person_id] = membership.person
    if action.owner_administration_id:
        for membership in (
            AdministrationMembership.objects.active(today)
            .filter(
                administration_id=action.owner_administration_id,
                role=AdministrationMembership.Role.OFFICER,
            )
            .select_related("person")
        ):
            people[membership.person_id] = membership.person
    return list(people.values())


@transaction.atomic
def action_deadline_reminders(*, actor, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind the owners of open actions whose deadline is within three days (once), and of
    those whose deadline has passed (once). Run on a schedule (as SYSTEM). Returns how many
    actions were reminded before and after their deadline."""
    if not roles_of(actor).is_coordinator:  # every event's actions: the system or coordinators
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    url = absolute(reverse("events:actions"))
    counts = {"before": 0, "after": 0}
    due = (
        Action.objects.open()
        .select_for_update(of=("self",))
        .select_related("decision__minutes__event", "owner_person")
    )
    batches = (
        (
            "before",
            due.filter(
                reminded_before_at__isnull=True,
                deadline__gte=today,
                deadline__lte=today + REMIND_BEFORE,
            ),
            "reminded_before_at",
            gettext_lazy("An action is due on %(deadline)s: %(title)s"),
        ),
        (
            "after",
            due.filter(reminded_after_at__isnull=True, deadline__lt=today),
            "reminded_after_at",
            gettext_lazy("An action was due on %(deadline)s: %(title)s"),
        ),
    )
    # Reminders are written in the platform's language, whoever runs the job.
    with translation.override(settings.LANGUAGE_CODE):
        _remind(batches, actor=actor, now=now, url=url, counts=counts)
    return counts


def _remind(batches, *, actor, now, url, counts) -> None:
    for key, actions, field, subject in batches:
        for action in actions:
            before = snapshot(action, [field])
            setattr(action, field, now)
            action.save(update_fields=[field])
            audit_log(
                actor=actor,
                action=f"events.action.reminded_{key}",
                instance=action,
                before=before,
                after=snapshot(action, [field]),
            )
            counts[key] += 1
            people = _people_answering_for(action)
            params = {"deadline": action.deadline.strftime("%d.%m.%Y"), "title": action.title}
            text = _("%(event)s, decision %(number)s: %(title)s") % {
                "event": action.decision.minutes.event.title,
                "number": action.decision.number,
                "title": action.title,
            }
            notify_people(
                people=people,
                kind="events.action_deadline",
                subject=subject % params,
                text=text,
                url=url,
            )
