"""The review workflow: draft → submitted → published, changes requested with a note, rejected
with a reason; transitions not allowed say why and change nothing; every step is audited and the
authors are e-mailed."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partnerstvo.core.models import AuditEntry
from partnerstvo.practices import services
from partnerstvo.practices.models import Practice

from .conftest import build_practice, practice_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are read in English here (the catalogue's completeness is the
    translation test's); pages are checked in Bulgarian elsewhere."""
    with translation.override("en"):
        yield


def test_an_editor_creates_a_draft_and_submits_it(
    iskar_editor, iskar, dolna_mitropolia, coordinator, django_capture_on_commit_callbacks
):
    practice = services.practice_create(
        actor=iskar_editor, data=practice_data(iskar, dolna_mitropolia)
    )
    assert practice.status == Practice.Status.DRAFT
    assert practice.slug == "grazhdanski-byudzhet-v-dolna-mitropolia"
    assert practice.created_by == iskar_editor
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_submit(actor=iskar_editor, practice=practice)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.submitted_at is not None
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert AuditEntry.objects.filter(action="practices.practice.submitted").count() == 1


def test_the_coordinator_publishes_and_the_authors_are_told(
    iskar, dolna_mitropolia, coordinator, iskar_editor, django_capture_on_commit_callbacks
):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_publish(actor=coordinator, practice=practice)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None
    assert practice.reviewed_by == coordinator
    (message,) = mail.outbox
    assert set(message.to) == {"kontakt@iskar.example.bg", iskar_editor.email}
    entry = AuditEntry.objects.get(action="practices.practice.published")
    assert entry.actor == coordinator
    assert entry.changes["status"] == ["submitted", "published"]


def test_changes_requested_need_a_note_that_is_e_mailed(
    iskar, dolna_mitropolia, coordinator, django_capture_on_commit_callbacks
):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    with pytest.raises(ValidationError) as error:
        services.practice_request_changes(actor=coordinator, practice=practice, note="   ")
    assert "note" in error.value.message_dict
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_request_changes(
            actor=coordinator, practice=practice, note="Добавете колко струва."
        )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.CHANGES_REQUESTED
    assert practice.review_note == "Добавете колко струва."
    assert "Добавете колко струва." in mail.outbox[0].body


def test_after_changes_requested_the_authors_edit_and_submit_again(
    iskar, dolna_mitropolia, iskar_editor
):
    practice = build_practice(
        organisation=iskar, municipality=dolna_mitropolia, status="changes_requested"
    )
    services.practice_update(
        actor=iskar_editor, practice=practice, data={"cost_note": "Около 6500 евро."}
    )
    services.practice_submit(actor=iskar_editor, practice=practice)
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.SUBMITTED


def test_rejecting_needs_a_reason(iskar, dolna_mitropolia, coordinator):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    with pytest.raises(ValidationError):
        services.practice_reject(actor=coordinator, practice=practice, reason="")
    services.practice_reject(actor=coordinator, practice=practice, reason="Не е добра практика.")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REJECTED
    assert practice.review_note == "Не е добра практика."


@pytest.mark.parametrize(
    ("status", "service"),
    [
        ("draft", "publish"),
        ("published", "publish"),
        ("draft", "request_changes"),
        ("rejected", "reject"),
        ("published", "submit"),
        ("submitted", "submit"),
    ],
)
def test_transitions_not_allowed_say_so_and_change_nothing(
    iskar, dolna_mitropolia, coordinator, status, service
):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status=status)
    calls = {
        "publish": lambda: services.practice_publish(actor=coordinator, practice=practice),
        "request_changes": lambda: services.practice_request_changes(
            actor=coordinator, practice=practice, note="Бележка"
        ),
        "reject": lambda: services.practice_reject(
            actor=coordinator, practice=practice, reason="Причина"
        ),
        "submit": lambda: services.practice_submit(actor=coordinator, practice=practice),
    }
    with pytest.raises(ValidationError) as error:
        calls[service]()
    assert error.value.messages
    assert Practice.objects.get(pk=practice.pk).status == status


def test_an_incomplete_draft_cannot_be_submitted(iskar, dolna_mitropolia, iskar_editor):
    practice = services.practice_create(
        actor=iskar_editor,
        data=practice_data(iskar, dolna_mitropolia, results="", municipalities=[]),
    )
    with pytest.raises(ValidationError) as error:
        services.practice_submit(actor=iskar_editor, practice=practice)
    assert "municipality" in error.value.messages[0]
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.DRAFT


def test_authors_cannot_change_a_practice_under_review(iskar, dolna_mitropolia, iskar_editor):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    with pytest.raises(ValidationError) as error:
        services.practice_update(actor=iskar_editor, practice=practice, data={"title": "Друго"})
    assert error.value.code == "under_review"
    assert Practice.objects.get(pk=practice.pk).title != "Друго"


def test_authors_do_not_review_their_own_practice(iskar, dolna_mitropolia, iskar_admin):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    with pytest.raises(PermissionDenied):
        services.practice_publish(actor=iskar_admin, practice=practice)


def test_status_cannot_be_set_through_an_edit(iskar, dolna_mitropolia, iskar_editor):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia)
    services.practice_update(
        actor=iskar_editor, practice=practice, data={"status": "published", "title": "Нов"}
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert practice.title == "Нов"


def test_only_drafts_are_deleted_by_their_authors(iskar, dolna_mitropolia, iskar_editor):
    published = build_practice(
        organisation=iskar, municipality=dolna_mitropolia, status="published", title="Публикувана"
    )
    with pytest.raises(ValidationError):
        services.practice_delete(actor=iskar_editor, practice=published)
    draft = build_practice(organisation=iskar, municipality=dolna_mitropolia, title="Чернова")
    services.practice_delete(actor=iskar_editor, practice=draft)
    assert list(Practice.objects.values_list("title", flat=True)) == ["Публикувана"]
    assert AuditEntry.objects.filter(action="practices.practice.deleted").count() == 1


def test_a_practice_needs_its_organisation(iskar_editor, dolna_mitropolia):
    with pytest.raises(ValidationError) as error:
        services.practice_create(actor=iskar_editor, data=practice_data(None, dolna_mitropolia))
    assert "organisation" in error.value.message_dict


def test_bad_values_are_refused_before_anything_is_written(iskar, dolna_mitropolia, iskar_editor):
    with pytest.raises(ValidationError) as error:
        services.practice_create(
            actor=iskar_editor,
            data=practice_data(iskar, dolna_mitropolia, contact_email="не-е-адрес", cost_eur=-5),
        )
    assert {"contact_email", "cost_eur"} <= set(error.value.message_dict)
    assert not Practice.objects.exists()
