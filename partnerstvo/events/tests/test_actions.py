"""Follow-up actions: who adds and updates them, the open list per organisation and per
municipality (paginated, constant queries), and the deadline reminders (once before, once
after)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Action

from .meetings import *  # noqa: F403 - the fixtures
from .meetings import make_event


def login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def decision(event, registrations, iskar_admin):
    minutes = services.minutes_save(actor=iskar_admin, event=event, body="Протокол.")
    return services.decision_add(actor=iskar_admin, minutes=minutes, text="Работна група.")


def publish(decision, actor):
    minutes = decision.minutes
    services.minutes_circulate(actor=actor, minutes=minutes)
    services.minutes_approve(actor=actor, minutes=minutes)
    services.minutes_publish(actor=actor, minutes=minutes)


def add(decision, actor, **data):
    data = {"title": "Проект на стратегия", "deadline": timezone.localdate(), **data}
    return services.action_add(actor=actor, decision=decision, data=data)


def test_only_organisers_add_actions_and_an_owner_is_required(
    decision, iskar_admin, iskar_member, go2000, go2000_editor
):
    with pytest.raises(PermissionDenied):
        add(decision, iskar_member, owner_organisation=go2000)
    with pytest.raises(PermissionDenied):
        add(decision, go2000_editor, owner_organisation=go2000)
    with pytest.raises(ValidationError):
        add(decision, iskar_admin)
    assert not Action.objects.exists()
    action = add(decision, iskar_admin, owner_organisation=go2000)
    assert action.status == "open"


def test_owners_and_organisers_update_an_action_others_do_not(
    client, decision, iskar_admin, go2000, go2000_editor, iskar_member
):
    action = add(decision, iskar_admin, owner_organisation=go2000)
    update = reverse("events:action-update", kwargs={"pk": action.pk})
    assert client.post(update, {"status": "done"}).status_code == 302  # to the login
    login(client, iskar_member)
    assert client.post(update, {"status": "done"}).status_code == 404  # minutes are a draft
    client.logout()
    login(client, go2000_editor)  # the owner's editor
    assert client.post(update, {"status": "in_progress", "note": "Започнахме."}).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.closed_at is None
    client.post(update, {"status": "bogus"})
    action.refresh_from_db()
    assert action.status == "in_progress"
    client.logout()
    login(client, iskar_admin)
    client.post(update, {"status": "done", "next": "https://evil.example/"})
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at is not None


def test_open_actions_per_organisation_and_municipality(
    client,
    decision,
    iskar,
    iskar_admin,
    go2000,
    administration,
    other_administration,
    gorna_oryahovitsa,
):
    mine = add(decision, iskar_admin, owner_organisation=go2000, title="На Горна Оряховица 2000")
    municipal = add(
        decision, iskar_admin, owner_administration=other_administration, title="На общината"
    )
    closed = add(decision, iskar_admin, owner_organisation=iskar, title="Готово")
    services.action_update(actor=iskar_admin, action=closed, status="done")
    publish(decision, iskar_admin)
    index = reverse("events:actions")

    def titles(**params):
        response = client.get(index, params)
        assert response.status_code == 200
        return {action.title for action in response.context["page_obj"]}

    assert titles() == {mine.title, municipal.title}
    assert titles(organisation=go2000.pk) == {mine.title}
    # The event is in Долна Митрополия; the other administration is Горна Оряховица's.
    assert titles(municipality=gorna_oryahovitsa.pk) == {municipal.title}
    assert titles(municipality=iskar.seat_id) == {mine.title, municipal.title}
    assert titles(status="closed") == {closed.title}
    assert titles(status="all") == {mine.title, municipal.title, closed.title}
    assert titles(organisation="x", municipality="y", status="z", page="q") == {
        mine.title,
        municipal.title,
    }


def test_actions_of_unpublished_minutes_are_not_public(
    client, decision, iskar_admin, go2000, go2000_editor, outsider
):
    add(decision, iskar_admin, owner_organisation=go2000, title="Вътрешно")
    index = reverse("events:actions")
    assert not client.get(index).context["page_obj"].object_list
    login(client, outsider)
    assert not client.get(index).context["page_obj"].object_list
    client.logout()
    login(client, go2000_editor)  # the owner sees its own
    assert [a.title for a in client.get(index).context["page_obj"]] == ["Вътрешно"]


def test_action_list_query_count_is_constant(
    client, decision, iskar_admin, go2000, other_administration, django_assert_max_num_queries
):
    publish(decision, iskar_admin)
    for index in range(3):
        Action.objects.create(
            decision=decision,
            title=f"A{index}",
            owner_organisation=go2000,
            deadline=timezone.localdate(),
        )
    login(client, iskar_admin)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("events:actions"))
    Action.objects.bulk_create(
        Action(
            decision=decision,
            title=f"B{index}",
            deadline=timezone.localdate(),
            **(
                {"owner_organisation": go2000}
                if index % 2
                else {"owner_administration": other_administration}
            ),
        )
        for index in range(120)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("events:actions"))
    assert len(response.context["page_obj"].object_list) == 50
    assert client.get(reverse("events:actions"), {"page": 3}).status_code == 200


def test_owners_are_reminded_once_before_and_once_after_the_deadline(
    decision, iskar_admin, go2000, go2000_editor, django_capture_on_commit_callbacks
):
    from conftest import add_member, make_user

    owner_admin = add_member(
        make_user("admin@go2000.example.bg", "Гергана", "Колева"), go2000, "admin"
    )
    today = timezone.localdate()
    soon = add(
        decision,
        iskar_admin,
        owner_organisation=go2000,
        deadline=today + datetime.timedelta(days=2),
    )
    later = add(
        decision,
        iskar_admin,
        owner_organisation=go2000,
        deadline=today + datetime.timedelta(days=10),
    )
    late = add(
        decision,
        iskar_admin,
        owner_organisation=go2000,
        deadline=today - datetime.timedelta(days=1),
    )
    done = add(
        decision,
        iskar_admin,
        owner_organisation=go2000,
        deadline=today - datetime.timedelta(days=1),
    )
    services.action_update(actor=iskar_admin, action=done, status="done")
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.action_deadline_reminders(actor=SYSTEM)
    assert counts == {"before": 1, "after": 1}
    assert {tuple(message.to) for message in mail.outbox} == {(owner_admin.email,)}
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.action_deadline_reminders(actor=SYSTEM) == {"before": 0, "after": 0}
    assert len(mail.outbox) == 2
    # Days later the one due soon is late: reminded after, once.
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.action_deadline_reminders(
            actor=SYSTEM, now=timezone.now() + datetime.timedelta(days=4)
        )
    assert counts == {"before": 0, "after": 1}
    for action in (soon, later, late):
        action.refresh_from_db()
    assert soon.reminded_before_at and soon.reminded_after_at
    assert later.reminded_before_at is None
    with pytest.raises(PermissionDenied):
        services.action_deadline_reminders(actor=go2000_editor)


def test_the_reminder_job_is_scheduled():
    from partnerstvo.scheduling.registry import registered_jobs

    assert "events.action-deadline-reminders" in {job.name for job in registered_jobs()}


def test_other_events_actions_stay_with_their_organisers(go2000, go2000_editor, iskar_admin, iskar):
    other = make_event(organisation=go2000, slug="drugo")
    minutes = services.minutes_save(actor=go2000_editor, event=other, body="Чужд протокол.")
    with pytest.raises(PermissionDenied):
        services.decision_add(actor=iskar_admin, minutes=minutes, text="Намеса.")
    decision = services.decision_add(actor=go2000_editor, minutes=minutes, text="Свое.")
    with pytest.raises(PermissionDenied):
        add(decision, iskar_admin, owner_organisation=iskar)
