"""Anonymous evaluations: who has answered is known, what they answered is not linked to them;
results aggregated per course and per trainer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import selectors, services
from partnerstvo.trainings.models import (
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    EvaluationSubmission,
    Session,
)


@pytest.fixture
def took_part(course, trainer):
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 10})
    users = [make_user(f"p{i}@example.bg", "Участник", f"Номер{i}") for i in range(3)]
    enrolments = [services.enrolment_create(actor=u, course=course, person=u.person) for u in users]
    services.attendance_mark(
        actor=trainer, session=course.sessions.first(), present={e.pk: True for e in enrolments}
    )
    return users, enrolments


def _release(course):
    """End the course and release what waits in its evaluation pool, as reading the results
    after the course does (answers are released in mixed groups, see test_evaluation_anonymity)."""
    past = timezone.now() - datetime.timedelta(days=3)
    Session.objects.filter(course=course).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=6)
    )
    services.evaluation_pools_release(actor=SYSTEM, course=course)


def _answers(course, rating, text=""):
    answers = {}
    for item in EvaluationItem.objects.filter(course=course):
        answers[item.pk] = rating if item.kind == "likert" else text
    return answers


def test_default_items_are_created_with_the_course(course):
    kinds = list(EvaluationItem.objects.filter(course=course).values_list("kind", flat=True))
    assert kinds.count("likert") == 5 and kinds.count("text") == 2


def test_answers_are_kept_apart_from_who_answered(course, took_part):
    users, enrolments = took_part
    services.evaluation_submit(
        actor=users[0], enrolment=enrolments[0], answers=_answers(course, 5, "Много полезно.")
    )
    services.evaluation_submit(actor=users[1], enrolment=enrolments[1], answers=_answers(course, 3))
    assert EvaluationSubmission.objects.count() == 2
    _release(course)
    assert EvaluationResponse.objects.count() == 2
    # The response has no person, no enrolment and no time; the audit trail names only who answered.
    fields = {f.name for f in EvaluationResponse._meta.get_fields()}
    assert fields == {"id", "course", "answers"}
    for entry in AuditEntry.objects.filter(action__startswith="trainings.evaluation"):
        assert "Много полезно" not in str(entry.changes) + str(entry.data) + entry.object_repr
    assert not AuditEntry.objects.filter(content_type__model="evaluationresponse").exists()

    results = selectors.evaluation_results(course=course)
    assert results["responses"] == 2 and results["participants"] == 3
    first = results["items"][0]
    assert first.mean == 4 and first.distribution == [0, 0, 1, 0, 1]
    texts = [t for item in results["items"] for t in item.texts]
    assert texts == ["Много полезно."] * 2  # both free-text items
    assert [e.person.full_name for e in selectors.evaluation_non_respondents(course=course)] == [
        "Участник Номер2"
    ]


def test_answering_twice_or_without_taking_part_is_refused(course, took_part, participant):
    users, enrolments = took_part
    services.evaluation_submit(actor=users[0], enrolment=enrolments[0], answers=_answers(course, 4))
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(
            actor=users[0], enrolment=enrolments[0], answers=_answers(course, 1)
        )
    assert error.value.code == "duplicate"
    registered = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(
            actor=participant, enrolment=registered, answers=_answers(course, 4)
        )
    assert error.value.code == "not_participant"
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=users[1], enrolment=enrolments[0], answers={})
    _release(course)
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationSubmission.objects.count() == 1


def test_invalid_ratings_and_missing_required_answers_are_refused(course, took_part):
    users, enrolments = took_part
    for rating in (0, 6, "x", ""):
        with pytest.raises(ValidationError):
            services.evaluation_submit(
                actor=users[0], enrolment=enrolments[0], answers=_answers(course, rating)
            )
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(
            actor=users[0], enrolment=enrolments[0], answers={**_answers(course, 4), 999999: 4}
        )
    assert error.value.code == "other_items"
    assert not EvaluationSubmission.objects.exists()
    _release(course)
    assert not EvaluationAnswer.objects.exists()


def test_results_per_trainer_and_per_course(course, took_part, trainer, coordinator):
    users, enrolments = took_part
    services.evaluation_submit(actor=users[0], enrolment=enrolments[0], answers=_answers(course, 5))
    services.evaluation_submit(actor=users[1], enrolment=enrolments[1], answers=_answers(course, 4))
    _release(course)
    (row,) = selectors.evaluation_by_trainer(user=coordinator)
    assert row["response__course__trainers"] == trainer.pk
    assert row["mean"] == 4.5 and row["responses"] == 2
    (course_row,) = selectors.evaluation_by_course(user=coordinator)
    assert course_row["responses"] == 2


def test_evaluation_page_shows_errors_and_keeps_nothing(client, course, took_part):
    users, enrolments = took_part
    client.force_login(users[0])
    url = f"/trainings/enrolments/{enrolments[0].pk}/evaluation/"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"item_{pk}": "9" for pk in _answers(course, 1)})
    assert response.status_code == 400
    assert not EvaluationSubmission.objects.exists()
    good = client.post(url, {f"item_{pk}": v for pk, v in _answers(course, 4, "Добре").items()})
    assert good.status_code == 302
    assert EvaluationSubmission.objects.count() == 1
    # Someone else's evaluation page is not theirs to fill.
    client.force_login(users[1])
    assert client.get(url).status_code in (403, 404)
