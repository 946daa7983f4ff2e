"""Check-in: the sync endpoint is idempotent and safe against bad input; only organisers use
the check-in screens; the signature sheet is a PDF of the confirmed participants."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Registration

from .meetings import *  # noqa: F403 - the fixtures
from .meetings import make_event, register


def login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def sync(client, event, scans, **extra):
    return client.post(
        reverse("events:checkin-sync", kwargs={"slug": event.slug}),
        data=json.dumps({"scans": scans}),
        content_type="application/json",
        **extra,
    )


def test_sync_checks_in_once_and_reports_duplicates_and_unknown_codes(
    client, event, registrations, iskar_admin, go2000
):
    login(client, iskar_admin)
    cso = registrations["cso"]
    elsewhere = make_event(organisation=go2000, slug="drugo-sabitie")
    foreign = register(elsewhere, registrations["other"].person)
    scans = [
        {"code": cso.checkin_code, "at": "2026-01-01T09:00:00Z", "source": "scan"},
        {"code": cso.checkin_code, "at": "2026-01-01T09:05:00Z", "source": "scan"},
        {"code": "no-such-code", "at": "2026-01-01T09:01:00Z"},
        {"code": foreign.checkin_code},
        {"code": registrations["waiting"].checkin_code},
    ]
    response = sync(client, event, scans)
    assert response.status_code == 200
    assert response.json() == {
        "new": [cso.checkin_code],
        "duplicate": [],
        "unknown": ["no-such-code", foreign.checkin_code],
        "refused": [registrations["waiting"].checkin_code],
    }
    cso.refresh_from_db()
    assert cso.checked_in_at.isoformat() == "2026-01-01T09:00:00+00:00"
    assert cso.checked_in_by == iskar_admin
    assert cso.attendance == "present"
    foreign.refresh_from_db()
    assert foreign.checked_in_at is None

    # The same queue sent again (a retry), and by a second phone: one check-in, the first wins.
    again = sync(client, event, scans[:2])
    assert again.json()["new"] == [] and again.json()["duplicate"] == [cso.checkin_code]
    cso.refresh_from_db()
    assert cso.checked_in_at.isoformat() == "2026-01-01T09:00:00+00:00"
    assert Registration.objects.filter(event=event, checked_in_at__isnull=False).count() == 1


def test_an_earlier_scan_synced_later_wins(event, registrations, iskar_admin, iskar_editor):
    code = registrations["cso"].checkin_code
    services.checkin_sync(
        actor=iskar_editor, event=event, scans=[{"code": code, "at": "2026-01-01T10:00:00Z"}]
    )
    result = services.checkin_sync(
        actor=iskar_admin,
        event=event,
        scans=[{"code": code, "at": "2026-01-01T09:30:00Z", "source": "search"}],
    )
    assert result["duplicate"] == [code]
    registration = Registration.objects.get(pk=registrations["cso"].pk)
    assert registration.checked_in_at.isoformat() == "2026-01-01T09:30:00+00:00"
    assert registration.checked_in_by == iskar_admin
    assert registration.checkin_source == "search"


def test_odd_times_and_sources_are_taken_as_now_and_a_scan(event, registrations, iskar_admin):
    code = registrations["cso"].checkin_code
    scans = [{"code": code, "at": "2026-13-45T99:00:00", "source": ["x"]}, {"code": "x", "at": 5}]
    result = services.checkin_sync(actor=iskar_admin, event=event, scans=scans)
    assert result["new"] == [code] and result["unknown"] == ["x"]
    registration = Registration.objects.get(pk=registrations["cso"].pk)
    assert registration.checkin_source == "scan" and registration.checked_in_at <= timezone.now()


def test_a_scan_from_the_future_is_clamped_to_now(event, registrations, iskar_admin):
    code = registrations["cso"].checkin_code
    services.checkin_sync(
        actor=iskar_admin, event=event, scans=[{"code": code, "at": "2099-01-01T00:00:00Z"}]
    )
    registration = Registration.objects.get(pk=registrations["cso"].pk)
    assert registration.checked_in_at <= timezone.now()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"scans": "abc"}',
        b'{"scans": [{"at": "x"}]}',
        b'{"scans": [17]}',
        b'{"scans": [{"code": 5}]}',
    ],
)
def test_malformed_sync_gets_a_clear_400_and_changes_nothing(
    client, event, registrations, iskar_admin, body
):
    login(client, iskar_admin)
    response = client.post(
        reverse("events:checkin-sync", kwargs={"slug": event.slug}),
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_too_many_scans_at_once_are_refused(client, event, registrations, iskar_admin):
    login(client, iskar_admin)
    response = sync(client, event, [{"code": f"c{i}"} for i in range(501)])
    assert response.status_code == 400


def test_sync_is_for_the_events_organisers_only(
    client, event, registrations, iskar_member, go2000_editor, coordinator
):
    code = registrations["cso"].checkin_code
    assert sync(client, event, [{"code": code}]).status_code == 403  # anonymous
    for user in (iskar_member, go2000_editor):
        login(client, user)
        assert sync(client, event, [{"code": code}]).status_code == 403
        client.logout()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    login(client, coordinator)
    assert sync(client, event, [{"code": code}]).json()["new"] == [code]
    with pytest.raises(PermissionDenied):
        services.checkin_sync(actor=iskar_member, event=event, scans=[])


def test_sync_needs_the_csrf_token(event, registrations, iskar_admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, iskar_admin)
    response = sync(client, event, [{"code": registrations["cso"].checkin_code}])
    assert response.status_code == 403
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_sync_answers_only_post(client, event, iskar_admin):
    login(client, iskar_admin)
    assert (
        client.get(reverse("events:checkin-sync", kwargs={"slug": event.slug})).status_code == 405
    )


def test_draft_events_are_not_found_by_other_users(client, iskar, go2000_editor, iskar_admin):
    draft = make_event(organisation=iskar, slug="chernova", status="draft")
    login(client, go2000_editor)
    assert sync(client, draft, []).status_code == 404
    for name in ("events:checkin", "events:attendance", "events:signature-sheet"):
        assert client.get(reverse(name, kwargs={"slug": draft.slug})).status_code == 404
    client.logout()
    login(client, iskar_admin)
    assert client.get(reverse("events:checkin", kwargs={"slug": draft.slug})).status_code == 200


@pytest.mark.parametrize("name", ["events:checkin", "events:attendance", "events:signature-sheet"])
def test_check_in_screens_are_the_organisers(
    client, event, registrations, iskar_member, go2000_editor, iskar_admin, coordinator, name
):
    url = reverse(name, kwargs={"slug": event.slug})
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (iskar_member, go2000_editor):
        login(client, user)
        assert client.get(url).status_code == 403
        client.logout()
    for user in (iskar_admin, coordinator):
        login(client, user)
        assert client.get(url).status_code == 200
        client.logout()


def test_checkin_page_lists_confirmed_participants_for_offline_use(
    client, event, registrations, iskar_admin
):
    login(client, iskar_admin)
    response = client.get(reverse("events:checkin", kwargs={"slug": event.slug}))
    content = response.content.decode()
    people = json.loads(
        content.split('id="checkin-people" type="application/json">')[1].split("</script>")[0]
    )
    assert {person["code"] for person in people} == {
        registrations[key].checkin_code for key in ("cso", "municipal", "other")
    }
    assert "vendor/jsQR-1.4.0.js" in content
    assert response["Cache-Control"].startswith("max-age=0")
    worker = client.get(reverse("events:checkin-worker", kwargs={"slug": event.slug}))
    assert worker["Content-Type"].startswith("application/javascript")
    assert reverse("events:checkin", kwargs={"slug": event.slug}) in worker.content.decode()


def test_signature_sheet_is_a_pdf_with_the_confirmed_participants(
    client, event, registrations, iskar_admin
):
    import io

    from pypdf import PdfReader

    login(client, iskar_admin)
    response = client.get(reverse("events:signature-sheet", kwargs={"slug": event.slug}))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Стефан Митов" in text and "Никола Гостев" in text
    assert "Вера Чакаща" not in text  # on the waiting list
    assert "Европейски съюз" in text or "European Union" in text


def test_attendance_defaults_to_present_when_checked_in_and_counts_by_type(
    client, event, registrations, iskar_admin
):
    services.checkin_sync(
        actor=SYSTEM, event=event, scans=[{"code": registrations["cso"].checkin_code}]
    )
    login(client, iskar_admin)
    url = reverse("events:attendance", kwargs={"slug": event.slug})
    response = client.get(url)
    table = {row["key"]: row for row in response.context["table"]}
    assert table["present"]["cells"] == [1, 0, 0]
    assert table["unmarked"]["cells"] == [0, 1, 1]
    regs = registrations
    response = client.post(
        url,
        {
            "registration": [regs["cso"].pk, regs["municipal"].pk, regs["other"].pk],
            f"attendance-{regs['cso'].pk}": "present",
            f"attendance-{regs['municipal'].pk}": "excused",
            f"attendance-{regs['other'].pk}": "absent",
        },
    )
    assert response.status_code == 302
    table = {row["key"]: row for row in client.get(url).context["table"]}
    assert table["present"]["cells"] == [1, 0, 0]
    assert table["excused"]["cells"] == [0, 1, 0]
    assert table["absent"]["cells"] == [0, 0, 1]
    assert table["total"]["total"] == 3


@pytest.mark.parametrize(
    "data",
    [
        {"registration": ["x"]},
        {"registration": ["999999"], "attendance-999999": "present"},
        {"registration": ["{waiting}"], "attendance-{waiting}": "present"},
        {"registration": ["{cso}"], "attendance-{cso}": "maybe"},
    ],
)
def test_bad_attendance_is_refused_and_changes_nothing(
    client, event, registrations, iskar_admin, data
):
    ids = {"waiting": registrations["waiting"].pk, "cso": registrations["cso"].pk}
    data = {
        key.format(**ids): [value.format(**ids) for value in values]
        if isinstance(values, list)
        else values.format(**ids)
        for key, values in data.items()
    }
    login(client, iskar_admin)
    response = client.post(reverse("events:attendance", kwargs={"slug": event.slug}), data)
    assert response.status_code == 400
    assert not Registration.objects.exclude(attendance="").exists()


def test_checkin_page_query_count_is_constant(
    client, event, iskar_admin, django_assert_max_num_queries
):
    from conftest import make_user

    login(client, iskar_admin)
    url = reverse("events:checkin", kwargs={"slug": event.slug})
    for index in range(5):
        register(event, make_user(f"p{index}@example.bg").person)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for index in range(5, 60):
        register(event, make_user(f"p{index}@example.bg").person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
