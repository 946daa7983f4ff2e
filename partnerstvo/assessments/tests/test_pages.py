"""The round's pages over HTTP: opening a round, the answer form (a value outside the scale and
a second submission get a clear message, nothing written), closing, and the action plan made of
a recommendation, with status updates."""

import datetime

import pytest
from django.utils import timezone

from partnerstvo.assessments import services
from partnerstvo.assessments.models import Action, Answer, Respondent, Round

from .conftest import answer_all, questions_of

pytestmark = pytest.mark.django_db


def test_the_admin_opens_a_round_from_their_assessments(
    shipped, client, iskar, iskar_admin, iskar_member
):
    client.force_login(iskar_admin)
    html = client.get("/en/assessments/").content.decode()
    assert f'data-subject="o{iskar.pk}"' in html
    url = f"/en/assessments/new/o{iskar.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"instrument": shipped.pk, "title": "Базова", "respondents": []})
    assert response.status_code == 200 and not Round.objects.exists()
    response = client.post(
        url,
        {
            "instrument": shipped.pk,
            "title": "Базова",
            "respondents": [iskar_admin.person.pk, iskar_member.person.pk],
        },
    )
    round_ = Round.objects.get()
    assert response.status_code == 302 and response.url == round_.get_absolute_url()


def _form_data(round_, value=3):
    data = {f"q{q.pk}": value for q in questions_of(round_)}
    data.update({f"c{q.pk}": "" for q in questions_of(round_)})
    return data


def test_answers_through_the_form(iskar_round, client, iskar_member):
    client.force_login(iskar_member)
    url = f"/en/assessments/rounds/{iskar_round.pk}/answer/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="answer-form"' in page.content.decode()
    data = _form_data(iskar_round)
    first = questions_of(iskar_round)[0]
    data[f"q{first.pk}"] = 7
    response = client.post(url, data)
    assert response.status_code == 400
    assert "7 is outside the scale" in response.content.decode()
    assert not Answer.objects.exists()
    data[f"q{first.pk}"] = 2
    data[f"c{first.pk}"] = "Няма протоколи от последните две заседания."
    response = client.post(url, data)
    assert response.status_code == 302
    assert Answer.objects.filter(respondent__person=iskar_member.person).count() == len(
        questions_of(iskar_round)
    )
    assert Answer.objects.get(question=first).comment.startswith("Няма протоколи")
    response = client.post(url, _form_data(iskar_round, 5))
    assert response.status_code == 400
    assert "answered this round already" in response.content.decode()
    assert set(Answer.objects.values_list("value", flat=True)) == {2, 3}


def test_the_owner_closes_the_round_through_the_page(iskar_round, client, iskar_admin):
    client.force_login(iskar_admin)
    url = f"/en/assessments/rounds/{iskar_round.pk}/close/"
    response = client.post(url, follow=True)
    assert "Nobody has answered yet" in response.content.decode()
    answer_all(iskar_admin, iskar_round, 2)
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith("/results/")
    assert Round.objects.get().status == "closed"
    response = client.post(url, follow=True)
    assert "closed already" in response.content.decode()


def test_a_recommendation_becomes_an_action_of_the_plan(
    closed_round, client, iskar_admin, iskar_member, go2000_editor
):
    client.force_login(iskar_admin)
    recommendation = closed_round.recommendations.get(dimension__code="hora")
    plan = f"/en/assessments/rounds/{closed_round.pk}/plan/"
    page = client.get(f"{plan}?recommendation={recommendation.pk}")
    assert recommendation.text in page.content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    data = {
        "recommendation": recommendation.pk,
        "title": "Длъжностни характеристики за целия екип",
        "description": recommendation.text,
        "owner": iskar_member.person.pk,
        "deadline": deadline.isoformat(),
    }
    response = client.post(plan, {**data, "owner": go2000_editor.person.pk})
    assert response.status_code == 400 and not Action.objects.exists()
    response = client.post(plan, {**data, "deadline": "31.02.2026"})
    assert response.status_code == 400 and not Action.objects.exists()
    assert client.post(plan, data).status_code == 302
    action = Action.objects.get()
    assert (action.recommendation, action.owner, action.status) == (
        recommendation,
        iskar_member.person,
        "planned",
    )
    html = client.get(plan).content.decode()
    assert f'data-action="{action.pk}"' in html
    status = f"/en/assessments/rounds/{closed_round.pk}/plan/{action.pk}/status/"
    assert client.post(status, {"status": "in_progress"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    client.post(status, {"status": "finished"})
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert (
        client.post(f"/en/assessments/rounds/{closed_round.pk}/plan/999999/status/").status_code
        == 404
    )
    # A respondent who is not an owner neither sees nor changes the plan.
    client.force_login(iskar_member)
    assert client.get(plan).status_code == 404
    assert client.post(status, {"status": "done"}).status_code == 404


def test_an_open_round_has_no_plan_yet(iskar_round, iskar_admin):
    with pytest.raises(Exception) as error:  # noqa: PT011
        services.action_create(
            actor=iskar_admin,
            round=iskar_round,
            data={"title": "x", "owner": iskar_admin.person, "deadline": timezone.localdate()},
        )
    assert "once the round is closed" in str(error.value)


def test_a_respondent_sees_the_round_not_the_others(iskar_round, client, iskar_member):
    client.force_login(iskar_member)
    html = client.get(iskar_round.get_absolute_url()).content.decode()
    assert 'id="answer-round"' in html and 'id="respondents"' not in html
    assert Respondent.objects.filter(round=iskar_round).count() == 2


def test_coordinators_read_the_plan_but_do_not_change_it(
    closed_round, client, coordinator, auditor, iskar_admin
):
    plan = f"/en/assessments/rounds/{closed_round.pk}/plan/"
    data = {
        "title": "Дейност",
        "owner": iskar_admin.person.pk,
        "deadline": timezone.localdate().isoformat(),
    }
    for reader in (coordinator, auditor):
        client.force_login(reader)
        page = client.get(plan)
        assert page.status_code == 200 and 'id="action-form"' not in page.content.decode()
        assert client.post(plan, data).status_code == 403
        assert client.post(f"/en/assessments/rounds/{closed_round.pk}/close/").status_code == 403
    assert not Action.objects.exists()
