"""Done when, in Chromium: an officer publishes an ordinance for 30 days, a CSO member comments
on its section 2 on behalf of their CSO, the period ends, the officer answers beside the section
and publishes the справка, whose PDF lists the comment with its answer."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import PASSWORD
from partnerstvo.consultations.models import Comment, Consultation

from .conftest import DRAFT_TEXT, end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(chromium, live_server, user):
    context = chromium.new_context(locale="bg-BG", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    return context, page


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def test_an_ordinance_from_publication_to_its_spravka(
    live_server, chromium, officer, administration, iskar_member, iskar
):
    today = timezone.localdate()
    officer_context, page = _login(chromium, live_server, officer)
    page.goto(f"{live_server.url}/consultations/new/")
    page.locator("#id_title").fill("Наредба за обществения ред")
    page.locator("#id_kind").select_option("ordinance")
    page.locator("#id_responsible_name").fill("Красимир Пенев")
    page.locator("#id_responsible_email").fill("sluzhitel@dm.example.bg")
    page.locator("#id_target_groups").fill("Жители на общината")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("#id_draft_document").set_input_files(_pdf("proekt.pdf"))
    page.locator("#id_motives_document").set_input_files(_pdf("motivi.pdf"))
    page.locator("#id_impact_document").set_input_files(_pdf("ocenka.pdf"))
    page.locator("#id_text").fill(DRAFT_TEXT)
    page.locator("#publish-consultation").click()
    page.wait_for_url(re.compile(r".*/consultations/naredba[^/]*/$"))
    consultation = Consultation.objects.get()
    assert consultation.period_days == 30
    assert page.locator("#consultation-status").count() == 1

    member_context, member = _login(chromium, live_server, iskar_member)
    member.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    member.locator("#id_section").select_option(label="Чл. 2.")
    member.locator("#id_quote").fill("паркирането в зелените площи")
    member.locator("#id_text").fill("Да се допусне паркиране в междублоковите пространства.")
    member.locator("#id_on_behalf_of").select_option(str(iskar.pk))
    member.locator("#comment-submit").click()
    member.wait_for_url(re.compile(r".*#comments$"))
    comment = Comment.objects.get()
    assert comment.section.heading == "Чл. 2." and comment.on_behalf_of == iskar
    assert member.locator(f"#comment-{comment.pk}").count() == 1

    end(consultation)
    member.reload()
    assert member.locator("#comments-closed").count() == 1
    member_context.close()

    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    page.locator("#answer-proposals").click()
    page.wait_for_url(re.compile(r".*/answers/$"))
    form = page.locator(f"#answer-form-{comment.pk}")
    form.locator(f"#id_c{comment.pk}-answer").select_option("partly")
    form.locator(f"#id_c{comment.pk}-answer_reasons").fill(
        "Приема се за паркингите пред училищата."
    )
    page.locator(f"#answer-submit-{comment.pk}").click()
    page.wait_for_url(re.compile(r".*/answers/#comment-\d+$"))
    page.locator("#publish-summary").click()
    page.wait_for_url(re.compile(r".*/spravka/$"))
    assert page.locator(f"#summary-row-{comment.pk}").count() == 1

    response = page.request.get(f"{live_server.url}{consultation.get_absolute_url()}spravka.pdf")
    assert response.status == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = " ".join(text.split())
    assert "междублоковите пространства" in flat
    assert "Приема се за паркингите пред училищата." in flat
    assert "ССИЗП „Искър БГ“" in flat
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED
    officer_context.close()
