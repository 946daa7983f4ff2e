import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from partnerstvo.core.audit import AuditEntry
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.notifications import services, tasks
from partnerstvo.notifications.models import Frequency, Notification, NotificationPreference
from partnerstvo.scheduling.registry import registered_jobs

pytestmark = pytest.mark.django_db


def _notify(person, n=1, **extra):
    for i in range(n):
        services.notify(
            person=person,
            kind="events.reminder",
            subject=f"Напомняне {i}",
            text="Събитието е утре.",
            url="/events/x/",
            **extra,
        )


def _choose(user, frequency):
    services.notification_preference_save(actor=user, person=user.person, frequency=frequency)


def test_immediate_by_default_one_email_per_notice_on_commit(
    iskar_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(iskar_member.person, 2)
        assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 2
    assert len(mailoutbox) == 2
    assert mailoutbox[0].to == [iskar_member.person.email]
    assert mailoutbox[0].subject == "Напомняне 0"
    assert "http://" in mailoutbox[0].body or "https://" in mailoutbox[0].body
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    # Sending again does nothing: already claimed.
    assert services.send_immediately(Notification.objects.first().pk) is False
    assert len(mailoutbox) == 2


def test_nothing_sent_when_the_transaction_rolls_back(
    iskar_member, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _notify(iskar_member.person)
                raise RuntimeError
        except RuntimeError:
            pass
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_daily_digest_sends_one_email_per_person_exactly_once(
    iskar_member, iskar_editor, go2000_editor, mailoutbox, django_capture_on_commit_callbacks
):
    _choose(iskar_member, Frequency.DAILY)
    _choose(iskar_editor, Frequency.DAILY)
    _choose(go2000_editor, Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(iskar_member.person, 3)
        _notify(iskar_editor.person, 1)
        _notify(go2000_editor.person, 2)
    assert mailoutbox == []
    assert services.digests_send(frequency=Frequency.DAILY) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [iskar_member.person.email, iskar_editor.person.email]
    )
    member_mail = next(m for m in mailoutbox if m.to == [iskar_member.person.email])
    assert all(f"Напомняне {i}" in member_mail.body for i in range(3))
    assert "3" in member_mail.subject
    # Run twice: nothing more.
    assert services.digests_send(frequency=Frequency.DAILY) == 0
    assert len(mailoutbox) == 2
    # The weekly ones are still waiting, and go out once.
    assert Notification.objects.filter(sent_at__isnull=True).count() == 2
    assert services.digests_send(frequency=Frequency.WEEKLY) == 1
    assert services.digests_send(frequency=Frequency.WEEKLY) == 0
    assert len(mailoutbox) == 3
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_daily_digest_picks_up_notices_left_when_switching_to_immediate(
    iskar_member, mailoutbox, django_capture_on_commit_callbacks
):
    _choose(iskar_member, Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(iskar_member.person)
    _choose(iskar_member, Frequency.IMMEDIATE)
    assert services.digests_send(frequency=Frequency.DAILY) == 1
    assert len(mailoutbox) == 1


def test_weekly_digest_goes_out_on_mondays_only(iskar_member, mailoutbox):
    _choose(iskar_member, Frequency.WEEKLY)
    _notify(iskar_member.person)
    tuesday, monday = datetime.date(2026, 12, 8), datetime.date(2026, 12, 7)
    assert services.weekly_digests_send(today=tuesday) == 0
    assert services.weekly_digests_send(today=monday) == 1
    assert services.weekly_digests_send(today=monday) == 0
    assert len(mailoutbox) == 1
    assert tasks.send_weekly_digests.call() == 0  # nothing left, whatever the day


def test_digest_jobs_registered_with_the_scheduler():
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["notifications.daily-digest"].at == datetime.time(7)
    assert jobs["notifications.weekly-digest"].at == datetime.time(7)


def test_person_without_email_gets_nothing(iskar_member):
    person = iskar_member.person
    person.email = ""
    person.save()
    _notify(person)
    assert not Notification.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_digest_runs_send_each_notice_once(iskar_member, mailoutbox):
    _choose(iskar_member, Frequency.DAILY)
    _notify(iskar_member.person, 5)
    results = []

    def run():
        results.append(services.digests_send(frequency=Frequency.DAILY))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(mailoutbox) == 1


def test_preference_policy_own_only(iskar_member, go2000_editor, coordinator):
    _choose(iskar_member, Frequency.DAILY)
    preference = NotificationPreference.objects.get(person=iskar_member.person)
    assert user_can(iskar_member, "change", preference)
    assert not user_can(go2000_editor, "change", preference)
    assert not user_can(coordinator, "view", preference)
    _notify(iskar_member.person)
    assert scope(go2000_editor, "view", Notification.objects.all()).count() == 0
    assert scope(iskar_member, "view", Notification.objects.all()).count() == 1
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.notification_preference_save(
            actor=go2000_editor, person=iskar_member.person, frequency=Frequency.WEEKLY
        )
    assert AuditEntry.objects.filter(action="create").exists()
    assert services.notification_preference_save(
        actor=SYSTEM, person=iskar_member.person, frequency=Frequency.WEEKLY
    )


def test_preferences_page(client, iskar_member, django_assert_max_num_queries):
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 302  # login first
    client.force_login(iskar_member)
    _notify(iskar_member.person, 30)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "frequency" in response.content.decode()
    response = client.post(url, {"frequency": "weekly"})
    assert response.status_code == 302
    assert services.frequency_of(iskar_member.person) == "weekly"
    response = client.post(url, {"frequency": "hourly"})
    assert response.status_code == 200  # a clear error, nothing saved
    assert services.frequency_of(iskar_member.person) == "weekly"
    assert url in client.get(reverse("accounts:profile")).content.decode()


def test_notice_links_are_in_the_default_language_whatever_the_request_spoke(iskar_member):
    """A notice caused by a request to an /en/ page is read later by someone else: its link is
    stored as the default language (Bulgarian) spells it."""
    from django.utils import translation

    link = services.link_in_default_language
    with translation.override("en"):
        path = reverse("notifications:preferences")
        assert path.startswith("/en/")
        services.notify(person=iskar_member.person, kind="test.en", subject="S", text="T", url=path)
        services.notify_many(
            people=type(iskar_member.person).objects.filter(pk=iskar_member.person.pk),
            kind="test.en.many",
            subject="S",
            text="T",
            url=f"http://testserver{path}?a=1#x",
        )
    with translation.override("bg"):
        bulgarian = reverse("notifications:preferences")
    assert not bulgarian.startswith("/en/")
    assert Notification.objects.get(kind="test.en").url == bulgarian
    assert Notification.objects.get(kind="test.en.many").url == (
        f"http://testserver{bulgarian}?a=1#x"
    )
    assert link("/en/no-such-page/") == "/no-such-page/"  # not a route: the prefix dropped
    assert link("/en") == "/"
    assert link("/events/x/") == "/events/x/"
    assert link("/enrol/") == "/enrol/"
    assert link("") == ""
    assert link("https://example.org/en/x/") == "https://example.org/en/x/"  # not ours
