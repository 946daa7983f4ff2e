"""The evaluation promises that no one can link answers to the person who gave them. These tests
are the attacker with a copy of the database: they know who answered and in which order (the
submissions, the audit trail) and try to join that order to the stored answers by primary key,
by the order a table scan returns rows in, and by any date or time column."""

import datetime
import itertools
import random

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from conftest import make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import selectors, services
from partnerstvo.trainings.models import (
    EvaluationAnswer,
    EvaluationItem,
    EvaluationPool,
    EvaluationResponse,
    EvaluationSubmission,
    Session,
)

RESPONDENTS = 22  # four mixed batches of five, two still waiting in the pool


@pytest.fixture
def evaluation(course, trainer):
    """22 participants who took part, each with a distinct set of ratings, in submission order."""
    services.course_update(actor=SYSTEM, course=course, data={"capacity": RESPONDENTS})
    users = [make_user(f"r{i}@example.bg", "Участник", f"Номер{i}") for i in range(RESPONDENTS)]
    enrolments = [services.enrolment_create(actor=u, course=course, person=u.person) for u in users]
    services.attendance_mark(
        actor=trainer, session=course.sessions.first(), present={e.pk: True for e in enrolments}
    )
    likert = list(
        EvaluationItem.objects.filter(course=course, kind="likert").order_by("order", "pk")
    )
    # Distinct rating vectors, so the test (not the attacker) knows whose answers are whose.
    vectors = random.Random(7).sample(list(itertools.product(range(1, 6), repeat=5)), RESPONDENTS)
    return users, enrolments, likert, vectors


def _submit_all(course, users, enrolments, likert, vectors):
    for user, enrolment, vector in zip(users, enrolments, vectors, strict=True):
        answers = {item.pk: rating for item, rating in zip(likert, vector, strict=True)}
        services.evaluation_submit(actor=user, enrolment=enrolment, answers=answers)


def _end_course(course):
    past = timezone.now() - datetime.timedelta(days=3)
    Session.objects.filter(course=course).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=6)
    )


def _columns(model) -> list[tuple[str, str]]:
    """Each column of the model's table with the field type the database reports for it."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        return [
            (column.name, introspection.get_field_type(column.type_code, column))
            for column in introspection.get_table_description(cursor, model._meta.db_table)
        ]


def _is_time(field_type: str) -> bool:
    return any(word in field_type.lower() for word in ("date", "time"))


def _orderings(model) -> dict[str, str]:
    """The ways the attacker orders a table: the physical order of a table scan, the primary key,
    and every column the database reports as a date, a time or a timestamp."""
    table = connection.ops.quote_name(model._meta.db_table)
    scan = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    primary = next(c["columns"][0] for c in constraints.values() if c["primary_key"])
    # Table and column names come from the models and the database, quoted: no user input.
    orderings = {
        "table scan": f"SELECT * FROM {table} ORDER BY {scan}",  # noqa: S608
        "primary key": f"SELECT * FROM {table} ORDER BY {connection.ops.quote_name(primary)}",  # noqa: S608
    }
    for name, field_type in _columns(model):
        if _is_time(field_type):
            column = connection.ops.quote_name(name)
            orderings[f"column {name}"] = f"SELECT * FROM {table} ORDER BY {column}"  # noqa: S608
    return orderings


def _response_ids_in(sql: str, column: str) -> list[str]:
    """The distinct response ids in the order the query returns them."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        position = names.index(column)
        seen: dict[str, None] = {}
        for row in cursor.fetchall():
            seen.setdefault(str(row[position]).replace("-", ""), None)
    return list(seen)


def _vector_of_response(likert) -> dict[str, tuple]:
    ratings = {}
    for response_id, item_id, rating in EvaluationAnswer.objects.values_list(
        "response_id", "item_id", "rating"
    ):
        ratings.setdefault(str(response_id).replace("-", ""), {})[item_id] = rating
    return {key: tuple(value[item.pk] for item in likert) for key, value in ratings.items()}


def _pooled_vectors(course, likert) -> list[tuple]:
    """What still waits in the pool, opened with the application's key (the attacker with the
    database alone cannot: see test_what_waits_in_the_pool_is_sealed)."""
    pool = EvaluationPool.objects.filter(course_id=getattr(course, "pk", course)).first()
    vectors = []
    for entry in pool.entries if pool else []:
        ratings = {item_id: rating for item_id, rating, _text in services._unseal(entry)}
        vectors.append(tuple(ratings[item.pk] for item in likert))
    return vectors


def _attacks(likert) -> dict[str, list[tuple]]:
    """Every guess of the attacker: the k-th released answer set in some stored order is the
    k-th person to submit."""
    by_response = _vector_of_response(likert)
    guesses = {}
    for name, sql in _orderings(EvaluationResponse).items():
        order = _response_ids_in(sql, _pk_column(EvaluationResponse))
        guesses[f"responses by {name}"] = [by_response[r] for r in order]
    for name, sql in _orderings(EvaluationAnswer).items():
        order = _response_ids_in(sql, EvaluationAnswer._meta.get_field("response").column)
        guesses[f"answers by {name}"] = [by_response[r] for r in order]
    return guesses


def _pk_column(model) -> str:
    return model._meta.pk.column


def _correct(guess: list[tuple], vectors: list[tuple]) -> int:
    return sum(g == v for g, v in zip(guess, vectors, strict=False))


def test_the_attacker_cannot_order_answers_while_they_are_collected(course, evaluation):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users, enrolments, likert, vectors)
    attacks = _attacks(likert)
    assert {"responses by table scan", "responses by primary key"} <= set(attacks)
    assert {"answers by table scan", "answers by primary key"} <= set(attacks)
    for name, guess in attacks.items():
        # Every answer set is there exactly once: 20 released, 2 waiting in the pool.
        assert sorted(guess + _pooled_vectors(course, likert)) == sorted(vectors), name
        # Answers are released in shuffled batches of five, so the best an attacker can do is
        # chance within each batch: about one right per batch. 18 or more right out of the 20
        # released happens by chance with a probability of 2e-7; on the original code all 22
        # were right.
        assert _correct(guess, vectors) < 18, name


def test_the_attacker_cannot_order_answers_after_the_course_has_ended(
    course, evaluation, coordinator
):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users, enrolments, likert, vectors)
    _end_course(course)
    services.evaluation_pools_release(actor=coordinator, course=course)
    assert _pooled_vectors(course, likert) == []
    for name, guess in _attacks(likert).items():
        assert sorted(guess) == sorted(vectors), name
        # The last release mixes all 22 together: 11 or more right by chance has a probability
        # of 1e-8 (a random order of 22 puts one in place on average).
        assert _correct(guess, vectors) < 11, name


def test_what_waits_in_the_pool_is_sealed(course, evaluation):
    """With one answer set waiting, a copy of the database would otherwise show exactly what
    the latest submitter answered. It shows ciphertext, readable only with the secret key."""
    users, enrolments, likert, vectors = evaluation
    answers = {item.pk: rating for item, rating in zip(likert, vectors[0], strict=True)}
    text_item = EvaluationItem.objects.filter(course=course, kind="text").first()
    answers[text_item.pk] = "Тайна бележка 4821"
    services.evaluation_submit(actor=users[0], enrolment=enrolments[0], answers=answers)
    table = connection.ops.quote_name(EvaluationPool._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        raw = str(cursor.fetchall())
    assert "4821" not in raw and "Тайна" not in raw and "\\u0422" not in raw
    assert _pooled_vectors(course, likert) == [vectors[0]]


def test_who_answered_carries_no_time(course, evaluation):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users, enrolments, likert, vectors)
    for model in (EvaluationSubmission, EvaluationResponse, EvaluationAnswer, EvaluationPool):
        times = [name for name, field_type in _columns(model) if _is_time(field_type)]
        assert times == [], model


def test_answers_wait_until_five_can_be_released_together(course, evaluation):
    users, enrolments, likert, vectors = evaluation
    for count in range(1, 11):
        _submit_all(
            course,
            users[count - 1 : count],
            enrolments[count - 1 : count],
            likert,
            vectors[count - 1 : count],
        )
        results = selectors.evaluation_results(course=course)
        assert results["responses"] == (count // 5) * 5
        assert results["responses"] + results["waiting"] == count


def test_results_equal_the_submitted_answers(course, evaluation, coordinator):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users, enrolments, likert, vectors)
    _end_course(course)
    services.evaluation_pools_release(actor=coordinator, course=course)
    results = selectors.evaluation_results(course=course)
    assert results["responses"] == RESPONDENTS and results["waiting"] == 0
    shown = {item.pk: item for item in results["items"]}
    for index, item in enumerate(likert):
        ratings = [vector[index] for vector in vectors]
        assert shown[item.pk].distribution == [ratings.count(r) for r in range(1, 6)]
        assert shown[item.pk].mean == pytest.approx(sum(ratings) / len(ratings))


def test_the_course_page_releases_what_waits_once_the_course_has_ended(
    client, course, evaluation, coordinator
):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users[:3], enrolments[:3], likert, vectors[:3])
    client.force_login(coordinator)
    url = f"/trainings/courses/{course.slug}/manage/"
    assert client.get(url).context["evaluation"]["responses"] == 0
    _end_course(course)
    page = client.get(url)
    assert page.context["evaluation"]["responses"] == 3
    assert page.context["evaluation"]["waiting"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_rekeys_and_reorders_existing_answers():
    """Answers stored by the old code (sequential ids, in submission order) can no more be
    ordered once the migration has run; the answer sets themselves are all kept."""
    executor = MigrationExecutor(connection)
    executor.migrate([("trainings", "0002_reportexport")])
    old = executor.loader.project_state([("trainings", "0002_reportexport")]).apps
    programme = old.get_model("trainings", "Programme").objects.create(title="П", slug="p")
    course = old.get_model("trainings", "Course").objects.create(
        programme=programme, title="К", slug="k", learning_objectives="Ц", hours=8, capacity=30
    )
    item_model = old.get_model("trainings", "EvaluationItem")
    old_likert = [item_model.objects.create(course=course, order=i, text=f"{i}") for i in range(5)]
    vectors = random.Random(11).sample(list(itertools.product(range(1, 6), repeat=5)), RESPONDENTS)
    for vector in vectors:  # as the old code wrote them: one after another, ids in sequence
        response = old.get_model("trainings", "EvaluationResponse").objects.create(course=course)
        for item, rating in zip(old_likert, vector, strict=True):
            old.get_model("trainings", "EvaluationAnswer").objects.create(
                response=response, item=item, rating=rating
            )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    likert = list(EvaluationItem.objects.filter(course_id=course.pk).order_by("order"))
    assert EvaluationAnswer.objects.count() == RESPONDENTS * 5
    for name, guess in _attacks(likert).items():
        assert sorted(guess) == sorted(vectors), name
        assert _correct(guess, vectors) < 11, name  # 1e-8 by chance; all 22 before


def test_a_new_secret_key_with_the_old_one_as_fallback_keeps_waiting_answers(
    settings, course, evaluation, coordinator
):
    users, enrolments, likert, vectors = evaluation
    _submit_all(course, users[:2], enrolments[:2], likert, vectors[:2])
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = []
    _end_course(course)
    # Without the old key nothing can be read, and nothing is thrown away either.
    assert services.evaluation_pools_release(actor=coordinator, course=course) == 0
    assert selectors.evaluation_results(course=course)["waiting"] == 2
    settings.SECRET_KEY_FALLBACKS = [old]
    assert services.evaluation_pools_release(actor=coordinator, course=course) == 2
    assert sorted(_vector_of_response(likert).values()) == sorted(vectors[:2])
