"""The waiting page of a big справка's PDF in Chromium: at a phone's and a laptop's width nothing
scrolls sideways, targets are at least 24 × 24 px, axe-core finds no violation; with
JavaScript it polls the job's progress and opens the file once the worker has built it."""

import re

import pytest

from partnerstvo.consultations import selectors, services
from partnerstvo.consultations.models import SummaryPdf
from partnerstvo.consultations.tasks import summary_pdf_build
from partnerstvo.core.tests.test_public_pages_browser import (
    axe_violations,
    horizontal_overflow,
    small_targets,
)

from .conftest import end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_waiting_page_then_the_file(live_server, chromium, ordinance, officer, citizen):
    services.comment_create(actor=citizen, consultation=ordinance, text="Предложение")
    end(ordinance)
    for comment in ordinance.comments.all():
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    services.summary_publish(actor=officer, consultation=ordinance)
    ordinance.refresh_from_db()
    # A job waiting for a worker, as a big справка's first request leaves it.
    key, _total = selectors.summary_pdf_content(ordinance)
    job = SummaryPdf.objects.create(consultation=ordinance, content_key=key, language="bg")
    url = f"{live_server.url}/consultations/{ordinance.slug}/spravka.pdf"
    problems = []
    for width in (360, 1366):
        context = chromium.new_context(
            locale="bg-BG", viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        assert page.goto(url).status == 202
        if overflow := horizontal_overflow(page):
            problems.append(f"at {width} px scrolls sideways: {overflow}")
        if small := small_targets(page):
            problems.append(f"at {width} px, targets under 24 px: {small}")
        context.close()
    context = chromium.new_context(locale="bg-BG", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    assert page.goto(url).status == 202
    problems += axe_violations(page)
    assert not problems, "\n".join(problems)
    file_url = re.compile(rf".*/spravka/pdf/{job.pk}/spravka\.pdf$")
    with page.expect_request(file_url, timeout=15000):
        summary_pdf_build(job.pk)  # the worker; the page's script notices and opens the file
    context.close()
    assert SummaryPdf.objects.get().is_ready
