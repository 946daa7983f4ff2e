"""The pages: who sees and does what, refusals as messages (never a 500), the answer screen,
the справка as HTML and PDF, the back office's screens, and a constant number of queries."""

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from conftest import make_user
from partnerstvo.consultations import services
from partnerstvo.consultations.models import AnswerTemplate, Comment, Consultation, Section

from .conftest import DRAFT_TEXT, consultation_data, end, pdf

pytestmark = pytest.mark.django_db


def _section(consultation, heading="Чл. 2."):
    return Section.objects.get(version__consultation=consultation, heading=heading)


def test_the_public_list_and_page(client, ordinance):
    response = client.get("/consultations/")
    assert response.status_code == 200
    assert ordinance.title in response.content.decode()
    assert client.get("/consultations/?status=nonsense").status_code == 200
    page = client.get(ordinance.get_absolute_url()).content.decode()
    assert "Забранява се паркирането" in page
    assert "comment-form" not in page  # anonymous: the login link instead
    assert client.get("/consultations/no-such/").status_code == 404


def test_a_member_comments_through_the_page(client, ordinance, iskar_member, iskar, go2000):
    client.force_login(iskar_member)
    page = client.get(ordinance.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in page
    section = _section(ordinance)
    response = client.post(
        f"{ordinance.get_absolute_url()}comment/",
        {"section": section.pk, "text": "Предложение", "on_behalf_of": iskar.pk},
    )
    assert response.status_code == 302
    assert Comment.objects.get().on_behalf_of == iskar
    # A forged "on behalf of" another CSO: 400 with the message, nothing written.
    with translation.override("en"):
        response = client.post(
            f"{ordinance.get_absolute_url()}comment/",
            {"text": "Подправено", "on_behalf_of": go2000.pk},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_a_comment_after_the_end_is_refused_on_the_page(client, ordinance, citizen):
    end(ordinance)
    client.force_login(citizen)
    page = client.get(ordinance.get_absolute_url()).content.decode()
    assert 'id="comments-closed"' in page
    response = client.post(f"{ordinance.get_absolute_url()}comment/", {"text": "Късно"})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_only_officers_reach_the_officer_screens(
    client, ordinance, iskar_admin, coordinator, officer
):
    slug = ordinance.slug
    urls = [
        f"/consultations/{slug}/answers/",
        f"/consultations/{slug}/enter/",
        f"/consultations/{slug}/versions/new/",
        f"/consultations/{slug}/adopt/",
    ]
    for user in (iskar_admin, coordinator):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert client.get("/consultations/new/").status_code == 403
        assert client.get(f"/consultations/{slug}/spravka/").status_code == 404
    client.force_login(officer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get("/consultations/new/").status_code == 200
    assert client.get(f"/consultations/{slug}/spravka/").status_code == 200  # a preview


def test_an_officer_of_another_municipality_is_refused(client, ordinance, other_administration):
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    stranger = make_user("drug@go.example.bg")
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": stranger.person, "administration": other_administration, "role": "officer"},
    )
    client.force_login(stranger)
    assert client.get(f"/consultations/{ordinance.slug}/answers/").status_code == 403
    assert client.get("/admin/consultations_admin/").status_code == 200
    assert ordinance.title not in client.get("/admin/consultations_admin/").content.decode()
    assert client.get(f"/admin/consultations_admin/edit/{ordinance.pk}/").status_code == 404


def test_the_publish_form_refuses_a_short_period_with_the_rule(client, officer, administration):
    client.force_login(officer)
    data = consultation_data(administration, days=20)
    data["administration"] = administration.pk
    data.pop("areas")
    data.update(
        {
            "text": DRAFT_TEXT,
            "draft_document": pdf("a.pdf"),
            "motives_document": pdf("b.pdf"),
            "impact_document": pdf("c.pdf"),
        }
    )
    response = client.post("/consultations/new/", data)
    assert response.status_code == 400
    assert "чл. 26, ал. 4 ЗНА" in response.content.decode()
    assert not Consultation.objects.exists()
    data.update(
        {
            "ends_on": data["starts_on"].replace(year=data["starts_on"].year + 1),
            "draft_document": pdf("a.pdf"),
            "motives_document": pdf("b.pdf"),
            "impact_document": pdf("c.pdf"),
        }
    )
    response = client.post("/consultations/new/", data)
    assert response.status_code == 302
    assert Consultation.objects.get().versions.get().sections.count() == 4


def test_the_answer_screen_with_a_template_then_the_summary(
    client, ordinance, officer, iskar_member, iskar, administration
):
    template = services.answer_template_save(
        actor=officer,
        template=AnswerTemplate(),
        data={"administration": administration, "title": "Извън обхвата", "text": "Извън обхвата"},
    )
    comment = services.comment_create(
        actor=iskar_member,
        consultation=ordinance,
        text="Предложение на Искър",
        section=_section(ordinance),
        on_behalf_of=iskar,
    )
    end(ordinance)
    client.force_login(officer)
    screen = client.get(f"/consultations/{ordinance.slug}/answers/").content.decode()
    assert "Предложение на Искър" in screen and "Забранява се паркирането" in screen
    response = client.post(f"/consultations/{ordinance.slug}/spravka/publish/")
    assert response.status_code == 302
    ordinance.refresh_from_db()
    assert ordinance.summary_published_at is None
    response = client.post(
        f"/consultations/{ordinance.slug}/answers/",
        {"comment": comment.pk, f"c{comment.pk}-answer": "bogus"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/consultations/{ordinance.slug}/answers/",
        {
            "comment": comment.pk,
            f"c{comment.pk}-answer": "not_accepted",
            f"c{comment.pk}-template": template.pk,
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "not_accepted" and comment.answer_reasons == "Извън обхвата"
    client.post(f"/consultations/{ordinance.slug}/spravka/publish/")
    client.logout()
    summary = client.get(f"/consultations/{ordinance.slug}/spravka/").content.decode()
    assert "Предложение на Искър" in summary and "Извън обхвата" in summary
    response = client.get(f"/consultations/{ordinance.slug}/spravka.pdf")
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Предложение на Искър" in text
    assert "ССИЗП „Искър БГ“" in text


def test_a_hidden_comment_shows_its_reason(client, ordinance, officer, citizen):
    comment = services.comment_create(actor=citizen, consultation=ordinance, text="Грубости")
    client.force_login(officer)
    response = client.post(
        f"/consultations/{ordinance.slug}/comments/{comment.pk}/hide/",
        {"hidden_reason": "Обидни думи"},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(ordinance.get_absolute_url()).content.decode()
    assert "Обидни думи" in page and "Грубости" not in page


def test_documents_are_served_and_versions_compared(client, ordinance, officer):
    document = ordinance.documents.get(kind="draft")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    services.version_create(
        actor=officer,
        consultation=ordinance,
        text=DRAFT_TEXT.replace("50 до 500", "100 до 1000"),
        note="По-високи глоби",
    )
    page = client.get(f"/consultations/{ordinance.slug}/changes/").content.decode()
    assert "<ins>Нарушителите се наказват с глоба от 100 до 1000 евро.</ins>" in page
    assert client.get(f"/consultations/{ordinance.slug}/changes/?from=9").status_code == 404


def test_the_back_office_lists_and_edits_through_the_service(client, ordinance, officer):
    client.force_login(officer)
    assert ordinance.title in client.get("/admin/consultations_admin/").content.decode()
    assert client.get("/admin/consultations_admin/new/").status_code in (302, 403)
    assert client.get(f"/admin/consultations_admin/edit/{ordinance.pk}/").status_code == 200
    assert client.get("/admin/answer_templates/new/").status_code == 200


def _many_comments(consultation, user, count):
    section = _section(consultation)
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            section=section if i % 2 else None,
            text=f"Предложение {i}",
            author=user,
            author_name="Никола Стоянов",
            on_behalf_of_id=None,
        )
        for i in range(count)
    )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_and_the_officers_screens_cost_the_same_queries_at_5_and_500_comments(
    client, ordinance, citizen, officer
):
    """Exact figures, not a ceiling: a query per comment, section or author fails at 500."""
    url = ordinance.get_absolute_url()
    _many_comments(ordinance, citizen, 5)
    client.force_login(citizen)
    client.get(url)  # warm the per-process caches
    few = _queries(client, url)
    Comment.objects.filter(consultation=ordinance).delete()
    _many_comments(ordinance, citizen, 500)
    assert _queries(client, url) == few
    assert _queries(client, f"{url}?page=10") == few
    assert few <= 13  # a logged-in reader: session, user, roles, then the page's own reads

    end(ordinance)
    client.force_login(officer)
    screens = [
        f"/consultations/{ordinance.slug}/answers/",
        f"/consultations/{ordinance.slug}/spravka/",
        f"/consultations/{ordinance.slug}/spravka.csv",
    ]
    client.get(screens[0])
    at_500 = [_queries(client, screen) for screen in screens]
    Comment.objects.filter(consultation=ordinance).exclude(
        pk__in=Comment.objects.filter(consultation=ordinance).order_by("pk").values("pk")[:5]
    ).delete()
    assert [_queries(client, screen) for screen in screens] == at_500


def test_the_back_office_edit_extends_the_period_audited(client, ordinance, officer):
    from partnerstvo.core.models import AuditEntry

    client.force_login(officer)
    data = {
        "title": ordinance.title,
        "summary": ordinance.summary,
        "responsible_name": ordinance.responsible_name,
        "responsible_email": ordinance.responsible_email,
        "responsible_phone": "",
        "target_groups": ordinance.target_groups,
        "short_period_reason": "",
        "ends_on": (ordinance.ends_on + datetime.timedelta(days=7)).isoformat(),
    }
    response = client.post(f"/admin/consultations_admin/edit/{ordinance.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ordinance.refresh_from_db()
    assert ordinance.period_days == 37
    assert AuditEntry.objects.filter(action="consultations.consultation.changed").exists()
    data["ends_on"] = (ordinance.starts_on + datetime.timedelta(days=5)).isoformat()
    response = client.post(f"/admin/consultations_admin/edit/{ordinance.pk}/", data)
    assert response.status_code == 200  # the form again, with the rule's message
    ordinance.refresh_from_db()
    assert ordinance.period_days == 37


def test_answer_templates_are_the_administrations_own(
    client, officer, administration, other_administration, iskar_admin
):
    other = AnswerTemplate.objects.create(
        administration=other_administration, title="Чужд", text="Х"
    )
    client.force_login(officer)
    response = client.post(
        "/admin/answer_templates/new/",
        {"administration": administration.pk, "title": "Приема се", "text": "Приема се."},
    )
    assert response.status_code == 302
    assert AnswerTemplate.objects.filter(administration=administration).count() == 1
    response = client.post(
        "/admin/answer_templates/new/",
        {"administration": other_administration.pk, "title": "Опит", "text": "Х"},
    )
    assert response.status_code == 200  # not a choice for this officer
    assert client.get(f"/admin/answer_templates/edit/{other.pk}/").status_code == 404
    client.force_login(iskar_admin)
    assert client.get("/admin/answer_templates/").status_code in (302, 403)


def test_the_adoption_through_its_page_closes_the_consultation(client, ordinance, officer):
    end(ordinance)
    services.summary_publish(actor=officer, consultation=ordinance)
    client.force_login(officer)
    url = f"/consultations/{ordinance.slug}/adopt/"
    today = datetime.date.today().isoformat()
    response = client.post(url, {"decision_number": "", "decision_date": today})
    assert response.status_code == 400
    response = client.post(
        url,
        {"decision_number": "512", "decision_date": today, "adopted_act": pdf("naredba.pdf")},
    )
    assert response.status_code == 302
    ordinance.refresh_from_db()
    assert ordinance.status == Consultation.Status.ADOPTED and ordinance.decision_number == "512"
    page = client.get(ordinance.get_absolute_url()).content.decode()
    assert 'id="council-decision"' in page


def test_a_submission_by_post_through_the_officer_page(client, ordinance, officer):
    client.force_login(officer)
    url = f"/consultations/{ordinance.slug}/enter/"
    data = {
        "channel": "registry",
        "incoming_number": "94-00-7",
        "received_on": ordinance.starts_on.isoformat(),
        "organisation_name": "Читалище „Надежда“",
        "text": "Становище",
    }
    assert client.post(url, {**data, "received_on": "2001-01-01"}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert Comment.objects.get().incoming_number == "94-00-7"
