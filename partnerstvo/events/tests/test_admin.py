"""The events back office: every screen as an organiser, a coordinator, an auditor and an
editor of another organisation, and Wagtail's own screens (inspect, history, usage, delete) for
these models."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import add_member, make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import (
    AgendaItem,
    Event,
    EventOrganiser,
    Invitation,
    Registration,
    RegistrationQuestion,
)

from .conftest import add_questions, build_event

pytestmark = pytest.mark.django_db

TITLE = "Кръгла маса „Партньорство за местно развитие“"


@pytest.fixture
def draft(iskar, dolna_mitropolia):
    return build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        title="Работна среща за бюджета",
        status=Event.Status.DRAFT,
    )


def _register(event, n, *, start=0, answers=None):
    registrations = []
    for i in range(start, start + n):
        user = make_user(f"p{i}@example.bg", "Участник", f"Номер{i}")
        registrations.append(
            services.registration_create(
                event=event, person=user.person, actor=SYSTEM, answers=answers, notify=False
            )
        )
    return registrations


def _client(client, user):
    client.force_login(user)
    return client


def test_event_list_shows_organisers_only_their_events(
    client, round_table, draft, iskar_editor, go2000_editor, coordinator, go2000, gorna_oryahovitsa
):
    other = build_event(
        organisations=[go2000], municipality=gorna_oryahovitsa, title="Среща в Горна Оряховица"
    )
    url = reverse("events_event:index")
    body = _client(client, iskar_editor).get(url).content.decode()
    assert TITLE in body and "Работна среща за бюджета" in body
    assert other.title not in body
    body = _client(client, coordinator).get(url).content.decode()
    assert other.title in body and TITLE in body
    response = _client(client, go2000_editor).get(url)
    assert response.status_code == 200
    assert "Работна среща за бюджета" not in response.content.decode()


def test_edit_screen_scoped_and_writes_through_the_service(
    client, draft, iskar_editor, go2000_editor, iskar_member
):
    url = reverse("events_event:edit", args=[draft.pk])
    assert _client(client, go2000_editor).get(url).status_code == 404
    client.logout()
    response = _client(client, iskar_member).get(url)
    assert response.status_code in (302, 403, 404)
    client.logout()
    assert _client(client, iskar_editor).get(url).status_code == 200
    data = {
        "kind": "working_meeting",
        "title": "Работна среща за бюджета 2027",
        "summary": "",
        "description": "",
        "audience": "",
        "format": "in_person",
        "municipality": draft.municipality_id,
        "venue": "Общината, зала 2",
        "online_url": "",
        "starts_at": "2027-03-01 10:00",
        "ends_at": "2027-03-01 09:00",  # before the start: refused
        "capacity": "",
        "registration": "open",
        "registration_closes_at": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Работна среща за бюджета"
    data["ends_at"] = "2027-03-01 13:00"
    response = client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Работна среща за бюджета 2027"
    assert draft.status == Event.Status.DRAFT


def test_an_editor_creates_a_draft_organised_by_their_organisation(
    client, iskar, iskar_editor, dolna_mitropolia
):
    response = _client(client, iskar_editor).post(
        reverse("events_event:add"),
        {
            "kind": "conference",
            "title": "Откриваща конференция",
            "format": "in_person",
            "municipality": dolna_mitropolia.pk,
            "venue": "Читалище „Развитие“",
            "starts_at": "2027-04-02 10:00",
            "ends_at": "2027-04-02 16:00",
            "registration": "open",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Откриваща конференция")
    assert event.status == Event.Status.DRAFT
    assert event.slug == "otkrivashta-konferentsia"
    assert list(event.organisers.values_list("organisation", flat=True)) == [iskar.pk]


def test_event_screen_publish_and_cancel(
    client, draft, iskar_editor, go2000_editor, mailoutbox, django_capture_on_commit_callbacks
):
    screen = reverse("events_admin:event", args=[draft.pk])
    publish = reverse("events_admin:publish", args=[draft.pk])
    cancel = reverse("events_admin:cancel", args=[draft.pk])
    _client(client, go2000_editor)
    for url in (screen, publish, cancel):
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"cancellation_reason": "x"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    client.logout()
    _client(client, iskar_editor)
    assert client.get(screen).status_code == 200
    assert client.get(publish).status_code == 405  # POST only
    assert client.post(publish).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    _register(draft, 2)
    assert client.post(cancel, {"cancellation_reason": ""}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published  # no reason, not cancelled
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(cancel, {"cancellation_reason": "Болест на лектора"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_cancelled and draft.cancellation_reason == "Болест на лектора"
    assert len(mailoutbox) == 2


def test_event_screen_lists_registrations_with_answers_in_constant_queries(
    client, round_table, iskar_editor, django_assert_max_num_queries
):
    access, meal, note = add_questions(round_table)
    answers = {str(access.pk): "yes", str(meal.pk): "Вегетарианско", str(note.pk): "Ще закъснея"}
    _register(round_table, 10, answers=answers)
    url = reverse("events_admin:event", args=[round_table.pk])
    _client(client, iskar_editor)
    with django_assert_max_num_queries(30) as small:
        response = client.get(url)
    body = response.content.decode()
    assert "Вегетарианско" in body and "Ще закъснея" in body and "Номер3" in body
    _register(round_table, 60, start=10, answers=answers)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Page 1 of 2" in response.content.decode() or "1 от 2" in response.content.decode()
    response = client.get(url, {"status": "waiting"})
    assert response.status_code == 200
    assert client.get(url, {"p": "999", "status": "<script>"}).status_code == 200


def test_participants_xlsx(client, round_table, iskar_editor, go2000_editor, auditor):
    access, meal, _note = add_questions(round_table)
    answers = {str(access.pk): "yes", str(meal.pk): "Обикновено"}
    (first,) = _register(round_table, 1, answers=answers)
    url = reverse("events_admin:participants-xlsx", args=[round_table.pk])
    # A public event: seen, but its participants are not theirs (403, which Wagtail turns into
    # a redirect to the dashboard with a message).
    assert _client(client, go2000_editor).get(url).status_code in (302, 403)
    client.logout()
    for user in (iskar_editor, auditor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][0] and access.label in rows[0]
        assert rows[1][0] == first.person.full_name
        assert "Обикновено" in rows[1]
        client.logout()


def test_invitations_screen(
    client,
    iskar,
    go2000,
    dolna_mitropolia,
    iskar_editor,
    go2000_editor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    event = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration=Event.Registration.INVITATION,
    )
    go2000.email = "office@go2000.example.bg"
    go2000.save()
    url = reverse("events_admin:invitations", args=[event.pk])
    assert _client(client, go2000_editor).get(url).status_code in (302, 403)
    assert client.post(url, {"emails": "a@example.bg"}).status_code in (302, 403)
    client.logout()
    _client(client, iskar_editor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"emails": "a@example.bg, not-an-address"})
    assert response.status_code == 400
    assert "not-an-address" in response.content.decode()
    assert not Invitation.objects.exists()  # all or nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"organisations": [go2000.pk], "emails": "a@example.bg\nA@example.bg"}
        )
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@example.bg",
        "office@go2000.example.bg",
    ]
    assert len(mailoutbox) == 2
    assert "?invitation=" in mailoutbox[0].body
    assert not any(inv.token_hash in mailoutbox[0].body for inv in Invitation.objects.all())
    # Again: already invited, nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"emails": "a@example.bg"})
    assert Invitation.objects.count() == 2 and len(mailoutbox) == 2


def test_part_screens_scoped_to_the_organisers_events(
    client, round_table, iskar_editor, go2000_editor, go2000, gorna_oryahovitsa
):
    other = build_event(organisations=[go2000], municipality=gorna_oryahovitsa, title="Чужда")
    item = services.agenda_item_save(
        actor=SYSTEM,
        item=AgendaItem(),
        data={"event": round_table, "starts_at": round_table.starts_at, "title": "Откриване"},
    )
    (question, *_rest) = add_questions(round_table)
    organiser = EventOrganiser.objects.get(event=round_table)
    _client(client, go2000_editor)
    for name, obj in (
        ("events_agenda_item", item),
        ("events_question", question),
        ("events_organiser", organiser),
    ):
        for view in ("edit", "delete", "inspect", "history"):
            url = reverse(f"{name}:{view}", args=[obj.pk])
            response = client.get(url)
            assert response.status_code == 404, (url, response.status_code)
        assert "Откриване" not in client.get(reverse(f"{name}:index")).content.decode()
    for name in ("events_event",):
        for view in ("edit", "delete", "inspect", "history", "usage"):
            assert client.get(reverse(f"{name}:{view}", args=[round_table.pk])).status_code == 404
    # Adding an agenda item to someone else's event is refused: the event is not offered.
    response = client.post(
        reverse("events_agenda_item:add"),
        {"event": round_table.pk, "starts_at": "2027-01-01 10:00", "title": "Чуждо", "order": 0},
    )
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(title="Чуждо").exists()
    client.logout()
    _client(client, iskar_editor)
    response = client.post(
        reverse("events_agenda_item:edit", args=[item.pk]),
        {"event": other.pk, "starts_at": "2027-01-01 10:00", "title": "Преместено", "order": 0},
    )
    assert response.status_code == 200  # cannot move it to another organiser's event
    item.refresh_from_db()
    assert item.event_id == round_table.pk
    response = client.post(
        reverse("events_question:add"),
        {"event": round_table.pk, "order": 5, "label": "Избор", "kind": "choice",
         "choices": "само едно"},
    )  # fmt: skip
    assert response.status_code == 200  # one choice is not a choice
    assert not RegistrationQuestion.objects.filter(label="Избор").exists()
    # The last organiser cannot be removed.
    response = client.post(reverse("events_organiser:delete", args=[organiser.pk]))
    assert EventOrganiser.objects.filter(pk=organiser.pk).exists()
    assert response.status_code == 200
    assert "поне един организатор" in response.content.decode()  # the back office is in Bulgarian


def test_an_event_with_registrations_is_not_deleted(client, round_table, iskar_editor):
    _register(round_table, 1)
    _client(client, iskar_editor)
    response = client.post(reverse("events_event:delete", args=[round_table.pk]))
    assert response.status_code == 200
    assert "отменете го, вместо да го изтривате" in response.content.decode()
    assert Event.objects.filter(pk=round_table.pk).exists()
    assert Registration.objects.count() == 1


def test_an_officer_of_an_organising_administration_manages_the_event(
    client, administration, officer, dolna_mitropolia
):
    event = build_event(administrations=[administration], municipality=dolna_mitropolia)
    _client(client, officer)
    assert client.get(reverse("events_admin:event", args=[event.pk])).status_code == 200
    assert client.get(reverse("events_event:edit", args=[event.pk])).status_code == 200


def test_a_member_has_no_back_office_screens(client, round_table, iskar):
    member = add_member(make_user("chlen2@iskar.example.bg"), iskar, "member")
    _client(client, member)
    for url in (
        reverse("events_admin:event", args=[round_table.pk]),
        reverse("events_admin:participants-xlsx", args=[round_table.pk]),
        reverse("events_event:edit", args=[round_table.pk]),
    ):
        assert client.get(url).status_code in (302, 403, 404)
