"""What consultations tell people through the notifications app (topic "consultations", by
municipality and by area of work, the directory's areas a consultation is tagged with): a
consultation opens, two days remain, its справка is published; and what they tell officers:
proposals still without an answer after the end.

Each notice is recorded in the caller's transaction (``notifications.services.notify``) and
e-mailed once it commits, or kept for the person's digest. Each announcement goes out once: the
consultation records when (``announced_at``, ``reminded_closing_at``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerstvo.directory.models import AdministrationMembership, AreaOfWork
from partnerstvo.notifications.selectors import subscribers
from partnerstvo.notifications.services import notify, notify_many

from .models import Comment, Consultation

TOPIC = "consultations"
TOPIC_LABEL = gettext_lazy("Public consultations")
REMINDER_DAYS = 2


def topic_areas():
    """A subscriber narrows the topic by area of work (social policy, environment…), the areas a
    consultation is tagged with; read from the directory when asked for."""
    return [(area.slug, area.display_name) for area in AreaOfWork.objects.order_by("name")]


def _url(consultation: Consultation, path: str = "") -> str:
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path or consultation.get_absolute_url()}"


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def _tell_subscribers(consultation: Consultation, *, kind: str, subject: str, text: str, url: str):
    people = subscribers(
        topic=TOPIC,
        municipality=consultation.administration.municipality_id,
        area=list(consultation.areas.values_list("slug", flat=True)),
    )
    return notify_many(people=people, kind=kind, subject=subject, text=text, url=url)


def announce_opened(consultation: Consultation) -> bool:
    """Tell the subscribers that the consultation is open, once."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        consultation = (
            Consultation.objects.select_for_update()
            .select_related("administration__municipality")
            .get(pk=consultation.pk)
        )
        if consultation.announced_at or consultation.status != Consultation.Status.OPEN:
            return False
        _tell_subscribers(
            consultation,
            kind="consultations.opened",
            subject=_("Public consultation: %(title)s") % {"title": consultation.title},
            text=_("%(administration)s asks for proposals on “%(title)s” until %(date)s.")
            % {
                "administration": consultation.administration.name,
                "title": consultation.title,
                "date": _date(consultation.ends_on),
            },
            url=_url(consultation),
        )
        consultation.announced_at = timezone.now()
        consultation.save(update_fields=["announced_at"])
        return True


def announce_due(today: datetime.date | None = None) -> int:
    """Every consultation that is open and not yet announced (those that opened today)."""
    today = today or timezone.localdate()
    due = Consultation.objects.filter(
        announced_at__isnull=True,
        summary_published_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    )
    return sum(announce_opened(consultation) for consultation in due)


def remind_closing(today: datetime.date | None = None) -> int:
    """Two days before the end, tell the subscribers (each consultation once)."""
    today = today or timezone.localdate()
    due = Consultation.objects.filter(
        reminded_closing_at__isnull=True,
        summary_published_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
    ).select_related("administration__municipality")
    sent = 0
    for consultation in due:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            claimed = Consultation.objects.filter(
                pk=consultation.pk, reminded_closing_at__isnull=True
            ).update(reminded_closing_at=timezone.now())
            if not claimed:
                continue
            _tell_subscribers(
                consultation,
                kind="consultations.closing",
                subject=_("Last days for proposals: %(title)s") % {"title": consultation.title},
                text=_("Proposals on “%(title)s” are accepted until %(date)s.")
                % {"title": consultation.title, "date": _date(consultation.ends_on)},
                url=_url(consultation),
            )
            sent += 1
    return sent


def announce_summary(consultation: Consultation) -> int:
    """The справка is published: tell the subscribers. Called inside the publishing service."""
    with translation.override(settings.LANGUAGE_CODE):
        return _tell_subscribers(
            consultation,
            kind="consultations.summary",
            subject=_("Справка published: %(title)s") % {"title": consultation.title},
            text=_("The administration's answers to the proposals on “%(title)s” are published.")
            % {"title": consultation.title},
            url=_url(consultation, f"{consultation.get_absolute_url()}spravka/"),
        )


def remind_officers(today: datetime.date | None = None) -> int:
    """To the officers of each administration: the ended consultations whose proposals still
    wait for an answer. Returns how many consultations."""
    today = today or timezone.localdate()
    waiting = list(
        Consultation.objects.filter(ends_on__lt=today, summary_published_at__isnull=True)
        .filter(comments__answer="")
        .distinct()
        .select_related("administration")
    )
    if not waiting:
        return 0
    unanswered = dict(
        Comment.objects.filter(consultation__in=waiting, answer="")
        .values_list("consultation_id")
        .annotate(count=Count("pk"))
    )
    officers: dict[int, list] = {}
    for membership in (
        AdministrationMembership.objects.active(today)
        .filter(
            administration_id__in={c.administration_id for c in waiting},
            role=AdministrationMembership.Role.OFFICER,
        )
        .select_related("person")
    ):
        officers.setdefault(membership.administration_id, []).append(membership.person)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for consultation in waiting:
            count = unanswered.get(consultation.pk, 0)
            for person in officers.get(consultation.administration_id, []):
                notify(
                    person=person,
                    kind="consultations.unanswered",
                    subject=_("Proposals to answer: %(title)s") % {"title": consultation.title},
                    text=ngettext(
                        "%(count)s proposal on “%(title)s” has no answer yet; the справка is "
                        "published once every proposal is answered.",
                        "%(count)s proposals on “%(title)s” have no answer yet; the справка is "
                        "published once every proposal is answered.",
                        count,
                    )
                    % {"count": count, "title": consultation.title},
                    url=_url(consultation, f"{consultation.get_absolute_url()}answers/"),
                )
    return len(waiting)
