"""THE done-when test of the events: in Chromium, a CSO member registers for a round table
through its page and receives the confirmation with a valid .ics (parsed with icalendar) and the
check-in QR code; the organiser's phone, offline, reads that QR code (the photo input, decoded
in the page by the same decoders as the camera) and the check-in syncs when the connection is
back; then the minutes go from draft to approved with the attendance in them."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from conftest import PASSWORD
from partnerstvo.events.models import Minutes, Registration

from .conftest import build_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _browser_as(browser, live_server, email, *, mobile=False):
    context = browser.new_context(
        locale="bg-BG",
        viewport={"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900},
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    return context, page


def test_register_check_in_offline_sync_and_approve_the_minutes(
    live_server, chromium, iskar, dolna_mitropolia, participant, iskar_admin, tmp_path
):
    import datetime

    round_table = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        starts_in=datetime.timedelta(hours=1),
    )
    # The CSO member registers through the event's page.
    member_context, member = _browser_as(chromium, live_server, participant.email)
    member.goto(f"{live_server.url}{round_table.get_absolute_url()}")
    behalf = member.locator("select[name=on_behalf_of]")
    if behalf.count():
        behalf.select_option(str(iskar.pk))
    member.locator("#register-self").click()
    member.locator("#registration-status").wait_for()
    registration = Registration.objects.get(event=round_table, person=participant.person)
    assert registration.is_confirmed

    # The confirmation: a valid .ics of the event and the check-in QR code.
    confirmation = next(m for m in mail.outbox if participant.email in m.to)
    attachments = {
        name: (content, mimetype) for name, content, mimetype in confirmation.attachments
    }
    ics = attachments[f"{round_table.slug}.ics"][0]
    calendar = Calendar.from_ical(ics)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == round_table.title
    # iCalendar keeps whole seconds.
    assert vevent.decoded("DTSTART") == round_table.starts_at.replace(microsecond=0)
    assert vevent.decoded("DTEND") == round_table.ends_at.replace(microsecond=0)
    qr_png = attachments["checkin-qr.png"][0]
    qr_file = tmp_path / "qr.png"
    qr_file.write_bytes(qr_png)

    # The organiser's phone opens the check-in page online (the service worker keeps it) ...
    phone_context, phone = _browser_as(chromium, live_server, iskar_admin.email, mobile=True)
    checkin_url = f"{live_server.url}/events/{round_table.slug}/check-in/"
    phone.goto(checkin_url)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # now controlled by the service worker
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    assert phone.locator("#checkin-list li").count() == 1

    # ... loses the connection, still opens the page, and reads the QR code of the e-mail.
    phone_context.set_offline(True)
    phone.reload()
    phone.locator("#checkin-photo").wait_for(state="attached")
    assert phone.locator("#checkin-connection").get_attribute("data-state") == "offline"
    phone.locator("#checkin-photo").set_input_files(str(qr_file))
    result = phone.locator("#checkin-result")
    result.wait_for()
    assert result.get_attribute("data-kind") == "new"
    assert "Росица Маринова" in result.inner_text()
    assert phone.locator("#checkin-queue").get_attribute("data-pending") == "1"
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # only on the phone so far

    # The same code again (a second scan) stays one check-in.
    phone.locator("#checkin-code").fill(registration.checkin_code)
    phone.locator("#checkin-manual button").click()
    assert result.get_attribute("data-kind") == "again"

    # Back online: the queue is sent by itself.
    phone_context.set_offline(False)
    phone.wait_for_function(
        "document.getElementById('checkin-queue').dataset.pending === '0'", timeout=30000
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == iskar_admin
    assert registration.checkin_source == "scan"
    assert registration.attendance == "present"
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1

    # The minutes: drafted, circulated, commented, approved — with the attendance in them.
    office_context, office = _browser_as(chromium, live_server, iskar_admin.email)
    minutes_url = f"{live_server.url}/events/{round_table.slug}/minutes/"
    office.goto(minutes_url)
    office.locator("#minutes-form textarea[name=body]").fill(
        "Участниците обсъдиха общите приоритети.\n\nРешено бе да се създаде работна група."
    )
    office.locator("#minutes-form button[type=submit]").click()
    office.locator("#minutes-status[data-status=draft]").wait_for()
    office.locator("#circulate-form button[type=submit]").click()
    office.locator("#minutes-status[data-status=circulated]").wait_for()

    member.goto(minutes_url)
    member.locator("#comment-form textarea[name=text]").fill("Да поканим и читалищата.")
    member.locator("#comment-form button[type=submit]").click()
    member.locator(".messages").wait_for()

    office.reload()
    assert "Да поканим и читалищата." in office.locator("#minutes-comments").inner_text()
    office.locator("#approve-form button[type=submit]").click()
    office.locator("#minutes-status[data-status=approved]").wait_for()
    attendance = office.locator("#minutes-attendance")
    assert "Росица Маринова" in attendance.inner_text()
    assert office.locator("#attendance-counts [data-total=present]").inner_text() == "1"

    minutes = Minutes.objects.get(event=round_table)
    assert minutes.status == "approved"
    approved = minutes.revisions.order_by("-number").first()
    assert approved.status == "approved"
    (row,) = approved.attendance["rows"]
    assert row == {
        "name": "Росица Маринова",
        "organisation": str(iskar),
        "type": "cso",
        "attendance": "present",
    }
    # The participant reads the approved minutes with the attendance.
    member.goto(minutes_url)
    assert "Росица Маринова" in member.locator("#minutes-attendance").inner_text()
    for context in (member_context, phone_context, office_context):
        context.close()
