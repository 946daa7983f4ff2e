"""Knowledge gain per person, course, target group and municipality (computed by the database),
and the XLSX exports."""

import importlib
import io
import re

import pytest
from openpyxl import load_workbook

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import selectors, services

from .conftest import build_course, correct_answers


def test_gain_per_person(results, coordinator):
    radka, galya, third, fourth = results
    rows = {row.pk: row for row in selectors.gain_people(user=coordinator)}
    assert (rows[radka.pk].pre_percent, rows[radka.pk].post_percent) == (0.0, 100.0)
    assert rows[radka.pk].gain == 1.0
    assert (rows[galya.pk].pre_percent, rows[galya.pk].post_percent) == (50.0, 33.33)
    assert rows[galya.pk].gain == pytest.approx((33.33 - 50) / 50)  # knowledge lost
    assert rows[third.pk].gain is None  # no post-test
    assert rows[fourth.pk].gain == 0.5


def test_gain_per_course_target_group_and_municipality(results, coordinator, course):
    by_course = {
        row["course_id"]: row for row in selectors.gain_summary(user=coordinator, by="course")
    }
    first = by_course[course.pk]
    assert first["participants"] == 2  # only those with both tests
    assert first["pre"] == pytest.approx(25.0)
    assert first["post"] == pytest.approx((100 + 33.33) / 2)
    assert first["gain"] == pytest.approx((1.0 + (33.33 - 50) / 50) / 2)
    assert first["class_gain"] == pytest.approx((first["post"] - 25) / 75)

    groups = {
        row["participant_group"]: row
        for row in selectors.gain_summary(user=coordinator, by="participant_group")
    }
    assert groups["cso"]["participants"] == 1 and groups["municipal"]["participants"] == 1
    assert groups["other"]["participants"] == 1  # the fourth enrolled without an organisation

    targets = selectors.gain_summary(user=coordinator, by="target_group")
    assert [row["participants"] for row in targets] == [3]  # both courses are "mixed"

    municipalities = {
        row["municipality__name"]: row["participants"]
        for row in selectors.gain_summary(user=coordinator, by="municipality")
    }
    assert municipalities == {"Долна Митрополия": 2, None: 1}


def test_a_trainer_reports_only_on_their_own_courses(results, trainer, other_trainer, course):
    assert {row["course_id"] for row in selectors.gain_summary(user=trainer, by="course")} == {
        course.pk
    }
    assert {row.course_id for row in selectors.gain_people(user=trainer)} == {course.pk}
    assert course.pk not in {
        row["course_id"] for row in selectors.gain_summary(user=other_trainer, by="course")
    }


def test_gain_report_queries_do_not_grow_with_people(
    results, coordinator, django_assert_num_queries
):
    selectors.gain_summary(user=coordinator, by="course")
    with django_assert_num_queries(1):
        selectors.gain_summary(user=coordinator, by="municipality")
    with django_assert_num_queries(1):
        list(selectors.gain_people(user=coordinator))


def test_gain_report_xlsx(client, results, coordinator, course, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    # Every course: built in the background (the old address leads to where it is started).
    assert client.get("/trainings/reports/knowledge-gain.xlsx")["Location"] == (
        "/trainings/reports/exports/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/trainings/reports/exports/")
    assert started.status_code == 302
    response = client.get(started["Location"] + "download/")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 5
    people = list(workbook.worksheets[-1].iter_rows(values_only=True))
    assert len(people) == 1 + 4
    by_course = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert by_course[1][1] == 2  # participants with both tests in the first course
    # One course: at once.
    filtered = client.get(f"/trainings/reports/knowledge-gain.xlsx?course={course.pk}")
    assert filtered.status_code == 200
    assert filtered["Content-Disposition"] == (
        f'attachment; filename="knowledge-gain-{course.slug}.xlsx"'
    )
    people = list(load_workbook(io.BytesIO(filtered.content)).worksheets[-1].iter_rows())
    assert len(people) == 1 + 3


def test_participants_and_attendance_xlsx(client, results, trainer, course):
    radka, galya, _third, _fourth = results
    services.attendance_mark(
        actor=trainer, session=course.sessions.first(), present={radka.pk: True, galya.pk: False}
    )
    client.force_login(trainer)
    participants = client.get(f"/trainings/courses/{course.slug}/participants.xlsx")
    assert participants.status_code == 200
    rows = list(load_workbook(io.BytesIO(participants.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    names = {row[0]: row for row in rows[1:]}
    assert names["Радка Иванова"][3] == "ССИЗП „Искър БГ“"
    assert names["Радка Иванова"][7] == 1  # sessions attended
    attendance = client.get(f"/trainings/courses/{course.slug}/attendance.xlsx")
    sheet = list(load_workbook(io.BytesIO(attendance.content)).active.iter_rows(values_only=True))
    assert len(sheet[0]) == 2 + 2 + 1  # name, organisation, two sessions, total


def test_reports_page_for_coordinators_auditors_and_trainers_only(
    client,
    results,
    coordinator,
    auditor,
    trainer,
    participant,
    iskar_admin,
    django_assert_max_num_queries,
):
    for user in (coordinator, auditor, trainer):
        client.force_login(user)
        with django_assert_max_num_queries(24):
            response = client.get("/trainings/reports/")
        assert response.status_code == 200
    for user in (participant, iskar_admin):
        client.force_login(user)
        assert client.get("/trainings/reports/").status_code == 403
        assert client.get("/trainings/reports/knowledge-gain.xlsx").status_code == 403
        assert client.post("/trainings/reports/exports/").status_code == 403


def test_report_filter_ignores_courses_outside_the_users_reach(
    client, results, other_trainer, course
):
    client.force_login(other_trainer)
    response = client.get(f"/trainings/reports/?course={course.pk}")
    assert response.status_code == 200
    assert response.context["course"] is None  # not theirs: the filter is refused
    assert all(row.course_id != course.pk for row in response.context["page_obj"].object_list)


def test_a_course_for_municipal_staff_groups_by_its_target(
    programme, trainer, coordinator, dolna_mitropolia, staff_member
):
    course = build_course(
        programme=programme,
        trainer=trainer,
        municipality=dolna_mitropolia,
        title="Стратегическо планиране на местно ниво",
        target_group="municipal",
    )
    enrolment = services.enrolment_create(actor=SYSTEM, course=course, person=staff_member.person)
    services.attempt_submit(actor=staff_member, enrolment=enrolment, kind="pre", answers={})
    services.attempt_submit(
        actor=staff_member,
        enrolment=enrolment,
        kind="post",
        answers=correct_answers(enrolment, "post"),
    )
    (row,) = selectors.gain_summary(user=coordinator, by="target_group")
    assert row["course__target_group"] == "municipal" and row["gain"] == 1.0


def test_long_report_tables_show_their_largest_rows_and_page_through_all(
    client, results, coordinator, course, other_course, monkeypatch
):
    report_views = importlib.import_module("partnerstvo.trainings.views.reports")
    monkeypatch.setattr(report_views, "TOP_ROWS", 1)
    monkeypatch.setattr(report_views, "TABLE_ROWS_PER_PAGE", 1)
    client.force_login(coordinator)
    page = client.get("/trainings/reports/")
    by_course = page.context["gain_by_course"]
    assert by_course["count"] == 2
    assert [row["course_id"] for row in by_course["rows"]] == [course.pk]  # the larger one
    assert by_course["url"] == "/trainings/reports/tables/gain-by-course/"
    assert b'href="/trainings/reports/tables/gain-by-course/"' in page.content
    first = client.get(by_course["url"])
    second = client.get(by_course["url"] + "?page=2")
    assert [row["label"] for row in first.context["page_obj"]] == [course.title]  # П, then У
    assert [row["label"] for row in second.context["page_obj"]] == [other_course.title]
    assert client.get("/trainings/reports/tables/gain-by-course/?page=zz").status_code == 200
    assert client.get("/trainings/reports/tables/nothing/").status_code == 404


def test_report_tables_follow_the_reports_permissions(
    client, results, trainer, other_trainer, participant, course
):
    client.force_login(participant)
    assert client.get("/trainings/reports/tables/gain-by-course/").status_code == 403
    client.force_login(other_trainer)
    rows = client.get("/trainings/reports/tables/gain-by-course/").context["page_obj"]
    assert course.pk not in {row["course_id"] for row in rows}
    refused = client.get(f"/trainings/reports/tables/gain-by-course/?course={course.pk}")
    assert refused.context["course"] is None
    client.force_login(trainer)
    rows = client.get("/trainings/reports/tables/gain-by-course/").context["page_obj"]
    assert {row["course_id"] for row in rows} == {course.pk}


def test_with_many_courses_the_filter_searches_by_title(
    client, results, coordinator, course, other_course, monkeypatch
):
    from partnerstvo.trainings.forms import ReportFilterForm

    monkeypatch.setattr(ReportFilterForm, "SELECT_AT_MOST", 1)
    client.force_login(coordinator)
    page = client.get("/trainings/reports/")
    assert b'name="q"' in page.content and b"<select" not in page.content
    found = client.get("/trainings/reports/", {"q": "управление"})  # one match: it is chosen
    assert found.context["course"] == other_course
    assert other_course.title.encode() in found.content
    several = client.get("/trainings/reports/", {"q": "а"})
    assert several.context["course"] is None
    assert {match.pk for match in several.context["matches"]} == {course.pk, other_course.pk}
    assert f'href="/trainings/reports/?course={course.pk}"'.encode() in several.content
    none = client.get("/trainings/reports/", {"q": "няма такъв"})
    assert none.context["matches"] == []
    assert client.get("/trainings/reports/", {"course": course.pk}).context["course"] == course


def test_reports_page_draws_the_charts_with_their_tables(client, results, coordinator):
    client.force_login(coordinator)
    page = client.get("/trainings/reports/").content.decode()
    assert page.count('<svg class="chart__svg"') == 3  # two groupings, the ESF gender chart
    assert page.count('class="chart__data"') == 3
    assert 'class="stat-grid"' in page and 'class="page-header"' in page
    # Numbers in SVG geometry are never localised (a decimal comma breaks the viewBox).
    assert re.findall(r'viewBox="([^"]*)"', page)
    assert all(
        re.fullmatch(r"0 0 \d+ \d+(\.\d+)?", box) for box in re.findall(r'viewBox="([^"]*)"', page)
    )
