"""The law's rules and the consultation's states, at the services: each bad input is refused
with a message naming what is wrong (and the rule), and nothing is written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from partnerstvo.consultations import services
from partnerstvo.consultations.models import Comment, Consultation, ConsultationDocument, Section
from partnerstvo.core.models import AuditEntry

from .conftest import DRAFT_TEXT, consultation_data, documents, end, publish

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return (
        " ".join(m for ms in error.message_dict.values() for m in ms)
        if hasattr(error, "error_dict")
        else " ".join(error.messages)
    )


def test_an_officer_publishes_an_ordinance_cut_into_articles(ordinance, administration):
    assert ordinance.administration == administration
    assert ordinance.status == Consultation.Status.OPEN
    sections = list(Section.objects.filter(version__consultation=ordinance).order_by("order"))
    assert [s.heading for s in sections] == ["Въведение", "Чл. 1.", "Чл. 2.", "Чл. 3."]
    assert sections[2].text.startswith("Забранява се паркирането")
    assert "Нарушителите" in sections[2].text
    assert set(ordinance.documents.values_list("kind", flat=True)) == {"draft", "motives", "impact"}
    assert AuditEntry.objects.filter(action="consultations.consultation.published").count() == 1


@pytest.mark.parametrize("days", [20, 13])
def test_a_short_period_without_a_reason_is_refused_naming_the_rule(officer, administration, days):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        publish(officer, administration, days=days)
    message = _messages(caught.value)
    assert "чл. 26, ал. 4 ЗНА" in message
    assert f"{days} days" in message
    assert not Consultation.objects.exists()
    assert not ConsultationDocument.objects.exists()


def test_twenty_days_with_a_reason_is_accepted_and_the_reason_kept(officer, administration):
    consultation = publish(
        officer, administration, days=20, short_period_reason="Срок по закон за бюджета."
    )
    assert consultation.short_period_reason == "Срок по закон за бюджета."


def test_thirteen_days_is_refused_even_with_a_reason(officer, administration):
    with pytest.raises(ValidationError):
        publish(officer, administration, days=13, short_period_reason="Спешно.")
    assert not Consultation.objects.exists()


def test_an_ordinance_needs_its_impact_assessment(officer, administration):
    files = documents("ordinance")
    del files["impact"]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.consultation_create(
            actor=officer, data=consultation_data(administration), documents=files, text="Чл. 1. А"
        )
    assert "impact_document" in caught.value.message_dict
    assert not Consultation.objects.exists()


def test_a_strategy_needs_no_impact_assessment_but_its_draft_and_motives(officer, administration):
    publish(officer, administration, kind="strategy")
    with pytest.raises(ValidationError) as caught:
        services.consultation_create(
            actor=officer,
            data=consultation_data(administration, kind="strategy"),
            documents={},
            text="1. Цели",
        )
    assert {"draft_document", "motives_document"} <= set(caught.value.message_dict)


def test_a_fake_pdf_is_refused(officer, administration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = documents()
    files["draft"] = SimpleUploadedFile("proekt.pdf", b"not a pdf")
    with pytest.raises(ValidationError) as caught:
        services.consultation_create(
            actor=officer, data=consultation_data(administration), documents=files, text="Чл. 1. А"
        )
    assert "draft_document" in caught.value.message_dict


def test_only_officers_of_the_municipality_publish(
    iskar_admin, coordinator, other_administration, administration
):
    for user in (iskar_admin, coordinator):
        with pytest.raises(PermissionDenied):
            publish(user, administration)
    assert not Consultation.objects.exists()


def test_an_officer_of_another_municipality_may_not_publish_here(officer, other_administration):
    with pytest.raises(PermissionDenied):
        publish(officer, other_administration)


def test_a_member_comments_on_a_section_on_behalf_of_their_cso(ordinance, iskar_member, iskar):
    section = Section.objects.get(version__consultation=ordinance, heading="Чл. 2.")
    comment = services.comment_create(
        actor=iskar_member,
        consultation=ordinance,
        text="Да се допусне паркиране в междублоковите пространства.",
        section=section,
        quote="паркирането в зелените площи",
        on_behalf_of=iskar,
    )
    assert comment.public_author == iskar.name
    assert comment.section == section


def test_a_forged_on_behalf_of_another_cso_is_refused(ordinance, iskar_member, go2000):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.comment_create(
            actor=iskar_member, consultation=ordinance, text="Предложение", on_behalf_of=go2000
        )
    assert "member of" in caught.value.message_dict["on_behalf_of"][0]
    assert not Comment.objects.exists()


def test_a_citizen_is_named_only_if_they_agreed(ordinance, citizen):
    anonymous = services.comment_create(actor=citizen, consultation=ordinance, text="Едно")
    named = services.comment_create(
        actor=citizen, consultation=ordinance, text="Две", show_name=True
    )
    with translation.override("en"):
        assert anonymous.public_author == "A citizen"
    assert named.public_author == "Никола Стоянов"


def test_a_quote_not_in_the_section_is_refused(ordinance, citizen):
    section = Section.objects.get(version__consultation=ordinance, heading="Чл. 1.")
    with pytest.raises(ValidationError) as caught:
        services.comment_create(
            actor=citizen, consultation=ordinance, text="А", section=section, quote="няма го"
        )
    assert "quote" in caught.value.message_dict
    assert not Comment.objects.exists()


def test_a_comment_after_the_end_is_refused(ordinance, citizen):
    end(ordinance)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.comment_create(actor=citizen, consultation=ordinance, text="Късно")
    assert "no longer accepted" in caught.value.messages[0]
    assert not Comment.objects.exists()


def test_a_comment_before_the_start_is_refused(officer, administration, citizen):
    planned = publish(
        officer, administration, start=timezone.localdate() + datetime.timedelta(days=3)
    )
    assert planned.status == Consultation.Status.PLANNED
    with pytest.raises(ValidationError):
        services.comment_create(actor=citizen, consultation=planned, text="Рано")


def test_anonymous_visitors_may_not_comment(ordinance):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.comment_create(actor=AnonymousUser(), consultation=ordinance, text="А")


def test_a_submission_by_post_is_entered_with_its_number(ordinance, officer, citizen):
    comment = services.comment_enter(
        actor=officer,
        consultation=ordinance,
        data={
            "channel": "registry",
            "incoming_number": "94-00-12",
            "received_on": ordinance.starts_on,
            "organisation_name": "Сдружение „Младост“",
            "text": "Предложение по пощата",
        },
    )
    assert comment.public_author == "Сдружение „Младост“"
    with pytest.raises(PermissionDenied):
        services.comment_enter(actor=citizen, consultation=ordinance, data={})
    with pytest.raises(ValidationError) as caught:
        services.comment_enter(
            actor=officer,
            consultation=ordinance,
            data={
                "channel": "email",
                "incoming_number": "1",
                "received_on": ordinance.ends_on + datetime.timedelta(days=1),
                "author_name": "Х",
                "text": "Т",
            },
        )
    assert "received_on" in caught.value.message_dict
    assert Comment.objects.count() == 1


def test_a_hidden_comment_still_counts_and_shows_why(ordinance, officer, citizen, iskar_member):
    comment = services.comment_create(actor=citizen, consultation=ordinance, text="Обидно")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=iskar_member, comment=comment, reason="х")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=officer, comment=comment, reason=" ")
    services.comment_hide(actor=officer, comment=comment, reason="Обидни думи")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Обидни думи"
    end(ordinance)
    with pytest.raises(ValidationError):
        services.summary_publish(actor=officer, consultation=ordinance)


def test_answers_wait_for_the_end_and_need_reasons(ordinance, officer, citizen):
    comment = services.comment_create(actor=citizen, consultation=ordinance, text="А")
    with pytest.raises(ValidationError):
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    end(ordinance)
    with pytest.raises(ValidationError) as caught:
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="")
    assert "answer_reasons" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.comment_answer(actor=citizen, comment=comment, answer="accepted", reasons="Да")
    services.comment_answer(actor=officer, comment=comment, answer="partly", reasons="Отчасти")
    comment.refresh_from_db()
    assert comment.answer == "partly"
    assert AuditEntry.objects.filter(action="consultations.comment.answered").count() == 1


def test_a_summary_with_unanswered_proposals_is_refused(ordinance, officer, citizen):
    first = services.comment_create(actor=citizen, consultation=ordinance, text="А")
    services.comment_create(actor=citizen, consultation=ordinance, text="Б")
    with pytest.raises(ValidationError):
        services.summary_publish(actor=officer, consultation=ordinance)  # still open
    end(ordinance)
    services.comment_answer(actor=officer, comment=first, answer="accepted", reasons="Да")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.summary_publish(actor=officer, consultation=ordinance)
    assert "1 proposal has no answer yet" in caught.value.messages[0]
    ordinance.refresh_from_db()
    assert ordinance.summary_published_at is None
    assert ordinance.status == Consultation.Status.CLOSED


def test_the_summary_then_the_adoption_close_the_consultation(ordinance, officer, citizen):
    from .conftest import pdf

    comment = services.comment_create(actor=citizen, consultation=ordinance, text="А")
    end(ordinance)
    services.comment_answer(actor=officer, comment=comment, answer="not_accepted", reasons="Не")
    with pytest.raises(ValidationError):
        services.consultation_adopt(
            actor=officer,
            consultation=ordinance,
            decision_number="123",
            decision_date=timezone.localdate(),
            adopted_act=pdf(),
        )
    services.summary_publish(actor=officer, consultation=ordinance)
    ordinance.refresh_from_db()
    assert ordinance.status == Consultation.Status.ANSWERED
    with pytest.raises(ValidationError):
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    services.consultation_adopt(
        actor=officer,
        consultation=ordinance,
        decision_number="123",
        decision_date=timezone.localdate(),
        adopted_act=pdf("naredba.pdf"),
    )
    ordinance.refresh_from_db()
    assert ordinance.status == Consultation.Status.ADOPTED
    assert ordinance.documents.filter(kind="adopted").exists()


def test_a_new_version_and_what_changed(ordinance, officer):
    from partnerstvo.consultations.sections import compare

    text = """Чл. 1. Наредбата урежда поддържането на обществения ред на територията на общината.
Чл. 2. Забранява се паркирането в зелените площи и детските площадки.
Нарушителите се наказват с глоба от 50 до 500 евро.
Чл. 4. Наредбата влиза в сила от 1 януари."""
    with pytest.raises(ValidationError):
        services.version_create(actor=officer, consultation=ordinance, text=text, note="")
    version = services.version_create(
        actor=officer, consultation=ordinance, text=text, note="Детските площадки"
    )
    assert version.number == 2
    old = list(ordinance.versions.get(number=1).sections.order_by("order"))
    changes = {c.heading: c for c in compare(old, list(version.sections.order_by("order")))}
    assert changes["Чл. 1."].state == "same"
    assert changes["Чл. 2."].state == "changed"
    assert ("+", "Забранява се паркирането в зелените площи и детските площадки.") in changes[
        "Чл. 2."
    ].lines
    assert changes["Чл. 4."].state == "added"
    assert changes["Чл. 3."].state == "removed"


def test_the_period_can_be_extended_but_not_cut_below_the_law(ordinance, officer):
    services.consultation_update(
        actor=officer,
        consultation=ordinance,
        data={"ends_on": ordinance.ends_on + datetime.timedelta(days=5)},
    )
    with pytest.raises(ValidationError):
        services.consultation_update(
            actor=officer,
            consultation=ordinance,
            data={"ends_on": ordinance.starts_on + datetime.timedelta(days=10)},
        )
    ordinance.refresh_from_db()
    assert ordinance.period_days == 35


def _docx(paragraphs) -> bytes:
    import io

    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_strategy_imported_from_docx_is_cut_at_its_headings(officer, administration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _docx(
        [
            ("Normal", "Стратегия за младежта"),
            ("Heading 1", "Цели"),
            ("Normal", "Повече младежки центрове."),
            ("Heading 1", "Дейности"),
            ("Normal", "Обучения и стажове."),
            ("Normal", "Младежки съвет."),
        ]
    )
    consultation = services.consultation_create(
        actor=officer,
        data=consultation_data(administration, kind="strategy"),
        documents=documents("strategy"),
        docx=SimpleUploadedFile("strategia.docx", content),
    )
    sections = list(Section.objects.filter(version__consultation=consultation).order_by("order"))
    assert [(s.heading, s.text) for s in sections] == [
        ("Въведение", "Стратегия за младежта"),
        ("Цели", "Повече младежки центрове."),
        ("Дейности", "Обучения и стажове.\nМладежки съвет."),
    ]


def test_an_ordinance_in_docx_is_cut_at_its_articles(officer, administration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _docx([("Normal", line) for line in DRAFT_TEXT.splitlines()])
    consultation = services.consultation_create(
        actor=officer,
        data=consultation_data(administration),
        documents=documents(),
        docx=SimpleUploadedFile("naredba.docx", content),
    )
    headings = list(
        Section.objects.filter(version__consultation=consultation)
        .order_by("order")
        .values_list("heading", flat=True)
    )
    assert headings == ["Въведение", "Чл. 1.", "Чл. 2.", "Чл. 3."]


def test_a_broken_docx_is_refused_with_a_message(officer, administration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for content in (b"PK\x03\x04 broken zip", b"plain text"):
        with pytest.raises(ValidationError) as caught:
            services.consultation_create(
                actor=officer,
                data=consultation_data(administration),
                documents=documents(),
                docx=SimpleUploadedFile("naredba.docx", content),
            )
        assert "docx" in caught.value.message_dict
    assert not Consultation.objects.exists()
