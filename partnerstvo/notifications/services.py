"""Notices: ``notify`` records one and, on commit, e-mails it at once or leaves it for the
person's digest; ``digests_send`` sends the digests. Every e-mail is claimed before it is sent
(a compare-and-set on ``sent_at``), so a notice goes out exactly once even if two schedulers or
two workers run the same digest at the same time."""

from __future__ import annotations

import datetime
import logging
import uuid
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone, translation

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.directory.models import Person

from .models import Frequency, Notification, NotificationPreference, Subscription

logger = logging.getLogger(__name__)


def frequency_of(person: Person) -> str:
    preference = NotificationPreference.objects.filter(person=person).first()
    return preference.frequency if preference else Frequency.IMMEDIATE


def attachment(name: str, content: str, mimetype: str) -> dict:
    """A small text file for ``notify(attachments=[...])``, e.g. an event's .ics."""
    return {"name": name, "content": content, "mimetype": mimetype}


def link_in_default_language(url: str) -> str:
    """``url`` (a path or an absolute address on the platform) as the default language (Bulgarian)
    spells it. A notice is read later, by someone else, so its link must not carry the language
    of the request that happened to cause it (``/en/...``); people have no language of their own
    on the platform, so every notice links in the default one, as its e-mail is written."""
    parts = urlsplit(url)
    if not url or (parts.netloc and not url.startswith(settings.PLATFORM_BASE_URL.rstrip("/"))):
        return url  # nothing, or another site's address
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code == settings.LANGUAGE_CODE or not (parts.path + "/").startswith(prefix):
            continue
        with translation.override(code):
            translated = translate_url(url, settings.LANGUAGE_CODE)
        if (urlsplit(translated).path + "/").startswith(prefix):  # not a route: drop the prefix
            path = "/" + parts.path[len(prefix) :]
            translated = urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
        return translated
    return url


def notify(
    *, person: Person, kind: str, subject: str, text: str, url: str = "", attachments=()
) -> None:
    """Tell ``person`` something. Recorded now (inside the caller's transaction); once that
    commits, e-mailed at once if the person chose so, otherwise sent with their next digest.
    ``attachments`` (``attachment(...)``: small text files) go with whichever e-mail carries
    the notice. Nothing is recorded for a person without an e-mail address."""
    if person is None or not person.email:
        return
    notification = Notification.objects.create(
        person=person,
        kind=kind[:60],
        subject=subject[:200],
        text=text,
        url=link_in_default_language(url)[:500],
        attachments=list(attachments),
    )
    if frequency_of(person) == Frequency.IMMEDIATE:
        transaction.on_commit(lambda pk=notification.pk: send_immediately(pk))


def notify_many(*, people, kind: str, subject: str, text: str, url: str = "") -> int:
    """``notify`` for many people at once (a queryset of ``Person``, e.g.
    ``selectors.subscribers(...)``): one query reads them with their choice, one insert records
    the notices, and once the caller's transaction commits the immediate ones are e-mailed.
    People without an e-mail address are left out, and so is anyone who already got a notice of
    this ``kind`` with this ``url`` (a task run twice tells nobody twice). Returns how many."""
    url = link_in_default_language(url)
    already = Notification.objects.filter(person=OuterRef("pk"), kind=kind[:60], url=url[:500])
    rows = list(
        people.exclude(email="")
        .exclude(Exists(already))
        .values_list("pk", "notification_preference__frequency")
        .distinct()
        .order_by("pk")
    )
    notices = Notification.objects.bulk_create(
        [
            Notification(
                person_id=pk, kind=kind[:60], subject=subject[:200], text=text, url=url[:500]
            )
            for pk, _frequency in rows
        ]
    )
    immediate = [
        notice.pk
        for notice, (_pk, frequency) in zip(notices, rows, strict=True)
        if (frequency or Frequency.IMMEDIATE) == Frequency.IMMEDIATE
    ]
    if immediate:
        transaction.on_commit(lambda: _send_each(immediate))
    return len(notices)


def _send_each(notification_ids: list[int]) -> None:
    for pk in notification_ids:
        try:
            send_immediately(pk)
        except Exception:  # left unsent: it goes out with the next daily digest
            logger.exception("Notice %s not sent", pk)


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.PLATFORM_BASE_URL.rstrip("/") + url


def _claim(queryset, *, now) -> list[Notification]:
    """Mark the unsent notices of ``queryset`` as sent under one new key and return them: the
    rows another worker claimed first are not returned (the update re-reads ``sent_at``)."""
    key = uuid.uuid4()
    claimed = queryset.filter(sent_at__isnull=True).update(sent_at=now, digest_key=key)
    if not claimed:
        return []
    return list(
        Notification.objects.filter(digest_key=key)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def _send(*, person: Person, template: str, context: dict, notices=()) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "person": person,
            "base_url": settings.PLATFORM_BASE_URL.rstrip("/"),
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[person.email])
    names = set()
    for notice in notices:
        for file in notice.attachments or []:
            if file.get("name") and file["name"] not in names:  # the same file once
                names.add(file["name"])
                message.attach(file["name"], file.get("content", ""), file.get("mimetype"))
    message.send()


def send_immediately(notification_id: int) -> bool:
    """E-mail one notice now; False if it was already sent (by a digest or another worker).
    The claim and the sending are one transaction: if sending fails, the notice stays unsent
    and goes out with the next daily digest."""
    with transaction.atomic():
        notices = _claim(Notification.objects.filter(pk=notification_id), now=timezone.now())
        if not notices:
            return False
        notice = notices[0]
        _send(
            person=notice.person,
            template="notifications/email/notice",
            context={"notice": notice, "notice_url": _absolute(notice.url)},
            notices=[notice],
        )
    return True


def _people_due(frequency: str):
    """The people with unsent notices whose digest this is. The daily digest also carries what
    could not go out at once (a person who chose "immediately", or had no choice, after a
    failed e-mail or after switching from a digest)."""
    unsent = Exists(Notification.objects.filter(person=OuterRef("pk"), sent_at__isnull=True))
    if frequency == Frequency.WEEKLY:
        chose = Q(notification_preference__frequency=Frequency.WEEKLY)
    else:
        chose = Q(notification_preference__isnull=True) | Q(
            notification_preference__frequency__in=[Frequency.DAILY, Frequency.IMMEDIATE]
        )
    return Person.objects.filter(chose).filter(unsent).exclude(email="").order_by("pk")


def digests_send(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Send one e-mail per person due for this digest with all their unsent notices, each
    notice once; return how many e-mails were sent. Safe to run twice or concurrently: the
    second run finds nothing left to claim."""
    now = now or timezone.now()
    sent = 0
    for person in _people_due(frequency).iterator():
        try:
            with transaction.atomic():
                notices = _claim(Notification.objects.filter(person=person), now=now)
                if not notices:
                    continue
                _send(
                    person=person,
                    template="notifications/email/digest",
                    context={
                        "notices": [
                            {"notice": notice, "url": _absolute(notice.url)} for notice in notices
                        ],
                        "frequency": frequency,
                    },
                    notices=notices,
                )
        except Exception:  # one bad address must not stop everyone else's digest
            logger.exception("Digest for person %s not sent", person.pk)
            continue
        sent += 1
    return sent


def weekly_digests_send(*, today: datetime.date) -> int:
    """The weekly digest goes out on Mondays (local date ``today``); other days send nothing."""
    if today.weekday() != 0:
        return 0
    return digests_send(frequency=Frequency.WEEKLY)


def notification_preference_save(*, actor, person: Person, frequency: str):
    """Set how ``person`` gets notices. Raises ``PermissionDenied`` unless it is the actor's own
    choice, ``ValidationError`` on an unknown frequency."""
    with transaction.atomic():
        preference = NotificationPreference.objects.filter(person=person).first()
        if preference is None:
            preference = NotificationPreference(person=person)
            require(actor, "add", preference)
            action = "create"
        else:
            require(actor, "change", preference)
            action = "update"
        return save_audited(
            instance=preference, data={"frequency": frequency}, actor=actor, action=action
        )


def subscription_save(
    *, actor, person: Person, topic: str, municipality=None, area: str = ""
) -> Subscription:
    """Subscribe ``person`` to ``topic`` in ``municipality`` (``None``: all of them) and ``area``
    (blank: all of the topic's areas). Raises ``PermissionDenied`` unless the actor is that
    person (or the system), ``ValidationError`` on an unknown topic or area or a subscription the
    person already has; nothing is written then."""
    with transaction.atomic():
        subscription = Subscription(person=person)
        require(actor, "add", subscription)
        return save_audited(
            instance=subscription,
            data={"topic": topic, "municipality": municipality, "area": area or ""},
            actor=actor,
            action="create",
        )


def subscription_delete(*, actor, subscription: Subscription) -> None:
    """Remove one of the actor's own subscriptions; audited."""
    with transaction.atomic():
        require(actor, "delete", subscription)
        audit_log(
            actor=actor, action="delete", instance=subscription, before=snapshot(subscription)
        )
        subscription.delete()


__all__ = [
    "attachment",
    "digests_send",
    "frequency_of",
    "notification_preference_save",
    "notify",
    "notify_many",
    "send_immediately",
    "subscription_delete",
    "subscription_save",
    "weekly_digests_send",
]
