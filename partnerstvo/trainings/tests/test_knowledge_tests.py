"""Knowledge tests: forms A and B swapped between pre and post, automatic scoring, online or from
paper, and bad input (twice, outside the window, other questions) refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services
from partnerstvo.trainings.models import Answer, Attempt, KnowledgeTest, Question

from .conftest import correct_answers, wrong_answers


@pytest.fixture
def enrolment(course, participant):
    return services.enrolment_create(actor=participant, course=course, person=participant.person)


def test_pre_and_post_use_the_other_form_and_are_scored_automatically(enrolment, participant):
    question = Question.objects.get(text="Кои са форми на гражданско участие?")
    # Form A: the single-choice question right (1), the multiple-choice one half right (0 of 2).
    pre = services.attempt_submit(
        actor=participant,
        enrolment=enrolment,
        kind="pre",
        answers={
            **correct_answers(enrolment, "pre"),
            question.pk: [0],  # only one of the two correct options: no points
        },
    )
    assert (pre.form, pre.score, pre.max_score, pre.score_percent) == ("A", 1, 3, 33.33)
    post = services.attempt_submit(
        actor=participant,
        enrolment=enrolment,
        kind="post",
        answers=correct_answers(enrolment, "post"),
    )
    assert (post.form, post.score, post.max_score) == ("B", 2, 2)
    assert Answer.objects.filter(attempt=pre).count() == 2
    assert AuditEntry.objects.filter(action="trainings.attempt.submitted").count() == 2


def test_unanswered_questions_score_nothing(enrolment, participant):
    attempt = services.attempt_submit(
        actor=participant, enrolment=enrolment, kind="pre", answers={}
    )
    assert attempt.score == 0
    assert attempt.max_score == 3


def test_a_test_submitted_twice_is_refused_and_changes_nothing(enrolment, participant):
    services.attempt_submit(
        actor=participant, enrolment=enrolment, kind="pre", answers=wrong_answers(enrolment, "pre")
    )
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(
            actor=participant,
            enrolment=enrolment,
            kind="pre",
            answers=correct_answers(enrolment, "pre"),
        )
    assert error.value.code == "duplicate"
    assert Attempt.objects.get().score == 0
    assert Answer.objects.count() == 2


def test_a_test_after_its_window_is_refused(enrolment, participant):
    test = KnowledgeTest.objects.get(course=enrolment.course, kind="pre")
    services.knowledge_test_save(
        actor=SYSTEM,
        test=test,
        data={
            "opens_at": timezone.now() - datetime.timedelta(days=3),
            "closes_at": timezone.now() - datetime.timedelta(days=1),
        },
    )
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(
            actor=participant,
            enrolment=enrolment,
            kind="pre",
            answers=correct_answers(enrolment, "pre"),
        )
    assert error.value.code == "closed"
    assert not Attempt.objects.exists()


def test_a_test_before_it_opens_is_refused(enrolment, participant, trainer):
    test = KnowledgeTest.objects.get(course=enrolment.course, kind="post")
    services.knowledge_test_save(
        actor=trainer,
        test=test,
        data={
            "opens_at": timezone.now() + datetime.timedelta(days=3),
            "closes_at": timezone.now() + datetime.timedelta(days=4),
        },
    )
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=participant, enrolment=enrolment, kind="post", answers={})
    assert error.value.code == "not_open"


def test_answers_to_other_questions_are_refused(enrolment, participant):
    other_form = Question.objects.get(text="Какво е ЕСФ?")  # form B, not the pre-test's A
    answers = {**correct_answers(enrolment, "pre"), other_form.pk: [0]}
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=participant, enrolment=enrolment, kind="pre", answers=answers)
    assert error.value.code == "other_questions"
    with pytest.raises(ValidationError):
        services.attempt_submit(
            actor=participant, enrolment=enrolment, kind="pre", answers={"999999": [0]}
        )
    assert not Attempt.objects.exists()


def test_malformed_answers_are_refused(enrolment, participant):
    question = Question.objects.get(text="Кой приема общинския бюджет?")
    for bad in ({question.pk: ["x"]}, {question.pk: [7]}, {question.pk: [0, 1]}, {"abc": [0]}):
        with pytest.raises(ValidationError):
            services.attempt_submit(actor=participant, enrolment=enrolment, kind="pre", answers=bad)
    assert not Attempt.objects.exists()


def test_the_pre_test_cannot_follow_the_post_test(enrolment, participant):
    services.attempt_submit(actor=participant, enrolment=enrolment, kind="post", answers={})
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=participant, enrolment=enrolment, kind="pre", answers={})
    assert error.value.code == "order"


def test_trainer_enters_a_paper_test_even_after_the_window(enrolment, trainer, participant):
    test = KnowledgeTest.objects.get(course=enrolment.course, kind="pre")
    services.knowledge_test_save(
        actor=trainer,
        test=test,
        data={
            "closes_at": timezone.now() - datetime.timedelta(minutes=1),
            "opens_at": timezone.now() - datetime.timedelta(days=1),
        },
    )
    attempt = services.attempt_submit(
        actor=trainer,
        enrolment=enrolment,
        kind="pre",
        answers=correct_answers(enrolment, "pre"),
        source=Attempt.Source.PAPER,
    )
    assert attempt.source == "paper" and attempt.entered_by == trainer
    assert attempt.score == attempt.max_score


def test_only_the_participant_takes_the_test_online_and_only_trainers_enter_paper(
    enrolment, participant, iskar_admin, other_trainer, trainer
):
    with pytest.raises(PermissionDenied):
        services.attempt_submit(actor=trainer, enrolment=enrolment, kind="pre", answers={})
    with pytest.raises(PermissionDenied):
        services.attempt_submit(
            actor=participant, enrolment=enrolment, kind="pre", answers={}, source="paper"
        )
    for outsider in (iskar_admin, other_trainer):
        with pytest.raises(PermissionDenied):
            services.attempt_submit(
                actor=outsider, enrolment=enrolment, kind="pre", answers={}, source="paper"
            )
    assert not Attempt.objects.exists()


def test_waiting_list_cannot_take_tests(course, participant):
    from conftest import make_user

    services.course_update(actor=SYSTEM, course=course, data={"capacity": 1})
    services.enrolment_create(actor=participant, course=course, person=participant.person)
    late = make_user("late@example.bg")
    waiting = services.enrolment_create(actor=late, course=course, person=late.person)
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=late, enrolment=waiting, kind="pre", answers={})
    assert error.value.code == "not_enrolled"


def test_question_bank_rules(course, trainer, other_trainer):
    def save(**data):
        return services.question_save(
            actor=trainer,
            question=Question(),
            data={"course": course, "form": "A", "text": "?", **data},
        )

    with pytest.raises(ValidationError):
        save(kind="single", options=[{"text": "a", "correct": True}])
    with pytest.raises(ValidationError):
        save(
            kind="single", options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]
        )
    with pytest.raises(ValidationError):
        save(kind="multiple", options=[{"text": "a", "correct": False}, {"text": "b"}])
    with pytest.raises(ValidationError):
        save(
            kind="true_false",
            options=[{"text": "a", "correct": True}, {"text": "b"}, {"text": "c"}],
        )
    ok = save(
        kind="multiple", options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    )
    assert ok.correct_indexes == {0, 1}
    with pytest.raises(PermissionDenied):
        services.question_save(
            actor=other_trainer,
            question=Question(),
            data={
                "course": course,
                "form": "A",
                "text": "?",
                "kind": "single",
                "options": [{"text": "a", "correct": True}, {"text": "b"}],
            },
        )


def test_an_answered_question_keeps_its_options(enrolment, participant, trainer):
    services.attempt_submit(actor=participant, enrolment=enrolment, kind="pre", answers={})
    question = Question.objects.get(text="Кой приема общинския бюджет?")
    with pytest.raises(ValidationError):
        services.question_save(
            actor=trainer,
            question=question,
            data={"options": [{"text": "X", "correct": True}, {"text": "Y", "correct": False}]},
        )
    services.question_save(actor=trainer, question=question, data={"text": "Кой приема бюджета?"})
    with pytest.raises(ValidationError):
        services.question_delete(actor=trainer, question=question)


def test_options_are_edited_as_lines_with_stars():
    from partnerstvo.trainings.fields import OptionLinesFormField, options_to_text

    field = OptionLinesFormField()
    options = field.clean("* Общинският съвет\nКметът\n\n  *  Областният управител ")
    assert options == [
        {"text": "Общинският съвет", "correct": True},
        {"text": "Кметът", "correct": False},
        {"text": "Областният управител", "correct": True},
    ]
    assert options_to_text(options).splitlines()[0] == "* Общинският съвет"
