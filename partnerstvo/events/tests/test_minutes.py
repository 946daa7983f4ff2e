"""The minutes workflow (draft → circulated → approved → published), its revisions with the
attendance, who reads and who comments at each step, and bad input."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.events import services
from partnerstvo.events.models import Minutes, MinutesComment, MinutesRevision

from .meetings import *  # noqa: F403 - the fixtures

BODY = "Присъстващите обсъдиха младежката стратегия.\n\nРешиха да подготвят предложения."


def login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def url(event):
    return reverse("events:minutes", kwargs={"slug": event.slug})


@pytest.fixture
def minutes(event, registrations, iskar_admin):
    services.checkin_sync(
        actor=iskar_admin, event=event, scans=[{"code": registrations["cso"].checkin_code}]
    )
    return services.minutes_save(actor=iskar_admin, event=event, body=BODY)


def test_workflow_keeps_a_revision_with_the_attendance_at_each_step(
    minutes, iskar_admin, iskar_member, django_capture_on_commit_callbacks
):
    assert minutes.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    # The confirmed participants are told (not the one on the waiting list).
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted(["chlen@iskar.example.bg", "sluzhitel@dm.example.bg", "gost@example.bg"])
    services.minutes_comment(actor=iskar_member, minutes=minutes, text="Да добавим и читалищата.")
    services.minutes_save(actor=iskar_admin, event=minutes.event, body=BODY + "\n\nИ читалищата.")
    approved = services.minutes_approve(actor=iskar_admin, minutes=minutes)
    assert approved.status == "approved" and approved.approved_by == iskar_admin
    published = services.minutes_publish(actor=iskar_admin, minutes=minutes)
    assert published.status == "published"
    revisions = list(MinutesRevision.objects.filter(minutes=minutes).order_by("number"))
    assert [r.status for r in revisions] == [
        "draft",
        "circulated",
        "circulated",
        "approved",
        "published",
    ]
    assert revisions[0].body == BODY and revisions[-1].body.endswith("И читалищата.")
    rows = {row["name"]: row for row in revisions[-1].attendance["rows"]}
    assert rows["Стефан Митов"]["attendance"] == "present"
    assert rows["Стефан Митов"]["type"] == "cso"
    assert rows["Красимир Пенев"]["type"] == "municipal"
    assert rows["Никола Гостев"]["type"] == "other"
    assert revisions[-1].attendance["counts"]["present"]["total"] == 1
    comment = MinutesComment.objects.get()
    assert comment.revision == revisions[1]


def test_who_reads_the_minutes_at_each_step(
    minutes, iskar_admin, iskar_member, go2000_editor, coordinator, auditor
):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    def readers():
        return {
            name
            for name, user in {
                "organiser": iskar_admin,
                "participant": iskar_member,
                "other": go2000_editor,
                "anonymous": anonymous,
                "coordinator": coordinator,
                "auditor": auditor,
            }.items()
            if user_can(user, "view", minutes)
            and scope(user, "view", Minutes.objects.filter(pk=minutes.pk)).exists()
        }

    assert readers() == {"organiser", "coordinator", "auditor"}
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    minutes.refresh_from_db()
    assert readers() == {"organiser", "participant", "coordinator", "auditor"}
    services.minutes_approve(actor=iskar_admin, minutes=minutes)
    minutes.refresh_from_db()
    assert readers() == {"organiser", "participant", "coordinator", "auditor"}
    services.minutes_publish(actor=iskar_admin, minutes=minutes)
    minutes.refresh_from_db()
    assert readers() == {
        "organiser",
        "participant",
        "other",
        "anonymous",
        "coordinator",
        "auditor",
    }


def test_minutes_page_answers_each_kind_of_visitor(
    client, minutes, iskar_admin, iskar_member, go2000_editor
):
    event = minutes.event
    assert client.get(url(event)).status_code == 404  # anonymous, draft
    for user, status in ((iskar_member, 404), (go2000_editor, 404), (iskar_admin, 200)):
        login(client, user)
        assert client.get(url(event)).status_code == status
        client.logout()
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    login(client, iskar_member)
    page = client.get(url(event))
    assert page.status_code == 200 and "comment-form" in page.content.decode()
    assert "minutes-form" not in page.content.decode()
    # A participant cannot work on the minutes.
    assert client.post(url(event), {"step": "approve"}).status_code == 403
    assert client.post(url(event), {"step": "save", "body": "x"}).status_code == 403
    client.logout()
    login(client, go2000_editor)
    assert client.get(url(event)).status_code == 404
    assert client.post(url(event), {"step": "comment", "text": "x"}).status_code == 404
    client.logout()
    services.minutes_approve(actor=iskar_admin, minutes=minutes)
    services.minutes_publish(actor=iskar_admin, minutes=minutes)
    page = client.get(url(event))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Присъстващите обсъдиха" in content and "attendance-counts" in content
    assert "Стефан Митов" not in content  # the public sees the counts, not the names
    assert client.post(url(event), {"step": "approve"}).status_code == 403


def test_organiser_drives_the_workflow_through_the_page(client, event, registrations, iskar_admin):
    login(client, iskar_admin)
    assert client.get(url(event)).status_code == 200  # no minutes yet: the form to write them
    response = client.post(url(event), {"step": "save", "body": BODY})
    assert response.status_code == 302
    assert (
        client.post(
            url(event), {"step": "decision", "text": "Да се създаде работна група."}
        ).status_code
        == 302
    )
    assert client.post(url(event), {"step": "circulate", "comments_until": ""}).status_code == 302
    assert client.post(url(event), {"step": "approve"}).status_code == 302
    assert client.post(url(event), {"step": "publish"}).status_code == 302
    minutes = Minutes.objects.get(event=event)
    assert minutes.status == "published" and minutes.decisions.count() == 1
    assert minutes.revisions.count() == 4


def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client, event, registrations, iskar_admin, iskar_member
):
    login(client, iskar_admin)
    # Approving with nothing drafted.
    response = client.post(url(event), {"step": "approve"})
    assert response.status_code == 400
    assert "Все още няма протокол за одобряване." in response.content.decode()
    assert not Minutes.objects.exists()
    assert client.post(url(event), {"step": "save", "body": "   "}).status_code == 400
    assert client.post(url(event), {"step": "publish"}).status_code == 400
    assert client.post(url(event), {"step": "nonsense"}).status_code == 400
    assert not Minutes.objects.exists()
    client.post(url(event), {"step": "save", "body": BODY})
    minutes = Minutes.objects.get()
    assert client.post(url(event), {"step": "publish"}).status_code == 400  # not approved
    assert (
        client.post(url(event), {"step": "circulate", "comments_until": "2001-01-01"}).status_code
        == 400
    )
    assert (
        client.post(url(event), {"step": "circulate", "comments_until": "no date"}).status_code
        == 400
    )
    minutes.refresh_from_db()
    assert minutes.status == "draft" and minutes.revisions.count() == 1
    client.logout()
    # Commenting when the minutes are not circulated.
    with pytest.raises(PermissionDenied):
        services.minutes_comment(actor=iskar_member, minutes=minutes, text="Рано е.")
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    services.minutes_approve(actor=iskar_admin, minutes=minutes)
    with pytest.raises(ValidationError) as refused:
        services.minutes_comment(actor=iskar_member, minutes=minutes, text="Късно е.")
    assert refused.value.code == "not_circulated"
    login(client, iskar_member)
    assert client.post(url(event), {"step": "comment", "text": "Късно е."}).status_code == 400
    assert not MinutesComment.objects.exists()
    client.logout()
    with pytest.raises(ValidationError):
        services.minutes_save(actor=iskar_admin, event=event, body="Нов текст")
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=iskar_admin, minutes=minutes)
    with pytest.raises(ValidationError):
        services.minutes_circulate(actor=SYSTEM, minutes=minutes)


def test_empty_comment_is_refused(minutes, iskar_admin, iskar_member):
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    with pytest.raises(ValidationError):
        services.minutes_comment(actor=iskar_member, minutes=minutes, text="  ")


def test_comments_are_read_by_the_organisers_and_their_author(
    client, minutes, iskar_admin, iskar_member, officer
):
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    services.minutes_comment(actor=iskar_member, minutes=minutes, text="Коментар на Стефан.")
    login(client, officer)  # another participant
    assert "Коментар на Стефан." not in client.get(url(minutes.event)).content.decode()
    client.logout()
    login(client, iskar_member)
    assert "Коментар на Стефан." in client.get(url(minutes.event)).content.decode()
    client.logout()
    login(client, iskar_admin)
    assert "Коментар на Стефан." in client.get(url(minutes.event)).content.decode()


def test_minutes_page_query_count_is_constant(
    client, minutes, iskar_admin, django_assert_max_num_queries
):
    from conftest import make_user

    from .meetings import register

    event = minutes.event
    login(client, iskar_admin)
    for text in ("Първо", "Второ"):
        services.decision_add(actor=iskar_admin, minutes=minutes, text=text)
    client.get(url(event))
    with django_assert_max_num_queries(40) as few:
        client.get(url(event))
    for index in range(40):
        register(event, make_user(f"m{index}@example.bg").person)
    for index in range(10):
        services.decision_add(actor=iskar_admin, minutes=minutes, text=f"Решение {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(event))


def test_the_event_page_links_to_the_minutes_only_for_those_who_may_read_them(
    client, minutes, iskar_admin, iskar_member
):
    event = minutes.event
    page = event.get_absolute_url()
    assert 'id="minutes-link"' not in client.get(page).content.decode()  # a draft
    login(client, iskar_admin)
    organiser = client.get(page).content.decode()
    assert 'id="minutes-link"' in organiser
    assert reverse("events:checkin", kwargs={"slug": event.slug}) in organiser
    client.logout()
    login(client, iskar_member)  # a participant: nothing until circulated
    assert 'id="minutes-link"' not in client.get(page).content.decode()
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    member = client.get(page).content.decode()
    assert 'id="minutes-link"' in member
    assert reverse("events:checkin", kwargs={"slug": event.slug}) not in member
    client.logout()
    services.minutes_approve(actor=iskar_admin, minutes=minutes)
    services.minutes_publish(actor=iskar_admin, minutes=minutes)
    assert 'id="minutes-link"' in client.get(page).content.decode()  # published: everyone


def test_draft_minutes_cannot_be_approved_before_they_are_circulated(
    client, minutes, iskar_admin, iskar_member
):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=iskar_admin, minutes=minutes)
    assert refused.value.code == "not_circulated"
    assert "Circulate the minutes to the participants" in refused.value.messages[0]
    login(client, iskar_admin)
    page = client.get(url(minutes.event)).content.decode()
    assert 'id="circulate-form"' in page and 'id="approve-form"' not in page
    assert client.post(url(minutes.event), {"step": "approve"}).status_code == 400
    minutes.refresh_from_db()
    assert minutes.status == "draft" and minutes.approved_at is None
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    assert 'id="approve-form"' in client.get(url(minutes.event)).content.decode()
    assert client.post(url(minutes.event), {"step": "approve"}).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == "approved"
