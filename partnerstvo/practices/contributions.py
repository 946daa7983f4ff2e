"""What practices tell others: a CSO's published good practices on its website (registered with
``partnerstvo.core.contributions``, which the websites read), and the practices presented at an
event on the event's page (``partnerstvo.events.page_sections``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstvo.core.contributions import Contribution, register
from partnerstvo.events import page_sections

from .models import Practice
from .selectors import practices_of_organisation, practices_presented_at


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


@register("practices", sources=(Practice,))
def practices_of(organisation, *, limit: int) -> list[Contribution]:
    """One query, whatever the number of practices."""
    return [
        Contribution(
            kind="practices",
            title=_("Good practice: %(title)s") % {"title": practice.title},
            date=timezone.localtime(practice.published_at).date()
            if practice.published_at
            else None,
            url=practice.get_absolute_url(),
            summary=practice.summary,
        )
        for practice in practices_of_organisation(organisation=organisation).only(
            "slug", "title", "summary", "published_at"
        )[:limit]
    ]


@page_sections.register("practices", heading=gettext_lazy("Good practices presented"))
def presented_at(event) -> list[page_sections.SectionItem]:
    """The published practices presented at ``event``, for its page (one query)."""
    return [
        page_sections.SectionItem(
            title=practice.title,
            url=practice.get_absolute_url(),
            summary=f"{practice.organisation.name}. {practice.summary}".strip(". "),
        )
        for practice in practices_presented_at(event)
    ]
