"""What events tell about a CSO on its website: the published events it organises and those its
members registered for on its behalf (registered with ``partnerstvo.core.contributions``, which
the websites read)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.contributions import Contribution, register

from .models import Event, EventOrganiser, Registration


@register("events", sources=(Event, EventOrganiser, Registration))
def events_of_organisation(organisation, *, limit: int) -> list[Contribution]:
    """One query, whatever the number of events or registrations."""
    organised = EventOrganiser.objects.filter(event_id=OuterRef("pk"), organisation=organisation)
    took_part = Registration.objects.filter(
        event_id=OuterRef("pk"),
        on_behalf_of=organisation,
        status=Registration.Status.CONFIRMED,
    )
    events = (
        Event.objects.public()
        .filter(status=Event.Status.PUBLISHED)
        .annotate(organised=Exists(organised), took_part=Exists(took_part))
        .filter(Q(organised=True) | Q(took_part=True))
        .only("slug", "title", "summary", "starts_at", "kind")
        .order_by("-starts_at", "-pk")[:limit]
    )
    return [
        Contribution(
            kind="events",
            title=(_("Organised: %(event)s") if event.organised else _("Took part: %(event)s"))
            % {"event": event.title},
            date=timezone.localtime(event.starts_at).date(),
            url=event.get_absolute_url(),
            summary=event.summary,
        )
        for event in events
    ]
