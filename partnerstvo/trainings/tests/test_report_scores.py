"""The reports read figures kept ahead of time (each enrolment's scores and gain, each ESF record's
profile); these tests check that they always equal a fresh computation from the raw rows, and
that the reports pages stay small and take a fixed number of queries as the data grows."""

import pytest

from conftest import make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import selectors, services
from partnerstvo.trainings.models import Attempt, Enrolment, ParticipantData
from partnerstvo.trainings.views.reports import TOP_ROWS

from .conftest import build_course, correct_answers, wrong_answers

DIMENSIONS = ("course", "target_group", "participant_group", "municipality")


def fresh_scores() -> dict[int, tuple]:
    """Each enrolment's (pre %, post %, normalised gain), computed here from its attempts."""
    percents: dict[int, dict[str, float]] = {}
    for enrolment_id, kind, percent in Attempt.objects.values_list(
        "enrolment_id", "kind", "score_percent"
    ):
        percents.setdefault(enrolment_id, {})[kind] = percent
    scores = {}
    for enrolment_id, by_kind in percents.items():
        pre, post = by_kind.get("pre"), by_kind.get("post")
        gain = (
            (post - pre) / (100 - pre)
            if pre is not None and post is not None and pre < 100
            else None
        )
        scores[enrolment_id] = (pre, post, gain)
    return scores


def fresh_summary(by: str) -> dict:
    """``gain_summary`` computed here from the attempts and the enrolments as they are now."""
    scores = fresh_scores()
    groups: dict = {}
    for enrolment in Enrolment.objects.select_related("course"):
        pre, post, gain = scores.get(enrolment.pk, (None, None, None))
        if pre is None or post is None:
            continue
        key = {
            "course": enrolment.course_id,
            "target_group": enrolment.course.target_group,
            "participant_group": enrolment.participant_group,
            "municipality": enrolment.municipality_id,
        }[by]
        groups.setdefault(key, []).append((pre, post, gain))
    summary = {}
    for key, rows in groups.items():
        gains = [gain for _pre, _post, gain in rows if gain is not None]
        summary[key] = {
            "participants": len(rows),
            "pre": sum(pre for pre, _post, _gain in rows) / len(rows),
            "post": sum(post for _pre, post, _gain in rows) / len(rows),
            "gain": sum(gains) / len(gains) if gains else None,
        }
    return summary


def assert_reports_equal_a_fresh_computation(user):
    stored = {
        row.pk: (row.pre_percent, row.post_percent, row.gain)
        for row in selectors.gain_people(user=user)
    }
    assert stored == fresh_scores()  # the same arithmetic, in the database and here
    summaries = selectors.gain_summaries(user=user)
    for by in DIMENSIONS:
        key = selectors.GAIN_DIMENSIONS[by][0]
        shown = {
            row[key]: {name: row[name] for name in ("participants", "pre", "post", "gain")}
            for row in summaries[by]
        }
        fresh = fresh_summary(by)
        assert shown.keys() == fresh.keys(), by
        for key, figures in fresh.items():
            assert shown[key] == pytest.approx(figures), (by, key)
        assert summaries[by] == selectors.gain_summary(user=user, by=by)


def test_stored_scores_equal_a_fresh_computation_after_each_change(
    results, coordinator, trainer, course, other_course
):
    _radka, _galya, third, _fourth = results
    assert_reports_equal_a_fresh_computation(coordinator)

    # An attempt submitted online: the third person's post-test, full marks.
    participant = third.person.user
    services.attempt_submit(
        actor=participant, enrolment=third, kind="post", answers=correct_answers(third, "post")
    )
    third.refresh_from_db()
    assert third.post_percent == 100.0 and third.gain == 1.0
    assert_reports_equal_a_fresh_computation(coordinator)

    # Attempts entered from paper by the trainer, for a new person in the first course.
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 20})
    user = make_user("paper@example.bg", "Хартиен", "Участник")
    paper = services.enrolment_create(actor=SYSTEM, course=course, person=user.person)
    services.attempt_submit(
        actor=trainer, enrolment=paper, kind="pre", answers=correct_answers(paper, "pre"),
        source=Attempt.Source.PAPER,
    )  # fmt: skip
    paper.refresh_from_db()
    assert (paper.pre_percent, paper.post_percent, paper.gain) == (100.0, None, None)
    services.attempt_submit(
        actor=trainer, enrolment=paper, kind="post", answers=wrong_answers(paper, "post"),
        source=Attempt.Source.PAPER,
    )  # fmt: skip
    paper.refresh_from_db()
    assert (paper.pre_percent, paper.post_percent, paper.gain) == (100.0, 0.0, None)  # full before
    assert_reports_equal_a_fresh_computation(coordinator)

    # An enrolment cancelled: its tests still count, as they did before the scores were stored.
    services.enrolment_cancel(actor=SYSTEM, enrolment=paper)
    assert_reports_equal_a_fresh_computation(coordinator)

    # A course changed: its title and target group are read live, never copied.
    services.course_update(
        actor=SYSTEM, course=other_course, data={"target_group": "municipal", "title": "Ново име"}
    )
    by_target = {row["course__target_group"]: row for row in selectors.gain_summary(
        user=coordinator, by="target_group"
    )}  # fmt: skip
    assert by_target["municipal"]["participants"] == 1
    assert {row["label"] for row in selectors.gain_summary(user=coordinator, by="course")} == {
        course.title,
        "Ново име",
    }
    assert_reports_equal_a_fresh_computation(coordinator)

    # A trainer sees their own courses only, each figure still fresh.
    assert {row.course_id for row in selectors.gain_people(user=trainer)} == {course.pk}


def test_refreshing_every_enrolment_gives_the_same_figures(results, coordinator):
    """The bench writes attempts in bulk and fills the figures afterwards (as the migration did):
    from nothing, the refresh gives what the service kept."""
    kept = list(Enrolment.objects.order_by("pk").values_list("pre_percent", "post_percent", "gain"))
    Enrolment.objects.update(pre_percent=None, post_percent=None, gain=None)
    services.enrolment_scores_refresh(Enrolment.objects.all())
    assert (
        list(Enrolment.objects.order_by("pk").values_list("pre_percent", "post_percent", "gain"))
        == kept
    )
    assert_reports_equal_a_fresh_computation(coordinator)


COMPLETE = {
    "gender": "female",
    "age_group": "30_54",
    "employment_status": "employed",
    "education_level": "isced_5_8",
    "rural_area": True,
}


def test_the_esf_profile_always_says_what_the_record_says(participant, coordinator):
    person = participant.person
    for consent, data in [
        (True, COMPLETE),
        (True, {**COMPLETE, "education_level": "", "minority": True}),
        (True, {**COMPLETE, "gender": "non_binary", "rural_area": False, "homeless": False}),
        (False, {}),
    ]:
        services.participant_data_save(actor=participant, person=person, consent=consent, data=data)
        record = ParticipantData.objects.get(person=person)
        answers = ParticipantData.esf_profile_decode(record.esf_profile)
        assert answers.pop("complete") == record.is_complete
        for name, value in answers.items():
            stored = getattr(record, name)
            if name in ParticipantData.SENSITIVE_FIELDS or name == "consent":
                assert value == (True if stored else None), name
            else:
                assert value == (stored if stored not in ("", None) else None), name


def _grow(programme, trainer, municipality, courses: int, people: int):
    for n in range(courses):
        course = build_course(
            programme=programme, trainer=trainer, title=f"Курс {n}", capacity=people,
            municipality=municipality, sessions=1,
        )  # fmt: skip
        for i in range(people):
            user = make_user(f"grow{n}-{i}@example.bg", "Участник", f"№{n}-{i}")
            enrolment = services.enrolment_create(actor=SYSTEM, course=course, person=user.person)
            services.attempt_submit(
                actor=user, enrolment=enrolment, kind="pre", answers=wrong_answers(enrolment, "pre")
            )
            services.attempt_submit(
                actor=user, enrolment=enrolment, kind="post",
                answers=correct_answers(enrolment, "post"),
            )  # fmt: skip


# The most queries each page may take, at any size (session, roles and the report's own).
REPORT_PAGES = {
    "/trainings/reports/": 18,
    "/trainings/reports/?page=2": 18,
    "/trainings/reports/tables/gain-by-course/": 9,
    "/trainings/reports/tables/gain-by-municipality/": 8,
    "/trainings/reports/tables/evaluations-by-course/": 10,
    "/trainings/reports/tables/evaluations-by-trainer/": 10,
}


@pytest.mark.parametrize(("path", "most"), REPORT_PAGES.items())
def test_report_pages_take_a_fixed_number_of_queries_as_courses_and_people_grow(
    client, results, coordinator, programme, trainer, dolna_mitropolia, path, most,
    django_assert_max_num_queries,
):  # fmt: skip
    client.force_login(coordinator)
    client.get(path)  # roles and the session are read once
    with django_assert_max_num_queries(most):
        small = client.get(path)
    _grow(programme, trainer, dolna_mitropolia, courses=TOP_ROWS + 2, people=3)
    with django_assert_max_num_queries(most):
        grown = client.get(path)
    assert small.status_code == grown.status_code == 200
    assert len(grown.content) < 40_000  # a page of bounded size, however many courses
