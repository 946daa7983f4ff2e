"""Cancelling an enrolment takes a confirmation that works without JavaScript: a page that says
what will happen, then a form with CSRF. A POST without the confirmation cancels nothing."""

import re

import pytest
from django.test import Client

from conftest import PASSWORD, make_user
from partnerstvo.trainings import services
from partnerstvo.trainings.models import Enrolment

Status = Enrolment.Status


@pytest.fixture
def full_course(course):
    """Three registered (the course's capacity) and one on the waiting list."""
    users = [make_user(f"c{i}@example.bg", "Участник", f"Номер{i}") for i in range(4)]
    enrolments = [services.enrolment_create(actor=u, course=course, person=u.person) for u in users]
    assert [e.status for e in enrolments] == [Status.REGISTERED] * 3 + [Status.WAITING]
    return users, enrolments


def _status(enrolment):
    enrolment.refresh_from_db()
    return enrolment.status


def test_the_cancel_button_leads_to_a_confirmation_page_not_a_cancellation(
    client, course, full_course
):
    users, enrolments = full_course
    client.force_login(users[0])
    for page in ("/trainings/my/", course.get_absolute_url()):
        body = client.get(page).content.decode()
        # No form posts straight to the cancellation: a link leads to the confirmation page.
        assert not re.search(r'<form[^>]*action="[^"]*/cancel/"', body), page
        assert f'href="/trainings/enrolments/{enrolments[0].pk}/cancel/' in body, page
    url = f"/trainings/enrolments/{enrolments[0].pk}/cancel/"
    page = client.get(f"/en{url}")
    assert page.status_code == 200
    body = page.content.decode()
    assert course.title in body
    assert "waiting list" in body and "seat" in body  # what will happen, in words
    assert 'name="csrfmiddlewaretoken"' in body and 'name="confirm"' in body
    assert _status(enrolments[0]) == Status.REGISTERED


def test_a_post_without_the_confirmation_cancels_nothing(client, full_course):
    users, enrolments = full_course
    client.force_login(users[0])
    url = f"/trainings/enrolments/{enrolments[0].pk}/cancel/"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(url)
    assert _status(enrolments[0]) == Status.REGISTERED
    assert _status(enrolments[3]) == Status.WAITING


def test_confirming_cancels_and_promotes_the_waiting_list(client, full_course):
    users, enrolments = full_course
    client.force_login(users[0])
    url = f"/trainings/enrolments/{enrolments[0].pk}/cancel/"
    response = client.post(url, {"confirm": "yes", "next": "/trainings/my/"})
    assert response.status_code == 302 and response["Location"] == "/trainings/my/"
    assert _status(enrolments[0]) == Status.CANCELLED
    assert _status(enrolments[3]) == Status.REGISTERED
    # Once cancelled, the confirmation page says so instead of offering to cancel again.
    again = client.get(url, follow=True)
    assert again.status_code == 200 and list(again.context["messages"])


def test_the_confirmation_needs_the_csrf_token(full_course):
    users, enrolments = full_course
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[0])
    url = f"/trainings/enrolments/{enrolments[0].pk}/cancel/"
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    assert _status(enrolments[0]) == Status.REGISTERED
    token = client.get(url).context["csrf_token"]
    assert (
        client.post(url, {"confirm": "yes", "csrfmiddlewaretoken": str(token)}).status_code == 302
    )
    assert _status(enrolments[0]) == Status.CANCELLED


def test_someone_else_cannot_reach_the_confirmation(client, full_course):
    users, enrolments = full_course
    client.force_login(users[1])
    url = f"/trainings/enrolments/{enrolments[0].pk}/cancel/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert _status(enrolments[0]) == Status.REGISTERED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cancelling_works_without_javascript(live_server, chromium, course, full_course):
    """In a browser with JavaScript off: the button on the course page leads to the
    confirmation page, and only its button cancels."""
    users, enrolments = full_course
    context = chromium.new_context(locale="bg-BG", java_script_enabled=False)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(users[0].email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    page.locator(f"#cancel-{enrolments[0].pk}").click()
    page.wait_for_url(re.compile(rf".*/trainings/enrolments/{enrolments[0].pk}/cancel/.*"))
    assert "списъка на чакащите" in page.locator("#cancel-consequences").inner_text()
    assert _status(enrolments[0]) == Status.REGISTERED
    page.locator("#confirm-cancel").click()
    page.wait_for_url(re.compile(rf".*{course.get_absolute_url()}$"))
    assert _status(enrolments[0]) == Status.CANCELLED
    assert _status(enrolments[3]) == Status.REGISTERED
    context.close()
