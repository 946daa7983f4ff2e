"""Rounds: an owner opens a round for their CSO or unit and its respondents are notified; each
respondent answers every question once (a second submission and a value outside the scale are
refused with a clear message, nothing half-written, also by the database); closing computes the
scores, stored as rows that always equal a fresh computation, and the recommendations."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partnerstvo.assessments import services
from partnerstvo.assessments.models import (
    Answer,
    DimensionScore,
    Recommendation,
    Respondent,
    Round,
)
from partnerstvo.notifications.models import Notification

from .conftest import answer_all, open_round, questions_of

pytestmark = pytest.mark.django_db


def test_opening_a_round_notifies_its_respondents(iskar_round, iskar_member):
    assert iskar_round.respondents.count() == 2
    assert Notification.objects.filter(
        person=iskar_member.person, kind="assessments.round.opened"
    ).exists()
    assert iskar_round.version == services.current_version(iskar_round.instrument)


def test_only_the_cso_admin_opens_a_round_for_its_people(
    shipped, iskar, iskar_admin, iskar_member, go2000, go2000_editor, coordinator
):
    for actor in (iskar_member, go2000_editor, coordinator):
        with pytest.raises(PermissionDenied):
            open_round(actor, organisation=iskar, respondents=[iskar_member])
    with pytest.raises(ValidationError) as error:
        open_round(iskar_admin, organisation=iskar, respondents=[go2000_editor])
    assert "people of the assessed organisation" in str(error.value)
    with pytest.raises(ValidationError):
        open_round(iskar_admin, organisation=iskar, respondents=[])
    assert not Round.objects.exists()


def test_an_officer_runs_the_functional_analysis_of_a_unit(
    unit_instrument, administration, officer
):
    unit = administration.units.get()
    round_ = open_round(officer, unit=unit, respondents=[officer])
    assert round_.administration == administration and round_.kind == "unit"
    answer_all(officer, round_, 4)
    round_ = services.round_close(actor=officer, round=round_)
    assert round_.overall_score == Decimal("4.000")
    with pytest.raises(ValidationError):  # the CSO instrument is not for units
        open_round(officer, unit=unit, respondents=[officer], instrument=shipped_cso())


def shipped_cso():
    from partnerstvo.assessments.builtin import CSO_SLUG
    from partnerstvo.assessments.models import Instrument

    return Instrument.objects.get(slug=CSO_SLUG)


def test_a_round_is_answered_once(iskar_round, iskar_member):
    answer_all(iskar_member, iskar_round, 3)
    count = Answer.objects.count()
    with pytest.raises(ValidationError) as error:
        answer_all(iskar_member, iskar_round, 4)
    assert "answered this round already" in str(error.value)
    assert Answer.objects.count() == count
    assert set(Answer.objects.values_list("value", flat=True)) == {3}


def test_the_database_refuses_a_second_answer_to_a_question(iskar_round, iskar_member):
    answer_all(iskar_member, iskar_round, 3)
    respondent = Respondent.objects.get(round=iskar_round, person=iskar_member.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            round=iskar_round,
            respondent=respondent,
            question=questions_of(iskar_round)[0],
            value=2,
        )


def test_the_database_refuses_a_value_outside_any_scale(iskar_round, iskar_member):
    respondent = Respondent.objects.get(round=iskar_round, person=iskar_member.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            round=iskar_round, respondent=respondent, question=questions_of(iskar_round)[0], value=0
        )


@pytest.mark.parametrize("value", [0, 6, -1, 99])
def test_an_answer_outside_the_scale_is_refused_and_nothing_is_written(
    iskar_round, iskar_member, value
):
    questions = questions_of(iskar_round)
    answers = {question.pk: (3, "") for question in questions}
    answers[questions[2].pk] = (value, "")
    with pytest.raises(ValidationError) as error:
        services.answers_submit(actor=iskar_member, round=iskar_round, answers=answers)
    assert f"{value} is outside the scale: choose a level from 1 to 5" in str(error.value)
    assert not Answer.objects.exists()
    assert Respondent.objects.get(person=iskar_member.person).submitted_at is None


def test_every_question_must_be_answered(iskar_round, iskar_member):
    questions = questions_of(iskar_round)
    answers = {question.pk: (3, "") for question in questions[1:]}
    with pytest.raises(ValidationError) as error:
        services.answers_submit(actor=iskar_member, round=iskar_round, answers=answers)
    assert "Answer this question." in str(error.value)
    assert not Answer.objects.exists()


def test_someone_not_asked_cannot_answer(iskar_round, iskar_editor):
    with pytest.raises(ValidationError) as error:
        answer_all(iskar_editor, iskar_round, 3)
    assert "not a respondent" in str(error.value)


def test_a_closed_round_takes_no_answers(iskar_round, iskar_admin, iskar_member):
    answer_all(iskar_admin, iskar_round, 3)
    services.round_close(actor=iskar_admin, round=iskar_round)
    with pytest.raises(ValidationError) as error:
        answer_all(iskar_member, iskar_round, 3)
    assert "closed" in str(error.value)


def test_a_round_nobody_answered_does_not_close(iskar_round, iskar_admin):
    with pytest.raises(ValidationError) as error:
        services.round_close(actor=iskar_admin, round=iskar_round)
    assert "Nobody has answered yet" in str(error.value)
    iskar_round.refresh_from_db()
    assert iskar_round.is_open


def test_only_the_owner_closes(iskar_round, iskar_admin, iskar_member, coordinator):
    answer_all(iskar_admin, iskar_round, 3)
    for actor in (iskar_member, coordinator):
        with pytest.raises(PermissionDenied):
            services.round_close(actor=actor, round=iskar_round)


def _expected(round_):
    """The scores computed by hand from the answers (independent of compute_scores)."""
    dimensions = {}
    overall_weighted = overall_weights = Decimal(0)
    for dimension in round_.version.dimensions.prefetch_related("questions"):
        weighted = weights = Decimal(0)
        for question in dimension.questions.all():
            values = list(
                Answer.objects.filter(question=question, round=round_).values_list(
                    "value", flat=True
                )
            )
            mean = Decimal(sum(values)) / len(values)
            weighted += mean * question.weight
            weights += question.weight
        score = weighted / weights
        dimensions[dimension.code] = score.quantize(Decimal("0.001"))
        overall_weighted += score * dimension.weight
        overall_weights += dimension.weight
    return dimensions, (overall_weighted / overall_weights).quantize(Decimal("0.001"))


def test_closing_stores_scores_equal_to_a_fresh_computation(closed_round):
    stored = {s.code: s.score for s in DimensionScore.objects.filter(round=closed_round)}
    expected, overall = _expected(closed_round)
    assert stored == expected
    assert closed_round.overall_score == overall
    fresh = services.compute_scores(round=closed_round)
    assert {s.dimension_id: s.score for s in DimensionScore.objects.filter(round=closed_round)} == {
        pk: score for pk, (score, _n) in fresh.dimensions.items()
    }
    assert fresh.overall == closed_round.overall_score
    assert stored["finansi"] == Decimal("4.500")
    assert stored["uslugi"] == Decimal("4.000")
    assert stored["hora"] == Decimal("1.500")
    assert all(s.respondents == 2 for s in DimensionScore.objects.filter(round=closed_round))


def test_weak_dimensions_get_their_recommendation(closed_round):
    weak = {r.dimension.code: r for r in Recommendation.objects.filter(round=closed_round)}
    assert set(weak) == {"upravlenie", "strategiya", "hora", "partnyorstva", "komunikatsiya"}
    assert weak["hora"].text == weak["hora"].dimension.recommendation
    assert all(r.score < 3 for r in weak.values())


def test_a_later_round_becomes_the_latest(closed_round, iskar, iskar_admin):
    second = open_round(
        iskar_admin, organisation=iskar, respondents=[iskar_admin], title="Повторна"
    )
    answer_all(iskar_admin, second, 4)
    services.round_close(actor=iskar_admin, round=second)
    assert list(Round.objects.filter(is_latest=True)) == [second]
    assert set(
        DimensionScore.objects.filter(is_latest=True).values_list("round_id", flat=True)
    ) == {second.pk}
