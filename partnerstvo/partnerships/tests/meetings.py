"""A council meeting that took place, with approved minutes, a decision with an open and a done
action: built through the services, as the demo does (registered while coming, then moved back
in time)."""

import datetime

from django.db.models import F
from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services as events
from partnerstvo.events.models import Action, Event, Registration
from partnerstvo.partnerships import services


def held_meeting(council, actor, *, days_ago=20, publish=False, owner=None):
    start = timezone.now() + datetime.timedelta(days=1)
    meeting = services.council_meeting_create(
        actor=actor,
        council=council,
        data={
            "title": "Заседание на съвета",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "venue": "Зала на общинския съвет",
        },
    )
    event = meeting.event
    shift = datetime.timedelta(days=days_ago + 1)
    Event.objects.filter(pk=event.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    event.refresh_from_db()
    first = event.registrations.order_by("pk").first()
    if first is not None:
        Registration.objects.filter(pk=first.pk).update(attendance="present")
    minutes = events.minutes_save(actor=SYSTEM, event=event, body="Съветът обсъди плана.")
    decision = events.decision_add(actor=SYSTEM, minutes=minutes, text="Приема плана за 2026 г.")
    owner = owner or council.administration
    done = events.action_add(
        actor=SYSTEM,
        decision=decision,
        data={
            "title": "Публикува плана",
            "deadline": timezone.localdate(),
            "owner_administration": owner,
        },
    )
    events.action_update(actor=SYSTEM, action=done, status=Action.Status.DONE)
    events.action_add(
        actor=SYSTEM,
        decision=decision,
        data={
            "title": "Организира обществено обсъждане",
            "deadline": timezone.localdate() + datetime.timedelta(days=30),
            "owner_administration": owner,
        },
    )
    minutes = events.minutes_circulate(actor=SYSTEM, minutes=minutes)
    minutes = events.minutes_approve(actor=SYSTEM, minutes=minutes)
    if publish:
        events.minutes_publish(actor=SYSTEM, minutes=minutes)
    return event, decision
