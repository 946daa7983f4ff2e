"""Reads of good practices: the public list with its filters, a practice's page, the authors'
and the coordinator's lists. Relations are joined here, so pages cost a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import AreaOfWork, Municipality
from partnerstvo.events.models import Event

from .models import PUBLISHED, Practice, PracticeImage, PracticeResult

_LIST_PREFETCH = (
    Prefetch("themes", queryset=AreaOfWork.objects.order_by("name")),
    Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
)


def _events_for_page():
    return Event.objects.public().filter(status=Event.Status.PUBLISHED).order_by("starts_at")


def public_practice_list(
    *,
    text: str = "",
    theme: AreaOfWork | None = None,
    municipality: Municipality | None = None,
    oblast=None,
) -> QuerySet[Practice]:
    """Published practices, newest first, filtered. Filters over many-to-many relations go
    through ``pk__in`` subqueries, so no practice is listed twice and the count stays exact."""
    practices = Practice.objects.filter(PUBLISHED)
    if text:
        words = text.split()[:8]
        for word in words:
            practices = practices.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(problem__icontains=word)
                | Q(approach__icontains=word)
                | Q(results__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    if theme is not None:
        practices = practices.filter(
            pk__in=Practice.themes.through.objects.filter(areaofwork=theme).values("practice_id")
        )
    if municipality is not None:
        practices = practices.filter(
            pk__in=Practice.municipalities.through.objects.filter(municipality=municipality).values(
                "practice_id"
            )
        )
    if oblast is not None:
        practices = practices.filter(
            pk__in=Practice.municipalities.through.objects.filter(
                municipality__oblast=oblast
            ).values("practice_id")
        )
    return (
        practices.select_related("organisation")
        .prefetch_related(*_LIST_PREFETCH)
        .order_by("-published_at", "-pk")
    )


def practice_get_for_page(*, user, slug: str) -> Practice:
    """The practice at ``slug`` if ``user`` may see it (published: everyone), with everything its
    page shows. Raises ``Practice.DoesNotExist`` otherwise (the view answers 404)."""
    return (
        scope(user, "view", Practice.objects.all())
        .select_related("organisation", "reviewed_by")
        .prefetch_related(
            *_LIST_PREFETCH,
            Prefetch("partner_organisations"),
            Prefetch("presented_at", queryset=_events_for_page()),
            Prefetch("result_rows", queryset=PracticeResult.objects.order_by("order", "pk")),
            Prefetch(
                "images",
                queryset=PracticeImage.objects.select_related("image").order_by("order", "pk"),
            ),
            "attachments",
        )
        .get(slug=slug)
    )


def practices_of_organisation(*, organisation, limit: int | None = None) -> QuerySet[Practice]:
    """An organisation's published practices, newest first (its website, its profile)."""
    practices = Practice.objects.filter(PUBLISHED, organisation=organisation).order_by(
        "-published_at", "-pk"
    )
    return practices[:limit] if limit else practices


def review_queue(*, user) -> QuerySet[Practice]:
    """Submitted practices waiting for the coordinator, oldest first."""
    return (
        scope(user, "review", Practice.objects.filter(status=Practice.Status.SUBMITTED))
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )


def practices_presented_at(event) -> QuerySet[Practice]:
    """The published practices presented at ``event`` (for the event's page, which is the
    events app's: a domain app's selector that the composition or a registry may read)."""
    return (
        Practice.objects.filter(PUBLISHED, presented_at=event)
        .select_related("organisation")
        .order_by("title")
    )
