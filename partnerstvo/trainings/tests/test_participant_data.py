"""ESF participant data: asked once with explicit, recorded consent; individual records for
coordinators only; totals count only complete records and say how many do not."""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.trainings import selectors, services
from partnerstvo.trainings.models import ParticipantData

COMPLETE = {
    "gender": "female",
    "age_group": "30_54",
    "employment_status": "employed",
    "education_level": "isced_5_8",
    "rural_area": True,
    "disability": None,
    "minority": True,
}


def test_consent_is_recorded_with_its_text_and_the_audit_keeps_no_values(participant):
    record = services.participant_data_save(
        actor=participant, person=participant.person, consent=True, data=COMPLETE
    )
    assert record.consent and record.consent_text
    assert record.is_complete
    entry = AuditEntry.objects.get(action="trainings.participant_data.created")
    assert "female" not in str(entry.changes) + str(entry.data)
    assert entry.data == {"consent": True, "complete": True}


def test_without_consent_nothing_but_the_refusal_is_kept(participant):
    record = services.participant_data_save(
        actor=participant, person=participant.person, consent=False, data=COMPLETE
    )
    assert not record.consent
    assert record.gender == "" and record.minority is None
    assert not record.is_complete


def test_erasure_removes_the_record(participant):
    services.participant_data_save(
        actor=participant, person=participant.person, consent=True, data=COMPLETE
    )
    services.participant_data_erase(actor=participant, person=participant.person)
    assert not ParticipantData.objects.exists()


def test_only_coordinators_and_the_person_see_a_record(
    participant, coordinator, auditor, trainer, iskar_admin, go2000_member
):
    record = services.participant_data_save(
        actor=participant, person=participant.person, consent=True, data=COMPLETE
    )
    assert user_can(coordinator, "view", record)
    assert user_can(participant, "view", record)
    for other in (auditor, trainer, iskar_admin, go2000_member):
        assert not user_can(other, "view", record)
        assert not scope(other, "view", ParticipantData.objects.all()).exists()
        with pytest.raises(PermissionDenied):
            services.participant_data_save(
                actor=other, person=participant.person, consent=True, data={"gender": "male"}
            )
    assert scope(coordinator, "view", ParticipantData.objects.all()).count() == 1


def test_esf_totals_count_only_complete_records_and_say_how_many_do_not(
    course, trainer, coordinator, auditor
):
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 20})
    people = [make_user(f"p{i}@example.bg") for i in range(7)]
    enrolments = [
        services.enrolment_create(actor=user, course=course, person=user.person) for user in people
    ]
    session = course.sessions.first()
    # Six took part; the seventh never came and is not an ESF participant.
    services.attendance_mark(
        actor=trainer,
        session=session,
        present={e.pk: i < 6 for i, e in enumerate(enrolments)},
    )
    data = [
        (True, COMPLETE),
        (True, {**COMPLETE, "gender": "male", "minority": None}),
        (True, {**COMPLETE, "education_level": ""}),  # incomplete: education missing
        (True, {**COMPLETE, "rural_area": None}),  # incomplete: rural area not answered
        (False, {}),  # declined
        # people[5]: never answered; people[6]: did not take part, but answered
    ]
    for user, (consent, values) in zip(people, data, strict=False):
        services.participant_data_save(actor=user, person=user.person, consent=consent, data=values)
    services.participant_data_save(
        actor=people[6], person=people[6].person, consent=True, data=COMPLETE
    )

    totals = selectors.esf_totals(user=coordinator, mask_small=False)
    assert totals.participants == 6
    assert totals.records == 5
    assert totals.complete == 2
    assert totals.incomplete == 4
    assert totals.without_record == 1
    assert totals.declined == 1
    gender = next(b for b in totals.breakdowns if b["name"] == "gender")
    assert [row["total"] for row in gender["rows"]] == [1, 1, 0]
    education = next(b for b in totals.breakdowns if b["name"] == "education_level")
    tertiary = education["rows"][2]
    assert tertiary["total"] == 2 and tertiary["by_gender"] == [1, 1, 0]
    flags = next(b for b in totals.breakdowns if b["name"] == "flags")["rows"]
    assert flags[0]["total"] == 2  # rural area, among the complete records
    assert flags[4]["total"] == 1  # minority: the complete record that said yes

    # Everyone else sees the same aggregates, with small sensitive counts hidden.
    masked = selectors.esf_totals(user=auditor)
    assert masked.complete == 2
    flags = next(b for b in masked.breakdowns if b["name"] == "flags")["rows"]
    assert all(row["total"] is None or row["total"] == 0 for row in flags if row["sensitive"])
    rural = next(row for row in flags if not row["sensitive"])
    assert rural["total"] == 2  # not sensitive: never hidden


def test_esf_totals_take_a_fixed_number_of_queries(course, coordinator, django_assert_num_queries):
    selectors.esf_totals(user=coordinator)  # roles are read once per user
    with django_assert_num_queries(1):  # the participants, counted by their ESF profile
        selectors.esf_totals(user=coordinator)


def test_the_questionnaire_page_asks_once_after_the_first_enrolment(client, course, participant):
    client.force_login(participant)
    response = client.post(f"/trainings/courses/{course.slug}/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/trainings/my/participant-data/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'name="consent"' in page.content
    saved = client.post(
        "/trainings/my/participant-data/",
        {
            "consent": "on",
            "gender": "female",
            "age_group": "30_54",
            "employment_status": "employed",
            "education_level": "isced_3_4",
            "rural_area": "no",
            "disability": "",
            "next": course.get_absolute_url(),
        },
    )
    assert saved.status_code == 302 and saved["Location"] == course.get_absolute_url()
    record = ParticipantData.objects.get(person=participant.person)
    assert record.is_complete and record.rural_area is False and record.disability is None
    # A second enrolment does not ask again.
    from .conftest import build_course

    second = build_course(programme=course.programme, trainer=None, title="Управление на проекти")
    response = client.post(f"/trainings/courses/{second.slug}/enrol/")
    assert response["Location"] == second.get_absolute_url()


def test_the_questionnaire_refuses_nonsense_without_saving(client, participant):
    client.force_login(participant)
    response = client.post(
        "/trainings/my/participant-data/", {"consent": "on", "gender": "robot", "rural_area": "x"}
    )
    assert response.status_code == 400
    assert not ParticipantData.objects.exists()
