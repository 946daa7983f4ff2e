"""What trainings tell about a CSO on its website: courses its members completed, and coming
sessions its members are enrolled in (registered with ``partnerstvo.core.contributions``, which
the websites read)."""

from __future__ import annotations

from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerstvo.core.contributions import Contribution, register

from .models import Certificate, Course, Enrolment, Session


@register("trainings", sources=(Certificate, Course, Enrolment, Session))
def trainings_of_organisation(organisation, *, limit: int) -> list[Contribution]:
    """Two grouped queries, whatever the number of members or certificates."""
    completed = (
        Certificate.objects.filter(
            enrolment__organisation=organisation,
            revoked_at__isnull=True,
            enrolment__course__is_published=True,
        )
        .values("enrolment__course__slug", "enrolment__course__title")
        .annotate(people=Count("pk"), until=Max("last_date"))
        .order_by("-until")[:limit]
    )
    items = [
        Contribution(
            kind="trainings",
            title=ngettext(
                "%(course)s: %(count)s member completed the training",
                "%(course)s: %(count)s members completed the training",
                row["people"],
            )
            % {"course": row["enrolment__course__title"], "count": row["people"]},
            date=row["until"],
            url=Course(slug=row["enrolment__course__slug"]).get_absolute_url(),
        )
        for row in completed
    ]
    coming = (
        Session.objects.filter(
            starts_at__gte=timezone.now(),
            course__is_published=True,
            course__enrolments__organisation=organisation,
            course__enrolments__status__in=[Enrolment.Status.REGISTERED, Enrolment.Status.WAITING],
        )
        .values("course__slug", "course__title")
        .annotate(first=Min("starts_at"))
        .order_by("first")[:limit]
    )
    items += [
        Contribution(
            kind="trainings",
            title=_("Training: %(course)s") % {"course": row["course__title"]},
            date=timezone.localtime(row["first"]).date(),
            url=Course(slug=row["course__slug"]).get_absolute_url(),
        )
        for row in coming
    ]
    return items
