"""Trainings at programme-wide scale: the knowledge-gain report and the ESF participant totals over
100,000 participants and 1,000,000 test answers (``full``), or a hundredth of that (``small``).

The scale data is bulk-built once (not through the services: audit rows and e-mails are not what
is measured). Timings: the selectors as the reports call them, and the report pages and the XLSX
through the full Django stack."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import (
    Target,
    Timing,
    app_server,
    http_get,
    percentile,
    sequential,
    session_cookie,
    timing_from,
)
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Municipality, Person
from partnerstvo.directory.services import reference_data_load

from . import exports, selectors, services
from .models import (
    Answer,
    Attempt,
    Course,
    Enrolment,
    KnowledgeTest,
    ParticipantData,
    Programme,
    Question,
)

# participants; every one has a pre- and most a post-test of QUESTIONS questions each
SIZES = {"small": 1_000, "full": 100_000}
QUESTIONS = 6  # per form: ~1.95 attempts x 6 answers x 100,000 people > 1,000,000 answers
COURSE_SIZE = 25
BATCH = 2_000
SLUG = "bench-trainings"


def _choice(rng, values):
    return values[rng.randrange(len(values))]


@transaction.atomic
def build(size: int) -> None:
    reference_data_load()
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme and Enrolment.objects.filter(course__programme=programme).count() >= size:
        return
    if programme is None:
        programme = Programme.objects.create(title="Бенчмарк програма", slug=SLUG)
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    now = timezone.now()
    course_count = -(-size // COURSE_SIZE)
    existing = Course.objects.filter(programme=programme).count()
    Course.objects.bulk_create(
        [
            Course(
                programme=programme,
                title=f"Бенчмарк курс {n}",
                slug=f"bench-course-{n}",
                learning_objectives="Мащабни данни.",
                hours=16,
                target_group=_choice(rng, ["cso", "municipal", "mixed"]),
                capacity=COURSE_SIZE,
                is_published=n % 10 == 0,
            )
            for n in range(existing, course_count)
        ],
        batch_size=BATCH,
    )
    courses = list(Course.objects.filter(programme=programme).order_by("pk"))
    have_questions = set(
        Question.objects.filter(course__programme=programme).values_list("course_id", flat=True)
    )
    Question.objects.bulk_create(
        [
            Question(
                course=course,
                form=form,
                kind="single",
                text=f"Въпрос {form}{n}",
                options=[{"text": "да", "correct": True}, {"text": "не", "correct": False}],
                order=n,
            )
            for course in courses
            if course.pk not in have_questions
            for form in ("A", "B")
            for n in range(QUESTIONS)
        ],
        batch_size=BATCH,
    )
    have_tests = set(
        KnowledgeTest.objects.filter(course__programme=programme).values_list("course_id", "kind")
    )
    KnowledgeTest.objects.bulk_create(
        [
            KnowledgeTest(
                course=course,
                kind=kind,
                opens_at=now - timedelta(days=60),
                closes_at=now - timedelta(days=30),
            )
            for course in courses
            for kind in ("pre", "post")
            if (course.pk, kind) not in have_tests
        ],
        batch_size=BATCH,
    )
    questions: dict[tuple[int, str], list[int]] = {}
    for pk, course_id, form in Question.objects.filter(course__programme=programme).values_list(
        "pk", "course_id", "form"
    ):
        questions.setdefault((course_id, form), []).append(pk)
    tests = {
        (course_id, kind): pk
        for pk, course_id, kind in KnowledgeTest.objects.filter(
            course__programme=programme
        ).values_list("pk", "course_id", "kind")
    }

    done = Enrolment.objects.filter(course__programme=programme).count()
    for start in range(done, size, BATCH):
        stop = min(size, start + BATCH)
        people = Person.objects.bulk_create(
            [
                Person(
                    first_name="Участник", last_name=f"Бенчмарк {n}", email=f"p{n}@bench.invalid"
                )
                for n in range(start, stop)
            ]
        )
        ParticipantData.objects.bulk_create(
            [
                ParticipantData(
                    person=person,
                    consent=rng.random() > 0.03,
                    answered_at=now,
                    gender=_choice(rng, ["female", "female", "male", "non_binary"]),
                    age_group=_choice(rng, ["18_29", "30_54", "30_54", "55_plus"]),
                    employment_status=_choice(rng, ["employed", "employed", "unemployed"]),
                    education_level=_choice(rng, ["isced_3_4", "isced_5_8", "isced_5_8", ""]),
                    rural_area=rng.random() < 0.35,
                    disability=True if rng.random() < 0.04 else None,
                    minority=True if rng.random() < 0.06 else None,
                )
                for person in people
                if rng.random() > 0.05
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    course=courses[n // COURSE_SIZE],
                    person=person,
                    status=_choice(rng, ["completed", "completed", "attended", "no_show"]),
                    participant_group=_choice(rng, ["cso", "municipal", "other"]),
                    municipality_id=_choice(rng, municipalities),
                    pre_test_form="A" if n % 2 else "B",
                    status_changed_at=now,
                )
                for n, person in zip(range(start, stop), people, strict=True)
            ]
        )
        attempts, answers_of = [], []
        for enrolment in enrolments:
            for kind, skill in (("pre", 0.4), ("post", 0.75)):
                if kind == "post" and rng.random() < 0.05:
                    continue
                form = enrolment.pre_test_form if kind == "pre" else enrolment.post_test_form
                correct = [rng.random() < skill for _ in range(QUESTIONS)]
                score = sum(correct)
                attempts.append(
                    Attempt(
                        enrolment=enrolment,
                        test_id=tests[(enrolment.course_id, kind)],
                        kind=kind,
                        form=form,
                        source="online",
                        score=score,
                        max_score=QUESTIONS,
                        score_percent=round(100 * score / QUESTIONS, 2),
                        submitted_at=now,
                    )
                )
                answers_of.append((questions[(enrolment.course_id, form)], correct))
        Attempt.objects.bulk_create(attempts, batch_size=BATCH)
        Answer.objects.bulk_create(
            [
                Answer(
                    attempt=attempt,
                    question_id=question_id,
                    selected=[0 if right else 1],
                    is_correct=right,
                )
                for attempt, (question_ids, correct) in zip(attempts, answers_of, strict=True)
                for question_id, right in zip(question_ids, correct, strict=True)
            ],
            batch_size=5_000,
        )
    # The attempts were written in bulk, not by the service: copy their scores as it would.
    services.enrolment_scores_refresh(Enrolment.objects.filter(course__programme=programme))


def _time(name: str, function, *, runs: int) -> Timing:
    """Run ``function`` ``runs`` times (after one warm-up) and report percentiles."""
    from django.db import connection

    function()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    durations = []
    started = time.perf_counter()
    for _ in range(runs):
        begin = time.perf_counter()
        function()
        durations.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    return Timing(
        name=name,
        requests=runs,
        p50_ms=percentile(durations, 0.5),
        p99_ms=percentile(durations, 0.99),
        mean_ms=statistics.fmean(durations),
        requests_per_second=runs / elapsed,
        queries=queries,
    )


def _coordinator():
    from partnerstvo.accounts.models import PlatformRole, User

    user = User.objects.filter(email="bench-coordinator@bench.invalid").first()
    if user is None:
        person = Person.objects.create(
            first_name="Бенч", last_name="Координатор", email="bench-coordinator@bench.invalid"
        )
        user = User.objects.create_user(
            email="bench-coordinator@bench.invalid", password=None, person=person
        )
        PlatformRole.objects.create(user=user, role=PlatformRole.Role.COORDINATOR)
    return user


def _stale_scores() -> int:
    """Enrolments whose stored scores (what the reports read) differ from their attempts."""
    fresh: dict[int, dict[str, float]] = {}
    for enrolment_id, kind, percent in Attempt.objects.values_list(
        "enrolment_id", "kind", "score_percent"
    ).iterator(chunk_size=BATCH):
        fresh.setdefault(enrolment_id, {})[kind] = percent
    stale = 0
    for pk, pre, post, gain in Enrolment.objects.values_list(
        "pk", "pre_percent", "post_percent", "gain"
    ).iterator(chunk_size=BATCH):
        kinds = fresh.get(pk, {})
        want_pre, want_post = kinds.get("pre"), kinds.get("post")
        want_gain = (
            (want_post - want_pre) / (100 - want_pre)
            if want_pre is not None and want_post is not None and want_pre < 100
            else None
        )
        stale += (pre, post, gain) != (want_pre, want_post, want_gain)
    return stale


def _xlsx_build() -> tuple[int, float]:
    """People written and seconds of one whole-programme XLSX, into a file as the task does."""
    with tempfile.TemporaryFile() as target:
        begin = time.perf_counter()
        people = exports.write_gain_xlsx(target, user=SYSTEM)
        return people, time.perf_counter() - begin


def _xlsx_peak() -> float:
    """Peak Python memory (MB) of one whole-programme XLSX. A run of its own: tracemalloc slows
    allocation-heavy code several times over, so the timed run goes without it."""
    import tracemalloc

    tracemalloc.start()
    try:
        _xlsx_build()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def run(*, report, scale: str, quick: bool = False) -> None:
    size = SIZES[scale]
    started = time.perf_counter()
    build(size)
    report.fact("trainings.build_seconds", round(time.perf_counter() - started, 1))
    report.fact("trainings.participants", Enrolment.objects.count())
    report.fact("trainings.attempts", Attempt.objects.count())
    report.fact("trainings.answers", Answer.objects.count())
    report.fact("trainings.participant_data", ParticipantData.objects.count())
    report.fact("trainings.stored scores unlike a fresh computation", _stale_scores())
    runs = 3 if quick else 5
    for by in ("course", "target_group", "participant_group", "municipality"):
        report.add(
            _time(
                f"trainings: knowledge gain by {by} (selector)",
                lambda by=by: selectors.gain_summary(user=SYSTEM, by=by),
                runs=runs,
            )
        )
    totals = selectors.esf_totals(user=SYSTEM)
    report.fact("trainings.esf_participants", totals.participants)
    report.fact("trainings.esf_complete", totals.complete)
    esf = report.add(
        _time("trainings: ESF participant totals (selector)", lambda: selectors.esf_totals(
            user=SYSTEM), runs=runs)
    )  # fmt: skip
    report.target(
        Target(f"ESF totals at {size:,} participants", round(esf.p50_ms / 1000, 3), 0.3, "s")
    )
    # What a coordinator waits for: the pages over HTTP, production settings, Redis sessions.
    cookie = session_cookie(_coordinator())
    with app_server() as server:
        pages = {
            "reports page": "/trainings/reports/",
            "reports page, people page 20": "/trainings/reports/?page=20",
            "reports table, by course, page 7": "/trainings/reports/tables/gain-by-course/?page=7",
            "report exports page": "/trainings/reports/exports/",
        }
        for name, path in pages.items():
            body = http_get(server.port, path, headers=cookie)
            latencies, cpu_ms = sequential(server, path, requests=runs, warmup=1, headers=cookie)
            timing = report.add(
                timing_from(f"trainings: {name} (HTTP, coordinator)", latencies, cpu_ms=cpu_ms)
            )
            report.fact(f"trainings.{name}: HTML bytes", len(body))
            if name == "reports page":
                report.target(Target(
                    f"trainings reports page at {size:,} participants",
                    round(timing.p50_ms / 1000, 3), 0.5, "s",
                ))  # fmt: skip
        report.target(Target(
            "app worker RSS after the reports", round(server.max_rss_mb(), 1), 150, "MB",
        ))  # fmt: skip
    people, seconds = _xlsx_build()
    peak = _xlsx_peak()
    report.fact("trainings.gain_xlsx_peak_python_mb", round(peak, 1))
    report.fact("trainings.gain_xlsx_people_rows_per_second", round(people / seconds))
    report.target(Target(
        "whole-programme knowledge-gain XLSX", round(seconds, 2), 10, "s",
        note=f"peak Python memory {peak:.0f} MB",
    ))  # fmt: skip
