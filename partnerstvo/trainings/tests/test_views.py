"""The pages: the public calendar and its iCal feed, course pages and enrolment, a participant's
own trainings and tests, reminders, and no server error for anything a visitor can send."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import ics, services
from partnerstvo.trainings.models import Attempt, Enrolment, Question, Session

from .conftest import build_course


def test_calendar_lists_upcoming_sessions_and_paginates(
    client, course, programme, trainer, django_assert_max_num_queries
):
    for index in range(12):
        build_course(programme=programme, trainer=trainer, title=f"Курс {index:02d}")
    with django_assert_max_num_queries(8):
        response = client.get("/trainings/")
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == 26 and len(page.object_list) == 20
    assert client.get("/trainings/?page=2").status_code == 200
    assert client.get("/trainings/?page=x").status_code == 200
    assert client.get("/en/trainings/").status_code == 200
    assert course.title in response.content.decode()


def test_ical_feed_is_rfc5545_text(client, course):
    response = client.get("/trainings/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\n" not in body.replace("\r\n", "")
    session = course.sessions.first()
    single = client.get(f"/trainings/sessions/{session.pk}/session.ics")
    assert single.status_code == 200 and single.content.decode().count("BEGIN:VEVENT") == 1


def test_ics_escapes_and_folds():
    start = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
    text = ics.calendar(
        [
            ics.IcsEvent(
                uid="x@partnerstvo.bg",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                summary="Обучение; „Партньорство“, модул 1\\2",
                location="Читалище, ул. „Искър“ 1",
                description="Ред 1\nРед 2 " + "дълъг текст " * 20,
            )
        ],
        now=start,
    )
    assert "SUMMARY:Обучение\\; „Партньорство“\\, модул 1\\\\2\r\n" in text
    assert "DTSTART:20260302T070000Z\r\n" in text
    assert "Ред 1\\nРед 2" in text
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # folded continuation
    unfolded = text.replace("\r\n ", "")
    assert "дълъг текст " * 3 in unfolded.replace("\\n", "\n")


def test_course_page_shows_objectives_modules_sessions_and_the_enrol_button(
    client, course, participant, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(course.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Да познават инструментите за партньорство." in body
    assert "Основи на партньорството" in body
    assert 'id="enrol-self"' not in body  # anonymous: log in first
    client.force_login(participant)
    body = client.get(course.get_absolute_url()).content.decode()
    assert 'id="enrol-self"' in body


def test_enrol_and_cancel_through_the_pages(client, course, participant):
    client.force_login(participant)
    client.post(f"/trainings/courses/{course.slug}/enrol/")
    enrolment = Enrolment.objects.get(person=participant.person)
    assert enrolment.status == "registered"
    my = client.get("/trainings/my/")
    assert my.status_code == 200
    assert f'id="take-pre-{enrolment.pk}"' in my.content.decode()
    response = client.post(f"/trainings/enrolments/{enrolment.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"
    # Cancelling again is refused with a message, not an error.
    response = client.post(f"/trainings/enrolments/{enrolment.pk}/cancel/", follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_cso_admin_enrols_members_from_the_course_page(client, course, iskar_admin, participant):
    client.force_login(iskar_admin)
    page = client.get(f"/trainings/courses/{course.slug}/enrol-others/")
    assert page.status_code == 200
    assert "Радка Иванова" in page.content.decode()
    option = f"o{participant.person.memberships.get().organisation_id}-{participant.person.pk}"
    response = client.post(f"/trainings/courses/{course.slug}/enrol-others/", {"people": [option]})
    assert response.status_code == 302
    assert Enrolment.objects.get(person=participant.person).enrolled_by == iskar_admin
    # An option that was not offered is refused by the form.
    forged = client.post(f"/trainings/courses/{course.slug}/enrol-others/", {"people": ["o9-9"]})
    assert forged.status_code == 200
    assert Enrolment.objects.count() == 1


def test_people_without_anyone_to_enrol_cannot_open_the_enrol_others_page(
    client, course, participant
):
    client.force_login(participant)
    assert client.get(f"/trainings/courses/{course.slug}/enrol-others/").status_code == 403


def test_taking_a_test_through_the_page_and_bad_submissions(client, course, participant):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    client.force_login(participant)
    url = f"/trainings/enrolments/{enrolment.pk}/tests/pre/"
    page = client.get(url)
    assert page.status_code == 200
    questions = list(Question.objects.filter(course=course, form="A"))
    assert all(f'name="q{q.pk}"' in page.content.decode() for q in questions)
    other = Question.objects.filter(course=course, form="B").first()
    refused = client.post(url, {f"q{questions[0].pk}": "0", f"q{other.pk}": "0"})
    assert refused.status_code == 400
    assert not Attempt.objects.exists()
    garbage = client.post(url, {"qabc": "x", f"q{questions[0].pk}": "zz"})
    assert garbage.status_code == 400
    answers = {f"q{q.pk}": [str(i) for i in sorted(q.correct_indexes)] for q in questions}
    done = client.post(url, answers)
    assert done.status_code == 302
    assert Attempt.objects.get().score == 3
    twice = client.post(url, answers)
    assert twice.status_code == 400
    assert Attempt.objects.count() == 1
    assert client.get(f"/trainings/enrolments/{enrolment.pk}/tests/nonsense/").status_code == 404


def test_trainer_enters_a_paper_test_from_the_dashboard(client, course, participant, trainer):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    client.force_login(trainer)
    dashboard = client.get(f"/trainings/courses/{course.slug}/manage/")
    assert f"/trainings/enrolments/{enrolment.pk}/tests/pre/paper/" in dashboard.content.decode()
    question = Question.objects.filter(course=course, form="A").first()
    response = client.post(
        f"/trainings/enrolments/{enrolment.pk}/tests/pre/paper/", {f"q{question.pk}": "0"}
    )
    assert response.status_code == 302
    assert Attempt.objects.get().source == "paper"


def test_course_dashboard_query_count_does_not_grow_with_participants(client, course, trainer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_user

    services.course_update(actor=SYSTEM, course=course, data={"capacity": 40})
    client.force_login(trainer)

    def queries_with(participants: int) -> int:
        while course.enrolments.count() < participants:
            user = make_user(f"p{course.enrolments.count()}@example.bg")
            services.enrolment_create(actor=user, course=course, person=user.person)
        client.get(f"/trainings/courses/{course.slug}/manage/")  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/trainings/courses/{course.slug}/manage/")
        assert response.status_code == 200
        return len(captured)

    few = queries_with(3)
    assert queries_with(30) == few
    assert few <= 25


def test_my_trainings_query_count(client, programme, trainer, participant):
    client.force_login(participant)
    for index in range(5):
        course = build_course(programme=programme, trainer=trainer, title=f"Курс {index}")
        services.enrolment_create(actor=participant, course=course, person=participant.person)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get("/trainings/my/")
    course = build_course(programme=programme, trainer=trainer, title="Още един")
    services.enrolment_create(actor=participant, course=course, person=participant.person)
    with CaptureQueriesContext(connection) as six:
        client.get("/trainings/my/")
    assert len(six) == len(five)


def test_reminders_go_once_with_the_session_as_ics(
    course, participant, mailoutbox, django_capture_on_commit_callbacks
):
    services.enrolment_create(actor=participant, course=course, person=participant.person)
    mailoutbox.clear()
    first = course.sessions.order_by("starts_at").first()
    Session.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=io.StringIO())
    (message,) = mailoutbox
    assert message.to == ["uchastnik@example.bg"]
    assert message.attachments[0][1].count("BEGIN:VEVENT") == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=io.StringIO())
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/trainings/?page=-1",
        "/trainings/courses/no-such-course/",
        "/trainings/courses/%00/",
        "/trainings/sessions/999999/session.ics",
        "/trainings/sessions/999999/attendance/",
        "/trainings/enrolments/999999/tests/pre/",
        "/trainings/enrolments/999999/evaluation/",
        "/trainings/certificates/ZZZZ/download/",
        "/trainings/certificate-archives/999999/",
        "/trainings/reports/exports/999999/",
        "/trainings/reports/exports/999999/download/",
        "/trainings/reports/exports/abc/",
        "/trainings/reports/?course=abc&page=zz",
        "/certificates/verify/%20/",
        "/certificates/verify/" + "Я" * 500 + "/",
        "/en/certificates/verify/nope/",
    ],
)
def test_no_visitor_input_causes_a_server_error(client, course, url):
    assert client.get(url).status_code < 500


def test_no_logged_in_input_causes_a_server_error(client, course, participant, trainer):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    client.force_login(trainer)
    session = course.sessions.first()
    for url, data in [
        (f"/trainings/sessions/{session.pk}/attendance/", {"enrolment": "1", "present": "y"}),
        (f"/trainings/sessions/{session.pk}/attendance/", {"enrolment": "999999"}),
        (f"/trainings/sessions/{session.pk}/signed-sheet/", {}),
        (f"/trainings/enrolments/{enrolment.pk}/tests/pre/paper/", {"q": "1", "q1x": "2"}),
        (f"/trainings/courses/{course.slug}/certificates/issue/", {}),
        ("/trainings/reports/?course=999999", {}),
    ]:
        assert client.post(url, data).status_code < 500, url
    client.force_login(participant)
    for url, data in [
        (f"/trainings/enrolments/{enrolment.pk}/evaluation/", {"item_x": "1", "item_": ""}),
        ("/trainings/my/participant-data/", {"consent": "maybe", "age_group": "200"}),
        (f"/trainings/enrolments/{enrolment.pk}/tests/post/", {"q-1": "1"}),
    ]:
        assert client.post(url, data).status_code < 500, url


def test_the_calendar_filters_by_target_group_and_format(
    client, course, programme, trainer, django_assert_max_num_queries
):
    """``course`` is mixed and meets at a venue; the others are online, one for each group."""
    for_csos = build_course(
        programme=programme, trainer=trainer, title="Само за НПО", target_group="cso"
    )
    for_staff = build_course(
        programme=programme, trainer=trainer, title="Само за общини", target_group="municipal"
    )

    def titles(query):
        with django_assert_max_num_queries(8):
            response = client.get(f"/trainings/?{query}")
        assert response.status_code == 200
        return {session.course.title for session in response.context["page_obj"].object_list}

    assert titles("target_group=cso") == {course.title, for_csos.title}  # mixed is for all
    assert titles("target_group=municipal") == {course.title, for_staff.title}
    assert titles("format=online") == {for_csos.title, for_staff.title}
    assert titles("format=in_person&target_group=cso") == {course.title}
    # A value not on the list is shown as an error, and the calendar stays unfiltered.
    response = client.get("/trainings/?format=teleport")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 6
    assert response.context["form"].errors["format"]
    body = client.get("/trainings/?format=online&target_group=cso&page=2").content.decode()
    assert 'name="target_group"' in body and 'name="format"' in body


def test_my_trainings_gathers_coming_sessions_and_open_tests_in_fixed_queries(
    client, course, programme, trainer, participant, dolna_mitropolia, django_assert_num_queries
):
    def enrol(title):
        other = build_course(
            programme=programme, trainer=trainer, title=title, municipality=dolna_mitropolia
        )
        return services.enrolment_create(actor=participant, course=other, person=participant.person)

    first = services.enrolment_create(actor=participant, course=course, person=participant.person)
    client.force_login(participant)
    with CaptureQueriesContext(connection) as one:
        client.get("/trainings/my/")
    second, third = enrol("Втори курс"), enrol("Трети курс")
    with django_assert_num_queries(len(one)):  # no query per course, session or test
        response = client.get("/trainings/my/")
    context = response.context
    starts = [item["session"].starts_at for item in context["upcoming"]]
    assert starts == sorted(starts)  # the coming sessions of every course, soonest first
    assert {item["session"].course_id for item in context["upcoming"]} == {
        course.pk,
        second.course_id,
        third.course_id,
    }
    assert len(context["upcoming"]) == 6 and len(context["tests_to_take"]) == 6
    body = response.content.decode()
    for enrolment in (first, second, third):
        assert f'id="take-pre-{enrolment.pk}"' in body
        assert body.count(f'id="take-pre-{enrolment.pk}"') == 1  # ids stay unique
        assert f'id="cancel-{enrolment.pk}"' in body


def test_course_and_session_pages_say_where_they_sit(client, course):
    session = course.sessions.first()
    body = client.get(session.get_absolute_url()).content.decode()
    crumbs = body[body.index('<nav class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert 'href="/trainings/"' in crumbs and f'href="{course.get_absolute_url()}"' in crumbs
    assert crumbs.index('href="/"') < crumbs.index('href="/trainings/"'), "the trail starts at home"
    assert 'aria-current="page"' in crumbs
