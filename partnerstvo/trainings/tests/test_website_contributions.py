"""Trainings show up on the CSO's website by themselves (websites' contribution registry)."""

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services
from partnerstvo.websites.contributions import contributions_for
from partnerstvo.websites.services import website_enable

from .conftest import correct_answers


def test_coming_and_completed_trainings_appear_on_the_csos_site(
    client,
    course,
    trainer,
    coordinator,
    participant,
    iskar,
    go2000,
    django_assert_max_num_queries,
):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    coming = contributions_for(iskar, kinds=("trainings",))
    assert [item.title for item in coming] == [f"Обучение: {course.title}"] or [
        item.title for item in coming
    ] == [f"Training: {course.title}"]
    assert coming[0].url == course.get_absolute_url()
    assert contributions_for(go2000, kinds=("trainings",)) == []  # other CSOs' members only

    for session in course.sessions.all():
        services.attendance_mark(actor=trainer, session=session, present={enrolment.pk: True})
    services.attempt_submit(
        actor=participant,
        enrolment=enrolment,
        kind="post",
        answers=correct_answers(enrolment, "post"),
    )
    services.certificates_issue_for_course(actor=coordinator, course=course)
    with django_assert_max_num_queries(2):
        completed = contributions_for(iskar, kinds=("trainings",))
    assert any(course.title in item.title and "1" in item.title for item in completed)

    website = website_enable(actor=SYSTEM, organisation=iskar)
    page = client.get("/deynosti/", HTTP_HOST=website.site.hostname).content.decode()
    assert course.title in page
    assert course.get_absolute_url() in page
