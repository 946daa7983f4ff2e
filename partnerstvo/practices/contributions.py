"""What practices tell about a CSO on its website: its published good practices (registered
with ``partnerstvo.core.contributions``, which the websites read)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.contributions import Contribution, register

from .models import Practice
from .selectors import practices_of_organisation


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
