"""Fixtures of the trainings tests: a published course with a trainer, two sessions, a pre- and a
post-test in forms A and B, built through the services."""

import datetime

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import AdministrationMembership
from partnerstvo.trainings import services
from partnerstvo.trainings.models import KnowledgeTest, Module, Programme, Question, Session

# Form A: two questions (1 + 2 points); form B: two questions (1 + 1 point).
QUESTIONS = [
    (
        "A",
        "single",
        "Кой приема общинския бюджет?",
        [("Общинският съвет", True), ("Кметът", False)],
        1,
    ),
    (
        "A",
        "multiple",
        "Кои са форми на гражданско участие?",
        [
            ("Обществени консултации", True),
            ("Публични обсъждания", True),
            ("Данъчна ревизия", False),
        ],
        2,
    ),
    (
        "B",
        "true_false",
        "Консултацията трае поне 30 дни.",
        [("Вярно", True), ("Невярно", False)],
        1,
    ),
    ("B", "single", "Какво е ЕСФ?", [("Европейски социален фонд", True), ("Банка", False)], 1),
]


@pytest.fixture
def programme(db):
    return services.programme_save(
        actor=SYSTEM, programme=Programme(), data={"title": "Партньорство за местно развитие"}
    )


def build_course(
    *,
    programme,
    trainer,
    title="Партньорство между НПО и общината",
    capacity=3,
    municipality=None,
    sessions=2,
    target_group="mixed",
):
    course = services.course_create(
        actor=SYSTEM,
        data={
            "programme": programme,
            "title": title,
            "learning_objectives": "Да познават инструментите за партньорство.",
            "hours": 16,
            "target_group": target_group,
            "trainers": [trainer] if trainer else [],
            "capacity": capacity,
            "is_published": True,
        },
    )
    services.module_save(
        actor=SYSTEM,
        module=Module(),
        data={"course": course, "order": 1, "title": "Основи на партньорството", "hours": 8},
    )
    start = timezone.now() + datetime.timedelta(days=2)
    for day in range(sessions):
        services.session_save(
            actor=SYSTEM,
            session=Session(),
            data={
                "course": course,
                "title": f"Ден {day + 1}",
                "starts_at": start + datetime.timedelta(days=day),
                "ends_at": start + datetime.timedelta(days=day, hours=6),
                "municipality": municipality,
                "venue": "Читалище „Надежда“" if municipality else "",
                "online_url": "" if municipality else "https://meet.example.bg/partnerstvo",
                "trainer": trainer,
            },
        )
    for order, (form, kind, text, options, points) in enumerate(QUESTIONS):
        services.question_save(
            actor=SYSTEM,
            question=Question(),
            data={
                "course": course,
                "form": form,
                "kind": kind,
                "text": text,
                "options": [{"text": t, "correct": c} for t, c in options],
                "points": points,
                "order": order,
            },
        )
    now = timezone.now()
    for kind in ("pre", "post"):
        services.knowledge_test_save(
            actor=SYSTEM,
            test=KnowledgeTest(),
            data={
                "course": course,
                "kind": kind,
                "opens_at": now - datetime.timedelta(hours=1),
                "closes_at": now + datetime.timedelta(days=10),
            },
        )
    return course


@pytest.fixture
def course(programme, trainer, dolna_mitropolia):
    return build_course(programme=programme, trainer=trainer, municipality=dolna_mitropolia)


@pytest.fixture
def other_trainer(db):
    from partnerstvo.accounts.services import platform_role_grant

    user = make_user("drug.trener@example.bg", "Борис", "Стоянов")
    platform_role_grant(actor=SYSTEM, user=user, role="trainer")
    return user


@pytest.fixture
def other_course(programme, other_trainer, gorna_oryahovitsa):
    return build_course(
        programme=programme,
        trainer=other_trainer,
        title="Управление на проекти",
        municipality=gorna_oryahovitsa,
    )


@pytest.fixture
def participant(iskar):
    """A member of Искър БГ with a login."""
    return add_member(make_user("uchastnik@example.bg", "Радка", "Иванова"), iskar, "member")


@pytest.fixture
def go2000_member(go2000):
    return add_member(make_user("chlen@go2000.example.bg", "Петър", "Колев"), go2000, "member")


@pytest.fixture
def staff_member(administration):
    user = make_user("expert@dm.example.bg", "Галя", "Маринова")
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": user.person, "administration": administration, "role": "staff"},
    )
    return user


@pytest.fixture
def results(
    course, other_course, trainer, other_trainer, participant, staff_member, officer, administration
):
    """In the first course: Радка 0% -> 100% (gain 1), Галя 33% -> 50% (gain 0.25), a third
    person took only the pre-test. In the other course: one person 0% -> 50%."""
    radka = services.enrolment_create(actor=participant, course=course, person=participant.person)
    galya = services.enrolment_create(
        actor=officer, course=course, person=staff_member.person, administration=administration
    )
    third_user = make_user("third@example.bg", "Трети", "Човек")
    third = services.enrolment_create(actor=third_user, course=course, person=third_user.person)
    assert (radka.pre_test_form, galya.pre_test_form, third.pre_test_form) == ("A", "B", "A")
    services.attempt_submit(
        actor=participant, enrolment=radka, kind="pre", answers=wrong_answers(radka, "pre")
    )
    services.attempt_submit(
        actor=participant, enrolment=radka, kind="post", answers=correct_answers(radka, "post")
    )
    # Галя: pre on form B (1 of 2 = 50%)... make it form-B pre 1/2, post on form A 3/3? Keep
    # explicit: pre 50%, post form A with the 2-point question wrong: 1/3 = 33.33%.
    services.attempt_submit(
        actor=staff_member,
        enrolment=galya,
        kind="pre",
        answers=correct_answers(galya, "pre", wrong=["Какво е ЕСФ?"]),
    )
    services.attempt_submit(
        actor=staff_member,
        enrolment=galya,
        kind="post",
        answers=correct_answers(galya, "post", wrong=["Кои са форми на гражданско участие?"]),
    )
    services.attempt_submit(actor=third_user, enrolment=third, kind="pre", answers={})
    fourth_user = make_user("fourth@example.bg", "Четвърти", "Човек")
    fourth = services.enrolment_create(
        actor=fourth_user, course=other_course, person=fourth_user.person
    )
    services.attempt_submit(
        actor=fourth_user, enrolment=fourth, kind="pre", answers=wrong_answers(fourth, "pre")
    )
    services.attempt_submit(
        actor=fourth_user,
        enrolment=fourth,
        kind="post",
        answers=correct_answers(fourth, "post", wrong=["Какво е ЕСФ?"]),
    )
    return radka, galya, third, fourth


def correct_answers(enrolment, kind, *, wrong=()):
    """All questions of the person's form answered correctly, except the question texts in
    ``wrong`` (answered with a wrong option)."""
    answers = {}
    for question in Question.objects.filter(course=enrolment.course, form=enrolment.form_for(kind)):
        if question.text in wrong:
            answers[question.pk] = [i for i, o in enumerate(question.options) if not o["correct"]][
                :1
            ]
        else:
            answers[question.pk] = sorted(question.correct_indexes)
    return answers


def wrong_answers(enrolment, kind):
    questions = Question.objects.filter(course=enrolment.course, form=enrolment.form_for(kind))
    return correct_answers(enrolment, kind, wrong=[q.text for q in questions])


@pytest.fixture
def chromium(_playwright_browser):
    """The session's headless Chromium, for tests that need several users' contexts at once."""
    return _playwright_browser
