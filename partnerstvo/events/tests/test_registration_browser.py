"""In Chromium: a CSO member registers for a round table through its page (answering its
question, for their organisation), sees their registration, and receives the confirmation
whose .ics parses with icalendar and has the round table's start, title and place. A second
attempt through the page is refused with a message."""

import re

import icalendar
import pytest
from django.core import mail

from conftest import PASSWORD
from partnerstvo.events.models import Registration

from .conftest import add_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_registers_for_a_round_table_and_gets_a_valid_ics(
    live_server, chromium, round_table, participant, iskar
):
    access, meal, _note = add_questions(round_table)
    context = chromium.new_context(locale="bg-BG", viewport={"width": 360, "height": 800})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(participant.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))

    page.goto(f"{live_server.url}/events/")
    page.locator(f'a[href="{round_table.get_absolute_url()}"]').first.click()
    page.wait_for_url(re.compile(rf".*{round_table.get_absolute_url()}$"))
    # The required question left unanswered: the page says so, nothing is written.
    page.locator("#register-self").click()
    page.wait_for_load_state()
    assert page.locator(f"#id_{access.field_name}").count() == 1
    assert page.locator(".field--error [role=alert]").count() == 1
    assert not Registration.objects.exists()

    page.locator(f"#id_{access.field_name}").select_option("yes")
    page.locator(f"#id_{meal.field_name}").select_option("Вегетарианско")
    page.locator("#id_on_behalf_of").select_option(str(iskar.pk))
    page.locator("#register-self").click()
    page.wait_for_url(re.compile(rf".*{round_table.get_absolute_url()}$"))
    assert page.locator("#registration-status").count() == 1
    registration = Registration.objects.get()
    assert registration.is_confirmed and registration.on_behalf_of == iskar

    (message,) = [m for m in mail.outbox if m.to == [participant.email]]
    _name, content, mimetype = next(a for a in message.attachments if a[0].endswith(".ics"))
    assert mimetype.startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == round_table.starts_at.replace(microsecond=0)
    assert str(vevent["SUMMARY"]) == round_table.title
    assert str(vevent["LOCATION"]) == (f"{round_table.venue}, {round_table.municipality.name}")
    assert registration.checkin_code in message.body

    # Registering again (a stale tab posting the form): refused with a message, nothing added.
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/events/{round_table.slug}/register/",
        form={access.field_name: "yes"},
        headers={"X-CSRFToken": token, "Referer": live_server.url},
    )
    assert response.status == 400
    assert "registration-errors" in response.text()
    assert Registration.objects.count() == 1
    context.close()
