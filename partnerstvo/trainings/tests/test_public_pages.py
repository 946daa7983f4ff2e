"""Public pages of courses and sessions: schema.org Course / Event, in the sitemaps, linked from
the calendar, with no one's personal data (issue 7)."""

import json
import re

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services
from partnerstvo.trainings.models import Session


def _ld(body: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


@pytest.fixture
def enrolled(course, participant):
    return services.enrolment_create(actor=SYSTEM, course=course, person=participant.person)


def test_the_course_page_describes_a_course_with_its_sessions(client, course):
    body = client.get(course.get_absolute_url(), HTTP_HOST="localhost:8123").content.decode()
    (data,) = _ld(body)
    assert data["@type"] == "Course"
    assert data["name"] == course.title
    assert data["url"] == f"http://localhost:8123{course.get_absolute_url()}"
    assert data["provider"]["@type"] == "Organization"
    instances = data["hasCourseInstance"]
    assert len(instances) == course.sessions.count() == 2
    first = course.sessions.order_by("starts_at").first()
    assert instances[0]["@type"] == "CourseInstance"
    assert instances[0]["courseMode"] == "Onsite"
    assert instances[0]["url"] == f"http://localhost:8123{first.get_absolute_url()}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", instances[0]["startDate"])
    assert instances[0]["location"]["address"]["addressLocality"] == "Долна Митрополия"


def test_a_session_has_its_own_page_with_an_event(client, course, trainer, enrolled, participant):
    session = course.sessions.order_by("starts_at").first()
    response = client.get(f"/trainings/sessions/{session.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    (event,) = _ld(body)
    assert event["@type"] == "Event"
    assert event["name"] == f"{course.title} — {session.title}"
    assert event["startDate"] < event["endDate"]
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["name"] == session.venue
    assert event["about"] == {
        "@type": "Course",
        "name": course.title,
        "url": f"http://testserver{course.get_absolute_url()}",
    }
    assert course.get_absolute_url() in body
    # Nothing personal: not the trainer, not who enrolled.
    for personal in (
        trainer.get_full_name(),
        trainer.email,
        participant.email,
        participant.get_full_name(),
    ):
        assert personal not in body
    assert client.get(f"/en/trainings/sessions/{session.pk}/").status_code == 200


def test_an_online_session_keeps_its_meeting_link_to_the_enrolled(client, programme, trainer):
    from .conftest import build_course

    online = build_course(programme=programme, trainer=trainer, title="Онлайн курс", sessions=1)
    session = online.sessions.get()
    body = client.get(session.get_absolute_url()).content.decode()
    (event,) = _ld(body)
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"
    assert session.online_url not in body
    # Nor where sessions are listed: the calendar and the portal's home page.
    for listing in ("/trainings/", "/"):
        body = client.get(listing).content.decode()
        assert "Онлайн курс" in body, listing
        assert session.online_url not in body, listing


def test_a_session_of_an_unpublished_course_is_not_found(client, course):
    course.is_published = False
    course.save(update_fields=["is_published"])
    session = course.sessions.first()
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.get("/trainings/sessions/999999/").status_code == 404


def test_the_calendar_links_each_session_to_its_page(client, course):
    body = client.get("/trainings/").content.decode()
    for session in course.sessions.all():
        assert f'href="{session.get_absolute_url()}"' in body


def test_courses_and_sessions_are_in_the_portal_sitemaps(client, course, other_course):
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-courses.xml" in index
    assert "http://testserver/sitemap-sessions.xml" in index
    courses = client.get("/sitemap-courses.xml").content.decode()
    assert f"http://testserver{course.get_absolute_url()}" in courses
    assert f"http://testserver/en{course.get_absolute_url()}" in courses
    sessions = client.get("/sitemap-sessions.xml").content.decode()
    for session in Session.objects.filter(course=course):
        assert f"http://testserver{session.get_absolute_url()}" in sessions
    other_course.is_published = False
    other_course.save(update_fields=["is_published"])
    courses = client.get("/sitemap-courses.xml").content.decode()
    assert other_course.get_absolute_url() not in courses
    sessions = client.get("/sitemap-sessions.xml").content.decode()
    for session in Session.objects.filter(course=other_course):
        assert session.get_absolute_url() not in sessions


def test_the_session_page_takes_a_fixed_number_of_queries(
    client, course, django_assert_max_num_queries
):
    session = course.sessions.first()
    with django_assert_max_num_queries(6):
        assert client.get(session.get_absolute_url()).status_code == 200
