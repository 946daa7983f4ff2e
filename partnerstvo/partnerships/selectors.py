"""Reads of agreements and councils: the public register with its filters, an agreement's page,
a CSO's agreements for its website, a council's page and its annual report. Relations are joined
here, so each page costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerstvo.core.permissions import matches, scope
from partnerstvo.directory.roles import roles_of
from partnerstvo.events.models import Action, Decision, Event, Minutes, Registration

from .models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementRenewal,
    Council,
    CouncilMember,
)
from .policies import managed_councils


def _parties_prefetch() -> Prefetch:
    return Prefetch(
        "parties",
        queryset=AgreementParty.objects.select_related(
            "organisation", "administration", "municipality"
        ).order_by("order", "pk"),
    )


def agreement_register(
    *, user, municipality=None, kind: str = "", status: str = "", text: str = ""
) -> QuerySet[Agreement]:
    """The agreements ``user`` may read, newest first: the confirmed ones for everyone (and the
    drafts of the parties the user is an admin of), filtered."""
    agreements = scope(user, "view", Agreement.objects.all())
    if municipality is not None:
        agreements = agreements.filter(
            pk__in=AgreementParty.objects.filter(municipality=municipality).values("agreement_id")
        )
    if kind:
        agreements = agreements.filter(kind=kind)
    if status:
        agreements = agreements.with_status(status)
    for word in text.split()[:8]:
        agreements = agreements.filter(
            Q(title__icontains=word)
            | Q(subject__icontains=word)
            | Q(
                pk__in=AgreementParty.objects.filter(
                    Q(organisation__name__icontains=word) | Q(administration__name__icontains=word)
                ).values("agreement_id")
            )
        )
    return agreements.prefetch_related(_parties_prefetch()).order_by("-starts_on", "-pk")


def public_agreements() -> QuerySet[Agreement]:
    """The confirmed agreements (open data), their parties joined."""
    return (
        Agreement.objects.confirmed()
        .prefetch_related(_parties_prefetch())
        .order_by("-starts_on", "-pk")
    )


def agreement_for_page(*, user, pk) -> Agreement:
    """An agreement with its parties, documents and renewals, or ``Agreement.DoesNotExist``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Agreement.DoesNotExist from None
    return (
        scope(user, "view", Agreement.objects.all())
        .select_related("proposed_by")
        .prefetch_related(
            _parties_prefetch(),
            Prefetch("documents", queryset=AgreementDocument.objects.order_by("pk")),
            Prefetch("renewals", queryset=AgreementRenewal.objects.order_by("signed_on", "pk")),
        )
        .get(pk=pk)
    )


def agreements_of_organisation(*, organisation) -> QuerySet[Agreement]:
    """The confirmed agreements ``organisation`` is a party of, newest first."""
    return (
        Agreement.objects.confirmed()
        .filter(
            pk__in=AgreementParty.objects.filter(organisation=organisation).values("agreement_id")
        )
        .prefetch_related(_parties_prefetch())
        .order_by("-starts_on", "-pk")
    )


# --- councils ----------------------------------------------------------------------------------


def council_list(*, user) -> QuerySet[Council]:
    return (
        scope(user, "view", Council.objects.all())
        .select_related("administration__municipality")
        .annotate(
            member_count=Count(
                "members",
                filter=Q(members__ends_on__isnull=True)
                | Q(members__ends_on__gte=timezone.localdate()),
                distinct=True,
            ),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name", "pk")
    )


DECIDED = [Minutes.Status.APPROVED, Minutes.Status.PUBLISHED]


def council_members(*, council: Council, start=None, end=None) -> list[CouncilMember]:
    members = CouncilMember.objects.filter(council=council)
    members = members.during(start, end) if start and end else members.active()
    return list(
        members.select_related("person", "organisation", "administration").order_by(
            "position", "person__last_name", "person__first_name", "pk"
        )
    )


def council_meetings(*, council: Council, user) -> list[Event]:
    """The council's meetings the user may see (a private council's are closed events: its
    managers and the members registered for them see them), newest first, with their minutes."""
    events = scope(user, "view", Event.objects.filter(council_meeting__council=council))
    return list(events.select_related("minutes").order_by("-starts_at", "-pk"))


def council_decisions(*, council: Council, published_only: bool, year: int | None = None):
    """The decisions of the council's meetings whose minutes are approved (or, for the
    public, published), with their actions."""
    statuses = [Minutes.Status.PUBLISHED] if published_only else DECIDED
    decisions = Decision.objects.filter(
        minutes__event__council_meeting__council=council, minutes__status__in=statuses
    )
    if year is not None:
        decisions = decisions.filter(minutes__event__starts_at__year=year)
    return list(
        decisions.select_related("minutes__event")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related(
                    "owner_organisation", "owner_administration"
                ).order_by("deadline", "pk"),
            )
        )
        .order_by("-minutes__event__starts_at", "number", "pk")
    )


def sees_unpublished_decisions(*, user, council: Council) -> bool:
    """Members and managers read decisions of approved minutes not yet published."""
    roles = roles_of(user)
    if roles.reads_everything or matches(managed_councils(user), council):
        return True
    return bool(
        roles.person_id
        and CouncilMember.objects.filter(council=council, person_id=roles.person_id).exists()
    )


@dataclass
class AnnualReport:
    council: Council
    year: int
    meetings: list = field(default_factory=list)  # (event, present, participants)
    decisions: list = field(default_factory=list)
    members: list = field(default_factory=list)
    actions_done: int = 0
    actions_open: int = 0
    actions_dropped: int = 0
    attendance_rate: int | None = None


def annual_report(*, council: Council, year: int, published_only: bool) -> AnnualReport:
    """The council's year: meetings held (with attendance), decisions and their actions, and
    who sat on it. A fixed number of queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    now = timezone.now()
    events = (
        Event.objects.filter(
            council_meeting__council=council, starts_at__year=year, ends_at__lt=now
        )
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            participants=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            present=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED)
                & (
                    Q(registrations__attendance=Registration.Attendance.PRESENT)
                    | Q(registrations__checked_in_at__isnull=False)
                ),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    report = AnnualReport(council=council, year=year)
    report.meetings = list(events)
    report.decisions = council_decisions(council=council, published_only=published_only, year=year)
    report.members = council_members(council=council, start=start, end=end)
    actions = [action for decision in report.decisions for action in decision.actions.all()]
    report.actions_done = sum(1 for a in actions if a.status == Action.Status.DONE)
    report.actions_dropped = sum(1 for a in actions if a.status == Action.Status.DROPPED)
    report.actions_open = sum(1 for a in actions if a.is_open)
    invited = sum(event.participants for event in report.meetings)
    if invited:
        report.attendance_rate = round(100 * sum(e.present for e in report.meetings) / invited)
    return report
