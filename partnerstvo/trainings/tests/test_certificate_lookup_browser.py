"""Checking a certificate by typing its code, in a browser with JavaScript switched off."""

import re

import pytest

from partnerstvo.trainings import services

from .test_certificates import _complete, group  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_typed_code_leads_to_the_verification_page_without_javascript(
    live_server,
    chromium,
    course,
    trainer,
    coordinator,
    group,  # noqa: F811
):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    (certificate,) = services.certificates_issue_for_course(actor=coordinator, course=course)
    context = chromium.new_context(locale="bg-BG", java_script_enabled=False)
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/certificates/verify/")
        page.get_by_label("Код за проверка").fill("nope-nope-nope")
        page.get_by_role("button", name="Провери").click()
        assert page.locator("#certificate-state[data-state=not-found]").is_visible()
        page.get_by_label("Код за проверка").fill(certificate.code.lower())
        page.get_by_role("button", name="Провери").click()
        page.wait_for_url(re.compile(rf".*/certificates/verify/{certificate.code}/$"))
        assert page.locator("#certificate-state[data-state=valid]").is_visible()
    finally:
        context.close()
