"""Who sees what: trainers their own courses, participants their own results and certificates,
CSO admins their members' enrolments (and not another CSO's), officers their staff's, and only
coordinators individual participant data — through the policies, the pages and the back office."""

import pytest

from partnerstvo.core.permissions import scope, user_can
from partnerstvo.trainings import services
from partnerstvo.trainings.models import (
    Attempt,
    AttendanceRecord,
    Certificate,
    Course,
    Enrolment,
    ParticipantData,
    Question,
    Session,
)

from .conftest import correct_answers


@pytest.fixture
def world(
    course,
    other_course,
    trainer,
    other_trainer,
    participant,
    go2000_member,
    staff_member,
    officer,
    administration,
    coordinator,
    iskar,
    go2000,
):
    services.course_update(actor=coordinator, course=course, data={"capacity": 10})
    radka = services.enrolment_create(actor=participant, course=course, person=participant.person)
    petar = services.enrolment_create(
        actor=go2000_member, course=course, person=go2000_member.person
    )
    galya = services.enrolment_create(
        actor=officer, course=course, person=staff_member.person, administration=administration
    )
    elsewhere = services.enrolment_create(
        actor=participant, course=other_course, person=participant.person
    )
    for enrolment in (radka, petar):
        services.attendance_mark(
            actor=trainer,
            session=course.sessions.order_by("starts_at")[0],
            present={enrolment.pk: True},
        )
        services.attendance_mark(
            actor=trainer,
            session=course.sessions.order_by("starts_at")[1],
            present={enrolment.pk: True},
        )
    services.attempt_submit(
        actor=participant, enrolment=radka, kind="post", answers=correct_answers(radka, "post")
    )
    services.attempt_submit(
        actor=go2000_member, enrolment=petar, kind="post", answers=correct_answers(petar, "post")
    )
    services.certificates_issue_for_course(actor=coordinator, course=course)
    services.participant_data_save(
        actor=participant, person=participant.person, consent=True, data={"gender": "female"}
    )
    return {"radka": radka, "petar": petar, "galya": galya, "elsewhere": elsewhere}


def _visible(user, model):
    return set(scope(user, "view", model.objects.all()).values_list("pk", flat=True))


def test_trainers_see_only_their_own_courses_people_and_results(
    world, trainer, other_trainer, course, other_course
):
    radka, petar, galya, elsewhere = (world[k] for k in ("radka", "petar", "galya", "elsewhere"))
    assert _visible(trainer, Enrolment) == {radka.pk, petar.pk, galya.pk}
    assert _visible(other_trainer, Enrolment) == {elsewhere.pk}
    assert user_can(trainer, "view_participants", course)
    assert not user_can(trainer, "view_participants", other_course)
    assert not user_can(trainer, "manage", other_course)
    assert not user_can(trainer, "change", course)  # course details: coordinators
    assert {a.enrolment_id for a in scope(trainer, "view", Attempt.objects.all())} == {
        radka.pk,
        petar.pk,
    }
    assert not scope(other_trainer, "view", Attempt.objects.all()).exists()
    assert not scope(other_trainer, "view", AttendanceRecord.objects.all()).exists()
    assert set(scope(trainer, "view", Question.objects.all()).values_list("course", flat=True)) == {
        course.pk
    }
    assert set(scope(trainer, "manage", Course.objects.all())) == {course}
    assert not user_can(other_trainer, "mark_attendance", course.sessions.first())


def test_participants_see_their_own_results_and_certificates_only(
    world, participant, go2000_member
):
    radka, petar = world["radka"], world["petar"]
    assert _visible(participant, Enrolment) == {radka.pk, world["elsewhere"].pk}
    assert {a.enrolment_id for a in scope(participant, "view", Attempt.objects.all())} == {radka.pk}
    certificates = scope(participant, "view", Certificate.objects.all())
    assert [c.enrolment_id for c in certificates] == [radka.pk]
    assert not user_can(participant, "view", petar.certificate)
    assert not user_can(go2000_member, "view", radka.certificate)
    assert not scope(participant, "view", Question.objects.all()).exists()  # answers are secret


def test_cso_admins_see_their_members_enrolments_not_another_csos(
    world, iskar_admin, go2000_editor
):
    radka, petar = world["radka"], world["petar"]
    assert _visible(iskar_admin, Enrolment) == {radka.pk, world["elsewhere"].pk}
    assert not user_can(iskar_admin, "view", petar)
    # Editors are not admins: they see no one's enrolments.
    assert _visible(go2000_editor, Enrolment) == set()
    # Admins see enrolments, not results or participant data.
    assert not scope(iskar_admin, "view", Attempt.objects.all()).exists()
    assert not scope(iskar_admin, "view", Certificate.objects.all()).exists()
    assert not scope(iskar_admin, "view", ParticipantData.objects.all()).exists()


def test_officers_see_their_staffs_enrolments_only(world, officer):
    assert _visible(officer, Enrolment) == {world["galya"].pk}


def test_only_coordinators_see_individual_participant_data(
    world, coordinator, auditor, trainer, iskar_admin, participant
):
    record = ParticipantData.objects.get()
    assert user_can(coordinator, "view", record)
    assert user_can(participant, "view", record)  # their own
    for user in (auditor, trainer, iskar_admin):
        assert not user_can(user, "view", record)


def test_auditors_read_but_change_nothing(world, auditor, course):
    assert user_can(auditor, "view_participants", course)
    assert user_can(auditor, "view_reports", course)
    for action in ("change", "manage", "issue_certificates", "delete"):
        assert not user_can(auditor, action, course)
    assert not user_can(auditor, "mark_attendance", course.sessions.first())
    assert not user_can(auditor, "change", world["radka"])
    assert not user_can(auditor, "revoke", world["radka"].certificate)


def test_pages_hide_other_peoples_records(
    client, world, participant, go2000_member, trainer, other_trainer, iskar_admin, course
):
    radka, petar = world["radka"], world["petar"]
    client.force_login(go2000_member)
    assert client.get(f"/trainings/enrolments/{radka.pk}/tests/pre/").status_code == 404
    assert client.post(f"/trainings/enrolments/{radka.pk}/cancel/").status_code == 404
    code = radka.certificate.code
    assert client.get(f"/trainings/certificates/{code}/download/").status_code == 404
    client.force_login(other_trainer)
    assert client.get(f"/trainings/courses/{course.slug}/manage/").status_code == 403
    assert client.get(f"/trainings/courses/{course.slug}/participants.xlsx").status_code == 403
    session = course.sessions.first()
    assert client.get(f"/trainings/sessions/{session.pk}/attendance/").status_code == 403
    assert client.get(f"/trainings/enrolments/{radka.pk}/tests/pre/paper/").status_code == 404
    client.force_login(iskar_admin)
    assert client.get(f"/trainings/enrolments/{petar.pk}/tests/pre/paper/").status_code == 404
    assert client.get(f"/trainings/courses/{course.slug}/manage/").status_code == 403
    client.force_login(trainer)
    assert client.get(f"/trainings/courses/{course.slug}/manage/").status_code == 200


def test_unpublished_course_is_hidden_from_the_public(
    client, world, course, coordinator, trainer, participant
):
    services.course_update(actor=coordinator, course=course, data={"is_published": False})
    assert client.get(f"/trainings/courses/{course.slug}/").status_code == 404
    assert course.title not in client.get("/trainings/").content.decode()
    assert course.title not in client.get("/trainings/calendar.ics").content.decode()
    client.force_login(participant)
    assert client.get(f"/trainings/courses/{course.slug}/").status_code == 404
    client.force_login(trainer)
    assert client.get(f"/trainings/courses/{course.slug}/").status_code == 200
    assert not user_can(participant, "view", Session.objects.filter(course=course).first())


@pytest.mark.parametrize(
    ("who", "screens"),
    [
        ("coordinator", {"training_courses": 200, "training_enrolments": 200}),
        ("trainer", {"training_courses": 200, "training_questions": 200, "training_sessions": 200}),
        ("iskar_admin", {"training_enrolments": 200, "training_questions": 403}),
        ("auditor", {"training_courses": 200, "training_enrolments": 200}),
    ],
)
def test_back_office_lists_follow_the_policies(client, world, request, who, screens):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for screen, status in screens.items():
        response = client.get(f"/admin/{screen}/")
        assert response.status_code in ((302, 403) if status == 403 else (status,)), (
            screen,
            response.status_code,
        )


def test_back_office_refuses_another_trainers_session_and_question(
    client, world, trainer, other_course
):
    client.force_login(trainer)
    # The session is public (the calendar shows it), so it is refused rather than hidden.
    session = other_course.sessions.first()
    assert client.get(f"/admin/training_sessions/edit/{session.pk}/").status_code in (302, 403)
    # A question (with its answers) is not even revealed.
    question = other_course.questions.first()
    assert client.get(f"/admin/training_questions/edit/{question.pk}/").status_code == 404
    own = Session.objects.filter(course__trainers=trainer).first()
    assert client.get(f"/admin/training_sessions/edit/{own.pk}/").status_code == 200


def test_cso_admin_back_office_lists_only_their_members(client, world, iskar_admin):
    client.force_login(iskar_admin)
    response = client.get("/admin/training_enrolments/")
    body = response.content.decode()
    assert "Радка Иванова" in body
    assert "Петър Колев" not in body


def test_trainer_creates_a_question_through_the_back_office(
    client, world, trainer, course, other_course
):
    client.force_login(trainer)
    data = {
        "course": course.pk,
        "form": "A",
        "kind": "single",
        "order": 5,
        "text": "Нов въпрос?",
        "options": "* Да\nНе",
        "points": 1,
    }
    response = client.post("/admin/training_questions/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(text="Нов въпрос?")
    assert question.options == [{"text": "Да", "correct": True}, {"text": "Не", "correct": False}]
    # Not for someone else's course (not offered, and refused if forced).
    response = client.post("/admin/training_questions/new/", {**data, "course": other_course.pk})
    assert response.status_code == 200
    assert not Question.objects.filter(course=other_course, text="Нов въпрос?").exists()
    # Bad options come back as a form error, not a server error.
    response = client.post("/admin/training_questions/new/", {**data, "options": "* Само един"})
    assert response.status_code == 200
    assert Question.objects.filter(text="Нов въпрос?").count() == 1


def test_every_back_office_screen_opens_for_a_coordinator(client, world, coordinator, course):
    client.force_login(coordinator)
    session = course.sessions.first()
    question = course.questions.first()
    enrolment = world["radka"]
    for url in [
        "/admin/training_programmes/",
        "/admin/training_programmes/new/",
        "/admin/training_courses/",
        "/admin/training_courses/new/",
        f"/admin/training_courses/edit/{course.pk}/",
        "/admin/training_modules/",
        "/admin/training_sessions/new/",
        f"/admin/training_sessions/edit/{session.pk}/",
        "/admin/training_questions/",
        f"/admin/training_questions/edit/{question.pk}/",
        "/admin/training_tests/",
        "/admin/training_evaluation_items/",
        "/admin/training_enrolments/",
        f"/admin/training_enrolments/inspect/{enrolment.pk}/",
        "/admin/training_certificates/",
    ]:
        assert client.get(url).status_code == 200, url
    # Enrolments and certificates change only through their own pages and services.
    assert client.get("/admin/training_enrolments/new/").status_code in (302, 403)
    assert client.get(f"/admin/training_enrolments/edit/{enrolment.pk}/").status_code in (302, 403)


def test_coordinator_creates_a_course_in_the_back_office(
    client, world, coordinator, programme, trainer
):
    client.force_login(coordinator)
    response = client.post(
        "/admin/training_courses/new/",
        {
            "programme": programme.pk,
            "title": "Управление на проекти за напреднали",
            "learning_objectives": "Да управляват сложни проекти.",
            "hours": 8,
            "target_group": "cso",
            "trainers": [trainer.pk],
            "capacity": 15,
            "min_attendance_percent": 80,
            "requires_post_test": "on",
            "is_published": "on",
            "enrolment_open": "on",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(title="Управление на проекти за напреднали")
    assert course.slug == "upravlenie-na-proekti-za-naprednali"
    assert list(course.trainers.all()) == [trainer]
    assert course.evaluation_items.count() == 7
