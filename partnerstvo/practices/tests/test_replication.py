""" "We want to replicate this": a member of another CSO writes to the authors; the e-mail goes to
the practice's contact with reply-to the sender; each organisation counts once; rate-limited."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import PASSWORD, add_member, make_user
from partnerstvo.practices import services
from partnerstvo.practices.models import Practice, ReplicationRequest

pytestmark = pytest.mark.django_db

MESSAGE = "Искаме да направим същото в Горна Оряховица. Как започнахте?"


@pytest.fixture
def go2000_member(go2000):
    return add_member(make_user("chlen@go2000.example.bg", "Николай", "Ангелов"), go2000, "member")


def test_a_member_of_another_cso_writes_to_the_authors(
    published, go2000_member, go2000, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.replication_request(
            actor=go2000_member, practice=published, organisation=go2000, message=MESSAGE
        )
    (message,) = mail.outbox
    assert message.to == ["kontakt@iskar.example.bg"]
    assert message.reply_to == [go2000_member.email]
    assert MESSAGE in message.body
    assert Practice.objects.get(pk=published.pk).replication_count == 1


def test_each_organisation_counts_once(published, go2000_member, go2000, go2000_editor):
    services.replication_request(
        actor=go2000_member, practice=published, organisation=go2000, message=MESSAGE
    )
    with pytest.raises(ValidationError) as error:
        services.replication_request(
            actor=go2000_editor, practice=published, organisation=go2000, message=MESSAGE
        )
    assert error.value.code == "duplicate"
    assert ReplicationRequest.objects.count() == 1
    assert Practice.objects.get(pk=published.pk).replication_count == 1


def test_the_own_organisation_and_drafts_cannot_be_asked(
    published, draft, iskar_member, go2000_member, go2000
):
    with pytest.raises(PermissionDenied):
        services.replication_request(
            actor=iskar_member, practice=published, organisation=published.organisation,
            message=MESSAGE,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.replication_request(
            actor=go2000_member, practice=draft, organisation=go2000, message=MESSAGE
        )


def test_only_an_organisation_one_is_a_member_of(published, go2000_member, iskar):

    with pytest.raises(ValidationError):
        services.replication_request(
            actor=go2000_member, practice=published, organisation=iskar, message=MESSAGE
        )


def test_the_page_form_sends_and_then_says_it_was_sent(client, published, go2000_member, go2000):
    assert client.login(username=go2000_member.email, password=PASSWORD)
    page = client.get(published.get_absolute_url()).text
    assert 'id="replicate-form"' in page
    response = client.post(
        f"/practices/{published.slug}/replicate/",
        {"organisation": go2000.pk, "message": "кратко"},
    )
    assert response.status_code == 400  # too short: a message beside the field
    assert not ReplicationRequest.objects.exists()
    response = client.post(
        f"/practices/{published.slug}/replicate/", {"organisation": go2000.pk, "message": MESSAGE}
    )
    assert response.status_code == 302
    page = client.get(published.get_absolute_url()).text
    assert 'id="replication-sent"' in page
    assert 'id="replicate-form"' not in page


def test_forged_input_gets_a_clear_answer(client, published, go2000_member, iskar):
    assert client.login(username=go2000_member.email, password=PASSWORD)
    for data in ({"organisation": iskar.pk, "message": MESSAGE}, {"organisation": "x"}, {}):
        response = client.post(f"/practices/{published.slug}/replicate/", data)
        assert response.status_code == 400, data
    assert not ReplicationRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, published):
    response = client.post(f"/practices/{published.slug}/replicate/", {"message": MESSAGE})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sending_is_rate_limited(client, published, go2000_member, go2000, monkeypatch):
    from partnerstvo.practices import views

    monkeypatch.setattr(views, "REPLICATION_RATE_LIMIT", 2)
    assert client.login(username=go2000_member.email, password=PASSWORD)
    statuses = [
        client.post(f"/practices/{published.slug}/replicate/", {"organisation": go2000.pk,
                                                                "message": "кратко"}).status_code
        for _ in range(3)
    ]  # fmt: skip
    assert statuses == [400, 400, 429]
